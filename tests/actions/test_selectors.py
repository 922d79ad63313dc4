"""Reads that pages share: which progress updates a plan's recent list and an action's timeline show."""

from __future__ import annotations

import datetime

from django.utils import timezone

from actions import services
from actions.choices import PlanStatus
from actions.models import Action, ActionPlan
from actions.selectors import action_lineage, action_reported_on, progress_timeline, progress_updates_recent
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


def test_a_plans_recent_updates_reach_back_through_revisions_that_had_none(
    executive_chair: User, swp_chair: User, approved_plan: ActionPlan
) -> None:
    reported = ProgressUpdateFactory(action=approved_plan.actions.get(), recorded_at=timezone.now())
    plan = approved_plan
    for _ in range(2):
        plan = services.plan_revise(plan=plan, by=executive_chair)
        services.plan_submit(plan=plan, by=executive_chair)
        services.plan_approve(plan=plan, by=swp_chair)

    assert plan.version == approved_plan.version + 2
    assert progress_updates_recent(plan=plan) == [reported]


def test_every_version_of_an_action_shares_its_lineage_and_only_it(
    executive_chair: User, approved_plan: ActionPlan
) -> None:
    original = approved_plan.actions.get()
    other = ActionFactory(plan=approved_plan)
    revision = services.plan_revise(plan=approved_plan, by=executive_chair)

    assert revision.actions.get(carried_from=original).lineage == original.lineage
    assert revision.actions.get(carried_from=other).lineage == other.lineage
    assert original.lineage != other.lineage


def _carried_through(plan: ActionPlan, *, versions: int) -> list[Action]:
    """The plan's action and its copies in as many newer versions, each carried from the one before."""
    chain = [plan.actions.get()]
    for version in range(plan.version + 1, plan.version + 1 + versions):
        chain.append(ActionFactory(plan=ActionPlanFactory(board=plan.board, version=version), carried_from=chain[-1]))
    return chain


def test_the_timeline_follows_an_action_back_through_every_version_it_was_carried_through(
    executive_chair: User, approved_plan: ActionPlan
) -> None:
    chain = _carried_through(approved_plan, versions=3)
    updates = [
        ProgressUpdateFactory(action=action, recorded_at=timezone.now() - datetime.timedelta(days=10 - n))
        for n, action in enumerate(chain)
    ]

    assert action_lineage(action=chain[-1]) == [action.pk for action in reversed(chain)]
    timeline = progress_timeline(action=chain[-1])
    assert timeline == list(reversed(updates))
    assert [update.plan_version for update in timeline] == [action.plan.version for action in reversed(chain)]
    assert progress_timeline(action=chain[-1], limit=2) == list(reversed(updates))[:2]


def test_an_actions_updates_outlive_the_deletion_of_a_version_between(
    executive_chair: User, approved_plan: ActionPlan
) -> None:
    chain = _carried_through(approved_plan, versions=2)
    reported = ProgressUpdateFactory(action=chain[0])
    chain[1].plan.delete()  # in the back office; the newest version's carried_from is emptied
    newest = Action.objects.get(pk=chain[2].pk)
    assert newest.carried_from is None

    assert action_lineage(action=newest) == [newest.pk, chain[0].pk]
    assert progress_timeline(action=newest) == [reported]
    assert progress_updates_recent(plan=newest.plan) == [reported]


def test_an_action_is_followed_forward_to_the_version_now_reported_on(
    executive_chair: User, swp_chair: User, approved_plan: ActionPlan
) -> None:
    first = approved_plan.actions.get()
    dropped = ActionFactory(plan=approved_plan, title="Dropped from the revision")
    assert action_reported_on(action=first) is None  # its own plan is in force

    for revising in ("cancels the dropped action", "leaves it out, being cancelled"):
        plan = ActionPlan.objects.get(board=approved_plan.board, status=PlanStatus.APPROVED)
        revision = services.plan_revise(plan=plan, by=executive_chair)
        if revising == "cancels the dropped action":
            services.action_cancel(action=revision.actions.get(carried_from=dropped), by=executive_chair, reason="Done")
        services.plan_submit(plan=revision, by=executive_chair)
        services.plan_approve(plan=revision, by=swp_chair)

    in_force = Action.objects.get(plan__status=PlanStatus.APPROVED, title=first.title)
    assert in_force.plan.version == approved_plan.version + 2
    # As a page loads them, after their plans were replaced.
    assert action_reported_on(action=Action.objects.get(pk=first.pk)) == in_force
    assert action_reported_on(action=Action.objects.get(pk=dropped.pk)) is None
