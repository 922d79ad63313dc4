"""The indicator list's summaries: rated from each indicator's newest figures alone."""

from decimal import Decimal

import pytest

from performance.selectors import SUMMARY_QUARTERS, indicator_summaries
from swp.quarters import FinancialQuarter
from tests.performance.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


def test_a_summary_rates_the_latest_whole_quarter_against_the_one_before_and_a_year_before(
    django_assert_num_queries,
) -> None:
    indicator = IndicatorFactory(target=Decimal("100"))
    quarters = [FinancialQuarter(2021, 1)]
    # Years of whole quarters, more than a summary reads, then two partly counted ones.
    while len(quarters) < SUMMARY_QUARTERS + 6:
        quarters.append(quarters[-1].next())
    for number, quarter in enumerate(quarters):
        MeasurementFactory(
            indicator=indicator, quarter=quarter, value=Decimal(number), is_partial=number >= len(quarters) - 2
        )
    latest_whole = quarters[-3]
    indicator.refresh_from_db()  # its numbers as the list reads them, Decimals

    with django_assert_num_queries(2):
        [summary] = indicator_summaries(indicators=[indicator])

    assert summary.latest is not None
    assert summary.latest.quarter == latest_whole
    assert summary.latest.previous.earlier is not None
    assert summary.latest.previous.earlier.quarter == latest_whole.previous()
    assert summary.latest.last_year.earlier is not None
    assert summary.latest.last_year.earlier.quarter == latest_whole.same_quarter_last_year()
    assert summary.newer_partial is not None
    assert summary.newer_partial.quarter == quarters[-1]
