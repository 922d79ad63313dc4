"""Where each action stood when a quarter ended, read from its history: a pack lists the actions
completed in its quarter, and the ones open and past their date at its end, whatever they did since."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from actions.models import Action


@dataclass(frozen=True)
class Standing:
    """An action's status at a moment, and since when it had held it."""

    status: str
    since: datetime.datetime | None


@dataclass(frozen=True)
class QuarterEnd:
    """An action's status when the quarter ended, and the one it has now."""

    then: Standing
    now: Standing


def quarter_ends(actions: Iterable[tuple[int, str]], *, end: datetime.datetime) -> dict[int, QuarterEnd]:
    """For each (action id, status now): its status at `end`, and since when it had held each.

    Read from the history of the action and of the earlier plan versions it was carried from: a
    revision copies an action as it stands, so a status held across a revision is held since the
    original reached it, not since the revision's date. An action with no history before `end`
    (loaded in bulk, say) is taken to have stood then as it stands now, since when nobody knows.
    One query per plan version in the longest carry chain, and one for the history.
    """
    statuses = dict(actions)
    # Each action or ancestor, mapped to the action in the current plan that it became.
    current = {pk: pk for pk in statuses}
    frontier = list(current)
    while frontier:
        parents = Action.objects.filter(pk__in=frontier).values_list("pk", "carried_from")
        frontier = []
        for pk, parent in parents:
            if parent is not None and parent not in current:
                current[parent] = current[pk]
                frontier.append(parent)
    history = Action.history.model  # type: ignore[attr-defined]
    records: dict[int, list[tuple[datetime.datetime, str]]] = defaultdict(list)
    for pk, status, moment in (
        history.objects.filter(id__in=current)
        .order_by("history_date", "history_id")
        .values_list("id", "status", "history_date")
    ):
        records[current[pk]].append((moment, status))
    return {
        pk: QuarterEnd(
            then=_standing([record for record in records[pk] if record[0] < end], otherwise=status),
            # A status set without a history record (in bulk) is the one it has, since when nobody knows.
            now=_standing(records[pk] if records[pk][-1:] and records[pk][-1][1] == status else [], otherwise=status),
        )
        for pk, status in statuses.items()
    }


def _standing(records: list[tuple[datetime.datetime, str]], *, otherwise: str) -> Standing:
    """The status of the last record, since the first of the unbroken run of records that had it;
    with no record, `otherwise`, since when nobody knows."""
    if not records:
        return Standing(otherwise, None)
    status = records[-1][1]
    since = records[-1][0]
    for moment, earlier in reversed(records):
        if earlier != status:
            break
        since = moment
    return Standing(status, since)
