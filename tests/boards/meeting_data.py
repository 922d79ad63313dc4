"""Meetings as the tests record them: what the form posts, and what the services are given."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone

from boards.choices import MeetingKind, OutcomeKind
from boards.models import Board, Meeting
from boards.services import MeetingDetails, OutcomeRow
from swp.models import User

Row = Mapping[str, Any]


def _date(prefix: str, day: datetime.date | None) -> dict[str, str]:
    if day is None:
        return {f"{prefix}_0": "", f"{prefix}_1": "", f"{prefix}_2": ""}
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def _formset(prefix: str, rows: Iterable[Row], *, initial: int) -> dict[str, Any]:
    rows = list(rows)
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            if name == "due_date":
                data.update(_date(f"{prefix}-{index}-due_date", value))
            elif value is not None:
                data[f"{prefix}-{index}-{name}"] = value.pk if hasattr(value, "pk") else value
    return data


def meeting_form_data(
    *,
    boards: Iterable[Board],
    title: str = "Partnership tasking: Church Street",
    kind: str = MeetingKind.PARTNERSHIP_TASKING,
    day: datetime.date | None = None,
    start: str = "10:00",
    end: str = "",
    attendees: Iterable[Row] = (),
    outcomes: Iterable[Row] = (),
    initial_attendees: int = 0,
    initial_outcomes: int = 0,
    **fields: Any,
) -> dict[str, Any]:
    """The posted form of a meeting; rows are dicts of field name to value (a model stands for its pk)."""
    data: dict[str, Any] = {
        "title": title,
        "kind": kind,
        "start_time": start,
        "end_time": end,
        "location": "Council House",
        "boards": [board.pk for board in boards],
        "problems_discussed": "Street drinking around the market.",
        **_date("date", day or timezone.localdate() - datetime.timedelta(days=2)),
        **_formset("attendees", attendees, initial=initial_attendees),
        **_formset("outcomes", outcomes, initial=initial_outcomes),
    }
    for name, value in fields.items():
        data[name] = [item.pk for item in value] if isinstance(value, list | tuple) else value
    return data


def meeting_edit_data(meeting: Meeting, **changes: Any) -> dict[str, Any]:
    """What the edit page posts when saved as it was opened, with `changes` made."""
    starts = timezone.localtime(meeting.starts_at)
    attendees = [
        {"id": a.pk, "user": a.user, "name": a.name, "organisation": a.organisation} for a in meeting.attendees.all()
    ]
    outcomes = [
        {"id": o.pk, "kind": o.kind, "summary": o.summary, "board": o.board, "owner": o.owner, "due_date": o.due_date}
        for o in meeting.outcomes.all()
    ]
    values: dict[str, Any] = {
        "boards": list(meeting.boards.all()),
        "title": meeting.title,
        "kind": meeting.kind,
        "day": starts.date(),
        "start": f"{starts:%H:%M}",
        "attendees": attendees,
        "outcomes": outcomes,
        "initial_attendees": len(attendees),
        "initial_outcomes": len(outcomes),
        "lock_version": meeting.lock_version,
        "places": list(meeting.places.all()),
    }
    values.update(changes)
    return meeting_form_data(**values)


# For the services ---------------------------------------------------------------------------


def meeting_details(*boards: Board, **fields: object) -> MeetingDetails:
    values: dict = {
        "kind": MeetingKind.PARTNERSHIP_TASKING,
        "title": "Partnership tasking: Church Street",
        "starts_at": timezone.now() - datetime.timedelta(days=3),
        "boards": list(boards),
    }
    return MeetingDetails(**{**values, **fields})


def action_row(board: Board, owner: User, **fields: object) -> OutcomeRow:
    values: dict = {
        "kind": OutcomeKind.ACTION_AGREED,
        "summary": "Joint patrols around the market on Saturdays",
        "board": board,
        "owner": owner,
        "due_date": timezone.localdate() + datetime.timedelta(days=30),
    }
    return OutcomeRow(**{**values, **fields})


def escalation_row(board: Board, summary: str = "Phone snatches moving into Marylebone") -> OutcomeRow:
    return OutcomeRow(kind=OutcomeKind.ESCALATION, summary=summary, board=board)


def outcome_rows_of(meeting: Meeting) -> list[OutcomeRow]:
    """The meeting's outcomes as an edit form would send them back unchanged."""
    return [
        OutcomeRow(
            kind=outcome.kind,
            summary=outcome.summary,
            board=outcome.board,
            owner=outcome.owner,
            due_date=outcome.due_date,
            existing=outcome,
        )
        for outcome in meeting.outcomes.all()
    ]
