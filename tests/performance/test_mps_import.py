"""Importing the MPS's ward-level and borough-level crime files: real copies and made-up samples."""

from __future__ import annotations

import csv
import io
import time
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from performance.choices import CrimeLevel, ImportKind
from performance.models import CrimeCount, CrimeCountRevision, ImportBatch, Indicator, Measurement, MeasurementRevision
from performance.services import MpsFileError, mps_crime_import
from performance.services.mps_import import mps_file_read
from swp.models import Partnership, Place, User
from swp.quarters import FinancialQuarter
from tests.performance.conftest import WESTMINSTER_WARDS, real_file, sample

pytestmark = pytest.mark.django_db

WARD_FILE = "westminster-wards-202402-202601.csv"
LONDON_WARD_FILE = "london-wards-202402-202601.csv"
BOROUGH_FILE = "london-boroughs-202401-202512.csv"


def quarterly_totals_from_csv(data: bytes, *, code_column: str, code: str, category: str = "") -> dict:
    """What the file says, summed by the test itself: {quarter: (total, months present)}."""
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    reader.fieldnames = [name.strip() for name in reader.fieldnames or []]
    month_columns = [name for name in reader.fieldnames if name.isdigit()]
    key = {name.lower(): name for name in reader.fieldnames}
    totals: dict[FinancialQuarter, int] = defaultdict(int)
    for row in reader:
        if row[key[code_column.lower()]].strip().upper() != code:
            continue
        if category and row[key["majortext"]].strip().upper() != category:
            continue
        for column in month_columns:
            totals[FinancialQuarter.from_month(int(column[:4]), int(column[4:]))] += int(row[column])
    months: dict[FinancialQuarter, int] = defaultdict(int)
    for column in month_columns:
        months[FinancialQuarter.from_month(int(column[:4]), int(column[4:]))] += 1
    return {quarter: (total, months[quarter]) for quarter, total in totals.items()}


def held_totals(place: Place, category: str = "") -> dict[FinancialQuarter, int]:
    counts = CrimeCount.objects.filter(place=place, level=CrimeLevel.WARD)
    if category:
        counts = counts.filter(category=category)
    return dict(counts.values_list("quarter").annotate(total=Sum("count")).order_by())


def headline(indicator: Indicator) -> dict[FinancialQuarter, tuple[Decimal, bool]]:
    return {
        m.quarter: (m.value, m.is_partial) for m in Measurement.objects.filter(indicator=indicator, place__isnull=True)
    }


def snapshot() -> dict:
    """Everything an import writes, to show a repeat import writes nothing."""
    return {
        "counts": sorted(CrimeCount.objects.values_list("area_code", "category", "month", "count", "place_id")),
        "measurements": sorted(
            Measurement.objects.values_list("indicator_id", "quarter", "place_id", "value", "is_partial")
        ),
        "crime revisions": CrimeCountRevision.objects.count(),
        "measurement revisions": MeasurementRevision.objects.count(),
    }


class TestRealWestminsterFile:
    @pytest.fixture
    def indicators(self, mps_indicator: Callable[..., Indicator]) -> dict[str, Indicator]:
        return {
            "queens-park": mps_indicator("queens-park"),
            "church-street": mps_indicator("church-street"),
            "west-end": mps_indicator("west-end"),
            "west-end-violence": mps_indicator("west-end", category="VIOLENCE AGAINST THE PERSON"),
        }

    def test_quarter_totals_equal_the_files_monthly_columns_summed(
        self, partnership: Partnership, wards: dict[str, Place], indicators: dict[str, Indicator], analyst: User
    ) -> None:
        data = real_file(WARD_FILE).read_bytes()
        mps_crime_import(partnership=partnership, data=data, file_name=WARD_FILE, by=analyst)

        for slug, (_, code) in WESTMINSTER_WARDS.items():
            expected = quarterly_totals_from_csv(data, code_column="WardCode", code=code)
            assert held_totals(wards[slug]) == {quarter: total for quarter, (total, _) in expected.items()}
            assert headline(indicators[slug]) == {
                quarter: (Decimal(total), months < 3) for quarter, (total, months) in expected.items()
            }
        violence = quarterly_totals_from_csv(
            data, code_column="WardCode", code="E05013808", category="VIOLENCE AGAINST THE PERSON"
        )
        assert headline(indicators["west-end-violence"]) == {
            quarter: (Decimal(total), months < 3) for quarter, (total, months) in violence.items()
        }

    def test_the_files_first_and_last_quarters_are_partial(
        self, partnership: Partnership, indicators: dict[str, Indicator], analyst: User
    ) -> None:
        batch = mps_crime_import(
            partnership=partnership, data=real_file(WARD_FILE).read_bytes(), file_name=WARD_FILE, by=analyst
        )
        quarters = {FinancialQuarter.from_key(item["key"]): item for item in batch.summary["quarters"]}
        # February 2024 to January 2026: Q4 2023/24 lacks January, Q4 2025/26 has January only.
        assert quarters[FinancialQuarter(2023, 4)] == {"key": 20234, "months": 2, "partial": True}
        assert quarters[FinancialQuarter(2025, 4)] == {"key": 20254, "months": 1, "partial": True}
        assert {quarter for quarter, item in quarters.items() if item["partial"]} == {
            FinancialQuarter(2023, 4),
            FinancialQuarter(2025, 4),
        }
        partial = Measurement.objects.filter(indicator=indicators["queens-park"], is_partial=True)
        assert set(partial.values_list("quarter", flat=True)) == {FinancialQuarter(2023, 4), FinancialQuarter(2025, 4)}

    def test_ward_codes_the_partnership_lacks_are_reported(
        self, partnership: Partnership, wards: dict[str, Place], analyst: User
    ) -> None:
        data = real_file(WARD_FILE).read_bytes()
        batch = mps_crime_import(partnership=partnership, data=data, file_name=WARD_FILE, by=analyst)
        in_file = {row["WardCode"] for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))}
        known = {code for _, code in WESTMINSTER_WARDS.values()}
        assert batch.summary["areas_matched"] == len(known)
        assert {ward["code"] for ward in batch.summary["unknown_wards"]} == in_file - known

    def test_the_london_file_gives_the_same_westminster_figures(
        self, partnership: Partnership, indicators: dict[str, Indicator], analyst: User
    ) -> None:
        mps_crime_import(
            partnership=partnership, data=real_file(WARD_FILE).read_bytes(), file_name=WARD_FILE, by=analyst
        )
        westminster_only = snapshot()
        CrimeCount.objects.all().delete()
        Measurement.objects.all().delete()

        started = time.perf_counter()
        batch = mps_crime_import(
            partnership=partnership,
            data=real_file(LONDON_WARD_FILE).read_bytes(),
            file_name=LONDON_WARD_FILE,
            by=analyst,
        )
        elapsed = time.perf_counter() - started

        assert snapshot() == westminster_only
        assert batch.rows_read > 18_000
        assert batch.summary["borough_rows"] == 506
        assert elapsed < 5, f"importing London's ward file took {elapsed:.1f} s"

    def test_importing_twice_changes_nothing(
        self, partnership: Partnership, indicators: dict[str, Indicator], analyst: User
    ) -> None:
        data = real_file(WARD_FILE).read_bytes()
        mps_crime_import(partnership=partnership, data=data, file_name=WARD_FILE, by=analyst)
        before = snapshot()

        again = mps_crime_import(partnership=partnership, data=data, file_name=WARD_FILE, by=analyst)

        assert snapshot() == before
        assert again.summary["figures_created"] == again.summary["figures_revised"] == 0
        assert all(tally["created"] == tally["revised"] == 0 for tally in again.summary["indicators"].values())

    def test_the_borough_file_feeds_a_borough_wide_indicator(
        self, partnership: Partnership, mps_indicator: Callable[..., Indicator], analyst: User
    ) -> None:
        borough_wide = mps_indicator()
        data = real_file(BOROUGH_FILE).read_bytes()
        batch = mps_crime_import(partnership=partnership, data=data, file_name=BOROUGH_FILE, by=analyst)
        assert batch.kind == ImportKind.MPS_BOROUGH
        expected = quarterly_totals_from_csv(data, code_column="BoroughName", code="WESTMINSTER")
        assert headline(borough_wide) == {
            quarter: (Decimal(total), months < 3) for quarter, (total, months) in expected.items()
        }


class TestPublisherVariations:
    def test_bom_crlf_reordered_columns_and_title_case_categories_read_the_same(
        self, partnership: Partnership, mps_indicator: Callable[..., Indicator], analyst: User
    ) -> None:
        mps_indicator("west-end", category="VIOLENCE AGAINST THE PERSON")
        mps_crime_import(partnership=partnership, data=sample("mps-wards-sample.csv"), file_name="a.csv", by=analyst)
        usual = snapshot()
        again = mps_crime_import(
            partnership=partnership, data=sample("mps-wards-sample-variant.csv"), file_name="b.csv", by=analyst
        )
        assert snapshot() == usual
        assert again.summary["figures_created"] == 0
        assert again.summary["figures_unchanged"] == len(usual["counts"])

    def test_minor_categories_are_summed_into_their_major_category(
        self, partnership: Partnership, wards: dict[str, Place], analyst: User
    ) -> None:
        data = sample("mps-wards-sample.csv")
        mps_crime_import(partnership=partnership, data=data, file_name="a.csv", by=analyst)
        expected = quarterly_totals_from_csv(
            data, code_column="WardCode", code="E05013804", category="VIOLENCE AGAINST THE PERSON"
        )
        assert held_totals(wards["queens-park"], "VIOLENCE AGAINST THE PERSON") == {
            q: total for q, (total, _) in expected.items()
        }
        assert set(CrimeCount.objects.values_list("category", flat=True)) == {
            "VIOLENCE AGAINST THE PERSON",
            "THEFT",
            "BURGLARY",
        }

    def test_other_boroughs_are_left_out_and_an_unknown_ward_code_is_reported(
        self, partnership: Partnership, wards: dict[str, Place], analyst: User
    ) -> None:
        batch = mps_crime_import(
            partnership=partnership, data=sample("mps-wards-sample.csv"), file_name="a.csv", by=analyst
        )
        assert not CrimeCount.objects.filter(area_code="E05013660").exists()  # Kentish Town, Camden
        assert batch.summary["unknown_wards"] == [{"code": "E05099999", "name": "Lost Ward", "rows": 4}]
        # Kept, so the ward total still adds up against the borough's, but tied to no place.
        assert CrimeCount.objects.filter(area_code="E05099999", place=None).exists()
        assert batch.summary["areas_matched"] == 3

    def test_a_newer_release_revises_the_months_it_holds_and_records_each_revision(
        self, partnership: Partnership, wards: dict[str, Place], mps_indicator: Callable[..., Indicator], analyst: User
    ) -> None:
        queens_park = mps_indicator("queens-park")
        first = sample("mps-wards-sample.csv")
        mps_crime_import(partnership=partnership, data=first, file_name="first.csv", by=analyst)
        revised = sample("mps-wards-sample-revised.csv")
        batch = mps_crime_import(partnership=partnership, data=revised, file_name="second.csv", by=analyst)

        shoplifting = CrimeCount.objects.get(area_code="E05013804", category="THEFT", month="2024-05-01")
        revision = shoplifting.revisions.get()
        assert revision.new_count == revision.old_count + 7
        assert revision.batch == batch
        # The renamed category: the old name's figures for the months the new file covers are zeroed
        # (counting both would count those burglaries twice); February, which it lacks, is kept.
        assert batch.summary["categories_gone"] == ["BURGLARY"]
        assert batch.summary["categories_new"] == ["BURGLARY - RESIDENTIAL"]
        assert set(
            CrimeCount.objects.filter(category="BURGLARY", month__gte="2024-03-01").values_list("count", flat=True)
        ) == {0}
        assert CrimeCount.objects.filter(category="BURGLARY", month="2024-02-01", count__gt=0).exists()
        # The indicator follows: its Q1 2024/25 total now matches the newer file, and its change is recorded.
        newer = quarterly_totals_from_csv(revised, code_column="WardCode", code="E05013804")
        q1 = FinancialQuarter(2024, 1)
        assert headline(queens_park)[q1] == (Decimal(newer[q1][0]), False)
        assert MeasurementRevision.objects.filter(measurement__indicator=queens_park, batch=batch).exists()
        # July was partial in the first file; the second has July and August, still not September.
        assert headline(queens_park)[FinancialQuarter(2024, 2)][1] is True

    def test_an_older_file_after_a_newer_one_is_flagged(
        self, partnership: Partnership, wards: dict[str, Place], analyst: User
    ) -> None:
        mps_crime_import(
            partnership=partnership, data=sample("mps-wards-sample-revised.csv"), file_name="new.csv", by=analyst
        )
        older = mps_crime_import(
            partnership=partnership, data=sample("mps-wards-sample.csv"), file_name="old.csv", by=analyst
        )
        assert older.summary["newer_held"] == "2024-08"

    def test_an_indicator_whose_category_is_not_held_is_reported_not_zeroed(
        self, partnership: Partnership, mps_indicator: Callable[..., Indicator], analyst: User
    ) -> None:
        robbery = mps_indicator("west-end", category="ROBBERY")
        batch = mps_crime_import(
            partnership=partnership, data=sample("mps-wards-sample.csv"), file_name="a.csv", by=analyst
        )
        assert "no category 'ROBBERY'" in batch.summary["indicators_unfed"][str(robbery.pk)]
        assert not robbery.measurements.exists()

    def test_an_indicator_for_several_places_keeps_each_places_share(
        self, partnership: Partnership, wards: dict[str, Place], mps_indicator: Callable[..., Indicator], analyst: User
    ) -> None:
        location = mps_indicator("queens-park", "church-street", code="crime-location-wards")
        data = sample("mps-wards-sample.csv")
        mps_crime_import(partnership=partnership, data=data, file_name="a.csv", by=analyst)
        q1 = FinancialQuarter(2024, 1)
        shares = {
            slug: quarterly_totals_from_csv(data, code_column="WardCode", code=WESTMINSTER_WARDS[slug][1])[q1][0]
            for slug in ("queens-park", "church-street")
        }
        assert location.measurements.get(quarter=q1, place=wards["queens-park"]).value == shares["queens-park"]
        assert location.measurements.get(quarter=q1, place=wards["church-street"]).value == shares["church-street"]
        assert location.measurements.get(quarter=q1, place=None).value == sum(shares.values())


class TestFilesThatAreNotThisFormat:
    @pytest.mark.parametrize(
        ("content", "says"),
        [
            (b"indicator,quarter,value\nx,Q1 2024/25,3\n", "It lacks a MajorText column"),
            (b"MajorText,MinorText,WardName,WardCode,202401\nTHEFT,X,A,E05000001,1\n", "LookUp_BoroughName"),
            (
                b"MajorText,MinorText,WardName,WardCode,BoroughName,202401\nTHEFT,X,A,E05000001,Westminster,1\n",
                "LookUp_BoroughName",
            ),
            (b"MajorText,MinorText,BoroughName,January\nTHEFT,X,Westminster,1\n", "month columns named YYYYMM"),
            (b"PK\x03\x04 a workbook", "Excel workbook"),
            (b"", "The file is empty"),
            (b"MajorText,MinorText,BoroughName,202401\n", "The file has its header row but no rows of figures."),
        ],
    )
    def test_the_message_says_what_the_file_lacks(self, partnership: Partnership, content: bytes, says: str) -> None:
        with pytest.raises(MpsFileError) as error:
            mps_crime_import(partnership=partnership, data=content, file_name="x.csv", by=None)
        assert says in "\n".join(error.value.problems)
        assert error.value.total == 1
        assert not ImportBatch.objects.exists()

    def test_bad_rows_are_reported_by_line_and_nothing_is_saved(
        self, partnership: Partnership, wards: dict[str, Place]
    ) -> None:
        lines = sample("mps-wards-sample.csv").decode().splitlines()
        lines[2] = lines[2].rsplit(",", 1)[0] + ",lots"
        lines[4] = lines[4].rsplit(",", 1)[0] + ",3000000000"
        lines[5] = lines[5] + ",7"
        with pytest.raises(MpsFileError) as error:
            mps_crime_import(partnership=partnership, data="\n".join(lines).encode(), file_name="x.csv", by=None)
        assert error.value.problems == [
            "Line 3: 202407 is 'lots', not a count of crimes.",
            "Line 5: 202407 is 3,000,000,000, far more crimes than any area has in a month.",
            "Line 6: has 12 values where the first row names 11 columns.",
        ]
        assert not CrimeCount.objects.exists()

    def test_implausible_months_long_codes_and_repeated_rows_are_reported_not_stored(
        self, partnership: Partnership, wards: dict[str, Place]
    ) -> None:
        head = "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,{months}"
        row = "THEFT,SHOPLIFTING,{name},{code},Westminster,3,6,1"
        good = row.format(name="Queen's Park", code="E05013805")
        cases = {
            head.format(months="000004,202405,202406") + "\n" + good: "Line 1: column 000004: 0 is before Q1 2000/01",
            head.format(months="190001,202405,202406") + "\n" + good: "Line 1: column 190001: 1900 is before",
            head.format(months="202404,202405,202406") + "\n" + row.format(name="Soho", code="E05013804XX"): (
                "Line 2: WardCode 'E05013804XX' is not an ONS ward code"
            ),
            head.format(months="202404,202405,202406") + "\n" + row.format(name="Q" * 201, code="E05013805"): (
                "Line 2: the area's name is longer than 200 characters."
            ),
            head.format(months="202404,202405,202406") + "\n" + good + "\n" + good: (
                "Line 3: repeats line 2 (the same area and crime category)."
            ),
        }
        for content, says in cases.items():
            with pytest.raises(MpsFileError) as error:
                mps_crime_import(partnership=partnership, data=content.encode(), file_name="x.csv", by=None)
            assert says in "\n".join(error.value.problems), content
        assert not CrimeCount.objects.exists()

    def test_a_row_naming_no_borough_is_nobodys(self, partnership: Partnership) -> None:
        text = (
            "MajorText,MinorText,BoroughName,202401,202402,202403\n"
            "BURGLARY,BURGLARY - RESIDENTIAL,Westminster,1,1,1\n"
            "BURGLARY,BURGLARY - BUSINESS,,100,100,100\n"
        )
        assert sum(mps_file_read(text=text, borough="Westminster").counts.values()) == 3

    def test_another_boroughs_broken_row_does_not_stop_the_import(
        self, partnership: Partnership, wards: dict[str, Place]
    ) -> None:
        content = (
            "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202404,202405,202406\n"
            "THEFT,SHOPLIFTING,Queen's Park,E05013805,Westminster,3,6,1\n"
            "THEFT,SHOPLIFTING,Camden Town,E05000130,Camden,3,6\n"
        )
        mps_crime_import(partnership=partnership, data=content.encode(), file_name="x.csv", by=None)
        assert sorted(CrimeCount.objects.values_list("count", flat=True)) == [1, 3, 6]

    def test_a_file_for_another_borough_says_so(self, partnership: Partnership) -> None:
        partnership.local_authority = "Camden"
        partnership.save()
        data = sample("mps-boroughs-sample.csv").replace(b"Camden", b"Islington")
        with pytest.raises(MpsFileError, match="No row is for Camden"):
            mps_crime_import(partnership=partnership, data=data, file_name="x.csv", by=None)


class TestCommand:
    def test_imports_and_summarises(
        self, partnership: Partnership, mps_indicator: Callable[..., Indicator], tmp_path: Path
    ) -> None:
        mps_indicator("queens-park")
        path = tmp_path / "wards.csv"
        path.write_bytes(sample("mps-wards-sample.csv"))
        out = io.StringIO()
        call_command("import_mps_crime", str(path), stdout=out)
        output = out.getvalue()
        assert "Q4 2023/24 (partial: 2 of 3 months)" in output
        assert "Q2 2024/25 (partial: 1 of 3 months)" in output
        assert "Unknown ward code E05099999 (Lost Ward, 4 rows)" in output
        assert "crime-queens-park: 3 new" in output
        batch = ImportBatch.objects.get()
        assert batch.imported_by is None

    def test_a_bad_file_changes_nothing(self, partnership: Partnership, tmp_path: Path) -> None:
        path = tmp_path / "not-mps.csv"
        path.write_text("a,b\n1,2\n")
        with pytest.raises(CommandError, match="nothing was changed"):
            call_command("import_mps_crime", str(path), stdout=io.StringIO())
        assert not ImportBatch.objects.exists()
