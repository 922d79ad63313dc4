"""The "action assigned to you" email: sent once to each new owner after the change is committed,
whichever way they became the owner, and never about what they may not see."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from pytest_django.fixtures import Settings

from actions import services
from actions.choices import ActionStatus, PlanStatus
from actions.models import Action, ActionPlan
from actions.notifications import action_assigned_notify
from boards.models import Board
from boards.services import meeting_create
from priorities.models import Objective
from swp.choices import Clearance
from swp.models import Organisation, User
from tests.actions.conftest import in_days
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.boards.meeting_data import action_row, meeting_details
from tests.swp.factories import UserFactory

pytestmark = pytest.mark.django_db

CaptureOnCommit = Callable[..., Any]


def _fields(objective: Objective, owner: User | None, **overrides: object) -> services.ActionFields:
    values: dict[str, object] = {
        "objective": objective,
        "title": "Joint visits to repeat victims",
        "description": "",
        "owner": owner,
        "lead_organisation": None,
        "due_date": in_days(30),
        "places": [],
        "cohorts": [],
    }
    values.update(overrides)
    return services.ActionFields(**values)  # type: ignore[arg-type]


def test_a_new_action_with_an_owner_emails_the_owner_once_committed(
    settings: Settings,
    victim_plan: ActionPlan,
    victim_objectives: list[Objective],
    victim_chair: User,
    action_owner: User,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    settings.SITE_URL = "https://swp.example.org"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        action = services.action_create(
            plan=victim_plan, by=victim_chair, fields=_fields(victim_objectives[0], action_owner)
        )
    assert mail.outbox == []  # nothing is sent until the action is safely saved
    for callback in callbacks:
        callback()

    (message,) = mail.outbox
    assert message.to == [action_owner.email]
    assert message.subject == "Action assigned to you: Victim Board - Joint visits to repeat victims"
    assert f"\nhttps://swp.example.org/actions/{action.pk}/\n" in message.body
    assert "Victim Board's action plan" in message.body
    assert in_days(30).strftime("%-d %B %Y") in message.body


def test_a_new_action_without_an_owner_emails_nobody(
    victim_plan: ActionPlan,
    victim_objectives: list[Objective],
    victim_chair: User,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.action_create(plan=victim_plan, by=victim_chair, fields=_fields(victim_objectives[0], None))

    assert mail.outbox == []


def test_a_change_of_owner_emails_the_new_owner_and_other_edits_email_nobody(
    owned_action: Action,
    victim_chair: User,
    police: Organisation,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    assert owned_action.objective is not None
    newcomer = UserFactory(username="new-owner", organisation=police)

    with django_capture_on_commit_callbacks(execute=True):
        services.action_update(
            action=owned_action,
            by=victim_chair,
            opened_version=0,
            fields=_fields(owned_action.objective, owned_action.owner, title="Renamed"),
            status=ActionStatus.IN_PROGRESS,
        )
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        services.action_update(
            action=owned_action,
            by=victim_chair,
            opened_version=1,
            fields=_fields(owned_action.objective, newcomer, title="Renamed"),
            status=ActionStatus.IN_PROGRESS,
        )

    assert [message.to for message in mail.outbox] == [[newcomer.email]]
    assert mail.outbox[0].subject == "Action assigned to you: Victim Board - Renamed"


def test_an_action_agreed_at_a_meeting_emails_its_owner_naming_the_meeting(
    victim_plan: ActionPlan,
    tasking_officer: User,
    action_owner: User,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    board = victim_plan.board
    with django_capture_on_commit_callbacks(execute=True):
        meeting_create(
            partnership=board.partnership,
            by=tasking_officer,
            details=meeting_details(board, title="Tasking: Church Street market"),
            outcomes=[action_row(board, action_owner)],
        )

    (message,) = mail.outbox
    assert message.to == [action_owner.email]
    assert "It was agreed at Tasking: Church Street market on" in message.body


def test_a_meeting_the_owner_may_not_see_is_not_named(
    victim_plan: ActionPlan,
    contest_board: Board,
    tasking_officer: User,
    action_owner: User,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    board = victim_plan.board
    with django_capture_on_commit_callbacks(execute=True):
        meeting_create(
            partnership=board.partnership,
            by=tasking_officer,
            details=meeting_details(board, contest_board, title="Channel panel"),
            outcomes=[action_row(board, action_owner)],
        )

    (message,) = mail.outbox
    assert "Channel panel" not in message.body
    assert "agreed at" not in message.body


def test_a_revision_carrying_the_action_emails_nobody(
    victim_board: Board,
    victim_chair: User,
    action_owner: User,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    approved = ActionPlanFactory(board=victim_board, status=PlanStatus.APPROVED)
    ActionFactory(plan=approved, owner=action_owner)

    with django_capture_on_commit_callbacks(execute=True):
        services.plan_revise(plan=approved, by=victim_chair)

    assert mail.outbox == []


def test_a_new_owner_in_a_draft_revision_hears_when_it_is_approved_not_before(
    victim_board: Board,
    victim_objectives: list[Objective],
    victim_chair: User,
    swp_chair: User,
    action_owner: User,
    police: Organisation,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    approved = ActionPlanFactory(board=victim_board, status=PlanStatus.APPROVED)
    ActionFactory(plan=approved, objective=victim_objectives[0], owner=action_owner, title="Kept")
    ActionFactory(plan=approved, objective=victim_objectives[0], owner=action_owner, title="Handed over")
    ActionFactory(plan=approved, objective=victim_objectives[0], owner=action_owner, title="Handed over, then dropped")
    newcomer = UserFactory(username="new-owner", organisation=police)
    revision = services.plan_revise(plan=approved, by=victim_chair)
    dropped = revision.actions.get(title="Handed over, then dropped")
    services.action_update(
        action=dropped,
        by=victim_chair,
        opened_version=dropped.lock_version,
        fields=_fields(victim_objectives[0], newcomer, title=dropped.title),
        status=dropped.status,
    )
    services.action_cancel(action=dropped, by=victim_chair, reason="Merged into another action.")
    copy = revision.actions.get(title="Handed over")

    with django_capture_on_commit_callbacks(execute=True):
        services.action_update(
            action=copy,
            by=victim_chair,
            opened_version=copy.lock_version,
            fields=_fields(victim_objectives[0], newcomer, title="Handed over"),
            status=copy.status,
        )
    # The copy takes no progress updates until the revision is approved, so there is nothing to ask yet.
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        services.plan_submit(plan=revision, by=victim_chair)
        services.plan_approve(plan=revision, by=swp_chair)

    (message,) = mail.outbox
    assert message.to == [newcomer.email]
    assert message.subject == "Action assigned to you: Victim Board - Handed over"
    assert f"/actions/{copy.pk}/" in message.body


def test_an_owner_replaced_before_the_email_went_is_not_told(owned_action: Action, police: Organisation) -> None:
    first_owner_id = owned_action.owner_id
    assert first_owner_id is not None
    Action.objects.filter(pk=owned_action.pk).update(owner=UserFactory(username="later", organisation=police))

    assert action_assigned_notify(action_id=owned_action.pk, owner_id=first_owner_id) == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"is_active": False}, id="inactive"),
        pytest.param({"email": ""}, id="no-email"),
    ],
)
def test_an_owner_who_cannot_be_told_is_not(owned_action: Action, change: dict[str, object]) -> None:
    User.objects.filter(pk=owned_action.owner_id).update(**change)

    assert action_assigned_notify(action_id=owned_action.pk, owner_id=owned_action.owner_id or 0) == 0
    assert mail.outbox == []


def test_nobody_is_told_of_an_action_on_a_board_they_are_not_cleared_for(contest_action: Action) -> None:
    assert contest_action.owner is not None
    User.objects.filter(pk=contest_action.owner_id).update(clearance=Clearance.NONE)

    assert action_assigned_notify(action_id=contest_action.pk, owner_id=contest_action.owner_id or 0) == 0
    assert mail.outbox == []
