"""The pack's workbook: what people typed stays text, and it says what the PDF says of each indicator."""

from __future__ import annotations

import io
import zipfile

import openpyxl

from actions.choices import ActionStatus, Rag
from performance.models import Measurement
from performance.packs.snapshot import snapshot_gather
from performance.packs.xlsx import pack_xlsx_render
from tests.actions.factories import ActionFactory
from tests.performance.factories import ChairRatingFactory
from tests.performance.packs.conftest import QUARTER, PackWorld, there_from_the_quarters_start

FORMULA = '=HYPERLINK("http://evil.example/x","Click for the figures")'


def test_a_title_that_looks_like_a_formula_is_written_as_text(pack_world: PackWorld) -> None:
    plan = pack_world.overdue_action.plan
    there_from_the_quarters_start(
        ActionFactory(
            plan=plan, title=FORMULA, status=ActionStatus.IN_PROGRESS, due_date=pack_world.overdue_action.due_date
        )
    )

    workbook = pack_xlsx_render(
        snapshot=snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER), cover={}, version=1
    )

    with zipfile.ZipFile(io.BytesIO(workbook)) as parts:
        sheets = [parts.read(name).decode() for name in parts.namelist() if name.startswith("xl/worksheets/")]
        strings = parts.read("xl/sharedStrings.xml").decode()
    assert not any("<f>" in sheet for sheet in sheets)
    assert f"<t>{FORMULA}</t>" in strings


def test_it_marks_part_quarter_values_and_gives_the_chairs_rating_as_the_pdf_does(pack_world: PackWorld) -> None:
    Measurement.objects.filter(indicator=pack_world.indicator, quarter=QUARTER, place=None).update(is_partial=True)
    ChairRatingFactory(
        indicator=pack_world.indicator, quarter=QUARTER, rag=Rag.AMBER, reason="September's figures are not all in."
    )

    workbook = openpyxl.load_workbook(
        io.BytesIO(
            pack_xlsx_render(
                snapshot=snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER), cover={}, version=1
            )
        )
    )

    header, *rows = workbook["Indicators"].iter_rows(values_only=True)
    (indicator,) = [dict(zip(header, row, strict=True)) for row in rows]
    assert indicator["Q2 2025/26"] == 72.5
    assert indicator["Part of the quarter only"] == "Q2 2025/26"
    assert (indicator["Chair's RAG"], indicator["Chair's reason"]) == ("Amber", "September's figures are not all in.")
    header, *rows = workbook["Figures"].iter_rows(values_only=True)
    values = {
        (row["Measure"], row["Quarter"]): row["Value"]
        for row in (dict(zip(header, row, strict=True)) for row in rows)
        if row["Section"] == "Indicators"
    }
    assert values[("Value, part of the quarter only", "Q2 2025/26")] == 72.5
    assert values[("Value", "Q1 2025/26")] == 69
