"""The pack's workbook writes what people typed as text: a title that looks like a formula stays one."""

from __future__ import annotations

import io
import zipfile

from actions.choices import ActionStatus
from performance.packs.snapshot import snapshot_gather
from performance.packs.xlsx import pack_xlsx_render
from tests.actions.factories import ActionFactory
from tests.performance.packs.conftest import QUARTER, PackWorld

FORMULA = '=HYPERLINK("http://evil.example/x","Click for the figures")'


def test_a_title_that_looks_like_a_formula_is_written_as_text(pack_world: PackWorld) -> None:
    plan = pack_world.overdue_action.plan
    ActionFactory(
        plan=plan, title=FORMULA, status=ActionStatus.IN_PROGRESS, due_date=pack_world.overdue_action.due_date
    )

    workbook = pack_xlsx_render(
        snapshot=snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER), cover={}, version=1
    )

    with zipfile.ZipFile(io.BytesIO(workbook)) as parts:
        sheets = [parts.read(name).decode() for name in parts.namelist() if name.startswith("xl/worksheets/")]
        strings = parts.read("xl/sharedStrings.xml").decode()
    assert not any("<f>" in sheet for sheet in sheets)
    assert f"<t>{FORMULA}</t>" in strings
