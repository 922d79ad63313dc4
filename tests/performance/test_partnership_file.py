"""Indicators defined in the partnership file: checked with the rest of it, loaded idempotently."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from performance.choices import Direction, IndicatorSource
from performance.models import Indicator
from performance.services import mps_crime_import
from swp.models import Partnership
from swp.quarters import FinancialQuarter
from tests.performance.conftest import sample

pytestmark = pytest.mark.django_db

WESTMINSTER_FILE = Path(settings.BASE_DIR) / "partnerships" / "westminster.yaml"

SMALL = """\
partnership: {slug: elsewhere, name: Safer Elsewhere, local_authority: Westminster}
places:
  - {slug: queens-park, name: Queen's Park, ons_code: E05013804}
boards:
  - slug: location
    name: Location Board
    kind: thematic
    objectives:
      - text: Reduce crime in Queen's Park
indicators:
  - code: crime-total-queens-park
    name: Total recorded crime, Queen's Park
    board: location
    objective: 1
    direction: lower
    baseline: {value: 216, quarter: Q1 2024/25}
    target: 230
    source: mps_crime
    places: [queens-park]
"""


def load(path: Path) -> str:
    out = StringIO()
    call_command("load_partnership", str(path), stdout=out)
    return out.getvalue()


def test_westminster_defines_the_location_boards_crime_indicators() -> None:
    load(WESTMINSTER_FILE)
    queens_park = Indicator.objects.get(code="crime-total-queens-park")
    assert queens_park.board.slug == "location"
    assert queens_park.objective == queens_park.board.objectives.get(order=1)
    assert (queens_park.direction, queens_park.target, queens_park.tolerance_percent) == (Direction.LOWER, 230, 5)
    assert (queens_park.baseline_value, queens_park.baseline_quarter) == (216, FinancialQuarter(2024, 1))
    assert queens_park.source == IndicatorSource.MPS_CRIME
    assert [place.ons_code for place in queens_park.places.all()] == ["E05013804"]
    violence = Indicator.objects.get(code="vap-west-end")
    assert violence.mps_major_category == "VIOLENCE AGAINST THE PERSON"


def test_loading_again_changes_nothing() -> None:
    load(WESTMINSTER_FILE)
    before = list(Indicator.objects.values())
    assert "nothing changed" in load(WESTMINSTER_FILE)
    assert list(Indicator.objects.values()) == before


def test_an_edited_indicator_is_updated_in_place_and_fed_again(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL)
    load(path)
    mps_crime_import(
        partnership=Partnership.objects.get(), data=sample("mps-wards-sample.csv"), file_name="w.csv", by=None
    )
    all_crime = dict(Indicator.objects.get().measurements.values_list("quarter", "value"))

    path.write_text(SMALL.replace("    places: [queens-park]", "    mps_category: theft\n    places: [queens-park]"))
    assert "Updated: 1 indicator" in load(path)

    indicator = Indicator.objects.get()
    assert indicator.mps_major_category == "THEFT"
    theft = dict(indicator.measurements.values_list("quarter", "value"))
    assert set(theft) == set(all_crime)
    assert all(theft[quarter] < all_crime[quarter] for quarter in theft)


BROKEN = """\
partnership: {slug: elsewhere, name: Safer Elsewhere, local_authority: Elsewhere}
places:
  - {slug: high-street, name: High Street}
boards:
  - {slug: one, name: Board one, kind: thematic, objectives: [{text: Do something}]}
indicators:
  - code: Bad Code
    name: A
    board: one
  - code: b
    name: B
    board: two
  - code: c
    name: C
    board: one
    objective: 3
    direction: sideways
    baseline: {value: 1, quarter: Q5 2024}
    tolerance_percent: 500
    colour: red
  - code: d
    name: D
    board: one
    mps_category: THEFT
    places: [nowhere]
  - code: d
    name: D again
    board: one
"""


def test_each_problem_is_named_with_its_key_path_and_line_and_nothing_loads(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN)
    with pytest.raises(CommandError) as error:
        load(path)
    message = str(error.value)
    for problem in [
        "indicators[0].code (line 7): use lower-case letters, numbers and hyphens only",
        "indicators[1].board (line 12): 'two' is not a board in this file",
        "indicators[2].objective (line 16): board 'one' has 1 objective in this file",
        "indicators[2].direction (line 17): 'sideways' is not one of higher, lower",
        "indicators[2].baseline.quarter (line 18): 'Q5 2024' is not a financial quarter",
        "indicators[2].tolerance_percent (line 19): expected 0 to 100",
        "indicators[2].colour (line 20): unknown key",
        "indicators[3].mps_category (line 24): only an mps_crime indicator has a category",
        "indicators[3].places[0] (line 25): 'nowhere' is not defined in this file",
        "indicators[4].code (line 26): 'd' is used twice",
    ]:
        assert problem in message
    assert not Partnership.objects.exists()
    assert not Indicator.objects.exists()


def test_a_file_without_indicators_leaves_those_defined_in_the_browser(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL)
    load(path)
    path.write_text(SMALL.split("indicators:")[0])
    load(path)
    assert Indicator.objects.get().target == Decimal(230)
