"""Importing indicator values from an analyst's CSV: every bad row reported, a bad file saves nothing."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from boards.models import Board
from performance.choices import IndicatorSource
from performance.models import ImportBatch, Indicator, Measurement, MeasurementRevision
from performance.services import CsvImportError, measurements_csv_import, measurements_csv_template
from swp.models import Partnership, Place, User
from swp.quarters import FinancialQuarter
from tests.performance.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db

Q2 = FinancialQuarter(2025, 2)


@pytest.fixture
def repeat_victims(victim_board: Board) -> Indicator:
    return IndicatorFactory(partnership=victim_board.partnership, board=victim_board, code="repeat-victims-supported")


@pytest.fixture
def ward_indicator(victim_board: Board, wards: dict[str, Place]) -> Indicator:
    """Measured for two wards, so a row may give either ward's share."""
    indicator = IndicatorFactory(partnership=victim_board.partnership, board=victim_board, code="asb-calls")
    indicator.places.set([wards["queens-park"], wards["church-street"]])
    return indicator


def import_text(partnership: Partnership, analyst: User, text: str) -> ImportBatch:
    return measurements_csv_import(partnership=partnership, data=text.encode(), file_name="values.csv", by=analyst)


def problems_of(partnership: Partnership, analyst: User, text: str) -> list[str]:
    with pytest.raises(CsvImportError) as error:
        import_text(partnership, analyst, text)
    return [str(problem) for problem in error.value.problems]


def test_every_kind_of_bad_row_is_reported_with_its_line_and_nothing_is_saved(
    partnership: Partnership, analyst: User, repeat_victims: Indicator, ward_indicator: Indicator
) -> None:
    text = (
        "indicator,quarter,ward,value\n"
        "repeat-victims-supported,Q1 2025/26,,71\n"  # good: but the file has bad rows, so not saved
        "no-such-indicator,Q1 2025/26,,5\n"
        "asb-calls,Q1 2025/26,E05999999,5\n"
        "repeat-victims-supported,2025 quarter 2,,70\n"
        "repeat-victims-supported,Q3 2025/26,,seventy\n"
        "repeat-victims-supported,Q1 2025/26,,72\n"
        'repeat-victims-supported,Q2 2025/26,,"1,5"\n'
        "repeat-victims-supported,Q1 1900/01,,5\n"
    )
    assert problems_of(partnership, analyst, text) == [
        "Line 3: no indicator has the code 'no-such-indicator'",
        "Line 4: no ward or place has the code or name 'E05999999'",
        "Line 5: quarter: '2025 quarter 2' is not a financial quarter; write it like Q1 2017/18.",
        "Line 6: value 'seventy' is not a number",
        "Line 7: repeats line 2 (the same indicator, quarter and ward)",
        "Line 8: value '1,5' is not a number: a comma may only separate thousands, as in 12,345",
        "Line 9: quarter: Q1 1900/01 is before Q1 2000/01, the earliest quarter the service records",
    ]
    assert not Measurement.objects.exists()
    assert not ImportBatch.objects.exists()


def test_more_row_problems_each_named(
    partnership: Partnership, analyst: User, repeat_victims: Indicator, ward_indicator: Indicator, wards: dict
) -> None:
    IndicatorFactory(
        partnership=partnership, board=repeat_victims.board, code="crime-total", source=IndicatorSource.MPS_CRIME
    )
    text = (
        "value,indicator,quarter,ward\n"  # columns in any order
        "5,crime-total,Q1 2025/26,\n"
        "5,asb-calls,Q1 2025/26,west-end\n"
        "1.234,repeat-victims-supported,Q1 2025/26,\n"
        "5,repeat-victims-supported,Q5 2025/26,\n"
        "5,,Q1 2025/26,\n"
        "5,repeat-victims-supported,Q1 2025/26,,surplus\n"
    )
    assert problems_of(partnership, analyst, text) == [
        "Line 2: 'crime-total' is fed by MPS crime data: import the MPS file instead",
        "Line 3: West End is not one of the places 'asb-calls' is measured for",
        "Line 4: value 1.234 has more than 2 decimal places",
        "Line 5: quarter: 'Q5 2025/26' is not a financial quarter; write it like Q1 2017/18.",
        "Line 6: no indicator code",
        "Line 7: has 5 values where the first row names 4",
    ]


def test_a_value_too_large_to_store_is_reported_however_it_is_written(
    partnership: Partnership, analyst: User, repeat_victims: Indicator
) -> None:
    text = (
        "indicator,quarter,ward,value\n"
        "repeat-victims-supported,Q1 2025/26,,1e100\n"
        "repeat-victims-supported,Q2 2025/26,,12345678901234567890123456789\n"
        "repeat-victims-supported,Q3 2025/26,,1e999999999\n"
    )
    assert problems_of(partnership, analyst, text) == [
        "Line 2: value 1e100 is too large",
        "Line 3: value 12345678901234567890123456789 is too large",
        "Line 4: value 1e999999999 is too large",
    ]


def test_thousands_separators_and_a_zero_with_an_exponent_are_read_as_numbers(
    partnership: Partnership, analyst: User, repeat_victims: Indicator
) -> None:
    import_text(
        partnership,
        analyst,
        "indicator,quarter,ward,value\n"
        'repeat-victims-supported,Q1 2025/26,,"1,234.5"\n'
        "repeat-victims-supported,Q2 2025/26,,0E+20\n",
    )
    assert sorted(Measurement.objects.values_list("value", flat=True)) == [Decimal(0), Decimal("1234.5")]


def test_a_quarter_yet_to_start_is_refused_and_the_running_one_recorded_as_part_of_a_quarter(
    partnership: Partnership, analyst: User, repeat_victims: Indicator
) -> None:
    running = FinancialQuarter.running()
    ahead = f"indicator,quarter,ward,value\nrepeat-victims-supported,{running.next().label},,5\n"
    assert problems_of(partnership, analyst, ahead) == [
        f"Line 2: quarter: {running.next().label} has not started yet, so it has no figures"
    ]

    import_text(partnership, analyst, f"indicator,quarter,ward,value\nrepeat-victims-supported,{running.label},,5\n")

    assert Measurement.objects.get(quarter=running).is_partial


def test_a_confidential_indicator_is_unknown_to_an_uncleared_analyst(
    partnership: Partnership, analyst: User, contest_board: Board
) -> None:
    IndicatorFactory(partnership=partnership, board=contest_board, code="prevent-training")
    assert problems_of(partnership, analyst, "indicator,quarter,value\nprevent-training,Q1 2025/26,5\n") == [
        "Line 2: no indicator has the code 'prevent-training'"
    ]


def test_a_good_file_records_each_value(
    partnership: Partnership, analyst: User, repeat_victims: Indicator, ward_indicator: Indicator, wards: dict
) -> None:
    text = (
        "\ufeffIndicator,Quarter,Ward,Value\r\n"  # as Excel saves it: BOM, CRLF, capitals
        "repeat-victims-supported,Q1 2025/26,,71.5\r\n"
        "repeat-victims-supported,Q2 2025/26,,\r\n"  # left blank: skipped, and said so
        'asb-calls,Q1 2025/26,E05013804,"1,204"\r\n'  # a thousands separator, quoted
        "asb-calls,Q1 2025/26,church-street,300\r\n"
        "asb-calls,Q1 2025/26,,1504\r\n"
    )
    batch = import_text(partnership, analyst, text)
    q1 = FinancialQuarter(2025, 1)
    assert repeat_victims.measurements.get(quarter=q1, place=None).value == Decimal("71.5")
    assert ward_indicator.measurements.get(quarter=q1, place=wards["queens-park"]).value == 1204
    assert ward_indicator.measurements.get(quarter=q1, place=wards["church-street"]).value == 300
    assert ward_indicator.measurements.get(quarter=q1, place=None).value == 1504
    assert batch.rows_read == 5
    assert batch.summary["rows_blank"] == 1
    assert batch.summary["indicators"] == {
        str(repeat_victims.pk): {"created": 1, "revised": 0, "unchanged": 0},
        str(ward_indicator.pk): {"created": 3, "revised": 0, "unchanged": 0},
    }


def test_one_place_is_the_indicators_own_figure(
    partnership: Partnership, analyst: User, victim_board: Board, wards: dict
) -> None:
    indicator = IndicatorFactory(partnership=partnership, board=victim_board, code="qp-asb")
    indicator.places.set([wards["queens-park"]])
    import_text(partnership, analyst, "indicator,quarter,ward,value\nqp-asb,Q1 2025/26,queens-park,12\n")
    assert indicator.measurements.get().place is None


def test_reimporting_a_quarter_replaces_its_values_and_records_each_revision(
    partnership: Partnership, analyst: User, repeat_victims: Indicator, admin_user: User
) -> None:
    MeasurementFactory(indicator=repeat_victims, quarter=Q2, value=Decimal(60), recorded_by=admin_user)
    batch = import_text(partnership, analyst, "indicator,quarter,value\nrepeat-victims-supported,Q2 2025/26,64\n")
    measurement = repeat_victims.measurements.get(quarter=Q2)
    assert measurement.value == 64
    assert measurement.recorded_by == analyst
    revision = MeasurementRevision.objects.get()
    assert (revision.old_value, revision.new_value, revision.revised_by, revision.batch) == (60, 64, analyst, batch)
    assert revision.revised_at is not None

    again = import_text(partnership, analyst, "indicator,quarter,value\nrepeat-victims-supported,Q2 2025/26,64\n")
    assert again.summary["indicators"][str(repeat_victims.pk)] == {"created": 0, "revised": 0, "unchanged": 1}
    assert MeasurementRevision.objects.count() == 1


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "The file is empty."),
        ("indicator,value\nx,1\n", "it lacks quarter"),
        ("indicator,quarter,value\nrepeat-victims-supported,Q1 2025/26,\n", "every row's value is empty"),
        (
            "indicator,quarter,ward,place,value\nrepeat-victims-supported,Q1 2025/26,E05013804,,5\n",
            "Line 1: the columns 'ward' and 'place' both give the ward; keep one",
        ),
        (
            "Indicator,Code,Quarter,Value\nrepeat-victims-supported,repeat-victims-supported,Q1 2025/26,5\n",
            "the columns 'Indicator' and 'Code' both give the indicator",
        ),
    ],
)
def test_a_file_that_cannot_be_imported_says_why(
    partnership: Partnership, analyst: User, repeat_victims: Indicator, text: str, says: str
) -> None:
    assert says in " ".join(problems_of(partnership, analyst, text))


def test_the_template_has_a_row_for_each_indicator_the_person_can_import(
    partnership: Partnership,
    analyst: User,
    repeat_victims: Indicator,
    ward_indicator: Indicator,
    contest_board: Board,
) -> None:
    IndicatorFactory(partnership=partnership, board=contest_board, code="prevent-training")
    IndicatorFactory(
        partnership=partnership, board=repeat_victims.board, code="mps-fed", source=IndicatorSource.MPS_CRIME
    )
    text = measurements_csv_template(partnership=partnership, user=analyst, quarter=Q2)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["indicator", "quarter", "ward", "value"]
    assert sorted(rows[1:]) == [
        ["asb-calls", "Q2 2025/26", "", ""],
        ["asb-calls", "Q2 2025/26", "E05013794", ""],
        ["asb-calls", "Q2 2025/26", "E05013804", ""],
        ["repeat-victims-supported", "Q2 2025/26", "", ""],
    ]
