"""Years of tasking, problem-solving and board meetings, what they concluded, and the escalations."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TypeVar

from django.utils import timezone

from bench.dataset import World
from bench.dataset.words import MEETING_PROBLEMS, OUTCOME_SUMMARIES
from boards.choices import BoardKind, EscalationState, MeetingKind, OutcomeKind
from boards.models import Board, Escalation, EscalationEvent, Meeting, MeetingAttendee, MeetingOutcome
from swp.models import Place, User

KINDS = {
    MeetingKind.PARTNERSHIP_TASKING: 40,
    MeetingKind.PROBLEM_SOLVING: 30,
    MeetingKind.BOARD: 25,
    MeetingKind.WORKSHOP: 5,
}
OUTCOME_KINDS = {OutcomeKind.DECISION: 45, OutcomeKind.INFORMATION: 30, OutcomeKind.ACTION_AGREED: 25}
# The states escalations end up in, older ones (decided long ago) and recent ones (still moving).
OLD_STATES = {
    EscalationState.RESOLVED: 60,
    EscalationState.DECLINED: 15,
    EscalationState.ACCEPTED: 15,
    EscalationState.ESCALATED: 10,
}
RECENT_STATES = {
    EscalationState.RAISED: 40,
    EscalationState.ACCEPTED: 30,
    EscalationState.ESCALATED: 10,
    EscalationState.RESOLVED: 20,
}
PATHS = {
    EscalationState.RAISED: [EscalationState.RAISED],
    EscalationState.ACCEPTED: [EscalationState.RAISED, EscalationState.ACCEPTED],
    EscalationState.DECLINED: [EscalationState.RAISED, EscalationState.DECLINED],
    EscalationState.RESOLVED: [EscalationState.RAISED, EscalationState.ACCEPTED, EscalationState.RESOLVED],
    EscalationState.ESCALATED: [EscalationState.RAISED, EscalationState.ESCALATED],
}


Choice = TypeVar("Choice", bound=str)


def _pick(world: World, weights: Mapping[Choice, int]) -> Choice:
    return world.rng.choices(list(weights), weights=list(weights.values()))[0]


def _boards_fed(world: World, kind: str) -> list[Board]:
    rng = world.rng
    if kind == MeetingKind.BOARD:
        return [rng.choice(world.planning_boards)]
    thematic = [board for board in world.planning_boards if board.kind == BoardKind.THEMATIC]
    confidential = [board for board in thematic if board.is_confidential]
    # A few meetings feed the confidential board, and are then hidden from everyone uncleared.
    if confidential and rng.random() < 0.05:
        return confidential
    open_boards = [board for board in thematic if not board.is_confidential]
    return rng.sample(open_boards, 1 if kind == MeetingKind.WORKSHOP else rng.randint(1, 2))


def _title(kind: str, boards: list[Board], places: list[Place]) -> str:
    if kind == MeetingKind.BOARD:
        return f"{boards[0].name} meeting"
    where = " and ".join(place.name for place in places) or boards[0].name
    return f"{MeetingKind(kind).label}: {where}"


def _escalation(
    world: World, outcome: MeetingOutcome, meeting: Meeting, *, still_open: bool
) -> tuple[Escalation, list[EscalationEvent]]:
    rng = world.rng
    raised_at = meeting.starts_at + datetime.timedelta(hours=3)
    age = (world.now - raised_at).days
    state = EscalationState.RAISED if still_open else _pick(world, OLD_STATES if age > 60 else RECENT_STATES)
    path = PATHS[EscalationState(state)]
    step = datetime.timedelta(days=max(age, 1) / (2 * len(path)))
    moments = [min(raised_at + step * index * rng.uniform(0.5, 1.5), world.now) for index in range(len(path))]
    moments = sorted(moments)
    chair = world.board_people[outcome.board_id][0] if outcome.board_id in world.board_people else None
    escalation = Escalation(
        board=outcome.board,
        title=outcome.summary[:200],
        description=meeting.problems_discussed,
        state=state,
        source_outcome=outcome,
        raised_by=meeting.created_by,
        raised_at=raised_at,
        state_changed_at=moments[-1],
        escalated_at=moments[-1] if state == EscalationState.ESCALATED else None,
        decline_reason="Already covered by the board's action plan." if state == EscalationState.DECLINED else "",
    )
    events = [
        EscalationEvent(
            escalation=escalation,
            from_state=path[index - 1] if index else "",
            to_state=to_state,
            by=None if to_state == EscalationState.ESCALATED else (meeting.created_by if index == 0 else chair),
            at=moments[index],
            note="" if index == 0 else "Discussed at the board.",
        )
        for index, to_state in enumerate(path)
    ]
    return escalation, events


def meetings_create(world: World) -> None:
    rng, scale = world.rng, world.scale
    officer = world.personas["officer"]
    meetings: list[Meeting] = []
    fed: list[list[Board]] = []
    covered: list[list[Place]] = []
    for _ in range(scale.meetings):
        kind = _pick(world, KINDS)
        boards = _boards_fed(world, kind)
        in_wards = kind in (MeetingKind.PARTNERSHIP_TASKING, MeetingKind.PROBLEM_SOLVING)
        places = rng.sample(world.wards, rng.randint(1, 3)) if in_wards else []
        day = timezone.localdate(world.moment_between(world.start, world.now))
        starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(rng.choice((10, 14)))))
        meetings.append(
            Meeting(
                partnership=world.partnership,
                kind=kind,
                title=_title(kind, boards, places),
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=2),
                location="Council House, Marylebone Road",
                problems_discussed=rng.choice(MEETING_PROBLEMS) if places else "",
                agenda="1. Actions from the last meeting\n2. Partner updates\n3. Emerging issues",
                minutes="Minutes were agreed as a true record. " * rng.randint(2, 6),
                created_by=officer,
            )
        )
        fed.append(boards)
        covered.append(places)
    Meeting.objects.bulk_create(meetings, batch_size=1000)
    Meeting.boards.through.objects.bulk_create(
        [
            Meeting.boards.through(meeting_id=meeting.pk, board_id=board.pk)
            for meeting, boards in zip(meetings, fed, strict=True)
            for board in boards
        ],
        batch_size=2000,
    )
    Meeting.places.through.objects.bulk_create(
        [
            Meeting.places.through(meeting_id=meeting.pk, place_id=place.pk)
            for meeting, places in zip(meetings, covered, strict=True)
            for place in places
        ],
        batch_size=2000,
    )
    _attendees_create(world, meetings, fed)
    _outcomes_create(world, meetings, fed)


def _attendees_create(world: World, meetings: list[Meeting], fed: list[list[Board]]) -> None:
    rng = world.rng
    attendees = []
    for meeting, boards in zip(meetings, fed, strict=True):
        regulars: list[User] = world.board_people[boards[0].pk]
        for user in rng.sample(regulars, min(len(regulars), rng.randint(4, 8))):
            attendees.append(MeetingAttendee(meeting=meeting, user=user, organisation_id=user.organisation_id))
        attendees.append(MeetingAttendee(meeting=meeting, name="Resident representative"))
    MeetingAttendee.objects.bulk_create(attendees, batch_size=2000)


def _outcomes_create(world: World, meetings: list[Meeting], fed: list[list[Board]]) -> None:
    rng, scale = world.rng, world.scale
    slots = [(index, order) for index in range(len(meetings)) for order in range(scale.outcomes_per_meeting)]
    escalating = set(rng.sample(slots, min(scale.escalations, len(slots))))
    outcomes: list[MeetingOutcome] = []
    for index, order in slots:
        meeting, boards = meetings[index], fed[index]
        kind = OutcomeKind.ESCALATION if (index, order) in escalating else _pick(world, OUTCOME_KINDS)
        addressed = kind in (OutcomeKind.ESCALATION, OutcomeKind.ACTION_AGREED)
        board = rng.choice(boards) if addressed else None
        agreed = kind == OutcomeKind.ACTION_AGREED
        outcomes.append(
            MeetingOutcome(
                meeting=meeting,
                kind=kind,
                summary=rng.choice(OUTCOME_SUMMARIES),
                board=board,
                owner=rng.choice(world.board_people[board.pk]) if agreed and board else None,
                due_date=timezone.localdate(meeting.starts_at) + datetime.timedelta(days=90) if agreed else None,
                order=order + 1,
            )
        )
    MeetingOutcome.objects.bulk_create(outcomes, batch_size=2000)
    # Each board's newest escalation is still open, so that the tiny set lists open escalations
    # as the large one does: an empty list skips its query, and the sizes would differ for that alone.
    newest: dict[int | None, tuple[datetime.datetime, int, int]] = {}
    for index, order in escalating:
        board_id = outcomes[index * scale.outcomes_per_meeting + order].board_id
        candidate = (meetings[index].starts_at, index, order)
        newest[board_id] = max(newest.get(board_id, candidate), candidate)
    still_open = {(index, order) for _, index, order in newest.values()}
    escalations, events = [], []
    for index, order in sorted(escalating):
        outcome = outcomes[index * scale.outcomes_per_meeting + order]
        escalation, its_events = _escalation(world, outcome, meetings[index], still_open=(index, order) in still_open)
        escalations.append(escalation)
        events.extend(its_events)
    Escalation.objects.bulk_create(escalations, batch_size=1000)
    EscalationEvent.objects.bulk_create(events, batch_size=2000)
    for outcome in outcomes:
        if outcome.kind == OutcomeKind.ACTION_AGREED and outcome.board_id is not None:
            world.agreed_outcomes.setdefault(outcome.board_id, []).append(outcome)
