"""The data-quality check for a quarter: missing, doubtful and stale things, and ward against borough."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from actions.choices import ActionStatus, PlanStatus
from actions.models import Action
from boards.models import Board
from performance.models import Indicator
from performance.quality import Reconciliation, outlier_reason, quality_report
from performance.services import mps_crime_import
from swp.models import Partnership, Place, User
from swp.quarters import FinancialQuarter
from tests.actions.factories import ActionFactory, ActionPlanFactory, ProgressUpdateFactory
from tests.performance.conftest import sample
from tests.performance.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db

Q = FinancialQuarter(2025, 2)


class TestOutliers:
    def test_too_little_history_flags_nothing(self) -> None:
        assert outlier_reason(Decimal(1000), [Decimal(10)] * 3) is None

    def test_far_from_the_median(self) -> None:
        history = [Decimal(value) for value in (100, 110, 90, 105, 95, 100, 98, 102)]
        assert outlier_reason(Decimal(151), history) == "51% above the median of 100"
        assert outlier_reason(Decimal(49), history) == "51% below the median of 100"
        assert outlier_reason(Decimal(150), history) is not None  # also 7 deviations out
        assert outlier_reason(Decimal(115), history) is None

    def test_far_from_a_steady_mean(self) -> None:
        history = [Decimal(value) for value in (100, 101, 99, 100, 100, 101, 99, 100)]
        assert outlier_reason(Decimal(110), history) == "14.1 standard deviations from the mean of 100"
        assert outlier_reason(Decimal(102), history) is None


@pytest.mark.parametrize(
    ("wards", "borough", "flagged"),
    [
        (950, 1000, False),  # a 5% shortfall: crimes recorded without a ward
        (899, 1000, True),  # more than 10% short, and more than 10 crimes
        (5, 8, False),  # 38% short but only 3 crimes
        (1001, 1000, True),  # wards cannot add up to more than the borough
        (1000, 1000, False),
    ],
)
def test_reconciliation_flags_only_a_real_mismatch(wards: int, borough: int, flagged: bool) -> None:
    assert Reconciliation(category="THEFT", wards=wards, borough=borough).flagged is flagged


def _with_target_and_baseline(board: Board, *, code: str) -> Indicator:
    return IndicatorFactory(
        partnership=board.partnership,
        board=board,
        code=code,
        target=Decimal(10),
        baseline_value=Decimal(9),
        baseline_quarter=FinancialQuarter(2024, 1),
    )


@pytest.fixture
def indicators(victim_board: Board, contest_board: Board) -> dict[str, Indicator]:
    partnership = victim_board.partnership
    made = {
        "complete": _with_target_and_baseline(victim_board, code="complete"),
        "bare": IndicatorFactory(partnership=partnership, board=victim_board, code="bare"),
        "partial": IndicatorFactory(partnership=partnership, board=victim_board, code="partial"),
        "confidential": IndicatorFactory(partnership=partnership, board=contest_board, code="prevent"),
    }
    quarter = Q
    for step in range(8):
        quarter = quarter.previous()
        MeasurementFactory(indicator=made["complete"], quarter=quarter, value=Decimal(100 + step))
    MeasurementFactory(indicator=made["complete"], quarter=Q, value=Decimal(400))
    MeasurementFactory(indicator=made["partial"], quarter=Q, value=Decimal(3), is_partial=True)
    return made


def test_indicators_missing_values_baselines_targets_and_far_from_history(
    partnership: Partnership, indicators: dict[str, Indicator], analyst: User
) -> None:
    report = quality_report(partnership=partnership, quarter=Q, user=analyst)
    assert report.missing_values == [indicators["bare"]]
    assert report.partial_values == [indicators["partial"]]
    assert report.no_baseline == [indicators["bare"], indicators["partial"]]
    assert report.no_target == [indicators["bare"], indicators["partial"]]
    assert [(outlier.indicator, outlier.point.value) for outlier in report.outliers] == [(indicators["complete"], 400)]
    # Each is a thing to look at: the part-quarter value as much as the missing one.
    assert report.problem_count == 1 + 1 + 2 + 2 + 1
    # The confidential board's indicator lacks everything too, and is not there for an uncleared analyst.
    everything = report.missing_values + report.no_baseline + report.no_target
    assert indicators["confidential"] not in everything


def test_while_a_quarter_runs_its_part_quarter_values_are_listed_but_not_counted_as_problems(
    partnership: Partnership, victim_board: Board, analyst: User
) -> None:
    running = FinancialQuarter.running()
    indicator = _with_target_and_baseline(victim_board, code="so-far")
    MeasurementFactory(indicator=indicator, quarter=running, value=Decimal(3), is_partial=True)

    report = quality_report(partnership=partnership, quarter=running, user=analyst)

    assert report.partial_values == [indicator]
    assert report.problem_count == 0


def test_a_cleared_chair_sees_the_confidential_indicator(
    partnership: Partnership, indicators: dict[str, Indicator], contest_chair: User
) -> None:
    report = quality_report(partnership=partnership, quarter=Q, user=contest_chair)
    assert indicators["confidential"] in report.missing_values


def test_actions_with_no_update_for_90_days(
    partnership: Partnership, victim_board: Board, contest_board: Board, analyst: User, action_owner: User
) -> None:
    now = timezone.now()
    long_ago = now - datetime.timedelta(days=91)
    plan = ActionPlanFactory(board=victim_board, status=PlanStatus.APPROVED)
    stale_update = ActionFactory(plan=plan, title="Stale update", owner=action_owner)
    ProgressUpdateFactory(action=stale_update, recorded_at=long_ago)
    never_updated = ActionFactory(plan=plan, title="Never updated")
    recent = ActionFactory(plan=plan, title="Recently updated")
    ProgressUpdateFactory(action=recent, recorded_at=long_ago)
    ProgressUpdateFactory(action=recent, recorded_at=now - datetime.timedelta(days=89))
    done = ActionFactory(plan=plan, title="Done", status=ActionStatus.COMPLETED)
    superseded = ActionFactory(
        plan=ActionPlanFactory(board=victim_board, status=PlanStatus.SUPERSEDED), title="Old plan"
    )
    confidential = ActionFactory(plan=ActionPlanFactory(board=contest_board), title="Confidential")
    Action.objects.filter(pk__in=[recent.pk, done.pk, superseded.pk, confidential.pk]).update(created_at=long_ago)
    Action.objects.filter(pk=never_updated.pk).update(created_at=now - datetime.timedelta(days=100))

    report = quality_report(partnership=partnership, quarter=Q, user=analyst)

    assert [action.title for action in report.stale_actions] == ["Never updated", "Stale update"]
    assert report.stale_actions[1].last_update == long_ago


class TestWardsAgainstBorough:
    def test_each_category_and_all_crime_compared_for_a_quarter_both_files_cover(
        self, partnership: Partnership, wards: dict[str, Place], analyst: User
    ) -> None:
        ward_file, borough_file = sample("mps-wards-sample.csv"), sample("mps-boroughs-sample.csv")
        mps_crime_import(partnership=partnership, data=ward_file, file_name="w.csv", by=analyst)
        mps_crime_import(partnership=partnership, data=borough_file, file_name="b.csv", by=analyst)

        q1 = FinancialQuarter(2024, 1)  # April to June 2024, whole in both
        report = quality_report(partnership=partnership, quarter=q1, user=analyst)

        def westminster(data: bytes, borough_column: str) -> dict[str, int]:
            totals: dict[str, int] = {}
            for row in csv.DictReader(io.StringIO(data.decode())):
                if row[borough_column] == "Westminster":
                    totals[row["MajorText"]] = totals.get(row["MajorText"], 0) + sum(
                        int(row[month]) for month in ("202404", "202405", "202406")
                    )
            return totals

        wards_total, borough_total = (
            westminster(ward_file, "LookUp_BoroughName"),
            westminster(borough_file, "BoroughName"),
        )
        expected = [(category, wards_total[category], borough_total[category]) for category in sorted(wards_total)]
        expected.append(("All crime", sum(wards_total.values()), sum(borough_total.values())))
        assert [(row.category, row.wards, row.borough) for row in report.reconciliation] == expected
        assert report.reconciliation_note == ""

    def test_a_quarter_only_one_file_wholly_covers_is_not_compared(
        self, partnership: Partnership, wards: dict[str, Place], analyst: User
    ) -> None:
        mps_crime_import(partnership=partnership, data=sample("mps-wards-sample.csv"), file_name="w.csv", by=analyst)
        mps_crime_import(partnership=partnership, data=sample("mps-boroughs-sample.csv"), file_name="b.csv", by=analyst)
        report = quality_report(partnership=partnership, quarter=FinancialQuarter(2023, 4), user=analyst)
        assert report.reconciliation == []
        assert report.reconciliation_note.startswith(
            "Not compared: for Q4 2023/24 the ward-level figures cover 2 of its 3 months "
            "and the borough-level figures 3"
        )
