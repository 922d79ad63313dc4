"""What actions does when boards announces something (boards/signals.py)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from actions import services
from boards.models import MeetingOutcome
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
