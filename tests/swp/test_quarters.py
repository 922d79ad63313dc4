"""UK local-government financial quarters: Q1 is April to June, and 2017/18 ends on 31 March 2018."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db.models import IntegerField, Max
from django.db.models.functions import Cast

from performance.models import Indicator, Measurement
from swp.quarters import FinancialQuarter, FinancialQuarterField
from tests.performance.factories import IndicatorFactory, MeasurementFactory

Q = FinancialQuarter
date = datetime.date


class TestContaining:
    @pytest.mark.parametrize(
        ("day", "quarter"),
        [
            # The financial year turns on 1 April: 31 March still belongs to the year before.
            (date(2018, 3, 31), Q(2017, 4)),
            (date(2018, 4, 1), Q(2018, 1)),
            (date(2017, 6, 30), Q(2017, 1)),
            (date(2017, 7, 1), Q(2017, 2)),
            (date(2017, 9, 30), Q(2017, 2)),
            (date(2017, 10, 1), Q(2017, 3)),
            # The calendar year turns in the middle of the financial year, between Q3 and Q4.
            (date(2017, 12, 31), Q(2017, 3)),
            (date(2018, 1, 1), Q(2017, 4)),
            (date(2000, 2, 29), Q(1999, 4)),
        ],
    )
    def test_a_day_falls_in_its_financial_quarter(self, day: datetime.date, quarter: FinancialQuarter) -> None:
        assert FinancialQuarter.containing(day) == quarter
        assert quarter.contains(day)

    @pytest.mark.parametrize(
        ("month", "quarter"),
        [(1, Q(2016, 4)), (3, Q(2016, 4)), (4, Q(2017, 1)), (6, Q(2017, 1)), (7, Q(2017, 2)), (12, Q(2017, 3))],
    )
    def test_a_month_of_2017_falls_in_its_quarter(self, month: int, quarter: FinancialQuarter) -> None:
        assert FinancialQuarter.from_month(2017, month) == quarter

    def test_the_day_before_and_after_are_outside(self) -> None:
        quarter = Q(2017, 4)
        assert not quarter.contains(date(2017, 12, 31))
        assert not quarter.contains(date(2018, 4, 1))


class TestStartEndAndMonths:
    @pytest.mark.parametrize(
        ("quarter", "start", "end"),
        [
            (Q(2017, 1), date(2017, 4, 1), date(2017, 6, 30)),
            (Q(2017, 2), date(2017, 7, 1), date(2017, 9, 30)),
            (Q(2017, 3), date(2017, 10, 1), date(2017, 12, 31)),
            (Q(2017, 4), date(2018, 1, 1), date(2018, 3, 31)),
            (Q(1999, 4), date(2000, 1, 1), date(2000, 3, 31)),
        ],
    )
    def test_a_quarter_starts_and_ends_on_the_right_days(
        self, quarter: FinancialQuarter, start: datetime.date, end: datetime.date
    ) -> None:
        assert (quarter.start, quarter.end) == (start, end)

    def test_quarters_tile_the_financial_year_without_gaps(self) -> None:
        quarter = Q(2017, 1)
        for _ in range(8):
            assert quarter.next().start == quarter.end + datetime.timedelta(days=1)
            quarter = quarter.next()

    @pytest.mark.parametrize(
        ("quarter", "months"),
        [
            (Q(2017, 1), ((2017, 4), (2017, 5), (2017, 6))),
            (Q(2017, 3), ((2017, 10), (2017, 11), (2017, 12))),
            (Q(2017, 4), ((2018, 1), (2018, 2), (2018, 3))),
        ],
    )
    def test_months_are_the_three_calendar_months_in_order(
        self, quarter: FinancialQuarter, months: tuple[tuple[int, int], ...]
    ) -> None:
        assert quarter.months == months


class TestNeighbours:
    def test_next_crosses_into_the_next_financial_year_after_q4(self) -> None:
        assert Q(2017, 4).next() == Q(2018, 1)
        assert Q(2017, 3).next() == Q(2017, 4)

    def test_previous_crosses_back_into_the_last_financial_year_before_q1(self) -> None:
        assert Q(2018, 1).previous() == Q(2017, 4)
        assert Q(2018, 2).previous() == Q(2018, 1)

    @pytest.mark.parametrize("quarter", [Q(2017, 1), Q(2017, 4), Q(1999, 4)])
    def test_next_and_previous_undo_each_other(self, quarter: FinancialQuarter) -> None:
        assert quarter.next().previous() == quarter
        assert quarter.previous().next() == quarter

    def test_same_quarter_last_year_is_four_quarters_back(self) -> None:
        quarter = Q(2018, 4)
        assert quarter.same_quarter_last_year() == Q(2017, 4)
        assert quarter.same_quarter_last_year() == quarter.previous().previous().previous().previous()


class TestParsing:
    @pytest.mark.parametrize(
        "text",
        [
            "Q1 2017/18",
            "q1 2017/2018",
            "2017-18-q1",
            "2017-18-Q1",
            "  Q1 2017 / 18  ",
        ],
    )
    def test_every_accepted_form_reads_as_q1_2017_18(self, text: str) -> None:
        assert FinancialQuarter.parse(text) == Q(2017, 1)

    @pytest.mark.parametrize("text", ["2017Q1", "2017-Q1", "2017 q1"])
    def test_a_year_and_quarter_alone_is_refused_as_ambiguous(self, text: str) -> None:
        with pytest.raises(ValueError, match="could mean the calendar quarter or the financial one") as refused:
            FinancialQuarter.parse(text)
        assert str(refused.value).endswith("(Q1 2017/18, April to June 2017); write it like Q1 2017/18.")

    def test_a_year_that_runs_into_a_new_century(self) -> None:
        assert FinancialQuarter.parse("Q4 1999/00") == Q(1999, 4)
        assert FinancialQuarter.parse("Q4 1999/2000") == Q(1999, 4)
        assert FinancialQuarter.parse("1999-00-q4") == Q(1999, 4)

    @pytest.mark.parametrize(
        "text",
        [
            "Q5 2017/18",
            "Q0 2017/18",
            "Q1 2017/19",
            "Q1 2017/2019",
            "2017-19-q1",
            "",
            "   ",
            "2017",
            "2017/18",
            "Q1",
            "Quarter 1 2017/18",
        ],
    )
    def test_bad_text_is_refused_with_a_value_error(self, text: str) -> None:
        with pytest.raises(ValueError, match="financial"):
            FinancialQuarter.parse(text)

    def test_the_message_for_a_year_that_does_not_run_on_shows_an_example(self) -> None:
        with pytest.raises(ValueError, match="2017/18"):
            FinancialQuarter.parse("Q1 2017/19")


class TestConstruction:
    @pytest.mark.parametrize(("year", "number"), [(2017, 0), (2017, 5), (1899, 1), (3000, 1)])
    def test_impossible_quarters_cannot_be_made(self, year: int, number: int) -> None:
        with pytest.raises(ValueError, match="not"):
            FinancialQuarter(year, number)


class TestNames:
    @pytest.mark.parametrize(
        ("quarter", "label", "slug"),
        [
            (Q(2017, 1), "Q1 2017/18", "2017-18-q1"),
            (Q(2017, 4), "Q4 2017/18", "2017-18-q4"),
            (Q(1999, 4), "Q4 1999/00", "1999-00-q4"),
            (Q(2009, 2), "Q2 2009/10", "2009-10-q2"),
        ],
    )
    def test_label_and_slug(self, quarter: FinancialQuarter, label: str, slug: str) -> None:
        assert quarter.label == label
        assert str(quarter) == label
        assert quarter.slug == slug

    def test_financial_year_label(self) -> None:
        assert Q(2017, 3).financial_year_label == "2017/18"

    @pytest.mark.parametrize("quarter", [Q(2017, 1), Q(2017, 4), Q(1999, 4), Q(2025, 2)])
    def test_label_slug_and_key_each_read_back_as_the_same_quarter(self, quarter: FinancialQuarter) -> None:
        assert FinancialQuarter.parse(quarter.label) == quarter
        assert FinancialQuarter.parse(quarter.slug) == quarter
        assert FinancialQuarter.from_key(quarter.key) == quarter

    def test_key_is_year_then_quarter(self) -> None:
        assert Q(2017, 1).key == 20171
        assert Q(2017, 4).key == 20174


class TestOrdering:
    def test_quarters_sort_chronologically_across_financial_and_calendar_years(self) -> None:
        shuffled = [Q(2018, 1), Q(2016, 4), Q(2017, 4), Q(2017, 1), Q(2017, 3)]
        in_order = [Q(2016, 4), Q(2017, 1), Q(2017, 3), Q(2017, 4), Q(2018, 1)]
        assert sorted(shuffled) == in_order
        # The stored key must sort the same way, or SQL ORDER BY would disagree with Python.
        assert sorted(shuffled, key=lambda quarter: quarter.key) == in_order
        assert [quarter.start for quarter in in_order] == sorted(quarter.start for quarter in in_order)

    def test_quarters_are_values_usable_as_keys(self) -> None:
        assert len({Q(2017, 1), Q(2017, 1), Q(2017, 2)}) == 2


class TestFieldWithoutDatabase:
    @pytest.mark.parametrize("value", [Q(2017, 1), 20171, "Q1 2017/18", "2017-18-q1"])
    def test_to_python_reads_a_quarter_key_or_text(self, value: object) -> None:
        assert FinancialQuarterField().to_python(value) == Q(2017, 1)

    def test_to_python_keeps_none(self) -> None:
        assert FinancialQuarterField().to_python(None) is None

    @pytest.mark.parametrize("value", ["Q5 2017/18", "2017", 20175])
    def test_to_python_turns_bad_values_into_a_validation_error(self, value: object) -> None:
        with pytest.raises(ValidationError) as caught:
            FinancialQuarterField().to_python(value)
        assert caught.value.code == "invalid"

    def test_the_database_stores_the_key(self) -> None:
        field = FinancialQuarterField()
        assert field.get_prep_value(Q(2017, 4)) == 20174
        assert field.get_prep_value("Q4 2017/18") == 20174
        assert field.get_prep_value(None) is None


@pytest.mark.django_db
class TestFieldInTheDatabase:
    def test_a_quarter_comes_back_from_the_database_as_a_quarter(self) -> None:
        measurement = MeasurementFactory(quarter=Q(2017, 4))
        measurement.refresh_from_db()
        assert measurement.quarter == Q(2017, 4)
        assert isinstance(measurement.quarter, FinancialQuarter)

    def test_the_column_holds_the_sortable_key(self) -> None:
        measurement = MeasurementFactory(quarter=Q(2017, 4))
        raw = Measurement.objects.filter(pk=measurement.pk).values_list(Cast("quarter", IntegerField()), flat=True)
        assert list(raw) == [20174]

    def test_an_optional_quarter_may_be_empty(self) -> None:
        indicator = IndicatorFactory(baseline_quarter=None)
        indicator.refresh_from_db()
        assert indicator.baseline_quarter is None

    def test_text_assigned_to_the_field_is_stored_as_its_quarter(self) -> None:
        indicator = IndicatorFactory(baseline_quarter="Q2 2025/26")
        indicator.refresh_from_db()
        assert indicator.baseline_quarter == Q(2025, 2)

    def test_ordering_in_sql_is_chronological(self) -> None:
        indicator = IndicatorFactory()
        # Created out of order, with Q4 (January to March) straddling the calendar year.
        for quarter in [Q(2018, 1), Q(2016, 4), Q(2017, 4), Q(2017, 1), Q(2017, 3)]:
            MeasurementFactory(indicator=indicator, quarter=quarter)
        ordered = list(indicator.measurements.order_by("quarter").values_list("quarter", flat=True))
        assert ordered == [Q(2016, 4), Q(2017, 1), Q(2017, 3), Q(2017, 4), Q(2018, 1)]
        newest_first = list(indicator.measurements.order_by("-quarter").values_list("quarter", flat=True))
        assert newest_first == list(reversed(ordered))

    def test_ranges_and_lookups_work_in_sql(self) -> None:
        indicator = IndicatorFactory()
        for quarter in [Q(2016, 4), Q(2017, 1), Q(2017, 2), Q(2017, 3), Q(2017, 4), Q(2018, 1)]:
            MeasurementFactory(indicator=indicator, quarter=quarter)
        financial_year = indicator.measurements.filter(quarter__gte=Q(2017, 1), quarter__lte=Q(2017, 4))
        assert [m.quarter for m in financial_year] == [Q(2017, 1), Q(2017, 2), Q(2017, 3), Q(2017, 4)]
        assert indicator.measurements.get(quarter="Q4 2016/17").quarter == Q(2016, 4)
        assert indicator.measurements.filter(quarter__in=[Q(2018, 1), "2017-18-q2"]).count() == 2
        assert indicator.measurements.aggregate(latest=Max("quarter"))["latest"] == Q(2018, 1)

    def test_serialisation_round_trips_through_the_label(self) -> None:
        # dumpdata and loaddata carry a quarter as its label, which must read back the same.
        measurement = MeasurementFactory(quarter=Q(1999, 4))
        text = serializers.serialize("json", [measurement])
        assert "Q4 1999/00" in text
        (restored,) = serializers.deserialize("json", text)
        assert restored.object.quarter == Q(1999, 4)


class IndicatorBaselineForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["partnership", "board", "code", "name", "baseline_quarter"]


def _form_data(indicator: Indicator, baseline_quarter: str) -> dict[str, object]:
    return {
        "partnership": indicator.partnership_id,
        "board": indicator.board_id,
        "code": indicator.code,
        "name": indicator.name,
        "baseline_quarter": baseline_quarter,
    }


@pytest.mark.django_db
class TestFieldInAForm:
    def test_the_form_field_is_text_with_an_example(self) -> None:
        field = IndicatorBaselineForm().fields["baseline_quarter"]
        assert isinstance(field, forms.CharField)
        assert "Q1 2025/26" in field.help_text

    def test_a_form_given_a_quarter_label_stores_that_quarter(self) -> None:
        indicator = IndicatorFactory()
        form = IndicatorBaselineForm(data=_form_data(indicator, "Q2 2025/26"), instance=indicator)
        assert form.is_valid(), form.errors
        form.save()
        indicator.refresh_from_db()
        assert indicator.baseline_quarter == Q(2025, 2)

    def test_a_form_given_a_bad_quarter_says_so_next_to_the_field(self) -> None:
        indicator = IndicatorFactory(baseline_quarter=Q(2017, 1))
        form = IndicatorBaselineForm(data=_form_data(indicator, "Q5 2025/26"), instance=indicator)
        assert not form.is_valid()
        assert "Q1 2017/18" in form.errors["baseline_quarter"][0]
        indicator.refresh_from_db()
        assert indicator.baseline_quarter == Q(2017, 1)

    def test_an_edit_form_shows_the_stored_quarter_as_its_label(self) -> None:
        indicator = IndicatorFactory(baseline_quarter=Q(2025, 2))
        assert 'value="Q2 2025/26"' in str(IndicatorBaselineForm(instance=indicator)["baseline_quarter"])

    def test_an_optional_quarter_may_be_left_empty_in_a_form(self) -> None:
        indicator = IndicatorFactory(baseline_quarter=Q(2017, 1))
        form = IndicatorBaselineForm(data=_form_data(indicator, ""), instance=indicator)
        assert form.is_valid(), form.errors
        form.save()
        indicator.refresh_from_db()
        assert indicator.baseline_quarter is None

    def test_full_clean_accepts_a_valid_quarter(self) -> None:
        measurement = MeasurementFactory(quarter=Q(2025, 2))
        measurement.full_clean()
        assert measurement.quarter == Q(2025, 2)
