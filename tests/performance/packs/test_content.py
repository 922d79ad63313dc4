"""What a built pack holds, read back from its files: the PDF's text (pypdf) and the workbook's cells
(openpyxl). The cover, each board's aim and a known indicator's figures are there; nothing of the
confidential CONTEST board is, beyond its aim and counts, although its chair's screens show it all.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl
import pytest
from django.test import Client
from pypdf import PdfReader

from performance.models import PerformancePack
from performance.packs.services import BuildOutcome, pack_build, pack_request
from swp.models import User
from swp.quarters import FinancialQuarter
from tests.performance.packs.conftest import (
    COMPLETED_TITLE,
    CONTEST_AIM,
    INDICATOR_NAME,
    OFFENDER_AIM,
    OVERDUE_NARRATIVE,
    OVERDUE_TITLE,
    QUARTER,
    SECRETS,
    VICTIM_AIM,
    PackWorld,
)

COVER = {
    "committee": "Adults, Health & Public Protection Policy & Scrutiny Committee",
    "meeting_date": "2025-11-19",
    "title": "Update on progress of the Safer Westminster Partnership",
    "report_of": "Head of Community Safety",
    "cabinet_member_portfolio": "Public Protection and Licensing",
    "wards_involved": "All",
    "policy_context": "Community Safety",
    "author": "Community Safety Commissioning Manager",
    "contact": "community.safety@example.org",
}


@dataclass
class BuiltPack:
    pack: PerformancePack
    pdf_text: str
    cells: dict[str, list[list[object]]]

    @property
    def workbook_text(self) -> str:
        return "\n".join(
            str(value) for rows in self.cells.values() for row in rows for value in row if value is not None
        )


def _flat(text: str) -> str:
    # PDF text wraps lines and tables break words across cells; compare with whitespace collapsed.
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def built(pack_world: PackWorld, analyst: User) -> BuiltPack:
    pack = pack_request(partnership=pack_world.partnership, quarter=QUARTER, cover=COVER, requested_by=analyst)
    assert pack_build(pack_id=pack.pk) is BuildOutcome.BUILT
    pack.refresh_from_db()
    with pack.pdf_file.open("rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    with pack.xlsx_file.open("rb") as xlsx:
        workbook = openpyxl.load_workbook(io.BytesIO(xlsx.read()))
    cells = {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}
    return BuiltPack(pack=pack, pdf_text=_flat("\n".join(page.extract_text() for page in reader.pages)), cells=cells)


def _rows(built: BuiltPack, sheet: str) -> list[dict[str, object]]:
    header, *rows = built.cells[sheet]
    return [dict(zip(header, row, strict=True)) for row in rows]


class TestThePdf:
    def test_it_opens_with_the_committee_reports_cover_block(self, built: BuiltPack) -> None:
        cover = (
            "Committee Adults, Health & Public Protection Policy & Scrutiny Committee "
            "Date 19 November 2025 Classification General Release "
            "Title Update on progress of the Safer Westminster Partnership Report of Head of Community Safety "
            "Cabinet Member Portfolio Public Protection and Licensing Wards Involved All "
            "Policy Context Community Safety Report Author Community Safety Commissioning Manager "
            "Contact Details community.safety@example.org"
        )
        assert cover in built.pdf_text

    def test_it_has_contents_a_summary_each_boards_aim_and_what_changed(self, built: BuiltPack) -> None:
        for heading in ("Contents", "1. Executive summary", "2. Victim Board", "3. Offender Board", "4. CONTEST Board"):
            assert heading in built.pdf_text
        assert "5. What changed since last quarter" in built.pdf_text
        for aim in (VICTIM_AIM, OFFENDER_AIM, CONTEST_AIM):
            assert aim in built.pdf_text

    def test_it_reports_overdue_actions_with_their_latest_update(self, built: BuiltPack) -> None:
        assert OVERDUE_TITLE in built.pdf_text
        assert OVERDUE_NARRATIVE in built.pdf_text

    def test_it_lists_the_actions_completed_in_the_quarter_and_says_how_it_knows(self, built: BuiltPack) -> None:
        assert COMPLETED_TITLE in built.pdf_text
        assert (
            "An action counts as completed in the quarter if, as its history shows, it stood completed when the "
            "quarter ended and had become so between 1 July 2025 and 30 September 2025"
        ) in built.pdf_text

    def test_it_gives_the_known_indicators_figures_target_and_explained_rag(self, built: BuiltPack) -> None:
        assert INDICATOR_NAME in built.pdf_text
        assert "Q2 2024/25 Q3 2024/25 Q4 2024/25 Q1 2025/26 Q2 2025/26 61% 64% 67% 69% 72.5%" in built.pdf_text
        assert "Target: 70% (higher is better)" in built.pdf_text
        assert "Green: 72.5% is 4% above the target of 70% (2.5 points)" in built.pdf_text

    def test_it_is_a_tagged_pdf_ua_document_in_english(self, built: BuiltPack) -> None:
        with built.pack.pdf_file.open("rb") as pdf:
            reader = PdfReader(io.BytesIO(pdf.read()))
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "en-GB"
        assert root["/MarkInfo"]["/Marked"]
        assert "/StructTreeRoot" in root
        assert b"pdfuaid:part" in root["/Metadata"].get_data()
        assert reader.metadata.title.startswith("Update on progress of the Safer Westminster Partnership")


class TestTheWorkbook:
    def test_it_has_one_sheet_per_section_and_a_figures_sheet(self, built: BuiltPack) -> None:
        assert list(built.cells) == [
            "Cover",
            "Summary",
            "Boards",
            "Actions",
            "Indicators",
            "Trends",
            "Tasking outcomes",
            "Escalations",
            "Changes",
            "Figures",
        ]

    def test_its_cover_sheet_holds_the_cover_block(self, built: BuiltPack) -> None:
        cover = {row["Item"]: row["Detail"] for row in _rows(built, "Cover")}
        assert cover["Committee"] == COVER["committee"]
        assert cover["Classification"] == "General Release"
        assert cover["Title"] == COVER["title"]
        assert cover["Quarter"] == "Q2 2025/26"

    def test_it_gives_each_boards_aim(self, built: BuiltPack) -> None:
        aims = {row["Board"]: row["Aim"] for row in _rows(built, "Boards")}
        assert aims == {"Victim Board": VICTIM_AIM, "Offender Board": OFFENDER_AIM, "CONTEST Board": CONTEST_AIM}

    def test_it_gives_the_known_indicators_figures(self, built: BuiltPack) -> None:
        (indicator,) = _rows(built, "Indicators")
        assert indicator["Indicator"] == INDICATOR_NAME
        assert [
            indicator[label] for label in ("Q2 2024/25", "Q3 2024/25", "Q4 2024/25", "Q1 2025/26", "Q2 2025/26")
        ] == [
            61,
            64,
            67,
            69,
            72.5,
        ]
        assert (indicator["Target"], indicator["RAG"]) == (70, "Green")
        figures = {
            (row["Measure"], row["Quarter"]): row["Value"]
            for row in _rows(built, "Figures")
            if row["Subject"] == INDICATOR_NAME and row["Section"] == "Indicators"
        }
        assert figures[("Value", "Q2 2025/26")] == 72.5
        assert figures[("Target", "Q2 2025/26")] == 70

    def test_it_dates_each_action_completed_in_the_quarter(self, built: BuiltPack) -> None:
        (completed,) = [row for row in _rows(built, "Actions") if row["List"] == "Completed in the quarter"]
        assert completed["Action"] == COMPLETED_TITLE
        assert completed["Completed on"] == datetime.datetime(2025, 9, 10)

    def test_its_sheets_are_tables_that_sort_and_filter(self, built: BuiltPack) -> None:
        with built.pack.xlsx_file.open("rb") as xlsx:
            workbook = openpyxl.load_workbook(io.BytesIO(xlsx.read()))
        for sheet in workbook.worksheets:
            assert len(sheet.tables) == 1, sheet.title
            (table,) = sheet.tables.values()
            assert table.autoFilter is not None, sheet.title

    def test_its_trends_carry_a_native_excel_line_chart_per_indicator(self, built: BuiltPack) -> None:
        with built.pack.xlsx_file.open("rb") as xlsx:
            names = zipfile.ZipFile(io.BytesIO(xlsx.read())).namelist()
        charts = [name for name in names if name.startswith("xl/charts/chart")]
        assert len(charts) == 1


ClientFor = Callable[[User], Client]


class TestConfidentiality:
    def test_no_contest_title_narrative_owner_or_place_appears_in_either_file(self, built: BuiltPack) -> None:
        for what, secret in SECRETS.items():
            assert secret not in built.pdf_text, f"the CONTEST {what} is in the PDF"
            assert secret not in built.workbook_text, f"the CONTEST {what} is in the workbook"

    def test_nor_in_the_raw_bytes_of_either_file(self, built: BuiltPack) -> None:
        # Text extraction could miss text the files hold some other way (metadata, hidden cells).
        with built.pack.xlsx_file.open("rb") as xlsx:
            archive = zipfile.ZipFile(io.BytesIO(xlsx.read()))
            xml = b"".join(archive.read(name) for name in archive.namelist())
        for secret in SECRETS.values():
            assert secret.encode() not in xml

    def test_the_contest_board_is_there_as_its_aim_and_counts(self, built: BuiltPack) -> None:
        summary = {row["Board"]: row for row in _rows(built, "Summary")}
        assert summary["CONTEST Board"]["Red"] == 1
        assert summary["CONTEST Board"]["Overdue"] is None
        assert "The work of this board is confidential" in built.pdf_text

    def test_while_the_cleared_chairs_screens_show_what_the_pack_leaves_out(
        self, built: BuiltPack, pack_world: PackWorld, client_for: ClientFor, contest_chair: User
    ) -> None:
        page = client_for(contest_chair).get(f"/actions/{pack_world.contest_action.pk}/")
        assert page.status_code == 200
        html = page.content.decode()
        for what in ("action title", "action description", "narrative", "owner first name", "owner last name"):
            assert SECRETS[what] in html, what

    def test_and_an_uncleared_reader_cannot_open_them(
        self, pack_world: PackWorld, client_for: ClientFor, scrutiny_member: User
    ) -> None:
        assert client_for(scrutiny_member).get(f"/actions/{pack_world.contest_action.pk}/").status_code == 404


def test_a_quarter_with_no_data_still_builds(pack_world: PackWorld, analyst: User) -> None:
    pack = pack_request(
        partnership=pack_world.partnership, quarter=FinancialQuarter(2020, 1), cover=COVER, requested_by=analyst
    )
    assert pack_build(pack_id=pack.pk) is BuildOutcome.BUILT
