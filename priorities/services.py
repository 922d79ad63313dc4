from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from boards.models import Board
from priorities.models import Aim, Cohort, Objective, Principle, StrategicAssessment, Strategy, Theme
from priorities.partnership_file import (
    PartnershipFileError,
    PartnershipSpec,
    partnership_file_parse,
    partnership_file_sections,
)
from swp.models import Organisation, Partnership, Place


@dataclass
class LoadReport:
    """What a load created and changed, by kind of thing, so a second run can show it did nothing."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    # Rows made by this load: filling in their relations is part of creating them, not an update.
    new_objects: set[tuple[type, int]] = field(default_factory=set)

    def record(self, kind: str, *, created: bool, changed: bool) -> None:
        if created:
            self.created[kind] = self.created.get(kind, 0) + 1
        elif changed:
            self.updated[kind] = self.updated.get(kind, 0) + 1

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)


def _upsert(model, report: LoadReport, kind: str, *, lookup: dict, values: dict):  # type: ignore[no-untyped-def]
    """Create or update one row, counting it only when something actually differs."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model.objects.create(**lookup, **values)
        report.record(kind, created=True, changed=True)
        report.new_objects.add((model, instance.pk))
        return instance
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.save(update_fields=changed)
        report.record(kind, created=False, changed=True)
    return instance


def _set_many(instance, report: LoadReport, kind: str, name: str, targets: list) -> None:  # type: ignore[no-untyped-def]
    manager = getattr(instance, name)
    if {target.pk for target in targets} != set(manager.values_list("pk", flat=True)):
        manager.set(targets)
        report.record(kind, created=False, changed=(type(instance), instance.pk) not in report.new_objects)


def partnership_load(*, text: str) -> LoadReport:
    """Create or update a partnership from a partnership file; all or nothing."""
    spec = partnership_file_parse(text)
    with transaction.atomic():
        return _apply(spec)


def _apply(spec: PartnershipSpec) -> LoadReport:
    report = LoadReport()
    details = spec.partnership
    partnership = _upsert(
        Partnership,
        report,
        "partnership",
        lookup={"slug": details["slug"]},
        values={
            "name": details["name"],
            "short_name": details.get("short_name", ""),
            "local_authority": details["local_authority"],
            "local_authority_code": details.get("local_authority_code", ""),
        },
    )
    scoped = {"partnership": partnership}

    if spec.strategy is not None:
        current = partnership.strategies.filter(is_current=True).first()
        values = {"title": spec.strategy.get("title", "Strategy"), "vision": spec.strategy["vision"]}
        if current is None:
            Strategy.objects.create(partnership=partnership, is_current=True, **values)
            report.record("strategy", created=True, changed=True)
        else:
            _upsert(Strategy, report, "strategy", lookup={"pk": current.pk}, values=values)

    for assessment in spec.strategic_assessments:
        _upsert(
            StrategicAssessment,
            report,
            "strategic assessment",
            lookup={**scoped, "title": assessment["title"]},
            values={"published_on": assessment["published_on"], "summary": assessment["summary"]},
        )

    principles = {
        item["slug"]: _upsert(
            Principle,
            report,
            "principle",
            lookup={**scoped, "slug": item["slug"]},
            values={"text": item["text"], "order": order},
        )
        for order, item in enumerate(spec.principles, start=1)
    }
    themes = {
        item["slug"]: _upsert(
            Theme,
            report,
            "theme",
            lookup={**scoped, "slug": item["slug"]},
            values={"name": item["name"], "description": item.get("description", "")},
        )
        for item in spec.themes
    }
    cohorts = {
        item["slug"]: _upsert(
            Cohort,
            report,
            "cohort",
            lookup={**scoped, "slug": item["slug"]},
            values={"name": item["name"], "description": item.get("description", "")},
        )
        for item in spec.cohorts
    }
    for item in spec.organisations:
        _upsert(
            Organisation,
            report,
            "organisation",
            lookup={**scoped, "slug": item["slug"]},
            values={"name": item["name"], "short_name": item.get("short_name", ""), "kind": item.get("kind", "other")},
        )
    places = {
        item["slug"]: _upsert(
            Place,
            report,
            "place",
            lookup={**scoped, "slug": item["slug"]},
            values={"name": item["name"], "kind": item.get("kind", "ward"), "ons_code": item.get("ons_code", "")},
        )
        for item in spec.places
    }
    for item in spec.places:
        if "wards" in item:
            _set_many(places[item["slug"]], report, "place", "wards", [places[slug] for slug in item["wards"]])

    boards: dict[str, Board] = {}
    for order, board_spec in enumerate(spec.boards, start=1):
        boards[board_spec.slug] = _upsert(
            Board,
            report,
            "board",
            lookup={**scoped, "slug": board_spec.slug},
            values={
                "name": board_spec.name,
                "kind": board_spec.kind,
                "description": board_spec.description,
                "chair_title": board_spec.chair_title,
                "required_clearance": board_spec.required_clearance,
                "order": order,
            },
        )
    # Parents and member boards refer to boards anywhere in the file, so they are set once all exist.
    for board_spec in spec.boards:
        board = boards[board_spec.slug]
        parent = boards[board_spec.parent] if board_spec.parent else None
        if board.parent_id != (parent.pk if parent else None):
            board.parent = parent
            board.save(update_fields=["parent"])
            report.record("board", created=False, changed=(Board, board.pk) not in report.new_objects)
        _set_many(board, report, "board", "member_boards", [boards[slug] for slug in board_spec.member_boards])
        _load_aim_and_objectives(
            board, board_spec, report, principles=principles, themes=themes, cohorts=cohorts, places=places
        )
    for section in partnership_file_sections():
        if section.key in spec.extras:
            section.apply(partnership=partnership, spec=spec.extras[section.key], report=report)
    return report


def _load_aim_and_objectives(board, board_spec, report, *, principles, themes, cohorts, places) -> None:  # type: ignore[no-untyped-def]
    if board_spec.aim:
        _upsert(Aim, report, "aim", lookup={"board": board}, values={"text": board_spec.aim})
    for order, objective_spec in enumerate(board_spec.objectives, start=1):
        objective = _upsert(
            Objective,
            report,
            "objective",
            lookup={"board": board, "order": order},
            values={"text": objective_spec.text},
        )
        _set_many(
            objective, report, "objective", "principles", [principles[slug] for slug in objective_spec.principles]
        )
        _set_many(objective, report, "objective", "themes", [themes[slug] for slug in objective_spec.themes])
        _set_many(objective, report, "objective", "cohorts", [cohorts[slug] for slug in objective_spec.cohorts])
        _set_many(objective, report, "objective", "places", [places[slug] for slug in objective_spec.places])
    surplus = board.objectives.filter(order__gt=len(board_spec.objectives))
    if surplus.filter(actions__isnull=False).exists():
        raise PartnershipFileError(
            [
                f"boards.{board_spec.slug}.objectives: the file drops objectives that still have actions; "
                "move those actions first"
            ]
        )
    deleted, _ = surplus.delete()
    if deleted:
        report.record("objective", created=False, changed=True)
