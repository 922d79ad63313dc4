"""The README's table of roles says what the rules allow: each cell is checked against has_perm.

Each row names a permission and a representative object; each column a persona of
tests/conftest.py. Changing a rule without updating the README (or the other way round) fails here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import models

from actions.choices import PlanStatus
from boards.models import Board
from swp.models import User
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.performance.factories import IndicatorFactory

README = Path(settings.BASE_DIR) / "README.md"
START, END = "<!-- roles-table -->", "<!-- /roles-table -->"

# README column heading -> the persona fixture it stands for.
PERSONAS = {
    "Administrator": "admin_user",
    "SWP chair": "swp_chair",
    "Executive chair": "executive_chair",
    "Victim Board chair": "victim_chair",
    "CONTEST chair (CTC)": "contest_chair",
    "Tasking officer": "tasking_officer",
    "Action owner": "action_owner",
    "Analyst": "analyst",
    "Scrutiny councillor": "scrutiny_member",
    "Victim Board member": "uncleared_member",
}


@dataclass(frozen=True)
class Capability:
    permission: str
    target: Callable[[pytest.FixtureRequest], models.Model | None]


def _board(slug: str) -> Callable[[pytest.FixtureRequest], Board]:
    return lambda request: request.getfixturevalue(f"{slug}_board")


def _plan(slug: str, status: PlanStatus) -> Callable[[pytest.FixtureRequest], models.Model]:
    return lambda request: ActionPlanFactory(board=request.getfixturevalue(f"{slug}_board"), status=status)


def _owned_action(request: pytest.FixtureRequest) -> models.Model:
    plan = ActionPlanFactory(board=request.getfixturevalue("victim_board"), status=PlanStatus.APPROVED)
    return ActionFactory(plan=plan, owner=request.getfixturevalue("action_owner"))


def _victim_indicator(request: pytest.FixtureRequest) -> models.Model:
    board = request.getfixturevalue("victim_board")
    return IndicatorFactory(partnership=board.partnership, board=board)


# README row label -> what it means in the rules.
CAPABILITIES = {
    "Open the CONTEST Board and see its work": Capability("boards.view_board", _board("contest")),
    "Record a meeting": Capability("boards.add_meeting", lambda request: None),
    "Edit the Victim Board's draft plan": Capability("actions.change_plan", _plan("victim", PlanStatus.DRAFT)),
    "Approve a submitted plan": Capability("actions.approve_plan", _plan("offender", PlanStatus.SUBMITTED)),
    "Update progress on a Victim Board action": Capability("actions.add_progress_update", _owned_action),
    "Give a Victim Board indicator a chair's RAG": Capability("performance.rate_indicator", _victim_indicator),
    "Import figures": Capability("performance.import_figures", lambda request: None),
    "See the Executive view": Capability("actions.view_executive", lambda request: None),
    "Request a performance pack": Capability("performance.request_pack", lambda request: None),
    "Read performance packs": Capability("performance.view_packs", lambda request: None),
    "Export the audit log": Capability("swp.export_audit", lambda request: None),
}


def readme_table() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    assert START in text, f"README.md lost its {START} marker"
    assert END in text, f"README.md lost its {END} marker"
    lines = text.split(START, 1)[1].split(END, 1)[0].strip().splitlines()
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines]
    return [rows[0], *rows[2:]]  # without the |---| line


def test_the_table_has_a_column_per_persona_and_a_row_per_capability() -> None:
    header, *rows = readme_table()
    assert header[1:] == list(PERSONAS)
    assert [row[0] for row in rows] == list(CAPABILITIES)
    assert all(len(row) == len(header) for row in rows)


@pytest.mark.django_db
@pytest.mark.parametrize("label", list(CAPABILITIES))
def test_each_cell_says_what_the_rules_allow(label: str, request: pytest.FixtureRequest) -> None:
    header, *rows = readme_table()
    cells = dict(zip(header[1:], next(row for row in rows if row[0] == label)[1:], strict=True))
    capability = CAPABILITIES[label]
    people: dict[str, User] = {column: request.getfixturevalue(fixture) for column, fixture in PERSONAS.items()}
    target = capability.target(request)
    allowed = {
        column: "Yes" if person.has_perm(capability.permission, target) else "No" for column, person in people.items()
    }
    assert cells == allowed
