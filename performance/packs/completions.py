"""Where each action stood when a quarter ended, read from its history: a pack lists the actions
completed in its quarter, and the ones open and past the date they had at its end, whatever they
did since."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from actions.models import Action


@dataclass(frozen=True)
class Standing:
    """An action's status at a moment, and since when it had held it."""

    status: str
    since: datetime.datetime | None


@dataclass(frozen=True)
class QuarterEnd:
    """An action's status and due date when the quarter ended, and the status it has now."""

    then: Standing
    now: Standing
    due_then: datetime.date | None


class _Stands(NamedTuple):
    pk: int
    status: str
    due_date: datetime.date | None


class _Record(NamedTuple):
    moment: datetime.datetime
    status: str
    due_date: datetime.date | None


def quarter_ends(
    actions: Iterable[tuple[int, str, datetime.date | None]], *, end: datetime.datetime
) -> dict[int, QuarterEnd]:
    """For each action as it stands now, (id, status, due date): its status at `end` and now, and
    since when it had held each, and its due date at `end`. (Its rating is its latest progress
    update's, which the update's own date places.)

    Read from the history of the action and of the earlier plan versions it was carried from: a
    revision copies an action as it stands, so a status held across a revision is held since the
    original reached it, not since the revision's date. An action with no history before `end`
    (loaded in bulk, say) is taken to have stood then as it stands now, since when nobody knows.
    One query per plan version in the longest carry chain, and one for the history.
    """
    stands = {action.pk: action for action in map(_Stands._make, actions)}
    # Each action or ancestor, mapped to the action in the current plan that it became.
    current = {pk: pk for pk in stands}
    frontier = list(current)
    while frontier:
        parents = Action.objects.filter(pk__in=frontier).values_list("pk", "carried_from")
        frontier = []
        for pk, parent in parents:
            if parent is not None and parent not in current:
                current[parent] = current[pk]
                frontier.append(parent)
    history = Action.history.model  # type: ignore[attr-defined]
    records: dict[int, list[_Record]] = defaultdict(list)
    for pk, *record in (
        history.objects.filter(id__in=current)
        .order_by("history_date", "history_id")
        .values_list("id", "history_date", "status", "due_date")
    ):
        records[current[pk]].append(_Record._make(record))
    ends = {}
    for pk, stands_now in stands.items():
        before_end = [record for record in records[pk] if record.moment < end]
        last = before_end[-1] if before_end else _Record(end, stands_now.status, stands_now.due_date)
        # A status set without a history record (in bulk) is the one it has, since when nobody knows.
        status_now_recorded = records[pk][-1:] and records[pk][-1].status == stands_now.status
        ends[pk] = QuarterEnd(
            then=_standing(before_end, otherwise=stands_now.status),
            now=_standing(records[pk] if status_now_recorded else [], otherwise=stands_now.status),
            due_then=last.due_date,
        )
    return ends


def _standing(records: list[_Record], *, otherwise: str) -> Standing:
    """The status of the last record, since the first of the unbroken run of records that had it;
    with no record, `otherwise`, since when nobody knows."""
    if not records:
        return Standing(otherwise, None)
    status = records[-1].status
    since = records[-1].moment
    for record in reversed(records):
        if record.status != status:
            break
        since = record.moment
    return Standing(status, since)
