"""Reads that pages share: which progress updates a plan's recent list and an action's timeline show."""

from __future__ import annotations

import datetime

from django.utils import timezone

from actions import services
from actions.models import ActionPlan
from actions.selectors import action_lineage, progress_timeline, progress_updates_recent
from swp.models import User
from tests.actions.factories import ActionFactory, ActionPlanFactory, ProgressUpdateFactory


def test_a_plans_recent_updates_include_those_on_the_versions_its_actions_came_from(
    executive_chair: User, approved_plan: ActionPlan
) -> None:
    original = approved_plan.actions.get()
    earlier = ProgressUpdateFactory(action=original, recorded_at=timezone.now() - datetime.timedelta(days=2))
    revision = services.plan_revise(plan=approved_plan, by=executive_chair)
    copy = revision.actions.get()
    later = ProgressUpdateFactory(action=copy, recorded_at=timezone.now() - datetime.timedelta(days=1))
    elsewhere = ProgressUpdateFactory(action=ActionFactory(plan=ActionPlanFactory()))

    assert progress_updates_recent(plan=revision) == [later, earlier]
    assert progress_updates_recent(plan=revision, limit=1) == [later]
    assert progress_updates_recent(plan=approved_plan) == [earlier]
    assert progress_updates_recent(plan=elsewhere.action.plan) == [elsewhere]


def test_the_timeline_follows_an_action_back_through_every_version_it_was_carried_through(
    executive_chair: User, approved_plan: ActionPlan
) -> None:
    board = approved_plan.board
    chain = [approved_plan.actions.get()]
    for version in range(approved_plan.version + 1, approved_plan.version + 4):
        chain.append(ActionFactory(plan=ActionPlanFactory(board=board, version=version), carried_from=chain[-1]))
    updates = [
        ProgressUpdateFactory(action=action, recorded_at=timezone.now() - datetime.timedelta(days=10 - n))
        for n, action in enumerate(chain)
    ]

    assert action_lineage(action=chain[-1]) == [action.pk for action in reversed(chain)]
    timeline = progress_timeline(action=chain[-1])
    assert timeline == list(reversed(updates))
    assert [update.plan_version for update in timeline] == [action.plan.version for action in reversed(chain)]
    assert progress_timeline(action=chain[-1], limit=2) == list(reversed(updates))[:2]
