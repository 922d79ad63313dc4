"""An analyst uploads the MPS ward-level crime file in a real browser, reads the import summary and
opens a ward indicator's chart; every performance page, forms with errors too, passes axe (WCAG 2.2 AA)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from performance.models import Indicator
from swp.models import User
from swp.quarters import FinancialQuarter
from tests.browser import assert_no_axe_violations, sign_in, sign_out
from tests.performance.conftest import DATA, REAL_DATA
from tests.performance.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.browser


def mps_ward_file() -> Path:
    """The publisher's real Westminster file when it is to hand, else the made-up sample."""
    real = REAL_DATA / "westminster-wards-202402-202601.csv"
    return real if real.exists() else DATA / "mps-wards-sample.csv"


def test_an_analyst_uploads_the_mps_file_and_opens_a_ward_indicators_chart(
    browser_page: Page,
    browser_errors: list[str],
    live_server: LiveServer,
    analyst: User,
    test_password: str,
    mps_indicator: Callable[..., Indicator],
) -> None:
    queens_park = mps_indicator("queens-park", code="crime-total-queens-park")
    queens_park.name = "Total recorded crime, Queen's Park"
    queens_park.save()
    mps_indicator("west-end", category="VIOLENCE AGAINST THE PERSON", code="vap-west-end")
    page = browser_page
    sign_in(page, live_server.url, analyst.username, test_password)

    page.goto(f"{live_server.url}/performance/indicators/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Indicators")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Import MPS recorded crime figures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import MPS crime figures")
    assert_no_axe_violations(page)

    # Without a file the form explains itself, in the error summary and beside the field.
    page.get_by_role("button", name="Import crime figures").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a CSV file")
    expect(page.locator(".govuk-error-message")).to_contain_text("Select a CSV file")
    assert_no_axe_violations(page)

    page.get_by_label("MPS crime file (CSV)").set_input_files(mps_ward_file())
    page.get_by_role("button", name="Import crime figures").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Import summary")
    expect(page.get_by_text("MPS ward-level crime")).to_be_visible()
    quarters = page.get_by_role("table", name="Quarters in the file")
    expect(quarters.get_by_text("Partial")).to_have_count(2)
    expect(page.get_by_role("row", name="Total recorded crime, Queen's Park")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Total recorded crime, Queen's Park").click()
    expect(page).to_have_url(f"{live_server.url}/performance/indicators/crime-total-queens-park/")
    chart = page.get_by_role("img", name="Chart of Total recorded crime, Queen's Park by quarter")
    expect(chart).to_be_visible()
    expect(page.get_by_role("table", name="Values by quarter, newest first")).to_be_visible()
    assert_no_axe_violations(page)
    assert browser_errors == []


def test_the_other_performance_pages_pass_axe_including_forms_with_errors(
    browser_page: Page,
    browser_errors: list[str],
    live_server: LiveServer,
    analyst: User,
    victim_chair: User,
    test_password: str,
) -> None:
    board = victim_chair.memberships.get().board
    indicator = IndicatorFactory(partnership=board.partnership, board=board, code="repeat-victims", target=Decimal(70))
    MeasurementFactory(indicator=indicator, quarter=FinancialQuarter(2025, 2), value=Decimal(66))
    page = browser_page
    sign_in(page, live_server.url, analyst.username, test_password)
    for path, button in [
        ("/performance/indicators/new/", "Save indicator"),
        ("/performance/indicators/repeat-victims/values/new/", "Save value"),
        ("/performance/imports/csv/", "Import values"),
        ("/performance/quality/", None),
        ("/performance/imports/", None),
    ]:
        page.goto(f"{live_server.url}{path}")
        assert_no_axe_violations(page)
        if button:
            page.get_by_role("button", name=button).click()
            expect(page.locator(".govuk-error-summary")).to_be_visible()
            assert_no_axe_violations(page)

    sign_out(page)
    sign_in(page, live_server.url, victim_chair.username, test_password)
    page.goto(f"{live_server.url}/performance/indicators/repeat-victims/rating/")
    page.get_by_role("button", name="Save rating").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select your rating")
    assert_no_axe_violations(page)
    page.get_by_label("Amber").check()
    page.get_by_label("Why").fill("Referrals are rising month on month.")
    page.get_by_role("button", name="Save rating").click()
    expect(page.get_by_text("Your rating for Q2 2025/26 is saved.")).to_be_visible()
    expect(page.get_by_text("The chair rates it differently:")).to_be_visible()
    assert_no_axe_violations(page)
    assert browser_errors == []
