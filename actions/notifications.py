"""Email to the person who becomes an action's owner, whichever way they became it.

Nobody is told of an action on a board they may not see, nor of a meeting they may not see.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from actions.models import Action
from swp.links import site_address


def action_assigned_notify(*, action_id: int, owner_id: int) -> int:
    """Tell the owner the action is theirs; returns how many emails went (0 or 1).

    Sends nothing if the action has changed hands again since (that change sends its own), or
    if the owner can no longer be told: inactive, without an email address, or not cleared.
    """
    action = (
        Action.objects.select_related("plan__board", "owner", "source_outcome__meeting").filter(pk=action_id).first()
    )
    if action is None or action.owner is None or action.owner_id != owner_id:
        return 0
    owner, board = action.owner, action.plan.board
    if not owner.is_active or not owner.email or owner.clearance < board.required_clearance:
        return 0
    meeting = action.source_outcome.meeting if action.source_outcome else None
    if meeting is not None and owner.clearance < meeting.clearance_needed():
        meeting = None
    body = render_to_string(
        "actions/email/action_assigned.txt",
        {
            "recipient": owner,
            "action": action,
            "board": board,
            "meeting": meeting,
            "service_name": settings.SERVICE_NAME,
            "url": site_address("action-detail", action.pk),
        },
    )
    subject = f"Action assigned to you: {board} - {action.title}"[:200]
    return send_mail(subject, body, None, [owner.email], fail_silently=False)
