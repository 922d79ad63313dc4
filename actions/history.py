"""Reading an action's history: who changed which field from what to what, and when.

The records come from django-simple-history (one per save, see actions/services.py). This module
turns them into entries with human labels and display values (names, not ids), in a fixed number
of queries however long the history, and explains an edit conflict field by field.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Field
from django.utils.formats import date_format

from actions.choices import ActionStatus
from actions.models import Action
from priorities.models import Cohort, Objective
from swp.models import Organisation, Place, User

# The fields a chair edits, in the order the form shows them. Values are compared as stored:
# related objects by id, places and cohorts as sets of ids.
FIELDS = ("objective", "title", "description", "owner", "lead_organisation", "due_date", "status", "places", "cohorts")
_RELATED = {"objective": Objective, "owner": User, "lead_organisation": Organisation}
_MANY = {"places": Place, "cohorts": Cohort}

Values = dict[str, Any]


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    by: User | None
    summary: str
    changes: list[FieldChange] = field(default_factory=list)
    reason: str = ""
    lock_version: int = 0


@dataclass(frozen=True)
class ConflictRow:
    label: str
    opened: str
    theirs: str
    yours: str

    @property
    def they_changed(self) -> bool:
        return self.theirs != self.opened

    @property
    def you_changed(self) -> bool:
        return self.yours != self.opened

    @property
    def clash(self) -> bool:
        return self.they_changed and self.you_changed and self.theirs != self.yours


@dataclass(frozen=True)
class Conflict:
    """What happened between opening and saving, and the edit to offer again on top of it."""

    rows: list[ConflictRow]
    entries: list[HistoryEntry]
    merged: Values


def label_of(name: str) -> str:
    field = Action._meta.get_field(name)
    verbose = str(field.verbose_name) if isinstance(field, Field) else name
    return verbose[:1].upper() + verbose[1:]


def values_of(action: Action) -> Values:
    values: Values = {name: getattr(action, f"{name}_id") for name in _RELATED}
    values.update({name: getattr(action, name) for name in ("title", "description", "due_date", "status")})
    values.update({name: frozenset(item.pk for item in getattr(action, name).all()) for name in _MANY})
    return values


def _values_of_records(records: list[Any]) -> list[Values]:
    many: dict[str, dict[int, set[int]]] = {name: {} for name in _MANY}
    ids = [record.history_id for record in records]
    for name in _MANY:
        model = apps.get_model("actions", f"HistoricalAction_{name}")
        column = f"{_MANY[name]._meta.model_name}_id"
        for history_id, item_id in model.objects.filter(history_id__in=ids).values_list("history_id", column):
            many[name].setdefault(history_id, set()).add(item_id)
    values = []
    for record in records:
        row: Values = {name: getattr(record, f"{name}_id") for name in _RELATED}
        row.update({name: getattr(record, name) for name in ("title", "description", "due_date", "status")})
        row.update({name: frozenset(many[name].get(record.history_id, ())) for name in _MANY})
        values.append(row)
    return values


class _Display:
    """Turns stored values into what a person reads, looking up each kind of name in one query."""

    def __init__(self, rows: Iterable[Mapping[str, Any]]) -> None:
        rows = list(rows)
        self.names: dict[str, dict[int, str]] = {}
        for name, model in {**_RELATED, **_MANY}.items():
            wanted: set[int] = set()
            for row in rows:
                value = row.get(name)
                if isinstance(value, frozenset | set):
                    wanted |= value
                elif value is not None:
                    wanted.add(value)
            found = model._default_manager.filter(pk__in=wanted) if wanted else []
            self.names[name] = {item.pk: str(item) for item in found}

    def __call__(self, name: str, value: Any) -> str:
        if name in _MANY:
            names = sorted(self.names[name].get(pk, f"deleted ({pk})") for pk in value)
            return ", ".join(names) if names else "None"
        if value is None or value == "":
            return "Not set"
        if name in _RELATED:
            return self.names[name].get(value, f"deleted ({value})")
        if name == "status":
            return str(ActionStatus(value).label)
        if isinstance(value, datetime.date):
            return date_format(value, "j F Y")
        return str(value)


def _entries(
    records: list[Any], values: list[Values], display: _Display, *, before: Values | None
) -> list[HistoryEntry]:
    entries = []
    previous = before
    for record, row in zip(records, values, strict=True):
        reason = record.history_change_reason or ""
        if record.history_type == "+" or previous is None:
            summary = reason or "Added the action to the plan"
            changes: list[FieldChange] = []
            reason = ""
        else:
            changes = [
                FieldChange(label_of(name), display(name, previous[name]), display(name, row[name]))
                for name in FIELDS
                if previous[name] != row[name]
            ]
            summary = "Cancelled the action" if row["status"] == ActionStatus.CANCELLED and changes else "Changed"
        previous = row
        if changes or record.history_type == "+" or reason:
            entries.append(
                HistoryEntry(
                    at=record.history_date,
                    by=record.history_user,
                    summary=summary,
                    changes=changes,
                    reason=reason,
                    lock_version=record.lock_version,
                )
            )
    return entries


def _records(action: Action, *, newest: int | None = None) -> list[Any]:
    """The action's history records, oldest first: all of them, or only the `newest` few."""
    records = action.history.select_related("history_user").order_by("-history_date", "-history_id")  # type: ignore[attr-defined]
    return list(reversed(records if newest is None else records[:newest]))


def action_history(*, action: Action, limit: int | None = None) -> list[HistoryEntry]:
    """Every change to this version of the action, newest first; saves that changed nothing are left out.

    With a `limit`, the newest `limit` entries only. They are worked out from the newest records
    alone (twice as many, the oldest of them only the starting point of the comparison) unless
    those hold too few changes: a long history costs the action page no more than a short one.
    """
    records = _records(action, newest=None if limit is None else 2 * limit + 1)
    values = _values_of_records(records)
    if limit is not None and len(records) == 2 * limit + 1:
        entries = _entries(records[1:], values[1:], _Display(values), before=values[0])
        if len(entries) >= limit:
            return list(reversed(entries))[:limit]
        records = _records(action)
        values = _values_of_records(records)
    return list(reversed(_entries(records, values, _Display(values), before=None)))[:limit]


def action_conflict(*, current: Action, opened_version: int, submitted: Values) -> Conflict:
    """Compare the version an editor opened, what others saved since, and what the editor sent.

    The merged values keep everything the others saved and lay the editor's own changes over it,
    so saving them again overwrites nothing the editor did not mean to change.
    """
    records = _records(current)
    values = _values_of_records(records)
    now = values_of(current)
    opened_at = [index for index, record in enumerate(records) if record.lock_version == opened_version]
    opened = values[opened_at[-1]] if opened_at else None
    display = _Display([*values, now, submitted])
    if opened is None:
        # Without a record of what the editor saw, every field they sent counts as their change.
        merged = dict(submitted)
        rows = [
            ConflictRow(label_of(name), "Unknown", display(name, now[name]), display(name, submitted[name]))
            for name in FIELDS
        ]
        later: list[Any] = records
        before = None
    else:
        merged = {name: submitted[name] if submitted[name] != opened[name] else now[name] for name in FIELDS}
        rows = [
            ConflictRow(
                label_of(name), display(name, opened[name]), display(name, now[name]), display(name, submitted[name])
            )
            for name in FIELDS
            if now[name] != opened[name] or submitted[name] != opened[name]
        ]
        later = records[opened_at[-1] + 1 :]
        before = opened
    start = len(records) - len(later)
    entries = _entries(later, values[start:], display, before=before)
    return Conflict(rows=rows, entries=list(reversed(entries)), merged=merged)
