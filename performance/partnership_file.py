"""The `indicators:` section of a partnership file: indicators defined alongside the boards.

    indicators:
      - code: crime-total-queens-park
        name: Total recorded crime, Queen's Park
        board: location
        objective: 1              # the board's first objective in this file (optional)
        unit: crimes
        direction: lower          # or higher
        baseline: {value: 320, quarter: Q1 2024/25}
        target: 300
        tolerance_percent: 5
        source: mps_crime         # entered (the default), csv or mps_crime
        mps_category: VIOLENCE AGAINST THE PERSON   # mps_crime only; omit for all crime
        places: [queens-park]

Checked with the rest of the file (problems carry the key path and line), loaded in the same
transaction, and idempotent: loading the same file again changes nothing. Indicators an analyst
defined in the browser, and so absent from the file, are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from performance.choices import Direction, IndicatorSource
from performance.models import Indicator
from performance.services.mps_feed import mps_indicators_refresh
from priorities.partnership_file import Checker, Node, PartnershipSpec
from priorities.services import LoadReport
from swp.models import Partnership
from swp.quarters import FinancialQuarter

_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DIRECTIONS = {choice.value: choice.value for choice in Direction}
_SOURCES = {choice.value: choice.value for choice in IndicatorSource}
_KEYS = {
    "code",
    "name",
    "description",
    "board",
    "objective",
    "unit",
    "direction",
    "baseline",
    "target",
    "tolerance_percent",
    "source",
    "mps_category",
    "places",
}


@dataclass
class IndicatorSpec:
    code: str
    board: str
    objective: int | None
    places: list[str]
    fields: dict[str, Any] = field(default_factory=dict)


def _number(check: Checker, mapping: dict[str, Node], key: str, path: str) -> Decimal | None:
    node = mapping.get(key)
    if node is None:
        return None
    if isinstance(node.value, bool) or not isinstance(node.value, int | float):
        check.fail(f"{path}.{key}", node, "expected a number")
        return None
    return Decimal(str(node.value))


def _baseline(check: Checker, node: Node | None, path: str) -> tuple[Decimal | None, FinancialQuarter | None]:
    if node is None:
        return None, None
    mapping = check.mapping(node, path, allowed={"value", "quarter"}, required={"value", "quarter"})
    value = _number(check, mapping, "value", path)
    quarter_node = mapping.get("quarter")
    try:
        quarter = FinancialQuarter.parse(str(quarter_node.value)) if quarter_node is not None else None
    except ValueError as error:
        check.fail(f"{path}.quarter", quarter_node, str(error))
        quarter = None
    return value, quarter


def indicators_parse(check: Checker, node: Node, spec: PartnershipSpec) -> list[IndicatorSpec]:
    boards = {board.slug: board for board in spec.boards}
    place_slugs = {str(place["slug"]) for place in spec.places if place.get("slug")}
    seen: set[str] = set()
    indicators = []
    for index, item in enumerate(check.sequence(node, "indicators")):
        path = f"indicators[{index}]"
        mapping = check.mapping(item, path, allowed=_KEYS, required={"code", "name", "board"})
        code = check.text(mapping, "code", path)
        if code and not _CODE.match(code):
            check.fail(f"{path}.code", mapping["code"], "use lower-case letters, numbers and hyphens only")
        elif code in seen:
            check.fail(f"{path}.code", mapping["code"], f"{code!r} is used twice")
        seen.add(code)
        board = check.text(mapping, "board", path)
        if board and board not in boards:
            check.fail(f"{path}.board", mapping["board"], f"{board!r} is not a board in this file")
        objective = None
        if "objective" in mapping:
            objective_node = mapping["objective"]
            count = len(boards[board].objectives) if board in boards else 0
            if isinstance(objective_node.value, bool) or not isinstance(objective_node.value, int):
                check.fail(f"{path}.objective", objective_node, "expected the objective's number on its board")
            elif not 1 <= objective_node.value <= count:
                plural = "" if count == 1 else "s"
                check.fail(
                    f"{path}.objective", objective_node, f"board {board!r} has {count} objective{plural} in this file"
                )
            else:
                objective = objective_node.value
        source = check.choice(mapping, "source", path, _SOURCES, default=IndicatorSource.ENTERED)
        category = check.text(mapping, "mps_category", path)
        if category and source != IndicatorSource.MPS_CRIME:
            check.fail(f"{path}.mps_category", mapping["mps_category"], "only an mps_crime indicator has a category")
        tolerance = _number(check, mapping, "tolerance_percent", path)
        if tolerance is not None and not 0 <= tolerance <= 100:
            check.fail(f"{path}.tolerance_percent", mapping["tolerance_percent"], "expected 0 to 100")
        baseline_value, baseline_quarter = _baseline(check, mapping.get("baseline"), f"{path}.baseline")
        indicators.append(
            IndicatorSpec(
                code=code,
                board=board,
                objective=objective,
                places=check.slugs(mapping, "places", path, place_slugs),
                fields={
                    "name": check.text(mapping, "name", path),
                    "description": check.text(mapping, "description", path),
                    "unit": check.text(mapping, "unit", path),
                    "direction": check.choice(mapping, "direction", path, _DIRECTIONS, default=Direction.LOWER),
                    "baseline_value": baseline_value,
                    "baseline_quarter": baseline_quarter,
                    "target": _number(check, mapping, "target", path),
                    "tolerance_percent": tolerance if tolerance is not None else Decimal(5),
                    "source": source,
                    "mps_major_category": " ".join(category.split()).upper(),
                },
            )
        )
    return indicators


def indicators_apply(*, partnership: Partnership, spec: list[IndicatorSpec], report: LoadReport) -> None:
    """Create or update each indicator in the file, counting only what really changed."""
    boards = {board.slug: board for board in partnership.boards.all()}
    places = {place.slug: place for place in partnership.places.all()}
    existing = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(
            partnership=partnership, code__in=[item.code for item in spec]
        ).prefetch_related("places")
    }
    to_feed = []
    for item in spec:
        board = boards[item.board]
        objective = board.objectives.filter(order=item.objective).first() if item.objective else None
        values = {**item.fields, "board": board, "objective": objective}
        wanted_places = {places[slug] for slug in item.places}
        indicator = existing.get(item.code)
        if indicator is None:
            indicator = Indicator.objects.create(partnership=partnership, code=item.code, **values)
            indicator.places.set(wanted_places)
            report.record("indicator", created=True, changed=True)
            to_feed.append(indicator)
            continue
        changed = [name for name, value in values.items() if getattr(indicator, name) != value]
        for name in changed:
            setattr(indicator, name, values[name])
        if changed:
            indicator.save(update_fields=changed)
        if set(indicator.places.all()) != wanted_places:
            indicator.places.set(wanted_places)
            changed.append("places")
        if changed:
            report.record("indicator", created=False, changed=True)
            to_feed.append(indicator)
    mps_fed = [indicator for indicator in to_feed if indicator.source == IndicatorSource.MPS_CRIME]
    if mps_fed:
        mps_indicators_refresh(partnership=partnership, by=None, indicators=mps_fed)
