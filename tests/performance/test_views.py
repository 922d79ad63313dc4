"""The performance pages through the test client: lists, an indicator's quarters, forms and imports."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from actions.choices import Rag
from boards.models import Board
from performance.choices import ImportKind
from performance.models import ChairRating, ImportBatch, Indicator, Measurement, MeasurementRevision
from performance.services import indicator_create, measurements_csv_import, mps_crime_import
from performance.uploads import MAX_UPLOAD_BYTES
from swp.choices import Clearance
from swp.models import Place, User
from swp.quarters import FinancialQuarter
from tests.performance.conftest import sample
from tests.performance.factories import ChairRatingFactory, IndicatorFactory, MeasurementFactory
from tests.priorities.factories import ObjectiveFactory
from tests.responses import section_context, shown

FIGURES = "performance/sections/indicator_figures.html"

pytestmark = pytest.mark.django_db

SignedIn = Callable[[User], Client]
Q2, Q3 = FinancialQuarter(2025, 2), FinancialQuarter(2025, 3)


@pytest.fixture
def repeat_victims(victim_board: Board) -> Indicator:
    indicator = IndicatorFactory(
        partnership=victim_board.partnership,
        board=victim_board,
        code="repeat-victims",
        name="Repeat victims who took up support",
        unit="%",
        direction="higher",
        target=Decimal(70),
    )
    MeasurementFactory(indicator=indicator, quarter=Q2, value=Decimal(66))
    MeasurementFactory(indicator=indicator, quarter=Q3, value=Decimal(60))
    MeasurementFactory(indicator=indicator, quarter=Q3.next(), value=Decimal(20), is_partial=True)
    return indicator


@pytest.fixture
def asb_in_two_wards(victim_board: Board, wards: dict[str, Place]) -> Indicator:
    """Measured for Queen's Park and Church Street; Q3 has its overall figure and Queen's Park's share."""
    indicator = IndicatorFactory(partnership=victim_board.partnership, board=victim_board, code="asb")
    indicator.places.set([wards["queens-park"], wards["church-street"]])
    MeasurementFactory(indicator=indicator, quarter=Q3, value=Decimal(30))
    MeasurementFactory(indicator=indicator, quarter=Q3, place=wards["queens-park"], value=Decimal(12))
    return indicator


@pytest.fixture
def prevent(contest_board: Board) -> Indicator:
    indicator = IndicatorFactory(partnership=contest_board.partnership, board=contest_board, name="Prevent referrals")
    MeasurementFactory(indicator=indicator, quarter=Q3, value=Decimal(12))
    return indicator


class TestIndicatorList:
    def test_indicators_by_board_with_the_latest_whole_quarter_rated_and_explained(
        self, client_for: SignedIn, scrutiny_member: User, repeat_victims: Indicator
    ) -> None:
        html = client_for(scrutiny_member).get("/performance/indicators/").content.decode()
        assert "Victim Board" in html
        assert "Repeat victims who took up support" in html
        assert "Red: 60% is 14% below the target of 70% (10 points); tolerance 5%; worse than Q2 2025/26 (66%)" in html
        assert "Q4 2025/26 so far: 20% (part of the quarter only, not rated)." in html
        assert '<td class="govuk-table__cell"><strong>Worse</strong> than Q2 2025/26 (66%)</td>' in html
        assert '<td class="govuk-table__cell">No figure for Q3 2024/25</td>' in html

    def test_a_confidential_boards_indicators_are_absent_for_the_uncleared(
        self,
        client_for: SignedIn,
        uncleared_member: User,
        contest_chair: User,
        repeat_victims: Indicator,
        prevent: Indicator,
    ) -> None:
        response = client_for(uncleared_member).get("/performance/indicators/")
        html = response.content.decode()
        assert "Prevent referrals" not in html
        assert "CONTEST" not in html
        assert shown(response, "count") == 1
        assert list(shown(response, "filter").form.fields["board"].queryset) == [repeat_victims.board]
        assert "Prevent referrals" in client_for(contest_chair).get("/performance/indicators/").content.decode()

    def test_filtering_by_board(
        self, client_for: SignedIn, analyst: User, repeat_victims: Indicator, offender_board: Board
    ) -> None:
        IndicatorFactory(partnership=offender_board.partnership, board=offender_board, name="Reoffending rate")
        html = client_for(analyst).get("/performance/indicators/?board=offender").content.decode()
        assert "Reoffending rate" in html
        assert "Repeat victims who took up support" not in html

    @pytest.mark.parametrize(("rated", "shown"), [(Q3, True), (Q2, False)])
    def test_a_chairs_differing_rating_of_the_quarter_shown_is_set_beside_the_computed_one(
        self, client_for: SignedIn, analyst: User, repeat_victims: Indicator, rated: FinancialQuarter, shown: bool
    ) -> None:
        ChairRatingFactory(indicator=repeat_victims, quarter=rated, rag=Rag.AMBER)
        html = client_for(analyst).get("/performance/indicators/").content.decode()
        assert "Q3 2025/26" in html
        assert "app-rag--red" in html
        assert ("The chair rates it" in html) is shown
        assert ("app-rag--amber" in html) is shown

    def test_queries_do_not_grow_with_the_number_of_indicators(
        self,
        client_for: SignedIn,
        analyst: User,
        victim_board: Board,
        offender_board: Board,
        django_assert_max_num_queries,
    ) -> None:
        def make(count: int) -> None:
            for index in range(count):
                board = victim_board if index % 2 else offender_board
                indicator = IndicatorFactory(partnership=board.partnership, board=board, target=Decimal(10))
                for quarter in (Q2, Q3):
                    MeasurementFactory(indicator=indicator, quarter=quarter, value=Decimal(index))
                ChairRatingFactory(indicator=indicator, quarter=Q3)

        client = client_for(analyst)
        make(3)
        # 15 includes the three that save the session on every request (its idle timeout).
        with django_assert_max_num_queries(15) as few:
            client.get("/performance/indicators/")
        make(27)
        with django_assert_max_num_queries(len(few.captured_queries)) as many:
            response = client.get("/performance/indicators/")
        assert shown(response, "count") == 30
        assert len(many.captured_queries) == len(few.captured_queries)


class TestIndicatorPage:
    def test_quarters_as_a_chart_and_a_table(
        self, client_for: SignedIn, analyst: User, repeat_victims: Indicator
    ) -> None:
        response = client_for(analyst).get("/performance/indicators/repeat-victims/")
        html = response.content.decode()
        assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
        assert 'role="img"' in html
        assert 'aria-labelledby="indicator-chart-title indicator-chart-desc"' in html
        assert "Values by quarter, newest first" in html
        table = html[html.index("Values by quarter, newest first") :]
        assert table.index("Q4 2025/26") < table.index("Q3 2025/26") < table.index("Q2 2025/26")
        assert "Partial" in html
        rows = section_context(response, FIGURES)["detail"].rows
        assert [row.assessment.quarter for row in rows] == [Q2, Q3, Q3.next()]

    def test_the_chair_rating_and_its_reason_beside_the_computed_rating(
        self, client_for: SignedIn, analyst: User, repeat_victims: Indicator, victim_chair: User
    ) -> None:
        ChairRatingFactory(
            indicator=repeat_victims,
            quarter=Q3,
            rag=Rag.AMBER,
            reason="Referrals fell in August.",
            rated_by=victim_chair,
        )
        html = client_for(analyst).get("/performance/indicators/repeat-victims/").content.decode()
        assert "The chair rates it differently:" in html
        assert "Referrals fell in August." in html

    def test_each_places_share_for_an_indicator_of_several_places(
        self, client_for: SignedIn, analyst: User, asb_in_two_wards: Indicator, wards: dict[str, Place]
    ) -> None:
        MeasurementFactory(indicator=asb_in_two_wards, quarter=Q3, place=wards["church-street"], value=Decimal(18))
        response = client_for(analyst).get("/performance/indicators/asb/")
        (row,) = section_context(response, FIGURES)["detail"].rows
        assert [point.value for point in row.place_values] == [Decimal(18), Decimal(12)]  # by place name
        assert "By place" in response.content.decode()

    def test_shares_recorded_without_the_whole_figure_are_not_lost_from_sight(
        self, client_for: SignedIn, analyst: User, asb_in_two_wards: Indicator, wards: dict[str, Place]
    ) -> None:
        MeasurementFactory(indicator=asb_in_two_wards, quarter=Q3.next(), place=wards["queens-park"], value=Decimal(9))

        html = client_for(analyst).get("/performance/indicators/asb/").content.decode()

        assert (
            f"Places' shares are recorded for {Q3.next().label}, but not the figure for the indicator as a whole, "
            "so that quarter is not shown or rated."
        ) in html

    def test_a_quarter_missing_a_places_share_says_so(
        self, client_for: SignedIn, analyst: User, asb_in_two_wards: Indicator
    ) -> None:
        response = client_for(analyst).get("/performance/indicators/asb/")

        assert response.status_code == 200
        by_place = response.content.decode().split(">By place</caption>", 1)[1]
        cells = re.findall(r'govuk-table__cell--numeric">(.*?)</td>', by_place.split("</table>", 1)[0])
        assert cells == ["No value", "12", "30"]  # Church Street, Queen's Park, all

    def test_buttons_follow_the_permissions(
        self, client_for: SignedIn, analyst: User, victim_chair: User, scrutiny_member: User, repeat_victims: Indicator
    ) -> None:
        url = "/performance/indicators/repeat-victims/"
        analysts = client_for(analyst).get(url).content.decode()
        assert "Record a value" in analysts
        assert "Change the indicator" in analysts
        assert "Add your rating" not in analysts
        chairs = client_for(victim_chair).get(url).content.decode()
        assert "Add your rating" in chairs
        assert "Record a value" not in chairs
        readers = client_for(scrutiny_member).get(url).content.decode()
        assert all(text not in readers for text in ("Record a value", "Change the indicator", "Add your rating"))

    def test_a_chair_is_offered_a_rating_only_once_a_quarter_has_its_whole_value(
        self, client_for: SignedIn, victim_chair: User, victim_board: Board
    ) -> None:
        indicator = IndicatorFactory(partnership=victim_board.partnership, board=victim_board, code="running")
        MeasurementFactory(indicator=indicator, quarter=Q3, value=Decimal(20), is_partial=True)
        url = f"/performance/indicators/{indicator.code}/"
        assert "Add your rating" not in client_for(victim_chair).get(url).content.decode()
        MeasurementFactory(indicator=indicator, quarter=Q2, value=Decimal(30))
        assert "Add your rating" in client_for(victim_chair).get(url).content.decode()


class TestForms:
    def test_an_analyst_defines_an_indicator(
        self, client_for: SignedIn, analyst: User, victim_board: Board, wards: dict[str, Place]
    ) -> None:
        objective = ObjectiveFactory(board=victim_board)
        response = client_for(analyst).post(
            "/performance/indicators/new/",
            {
                "code": "repeat-victims",
                "name": "Repeat victims",
                "board": victim_board.pk,
                "objective": objective.pk,
                "unit": "%",
                "direction": "higher",
                "baseline_value": "61.5",
                "baseline_quarter": "Q1 2024/25",
                "target": "70",
                "tolerance_percent": "5",
                "source": "csv",
                "places": [wards["queens-park"].pk],
            },
        )
        assert response.status_code == 302
        assert response["Location"] == "/performance/indicators/repeat-victims/"
        indicator = Indicator.objects.get()
        assert (indicator.baseline_quarter, indicator.baseline_value, indicator.objective) == (
            FinancialQuarter(2024, 1),
            Decimal("61.5"),
            objective,
        )

    def test_errors_are_shown_in_the_summary_and_beside_each_field(
        self, client_for: SignedIn, analyst: User, victim_board: Board, offender_board: Board, contest_board: Board
    ) -> None:
        others = ObjectiveFactory(board=offender_board)
        response = client_for(analyst).post(
            "/performance/indicators/new/",
            {
                "code": "",
                "name": "X",
                "board": victim_board.pk,
                "objective": others.pk,
                "direction": "lower",
                "baseline_quarter": "sometime",
                "baseline_value": "1e20",
                "target": "70.125",
                "tolerance_percent": "500",
                "source": "entered",
                "mps_major_category": "THEFT",
            },
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in html
        for message in [
            "Enter a code",
            "Choose one of the Victim Board&#x27;s objectives, or none",
            "is not a financial quarter",
            "Tolerance must be between 0 and 100 percent",
            "Only an indicator fed by MPS recorded crime has a category",
            "Enter a baseline no bigger than 999,999,999,999.99",
            "Enter the target with no more than 2 decimal places",
        ]:
            assert html.count(message) == 2, message  # once in the summary, once by the field
        assert "CONTEST" not in html  # not offered as a board
        assert not Indicator.objects.exists()

    def test_an_mps_category_the_figures_held_lack_is_refused_on_the_form(
        self, client_for: SignedIn, analyst: User, location_board: Board, wards: dict[str, Place]
    ) -> None:
        mps_crime_import(
            partnership=location_board.partnership, data=sample("mps-wards-sample.csv"), file_name="a.csv", by=analyst
        )
        indicator = indicator_create(
            partnership=location_board.partnership,
            places=[wards["west-end"]],
            by=analyst,
            code="vap-west-end",
            name="Violence against the person, West End",
            board=location_board,
            direction="lower",
            source="mps_crime",
            mps_major_category="VIOLENCE AGAINST THE PERSON",
        )
        form = {
            "code": "vap-west-end",
            "name": indicator.name,
            "board": location_board.pk,
            "direction": "lower",
            "tolerance_percent": "5",
            "source": "mps_crime",
            "mps_major_category": "Burglary residential",
            "places": [wards["west-end"].pk],
        }

        response = client_for(analyst).post("/performance/indicators/vap-west-end/edit/", form)

        assert response.status_code == 200
        assert "Not saved: the MPS figures held have no category" in response.content.decode()
        assert Indicator.objects.get(pk=indicator.pk).mps_major_category == "VIOLENCE AGAINST THE PERSON"

    def test_an_analyst_records_a_value_and_a_change_keeps_the_old_one(
        self, client_for: SignedIn, analyst: User, repeat_victims: Indicator
    ) -> None:
        client = client_for(analyst)
        response = client.post(
            "/performance/indicators/repeat-victims/values/new/", {"quarter": "Q3 2025/26", "value": "64"}
        )
        assert response.status_code == 302
        assert repeat_victims.measurements.get(quarter=Q3).value == 64
        assert MeasurementRevision.objects.get().old_value == 60
        page = client.get(response["Location"]).content.decode()
        assert "Changes to recorded values" in page
        assert "Q3 2025/26 value changed; the old value is kept in the list of changes." in page

        url = "/performance/indicators/repeat-victims/values/new/"
        same = client.post(url, {"quarter": "Q3 2025/26", "value": "64"}, follow=True).content.decode()
        assert "Q3 2025/26 value was already recorded as that; nothing changed." in same
        flagged = client.post(url, {"quarter": "Q3 2025/26", "value": "64", "is_partial": "on"}, follow=True)
        assert "Q3 2025/26 value now marked as covering part of the quarter only." in flagged.content.decode()
        assert MeasurementRevision.objects.count() == 1

        bad = client.post("/performance/indicators/repeat-victims/values/new/", {"quarter": "Q5", "value": "lots"})
        assert "Enter a quarter like Q2 2025/26" in bad.content.decode()
        assert "Enter the value as a number, like 341 or 72.5" in bad.content.decode()
        for value, message in [
            ("1234567890123456", "Enter a value no bigger than 999,999,999,999.99"),
            ("1.234", "Enter the value with no more than 2 decimal places"),
        ]:
            refused = client.post(
                "/performance/indicators/repeat-victims/values/new/", {"quarter": "Q3 2025/26", "value": value}
            )
            assert refused.context["form"].errors["value"] == [message]

    def test_a_quarter_yet_to_start_is_refused_and_the_running_one_only_as_part_of_a_quarter(
        self, client_for: SignedIn, analyst: User, repeat_victims: Indicator
    ) -> None:
        client = client_for(analyst)
        url = "/performance/indicators/repeat-victims/values/new/"
        running = FinancialQuarter.running()

        future = client.post(url, {"quarter": running.next().label, "value": "5"})
        long_ago = client.post(url, {"quarter": "Q1 1900/01", "value": "5"})
        whole = client.post(url, {"quarter": running.label, "value": "5"})
        partial = client.post(url, {"quarter": running.label, "value": "5", "is_partial": "on"})

        assert f"{running.next().label} has not started yet, so it has no figures" in future.content.decode()
        assert "Q1 1900/01 is before Q1 2000/01, the earliest quarter the service records" in long_ago.content.decode()
        assert f"{running.label} is not over yet: tick this box" in whole.content.decode()
        assert partial.status_code == 302
        assert list(repeat_victims.measurements.filter(quarter__gte=running).values_list("is_partial", flat=True)) == [
            True
        ]

    def test_the_chair_rates_a_quarter(
        self, client_for: SignedIn, victim_chair: User, repeat_victims: Indicator
    ) -> None:
        client = client_for(victim_chair)
        form = client.get("/performance/indicators/repeat-victims/rating/?quarter=2025-26-q3").content.decode()
        assert '<option value="2025-26-q3" selected>' in form
        # The part-quarter after it is not rated, so it is not offered to rate.
        assert re.findall(r'<option value="([^"]+)"', form) == ["2025-26-q3", "2025-26-q2"]
        response = client.post(
            "/performance/indicators/repeat-victims/rating/",
            {"quarter": "2025-26-q3", "rag": "amber", "reason": "A data lag: August's referrals are missing."},
        )
        assert response.status_code == 302
        rating = ChairRating.objects.get()
        assert (rating.quarter, rating.rag, rating.rated_by) == (Q3, "amber", victim_chair)
        missing_reason = client.post(
            "/performance/indicators/repeat-victims/rating/", {"quarter": "2025-26-q3", "rag": "red"}
        )
        assert "Enter why you rate it so" in missing_reason.content.decode()


class TestImports:
    def test_a_csv_upload_shows_its_summary(
        self, client_for: SignedIn, analyst: User, repeat_victims: Indicator
    ) -> None:
        client = client_for(analyst)
        upload = SimpleUploadedFile(
            "values.csv", b"indicator,quarter,value\nrepeat-victims,Q1 2025/26,71\n", "text/csv"
        )
        response = client.post("/performance/imports/csv/", {"file": upload})
        batch = ImportBatch.objects.get()
        assert response["Location"] == f"/performance/imports/{batch.pk}/"
        summary = client.get(response["Location"]).content.decode()
        assert "Import summary" in summary
        assert "1 value recorded for the first time" in summary

    def test_importing_the_same_file_again_says_when_it_was_imported_before(
        self, client_for: SignedIn, analyst: User, repeat_victims: Indicator
    ) -> None:
        client = client_for(analyst)
        content = b"indicator,quarter,value\nrepeat-victims,Q1 2025/26,71\n"
        first = client.post("/performance/imports/csv/", {"file": SimpleUploadedFile("values.csv", content)})
        other = client.post("/performance/imports/csv/", {"file": SimpleUploadedFile("values.csv", content + b"\n")})
        again = client.post("/performance/imports/csv/", {"file": SimpleUploadedFile("renamed.csv", content)})

        first_html = client.get(first["Location"]).content.decode()
        assert "This file had been imported before" not in first_html
        assert "This file had been imported before" not in client.get(other["Location"]).content.decode()
        again_html = client.get(again["Location"]).content.decode()
        assert "This file had been imported before" in again_html
        assert f'href="{first["Location"]}"' in again_html
        assert "0 values recorded for the first time, 0 changed, 1 already so" in again_html

    def test_an_earlier_import_of_the_same_file_that_fed_only_hidden_indicators_is_not_mentioned(
        self, client_for: SignedIn, analyst: User, contest_chair: User, repeat_victims: Indicator, prevent: Indicator
    ) -> None:
        # The same MPS file, say, imported first while only a CONTEST indicator took its figures.
        def batch(*fed: Indicator) -> ImportBatch:
            return ImportBatch.objects.create(
                partnership=prevent.partnership,
                kind=ImportKind.CSV,
                file_name="crime.csv",
                file_sha256="5" * 64,
                summary={"indicators": {str(each.pk): {"created": 1, "revised": 0, "unchanged": 0} for each in fed}},
                imported_by=contest_chair,
                imported_at=timezone.now(),
            )

        hidden, shown = batch(prevent), batch(prevent, repeat_victims)
        client = client_for(analyst)

        assert client.get(f"/performance/imports/{hidden.pk}/").status_code == 404
        uncleared = client.get(f"/performance/imports/{shown.pk}/").content.decode()
        assert "This file had been imported before" not in uncleared
        analyst.clearance = Clearance.CTC
        analyst.save()
        cleared = client.get(f"/performance/imports/{shown.pk}/").content.decode()
        assert f'href="/performance/imports/{hidden.pk}/"' in cleared

    def test_an_import_tells_nobody_of_figures_for_indicators_hidden_from_them(
        self,
        client_for: SignedIn,
        analyst: User,
        contest_chair: User,
        repeat_victims: Indicator,
        prevent: Indicator,
    ) -> None:
        def imported(name: str, *codes: str) -> ImportBatch:
            lines = "".join(f"{code},Q1 2025/26,7\n" for code in codes)
            return measurements_csv_import(
                partnership=prevent.partnership,
                data=f"indicator,quarter,value\n{lines}".encode(),
                file_name=name,
                by=contest_chair,
            )

        secret = imported("prevent-figures.csv", prevent.code)
        mixed = imported("all-boards.csv", prevent.code, repeat_victims.code)
        client = client_for(analyst)

        listed = client.get("/performance/imports/").content.decode()
        assert "prevent-figures.csv" not in listed
        assert "all-boards.csv" in listed
        assert client.get(f"/performance/imports/{secret.pk}/").status_code == 404
        html = client.get(f"/performance/imports/{mixed.pk}/").content.decode()
        assert "Rows read" not in html
        assert "Quarters in the file" not in html
        assert "1 value recorded for the first time" in html
        # Cleared for it, the same analyst sees every row.
        analyst.clearance = Clearance.CTC
        analyst.save()
        assert "Rows read" in client_for(analyst).get(f"/performance/imports/{mixed.pk}/").content.decode()

    def test_a_bad_csv_lists_each_problem_and_saves_nothing(
        self, client_for: SignedIn, analyst: User, repeat_victims: Indicator
    ) -> None:
        upload = SimpleUploadedFile("values.csv", b"indicator,quarter,value\nnope,Q1 2025/26,1\nrepeat-victims,Q1,2\n")
        html = client_for(analyst).post("/performance/imports/csv/", {"file": upload}).content.decode()
        assert "The file has 2 problems, listed below. Nothing was imported" in html
        assert "Line 2: no indicator has the code &#x27;nope&#x27;" in html
        assert "Line 3: quarter:" in html
        assert not ImportBatch.objects.exists()

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("values.xlsx", b"PK\x03\x04", "The selected file must be a CSV"),
            ("big.csv", b"a" * (MAX_UPLOAD_BYTES + 1), "The selected file must be smaller than 5MB"),
            ("empty.csv", b"", "The selected file is empty"),
        ],
    )
    def test_the_upload_itself_is_checked(
        self, client_for: SignedIn, analyst: User, name: str, content: bytes, message: str
    ) -> None:
        response = client_for(analyst).post("/performance/imports/mps/", {"file": SimpleUploadedFile(name, content)})
        assert message in response.content.decode()
        assert not ImportBatch.objects.exists()

    def test_no_file_chosen(self, client_for: SignedIn, analyst: User) -> None:
        assert "Select a CSV file" in client_for(analyst).post("/performance/imports/mps/", {}).content.decode()

    def test_an_mps_upload_summarises_quarters_partial_quarters_and_unknown_wards(
        self, client_for: SignedIn, analyst: User, mps_indicator: Callable[..., Indicator]
    ) -> None:
        mps_indicator("queens-park")
        client = client_for(analyst)
        response = client.post(
            "/performance/imports/mps/",
            {"file": SimpleUploadedFile("wards.csv", sample("mps-wards-sample-variant.csv"))},
        )
        html = client.get(response["Location"]).content.decode()
        assert "MPS ward-level crime" in html
        assert "2024-02 to 2024-07" in html
        assert html.count("Partial</strong>") == 2
        assert "E05099999, Lost Ward (4 rows)" in html
        assert 'href="/performance/indicators/crime-queens-park/"' in html
        assert Measurement.objects.filter(indicator__code="crime-queens-park", place=None).count() == 3

    def test_a_file_that_is_not_the_mps_format_says_what_it_lacks(self, client_for: SignedIn, analyst: User) -> None:
        upload = SimpleUploadedFile("other.csv", b"Ward,Crimes\nA,1\n")
        html = client_for(analyst).post("/performance/imports/mps/", {"file": upload}).content.decode()
        assert "This is not an MPS ward-level or borough-level crime file. It lacks a MajorText column" in html
        assert "Its first row has: Ward, Crimes." in html

    def test_the_template_download(self, client_for: SignedIn, analyst: User, repeat_victims: Indicator) -> None:
        response = client_for(analyst).get("/performance/imports/csv/template/")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith('attachment; filename="indicator-values-')
        assert response.content.decode().splitlines()[0] == "indicator,quarter,ward,value"


class TestOtherPages:
    def test_the_data_quality_page_states_its_rules(
        self, client_for: SignedIn, analyst: User, repeat_victims: Indicator
    ) -> None:
        response = client_for(analyst).get("/performance/quality/?quarter=2025-26-q3")
        html = response.content.decode()
        assert response.context["report"].quarter == Q3
        assert "more than 50% above or below the median of the indicator's last 8 whole quarters" in html
        assert "Actions with no progress update for 90 days" in html
        assert client_for(analyst).get("/performance/quality/2025-26-q3/").context["report"].quarter == Q3

    def test_the_board_page_shows_its_indicators(
        self, client_for: SignedIn, victim_chair: User, repeat_victims: Indicator
    ) -> None:
        html = client_for(victim_chair).get("/boards/victim/").content.decode()
        assert "Repeat victims who took up support" in html
        assert "app-rag--red" in html

    def test_the_header_links_to_performance(self, client_for: SignedIn, scrutiny_member: User) -> None:
        html = client_for(scrutiny_member).get("/").content.decode()
        assert 'href="/performance/indicators/"' in html
