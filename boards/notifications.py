"""Email about escalations: to the board's chair when one is raised, to the Executive when it goes up
(one email per person for all that the daily job sent up by itself).

Nobody is told about an escalation they could not open: recipients must hold the clearance of its
board and of every board its meeting feeds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string

from boards.choices import BoardKind, EscalationState
from boards.models import Escalation
from boards.rules import CHAIR_ROLES
from swp.choices import PartnershipRole
from swp.links import site_address
from swp.mail import Email, emails_send
from swp.models import User


def escalation_required_clearance(escalation: Escalation) -> int:
    required = escalation.board.required_clearance
    outcome = escalation.source_outcome
    if outcome is not None:
        required = max(required, outcome.meeting.clearance_needed())
    return required


def escalation_raised_recipients(escalation: Escalation) -> list[User]:
    return list(
        User.objects.filter(
            memberships__board=escalation.board,
            memberships__role__in=CHAIR_ROLES,
            is_active=True,
            clearance__gte=escalation_required_clearance(escalation),
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def escalation_escalated_recipients(escalation: Escalation) -> list[User]:
    """Those who answer for the Executive (boards.rules.speaks_for_executive): the partnership's
    Executive members and the chairs of its Executive board, not every seat on that board."""
    executive_chair = Q(
        memberships__board__partnership_id=escalation.board.partnership_id,
        memberships__board__kind=BoardKind.EXECUTIVE,
        memberships__role__in=CHAIR_ROLES,
    )
    return list(
        User.objects.filter(
            Q(role_assignments__role=PartnershipRole.EXECUTIVE) | executive_chair,
            is_active=True,
            clearance__gte=escalation_required_clearance(escalation),
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


_MESSAGES: dict[str, tuple[Callable[[Escalation], list[User]], str, str]] = {
    EscalationState.RAISED: (escalation_raised_recipients, "boards/email/escalation_raised.txt", "Escalation raised"),
    EscalationState.ESCALATED: (
        escalation_escalated_recipients,
        "boards/email/escalation_escalated.txt",
        "Escalation sent to the Executive",
    ),
}


def escalation_notify(*, escalation_id: int, event: str, batch: str) -> int:
    """Send one email per recipient about what just happened to the escalation; returns how many
    went now (swp.mail.emails_send: `batch` names this sending, so that a retry reaches only the rest)."""
    escalation = (
        Escalation.objects.select_related("board", "raised_by", "source_outcome__meeting")
        .filter(pk=escalation_id)
        .first()
    )
    if escalation is None or event not in _MESSAGES:
        return 0
    recipients_for, template, subject_start = _MESSAGES[event]
    context = {
        "escalation": escalation,
        "service_name": settings.SERVICE_NAME,
        "url": site_address("escalation-detail", escalation.pk),
        "age_days": settings.ESCALATION_AGE_DAYS,
    }
    if event == EscalationState.ESCALATED:
        # Who sent it up and why: the Executive answers better knowing whether a chair asked for it.
        context["sent_up"] = escalation.events.filter(to_state=event).select_related("by").last()
    subject = f"{subject_start}: {escalation.board} - {escalation.title}"[:200]
    messages: list[Email] = [
        (subject, render_to_string(template, {**context, "recipient": person}), None, [person.email])
        for person in recipients_for(escalation)
    ]
    return emails_send(emails=messages, batch=batch)


class _Listed(NamedTuple):
    escalation: Escalation
    url: str


def escalations_sent_up_notify(*, escalation_ids: list[int], batch: str) -> int:
    """Send each member of the Executive one email listing the escalations the daily job sent up that
    they may open; returns how many emails."""
    escalations = (
        Escalation.objects.select_related("board", "source_outcome__meeting")
        .filter(pk__in=escalation_ids, escalated_at__isnull=False)
        .order_by("raised_at", "pk")
    )
    listed: dict[User, list[_Listed]] = {}
    for escalation in escalations:
        for person in escalation_escalated_recipients(escalation):
            listed.setdefault(person, []).append(_Listed(escalation, site_address("escalation-detail", escalation.pk)))
    messages: list[Email] = []
    for person, items in listed.items():
        first = items[0].escalation
        subject = (
            f"Escalation sent to the Executive: {first.board} - {first.title}"
            if len(items) == 1
            else f"{len(items)} escalations sent to the Executive"
        )
        context = {
            "recipient": person,
            "items": items,
            "service_name": settings.SERVICE_NAME,
            "age_days": settings.ESCALATION_AGE_DAYS,
            "ledger_url": site_address("escalation-list", query=f"state={EscalationState.ESCALATED}"),
        }
        body = render_to_string("boards/email/escalations_sent_up.txt", context)
        messages.append((subject[:200], body, None, [person.email]))
    return emails_send(emails=messages, batch=batch)
