"""The partnership file loader, on Westminster's own file and on broken ones."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from boards.choices import BoardKind
from boards.models import Board
from priorities.models import Aim, Cohort, Objective, Principle, Strategy
from swp.choices import Clearance
from swp.models import Partnership, Place

WESTMINSTER_FILE = Path(settings.BASE_DIR) / "partnerships" / "westminster.yaml"
SEED = Path(settings.SHARED_DATA_DIR).parent / "seeds" / "000_e25bf6c85e0dc9b8.txt"

pytestmark = pytest.mark.django_db


def load(path: Path | str) -> str:
    out = StringIO()
    call_command("load_partnership", str(path), stdout=out)
    return out.getvalue()


def seed_boards() -> dict[str, tuple[str, list[str]]]:
    """Each board's aim and objectives as the committee report words them (sections 2.6 to 2.9)."""
    if not SEED.exists():
        pytest.skip(f"the seed document is not at {SEED}")
    text = SEED.read_text(encoding="utf-8")
    boards = {}
    sections = re.split(r"^2\.[6-9]\s+\**(\w+)\**\s*$", text.split("3 Next steps")[0], flags=re.MULTILINE)
    for name, body in zip(sections[1::2], sections[2::2], strict=True):
        aim_part, _, objectives_part = body.partition("Objectives:-")
        aim = next(line.strip("• ").strip() for line in aim_part.splitlines() if line.strip().startswith("•"))
        objectives = [
            line.strip().lstrip("-•").strip().rstrip(";").strip()
            for line in objectives_part.splitlines()
            if line.strip().startswith(("-", "•"))
        ]
        boards[name.lower()] = (aim, objectives)
    return boards


def test_westminster_aims_and_objectives_are_the_seeds_words():
    load(WESTMINSTER_FILE)
    expected = seed_boards()
    assert set(expected) == {"victim", "offender", "location", "contest"}
    for slug, (aim, objectives) in expected.items():
        board = Board.objects.get(slug=slug)
        assert board.aim.text == aim
        assert [objective.text for objective in board.objectives.order_by("order")] == objectives


def test_westminster_structure_vision_and_principles():
    load(WESTMINSTER_FILE)
    partnership = Partnership.objects.get()
    assert partnership.local_authority == "Westminster"
    assert Strategy.objects.get(is_current=True).vision == (
        "Making Westminster safer by working in partnership to reduce the risk and harm of crime and ASB, "
        "focusing on protecting the most vulnerable within our communities"
    )
    assert Principle.objects.count() == 2
    assert set(Board.objects.filter(kind=BoardKind.THEMATIC).values_list("slug", flat=True)) == {
        "victim",
        "offender",
        "location",
        "contest",
    }
    assert Board.objects.exclude(kind=BoardKind.EXTERNAL).count() == 6

    executive = Board.objects.get(slug="executive")
    assert executive.parent.slug == "swp"
    assert "Fire Service" in executive.chair_title
    assert set(executive.member_boards.values_list("slug", flat=True)) == {"victim", "offender", "location", "contest"}
    assert set(Board.objects.filter(parent=executive).values_list("slug", flat=True)) == {
        "victim",
        "offender",
        "location",
        "contest",
    }

    assert set(Board.objects.filter(kind=BoardKind.EXTERNAL).values_list("name", flat=True)) == {
        "Health and Wellbeing Board",
        "Adult Safeguarding Board",
        "Children's Safeguarding Board",
    }
    assert Board.objects.get(slug="contest").required_clearance == Clearance.CTC
    assert not Board.objects.exclude(slug="contest").filter(required_clearance__gt=Clearance.NONE).exists()


def test_westminster_places_and_cohorts_are_linked_to_objectives():
    load(WESTMINSTER_FILE)
    location_objective = Objective.objects.get(board__slug="location")
    assert {(place.name, place.ons_code) for place in location_objective.places.all()} == {
        ("Queen's Park", "E05013804"),
        ("Church Street", "E05013794"),
        ("West End", "E05013808"),
    }
    assert Place.objects.filter(kind="ward").count() == 18
    assert set(Cohort.objects.values_list("name", flat=True)) == {
        "Repeat victims",
        "High-risk domestic violence victims",
        "Under-25s at risk of serious youth violence",
        "Prolific offenders",
        "Foreign national offenders",
    }
    assert Objective.objects.filter(cohorts__slug="foreign-national-offenders", board__slug="offender").exists()


def test_second_load_changes_nothing():
    load(WESTMINSTER_FILE)
    counts = {model: model.objects.count() for model in (Board, Objective, Aim, Place, Cohort, Principle)}
    output = load(WESTMINSTER_FILE)
    assert "nothing changed" in output
    assert {model: model.objects.count() for model in counts} == counts


def test_edited_file_updates_in_place(tmp_path):
    load(WESTMINSTER_FILE)
    edited = tmp_path / "edited.yaml"
    edited.write_text(
        WESTMINSTER_FILE.read_text().replace(
            "aim: Identify and work with repeat victims to reduce their vulnerability.",
            "aim: Reduce repeat victimisation.",
        )
    )
    output = load(edited)
    assert "Updated: 1 aim" in output
    assert Aim.objects.get(board__slug="victim").text == "Reduce repeat victimisation."
    assert Board.objects.filter(slug="victim").count() == 1


BROKEN = """\
partnership:
  slug: elsewhere
  name: Safer Elsewhere
  local_authority: Elsewhere
boards:
  - slug: one
    name: Board one
    kind: thematic
    parent: missing-board
    objectives:
      - text: Do something
        cohorts: [nobody]
  - slug: two
    name: Board two
    kind: committee
    colour: blue
"""


def test_broken_file_loads_nothing_and_names_each_problem(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN)
    with pytest.raises(CommandError) as error:
        load(broken)
    message = str(error.value)
    assert "nothing was changed" in message
    assert "boards[0].parent (line 9): 'missing-board' is not a board in this file" in message
    assert "boards[0].objectives[0].cohorts[0] (line 12): 'nobody' is not defined in this file" in message
    assert "boards[1].kind (line 15): 'committee' is not one of" in message
    assert "boards[1].colour (line 16): unknown key" in message
    assert not Partnership.objects.exists()
    assert not Board.objects.exists()


def test_invalid_yaml_names_the_line(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("partnership:\n  slug: x\n  name: [unclosed\nboards: []\n")
    with pytest.raises(CommandError, match=r"line \d+: not valid YAML"):
        load(broken)
    assert not Partnership.objects.exists()


def test_another_borough_loads_its_own_structure(tmp_path):
    other = tmp_path / "camden.yaml"
    other.write_text(
        "partnership: {slug: scp, name: Safer Camden Partnership, local_authority: Camden}\n"
        "places:\n  - {slug: kentish-town, name: Kentish Town, ons_code: E05013660}\n"
        "boards:\n  - {slug: scp, name: Safer Camden Partnership, kind: partnership}\n"
        "  - slug: hate-crime\n    name: Hate Crime Board\n    kind: thematic\n    parent: scp\n"
        "    aim: Reduce hate crime.\n    objectives:\n      - text: Support victims of hate crime\n"
        "        places: [kentish-town]\n"
    )
    load(other)
    board = Board.objects.get(slug="hate-crime")
    assert board.partnership.local_authority == "Camden"
    assert board.objectives.get().places.get().name == "Kentish Town"
