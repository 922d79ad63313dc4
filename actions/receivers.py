"""What actions does when boards announces something (boards/signals.py)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from actions import services
from actions.models import Action
from boards.models import Board, Meeting, MeetingOutcome
from swp.models import User


def action_agreed_received(sender: object, *, outcome: MeetingOutcome, by: User, **kwargs: Any) -> None:
    """A meeting agreed an action: put it on the board's plan, within the meeting's own save.

    A plan that cannot take it refuses the whole save, as a ValidationError the meeting form shows,
    so that no agreed action is recorded without landing on a plan.
    """
    try:
        services.action_agree(outcome=outcome, by=by)
    except services.PlanStateError as error:
        raise ValidationError(str(error), code="plan_not_editable") from error


def outcome_kept_received(sender: object, *, outcome: MeetingOutcome, user: User, **kwargs: Any) -> str | None:
    """The action an outcome agreed, in words, so that the meeting form keeps the two in step. It is
    named only to someone who may see its board: an outcome edited before actions were kept in step
    may point elsewhere than its action."""
    action = Action.objects.filter(source_outcome=outcome).select_related("plan__board").first()
    if action is None:
        return None
    if not Board.objects.visible_to(user).filter(pk=action.plan.board_id).exists():
        return "an action on a board's plan"
    return f"the action “{action.title}” on the {action.plan.board}'s plan"


def action_refused_received(sender: object, *, board: Board, user: User, **kwargs: Any) -> str | None:
    """Why the board's plan would refuse an action agreed now (awaiting approval), asked before the
    meeting is saved so that the form can say so beside the outcome."""
    return services.agreed_action_refusal(board=board)


def meeting_reclassified_received(sender: object, *, meeting: Meeting, **kwargs: Any) -> None:
    """A meeting now feeds a more confidential board: its name comes off the plans' records."""
    services.meeting_name_withdraw(meeting=meeting)
