"""Demo meetings, recorded through the same service as the meeting form, so that their escalations
and agreed actions reach the boards exactly as real ones do."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from boards.choices import MeetingKind, OutcomeKind
from boards.models import Escalation, EscalationEvent, Meeting
from boards.services import AttendeeRow, MeetingDetails, OutcomeRow, meeting_create
from swp.models import Partnership, User


@dataclass(frozen=True)
class DemoOutcome:
    kind: str
    summary: str
    board: str = ""
    owner: str = ""
    due_in_days: int = 0


@dataclass(frozen=True)
class DemoMeeting:
    title: str
    kind: str
    days_ago: int
    boards: tuple[str, ...]
    wards: tuple[str, ...] = ()
    problems: str = ""
    agenda: str = ""
    minutes: str = ""
    outcomes: tuple[DemoOutcome, ...] = ()


MEETINGS = (
    DemoMeeting(
        "Problem-solving: Queen's Park youth violence",
        MeetingKind.PROBLEM_SOLVING,
        21,
        ("victim", "offender"),
        ("queens-park",),
        problems="Three linked assaults on under-25s near the estate; victims reluctant to engage.",
        outcomes=(
            DemoOutcome(OutcomeKind.INFORMATION, "Youth service outreach hours extended on Friday nights."),
            DemoOutcome(
                OutcomeKind.ESCALATION, "Victims under 25 not taking up support after A&E attendance.", "victim"
            ),
        ),
    ),
    DemoMeeting(
        "Executive board",
        MeetingKind.BOARD,
        14,
        ("executive",),
        agenda="1. Performance across the boards\n2. Escalations\n3. Emerging risks",
        minutes="The board reviewed each plan's RAG summary and the escalations open for more than a week.",
        outcomes=(DemoOutcome(OutcomeKind.DECISION, "Each board to report overdue actions with a recovery date."),),
    ),
    DemoMeeting(
        "Partnership tasking: West End and Church Street",
        MeetingKind.PARTNERSHIP_TASKING,
        7,
        ("location", "victim", "offender"),
        ("west-end", "church-street"),
        problems="Rise in phone snatches around Leicester Square; street drinking in Church Street market.",
        outcomes=(
            DemoOutcome(OutcomeKind.DECISION, "Extend the dispersal zone in the West End for four weeks."),
            DemoOutcome(
                OutcomeKind.ESCALATION,
                "Emerging trend: moped-enabled phone snatches moving into Marylebone.",
                "location",
            ),
            DemoOutcome(
                OutcomeKind.ACTION_AGREED,
                "Bring the prolific phone-snatch offenders identified by the police into offender management",
                "offender",
                owner="owner",
                due_in_days=30,
            ),
        ),
    ),
)


def meetings_load(partnership: Partnership, users: dict[str, User], today: datetime.date) -> None:
    boards = {board.slug: board for board in partnership.boards.all()}
    wards = {place.slug: place for place in partnership.places.all()}
    for demo in MEETINGS:
        title = f"{demo.title} (demo)"
        if Meeting.objects.filter(partnership=partnership, title=title).exists():
            continue
        if not all(slug in boards for slug in demo.boards):
            continue
        starts_at = timezone.make_aware(
            datetime.datetime.combine(today - datetime.timedelta(days=demo.days_ago), datetime.time(10, 0))
        )
        attendees = [
            AttendeeRow(user=users[name], organisation=users[name].organisation)
            for name in ("officer", "owner", "location-chair")
        ]
        outcomes = [
            OutcomeRow(
                kind=outcome.kind,
                summary=outcome.summary,
                board=boards.get(outcome.board),
                owner=users.get(outcome.owner),
                due_date=today + datetime.timedelta(days=outcome.due_in_days) if outcome.owner else None,
            )
            for outcome in demo.outcomes
        ]
        meeting = meeting_create(
            partnership=partnership,
            by=users["officer"],
            details=MeetingDetails(
                kind=demo.kind,
                title=title,
                starts_at=starts_at,
                boards=[boards[slug] for slug in demo.boards],
                location="Council House",
                places=[wards[slug] for slug in demo.wards if slug in wards],
                problems_discussed=demo.problems,
                agenda=demo.agenda,
                minutes=demo.minutes,
            ),
            attendees=attendees,
            outcomes=outcomes,
        )
        # Recorded today, but raised at the meeting: ages and the scheduled job go by the meeting's date.
        escalations = Escalation.objects.filter(source_outcome__meeting=meeting)
        EscalationEvent.objects.filter(escalation__in=escalations).update(at=starts_at)
        escalations.update(raised_at=starts_at, state_changed_at=starts_at)
