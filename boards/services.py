"""Writes for boards: recording meetings and their outcomes, moving escalations through their states,
and resetting a person's calendar feed link.

Permissions are the views' business (boards/rules.py); these functions keep the data consistent
whoever calls them, and refuse what would break it.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from boards.choices import BoardKind, EscalationState, OutcomeKind
from boards.models import (
    Board,
    CalendarFeedKey,
    Escalation,
    EscalationEvent,
    Meeting,
    MeetingAttendee,
    MeetingOutcome,
)
from boards.signals import action_agreed, action_refused, meeting_reclassified
from boards.signals import outcome_kept as outcome_kept_signal
from swp.models import Organisation, Partnership, Place, User

STALE_MEETING_MESSAGE = (
    "Someone else changed this meeting after you opened it. Open it again to see their changes, then make yours."
)


@dataclass(frozen=True)
class MeetingDetails:
    kind: str
    title: str
    starts_at: datetime.datetime
    boards: Sequence[Board]
    ends_at: datetime.datetime | None = None
    location: str = ""
    places: Sequence[Place] = ()
    problems_discussed: str = ""
    agenda: str = ""
    minutes: str = ""


@dataclass(frozen=True)
class AttendeeRow:
    """Someone with an account, or a name for someone without one, and who they came for.

    `existing` is the saved attendee it edits, None for a new one.
    """

    user: User | None = None
    name: str = ""
    organisation: Organisation | None = None
    existing: MeetingAttendee | None = None


@dataclass(frozen=True)
class OutcomeRow:
    """One outcome as recorded; `existing` is the saved outcome it edits, None for a new one."""

    kind: str
    summary: str
    board: Board | None = None
    owner: User | None = None
    due_date: datetime.date | None = None
    existing: MeetingOutcome | None = None


def outcome_row_problems(*, row: OutcomeRow, meeting_boards: Sequence[Board] | None, by: User) -> dict[str, str]:
    """What is wrong with an outcome row, by field name; the form shows these on the row itself.

    `meeting_boards` None means the boards the meeting feeds are not known yet (they are in error).
    `by` is who is editing the meeting, to whom any message is worded.
    """
    # Any outcome's board is one the meeting feeds: a meeting is hidden only from those not cleared
    # for its own boards, so an outcome to a board it no longer feeds would be read by them.
    elsewhere = row.board is not None and meeting_boards is not None and row.board not in meeting_boards
    kept = outcome_kept(outcome=row.existing, by=by)
    if kept is not None and row.existing is not None:
        # Its owner may since have left or lost clearance: what it agreed is judged only on whether it changed.
        problems = _agreed_action_problems(row, saved=row.existing.pk, kept=kept)
        if elsewhere and "board" not in problems:
            problems["board"] = f"This outcome agreed {kept}: keep the {row.board} among the boards this meeting feeds"
        return problems
    problems = {}
    if elsewhere:
        problems["board"] = f"Choose one of the boards this meeting feeds, or add {row.board} to them"
    if row.kind in (OutcomeKind.ACTION_AGREED, OutcomeKind.ESCALATION) and row.board is None:
        noun = "agreed action" if row.kind == OutcomeKind.ACTION_AGREED else "escalation"
        problems["board"] = f"Choose the board the {noun} goes to"
    if row.kind == OutcomeKind.ACTION_AGREED and row.board is not None:
        if not by.has_perm("boards.record_meeting_for", [row.board]):  # type: ignore[arg-type]
            # A board's chair answers for its plan: another board's chair may record the meeting, not add to it.
            problems["board"] = f"Only the {row.board}'s chair or a tasking officer can put an action on its plan"
        # Asked here, so that the reason stands beside this outcome rather than above the whole form.
        elif "board" not in problems and (refusal := _first_answer(action_refused, board=row.board, user=by)):
            problems["board"] = refusal
    raised = _escalation_of(row.existing)  # one already raised stays as it is (see below)
    answered_by = raised.board if raised is not None else row.board
    if row.kind == OutcomeKind.ESCALATION and answered_by is not None and meeting_boards:
        # An escalation is hidden from anyone not cleared for its meeting, so the chairs of a less
        # confidential board could never see, let alone answer, one raised at a confidential meeting.
        secret = max(meeting_boards, key=lambda board: board.required_clearance)
        if secret.required_clearance > answered_by.required_clearance:
            problems["board"] = (
                f"This meeting feeds the {secret}, so the {answered_by}'s chairs could not see the escalation "
                f"it raised: record it at a meeting that does not feed the {secret}"
                if raised is not None
                else f"This meeting feeds the {secret}, so the {answered_by}'s chairs could not see an escalation "
                f"from it: escalate to the {secret}, or record this at a meeting that does not feed it"
            )
    if row.kind == OutcomeKind.ACTION_AGREED:
        if row.owner is None:
            problems["owner"] = "Choose who will do the agreed action"
        elif row.board is not None and row.owner.clearance < row.board.required_clearance:
            problems["owner"] = f"{row.owner} is not cleared to see the {row.board}: choose someone who is"
        if row.due_date is None:
            problems["due_date"] = "Enter the date the agreed action is due"
    if raised is not None and (row.kind != OutcomeKind.ESCALATION or row.board != raised.board):
        problems["kind"] = (
            f"This outcome raised an escalation to the {raised.board}, which stays on record: "
            "keep it as an escalation to that board"
        )
    return problems


def _agreed_action_problems(row: OutcomeRow, *, saved: int, kept: str) -> dict[str, str]:
    """Once an outcome has agreed an action, the action on the plan is the record: the meeting may
    reword the outcome, but not change its kind, board, owner or due date, or the meeting and the
    plan would disagree (docs/adr/0003-actions-agreed-at-meetings.md)."""
    # What was saved, not the row's instance: a model form may already have copied the posted values onto it.
    values: dict[str, Any] = dict(
        MeetingOutcome.objects.filter(pk=saved).values("kind", "board", "owner", "due_date").get()
    )
    posted = {
        "kind": row.kind,
        "board": row.board.pk if row.board else None,
        "owner": row.owner.pk if row.owner else None,
        "due_date": row.due_date,
    }
    refusals = {
        "kind": f"This outcome agreed {kept}, which stays on record: keep it as it is",
        "board": f"This outcome agreed {kept}, which stays on that plan: its board cannot change",
        "owner": f"This outcome agreed {kept}: the board's chair changes its owner on the action itself",
        "due_date": f"This outcome agreed {kept}: the board's chair changes its due date on the action itself",
    }
    return {field: refusal for field, refusal in refusals.items() if posted[field] != values[field]}


def outcome_removal_problem(*, outcome: MeetingOutcome, by: User) -> str | None:
    escalation = _escalation_of(outcome)
    if escalation is not None:
        return (
            f"This outcome raised an escalation to the {escalation.board}, which stays on record: it cannot be removed"
        )
    kept = outcome_kept(outcome=outcome, by=by)
    if kept is not None:
        return f"This outcome agreed {kept}, which stays on record: it cannot be removed"
    return None


def outcome_kept(*, outcome: MeetingOutcome | None, by: User) -> str | None:
    """What a higher layer keeps that the saved outcome made, in words `by` may read, or None."""
    if outcome is None or outcome.pk is None:
        return None
    return _first_answer(outcome_kept_signal, outcome=outcome, user=by)


def _first_answer(signal: Signal, **asked: Any) -> str | None:
    """The first answer a higher layer gives to what boards asks through `signal`, or None."""
    answers = (answer for _, answer in signal.send(sender=MeetingOutcome, **asked))
    return next((answer for answer in answers if answer), None)


def _escalation_of(outcome: MeetingOutcome | None) -> Escalation | None:
    if outcome is None or outcome.pk is None:
        return None
    return Escalation.objects.select_related("board").filter(source_outcome_id=outcome.pk).first()


def meeting_create(
    *,
    partnership: Partnership,
    by: User,
    details: MeetingDetails,
    attendees: Sequence[AttendeeRow] = (),
    outcomes: Sequence[OutcomeRow] = (),
) -> Meeting:
    """Record a meeting with who came and what it concluded; its escalations go to their boards."""
    with transaction.atomic():
        meeting = Meeting(partnership=partnership, created_by=by)
        _meeting_save(meeting, details=details, attendees=attendees, outcomes=outcomes, by=by)
    return meeting


def meeting_update(
    *,
    meeting: Meeting,
    by: User,
    lock_version: int,
    details: MeetingDetails,
    attendees: Sequence[AttendeeRow] = (),
    outcomes: Sequence[OutcomeRow] = (),
) -> Meeting:
    """Save an edited meeting, unless someone saved it after `lock_version` was read.

    Outcomes left out are removed; an outcome that already raised an escalation or agreed an
    action does not do so again.
    """
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.lock_version != lock_version:
            raise ValidationError(STALE_MEETING_MESSAGE, code="stale")
        clearance = locked.clearance_needed()
        _meeting_save(locked, details=details, attendees=attendees, outcomes=outcomes, by=by)
        if locked.clearance_needed() > clearance:
            meeting_reclassified.send(sender=Meeting, meeting=locked)
    return locked


def _meeting_save(
    meeting: Meeting,
    *,
    details: MeetingDetails,
    attendees: Sequence[AttendeeRow],
    outcomes: Sequence[OutcomeRow],
    by: User,
) -> None:
    if not details.boards:
        raise ValidationError("A meeting feeds at least one board.", code="no_boards")
    if details.ends_at is not None and details.ends_at <= details.starts_at:
        raise ValidationError("A meeting ends after it starts.", code="ends_before_start")
    for field in ("kind", "title", "starts_at", "ends_at", "location", "problems_discussed", "agenda", "minutes"):
        setattr(meeting, field, getattr(details, field))
    if meeting.pk:
        meeting.lock_version += 1
    meeting.save()
    meeting.boards.set(details.boards)
    meeting.places.set(details.places)

    _attendees_save(meeting, attendees=attendees)
    _outcomes_save(meeting, outcomes=outcomes, boards=list(details.boards), by=by)


def _attendees_save(meeting: Meeting, *, attendees: Sequence[AttendeeRow]) -> None:
    # Rows keep their ids across saves, so a form opened before someone else's save still names them.
    if any(row.user is None and not row.name.strip() for row in attendees):
        raise ValidationError("Each attendee is someone with an account or a name.", code="nameless_attendee")
    kept = {row.existing.pk for row in attendees if row.existing is not None}
    if kept - set(meeting.attendees.values_list("pk", flat=True)):
        raise ValidationError("An attendee being edited belongs to another meeting.", code="foreign_attendee")
    meeting.attendees.exclude(pk__in=kept).delete()
    for row in attendees:
        attendee = row.existing if row.existing is not None else MeetingAttendee(meeting=meeting)
        attendee.user, attendee.name, attendee.organisation = row.user, row.name, row.organisation
        attendee.save()


def _outcomes_save(meeting: Meeting, *, outcomes: Sequence[OutcomeRow], boards: list[Board], by: User) -> None:
    # Read what was saved before, not the rows' instances: a model form has already copied the
    # posted values onto those, so they no longer say what the outcome used to be.
    saved_kinds = dict(meeting.outcomes.values_list("pk", "kind"))
    kept = {row.existing.pk for row in outcomes if row.existing is not None}
    if kept - saved_kinds.keys():
        raise ValidationError("An outcome being edited belongs to another meeting.", code="foreign_outcome")
    for removed in meeting.outcomes.exclude(pk__in=kept):
        if problem := outcome_removal_problem(outcome=removed, by=by):
            raise ValidationError(problem, code="outcome_locked")
        removed.delete()

    for order, row in enumerate(outcomes, start=1):
        if problems := outcome_row_problems(row=row, meeting_boards=boards, by=by):
            raise ValidationError(list(problems.values()), code="outcome_invalid")
        outcome = row.existing if row.existing is not None else MeetingOutcome(meeting=meeting)
        agreed_before = saved_kinds.get(outcome.pk) == OutcomeKind.ACTION_AGREED
        is_action = row.kind == OutcomeKind.ACTION_AGREED
        outcome.kind = row.kind
        outcome.summary = row.summary
        outcome.board = row.board
        outcome.owner = row.owner if is_action else None
        outcome.due_date = row.due_date if is_action else None
        outcome.order = order
        outcome.save()
        if row.kind == OutcomeKind.ESCALATION:
            _escalation_for_outcome(outcome, by=by)
        if is_action and not agreed_before:
            action_agreed.send(sender=MeetingOutcome, outcome=outcome, by=by)


def _escalation_for_outcome(outcome: MeetingOutcome, *, by: User) -> Escalation:
    """Raise the outcome's escalation the first time; afterwards keep its words in step while unanswered."""
    escalation = Escalation.objects.filter(source_outcome=outcome).first()
    if escalation is not None:
        if escalation.state == EscalationState.RAISED and escalation.description != outcome.summary:
            escalation.title = outcome.title
            escalation.description = outcome.summary
            escalation.save(update_fields=["title", "description"])
        return escalation
    if outcome.board is None:
        raise ValidationError("Choose the board the escalation goes to.", code="no_board")
    now = timezone.now()
    escalation = Escalation.objects.create(
        board=outcome.board,
        title=outcome.title,
        description=outcome.summary,
        source_outcome=outcome,
        raised_by=by,
        raised_at=now,
        state_changed_at=now,
    )
    EscalationEvent.objects.create(
        escalation=escalation,
        from_state="",
        to_state=EscalationState.RAISED,
        by=by,
        at=now,
        note=f"Raised at {outcome.meeting.title}",
    )
    _notify_on_commit(escalation, event=EscalationState.RAISED)
    return escalation


# The escalation state machine ------------------------------------------------------------------

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    EscalationState.RAISED: frozenset({EscalationState.ACCEPTED, EscalationState.DECLINED, EscalationState.ESCALATED}),
    EscalationState.ACCEPTED: frozenset({EscalationState.RESOLVED, EscalationState.ESCALATED}),
    EscalationState.ESCALATED: frozenset(
        {EscalationState.ACCEPTED, EscalationState.DECLINED, EscalationState.RESOLVED}
    ),
    EscalationState.DECLINED: frozenset(),
    EscalationState.RESOLVED: frozenset(),
}

_VERBS: dict[str, str] = {
    EscalationState.ACCEPTED: "accepted",
    EscalationState.DECLINED: "declined",
    EscalationState.RESOLVED: "resolved",
    EscalationState.ESCALATED: "sent to the Executive",
}


class EscalationTransitionError(Exception):
    """A step the escalation cannot take from where it is; the message says why, for people."""


def escalation_transitions_open(*, escalation: Escalation) -> frozenset[str]:
    """The states this escalation may move to next, for the buttons its page offers."""
    allowed = set(ALLOWED_TRANSITIONS[escalation.state])
    if escalation.with_executive or escalation.board.is_executive:
        allowed.discard(EscalationState.ESCALATED)
    return frozenset(allowed)


def escalation_accept(*, escalation: Escalation, by: User | None, note: str = "") -> Escalation:
    """Put it on the agenda of the board (or of the Executive, once it has gone up)."""
    return _escalation_move(escalation, to_state=EscalationState.ACCEPTED, by=by, note=note)


def escalation_decline(*, escalation: Escalation, by: User | None, reason: str) -> Escalation:
    return _escalation_move(escalation, to_state=EscalationState.DECLINED, by=by, note=reason)


def escalation_resolve(*, escalation: Escalation, by: User | None, note: str = "") -> Escalation:
    return _escalation_move(escalation, to_state=EscalationState.RESOLVED, by=by, note=note)


def escalation_escalate(*, escalation: Escalation, by: User | None, note: str = "") -> Escalation:
    """Send it up to the Executive, which answers for it from then on, and tell the Executive."""
    escalation = _escalation_move(escalation, to_state=EscalationState.ESCALATED, by=by, note=note)
    _notify_on_commit(escalation, event=EscalationState.ESCALATED)
    return escalation


def _escalation_move(
    escalation: Escalation, *, to_state: str, by: User | None, note: str, now: datetime.datetime | None = None
) -> Escalation:
    note = note.strip()
    with transaction.atomic():
        # Locked so two chairs answering at once cannot both move it from the same state.
        locked = Escalation.objects.select_for_update().select_related("board").get(pk=escalation.pk)
        if to_state not in escalation_transitions_open(escalation=locked):
            raise EscalationTransitionError(_refusal(locked, to_state))
        if to_state == EscalationState.DECLINED and not note:
            raise EscalationTransitionError("Give the reason for declining the escalation.")
        now = now or timezone.now()
        from_state = locked.state
        locked.state = to_state
        locked.state_changed_at = now
        if to_state == EscalationState.ESCALATED:
            locked.escalated_at = now
        if to_state == EscalationState.DECLINED:
            locked.decline_reason = note
        locked.save(update_fields=["state", "state_changed_at", "escalated_at", "decline_reason"])
        EscalationEvent.objects.create(
            escalation=locked, from_state=from_state, to_state=to_state, by=by, at=now, note=note
        )
    for field in ("state", "state_changed_at", "escalated_at", "decline_reason"):
        setattr(escalation, field, getattr(locked, field))
    return escalation


def _refusal(escalation: Escalation, to_state: str) -> str:
    verb = _VERBS.get(to_state, to_state)
    if not ALLOWED_TRANSITIONS[escalation.state]:
        return f"This escalation is already {escalation.get_state_display().lower()}, so it cannot be {verb}."
    if to_state == EscalationState.ESCALATED and escalation.with_executive:
        return "This escalation is already with the Executive."
    if to_state == EscalationState.ESCALATED:
        return "This escalation was raised to the Executive itself; there is nowhere higher to send it."
    return f"An escalation that is {escalation.get_state_display().lower()} cannot be {verb}."


def escalations_escalate_overdue(*, now: datetime.datetime | None = None) -> int:
    """Send up every escalation that no board has resolved within ESCALATION_AGE_DAYS of being raised.

    Safe to run late, twice or in parallel: each one goes up once, since one that has been to the
    Executive is never sent again, even after the Executive hands it back as accepted. Each member
    of the Executive gets one email listing what this run sent up, not one per escalation: the
    first run over a backlog would otherwise send dozens.
    """
    now = now or timezone.now()
    age = settings.ESCALATION_AGE_DAYS
    due = (
        Escalation.objects.filter(
            state__in=[EscalationState.RAISED, EscalationState.ACCEPTED],
            escalated_at__isnull=True,
            raised_at__lte=now - datetime.timedelta(days=age),
        )
        .exclude(board__kind=BoardKind.EXECUTIVE)
        .order_by("raised_at", "pk")
    )
    moved: list[int] = []
    for escalation in due:
        try:
            _escalation_move(
                escalation,
                to_state=EscalationState.ESCALATED,
                by=None,
                note=f"Still unresolved {age} days after it was raised, so it went to the Executive automatically.",
                now=now,
            )
        except EscalationTransitionError:
            continue  # Someone answered it between the query and the lock; nothing to send up.
        moved.append(escalation.pk)
    if moved:
        # Imported here because the tasks module imports this one to run the scheduled job.
        from boards.tasks import escalations_sent_up_notify

        transaction.on_commit(lambda: escalations_sent_up_notify.delay(moved))
    return len(moved)


def _notify_on_commit(escalation: Escalation, *, event: str) -> None:
    # Imported here because the tasks module imports this one to run the scheduled job.
    from boards.tasks import escalation_notify

    escalation_id = escalation.pk
    transaction.on_commit(lambda: escalation_notify.delay(escalation_id, event))


# Calendar feeds --------------------------------------------------------------------------------


def calendar_feed_key_reset(*, user: User) -> CalendarFeedKey:
    """Give the person a new calendar secret, so every feed link they have shared stops working."""
    key, _ = CalendarFeedKey.objects.update_or_create(
        user=user, defaults={"key": secrets.token_urlsafe(32), "reset_at": timezone.now()}
    )
    return key
