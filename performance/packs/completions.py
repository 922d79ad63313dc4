"""Where each action stood when a quarter ended, read from its history: a pack lists the actions
completed in its quarter, and the ones open and past the date they had at its end, whatever they
did since."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from actions.choices import PlanStatus
from actions.models import Action, PlanTransition


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
    # False when its history begins after the quarter's end: it did not exist then.
    existed: bool


class _Record(NamedTuple):
    moment: datetime.datetime
    status: str
    due_date: datetime.date | None


def quarter_ends(
    actions: Iterable[Action], *, lineages: dict[int, list[int]], end: datetime.datetime
) -> dict[int, QuarterEnd]:
    """For each action as it stands now: its status at `end` and now, and since when it had held
    each, and its due date at `end`. (Its rating is its latest progress update's, which the
    update's own date places.)

    Read from the history of the action and of the earlier plan versions it was carried from (its
    `lineages` entry, from action_lineages): a revision copies an action as it stands, so a status
    held across a revision is held since the original reached it, not since the revision's date.
    An action with no history at all (loaded in bulk, say) is taken to have stood then as it stands
    now, since when nobody knows; one whose history begins after `end` did not exist then.
    Its due date is the one it had on the plan in force at `end` (the newest of its versions whose
    plan had been approved by then), or without one, its latest before `end`.
    Three queries beside action_lineages' own: the versions' plans, their approvals and their history.
    """
    stands = {action.pk: (action.status, action.due_date) for action in actions}
    # Each version, newest first, and the action in the current plan that it became.
    versions = {pk: lineages[pk] for pk in stands}
    current = {version: pk for pk, chain in versions.items() for version in chain}
    plan_of = dict(Action.objects.filter(pk__in=current).values_list("pk", "plan"))
    approved_before_end = set(
        PlanTransition.objects.filter(
            plan__in=set(plan_of.values()), to_status=PlanStatus.APPROVED, at__lt=end
        ).values_list("plan", flat=True)
    )
    history = Action.history.model  # type: ignore[attr-defined]
    records: dict[int, list[_Record]] = defaultdict(list)
    by_version: dict[int, list[_Record]] = defaultdict(list)
    for pk, *values in (
        history.objects.filter(id__in=current)
        .order_by("history_date", "history_id")
        .values_list("id", "history_date", "status", "due_date")
    ):
        record = _Record._make(values)
        records[current[pk]].append(record)
        by_version[pk].append(record)
    ends = {}
    for pk, (status_now, due_now) in stands.items():
        before_end = [record for record in records[pk] if record.moment < end]
        # The due date is the one on the plan in force then: while a revision was in draft, its copy
        # had its own, and the two versions' records interleave.
        in_force = next((version for version in versions[pk] if plan_of.get(version) in approved_before_end), None)
        dated = [record for record in by_version[in_force] if record.moment < end] if in_force else []
        last = (dated or before_end or [_Record(end, status_now, due_now)])[-1]
        # A status set without a history record (in bulk) is the one it has, since when nobody knows.
        status_now_recorded = records[pk][-1:] and records[pk][-1].status == status_now
        ends[pk] = QuarterEnd(
            then=_standing(before_end, otherwise=status_now),
            now=_standing(records[pk] if status_now_recorded else [], otherwise=status_now),
            due_then=last.due_date,
            existed=bool(before_end) or not records[pk],
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
