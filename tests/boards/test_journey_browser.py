"""The tasking officer's journey in a real browser, with and without JavaScript, and axe on every page.

The officer records last week's tasking meeting with its attendees and an escalation to the Victim
Board; the board's chair finds it on the board page and in the ledger, accepts it and later resolves it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, Request, expect
from pytest_django.live_server_helper import LiveServer

from boards.choices import EscalationState, OutcomeKind
from boards.models import Board, Escalation, Meeting
from swp.models import Organisation, Place, User
from tests.browser import assert_no_axe_violations, sign_in, sign_out

pytestmark = pytest.mark.browser

LAST_WEEK = timezone.localdate() - datetime.timedelta(days=7)


@pytest.fixture
def partnership_ready(
    victim_board: Board,
    offender_board: Board,
    contest_board: Board,
    church_street: Place,
    police: Organisation,
    action_owner: User,
    victim_chair: User,
    tasking_officer: User,
) -> Board:
    return victim_board


@pytest.fixture
def page_without_javascript(chromium: Browser, live_server: LiveServer) -> Iterator[Page]:
    context = chromium.new_context(
        base_url=live_server.url, locale="en-GB", timezone_id="Europe/London", java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _fill_the_meeting(page: Page, title: str) -> None:
    page.get_by_label("Title").fill(title)
    page.get_by_label("Partnership tasking").check()
    date = page.locator("#id_date")
    date.get_by_label("Day").fill(str(LAST_WEEK.day))
    date.get_by_label("Month").fill(str(LAST_WEEK.month))
    date.get_by_label("Year").fill(str(LAST_WEEK.year))
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time (optional)").fill("12:00")
    page.get_by_label("Location (optional)").fill("Council House")
    page.get_by_label("Victim Board", exact=True).check()
    page.get_by_label("Church Street").check()
    page.get_by_label("Problems discussed").fill("Street drinking and phone snatches around the market.")


def _fill_escalation(row: Locator) -> None:
    row.get_by_label("Escalation").check()
    row.get_by_label("What was concluded").fill("Moped-enabled phone snatches moving into Marylebone")
    row.get_by_label("Board it goes to").select_option(label="Victim Board")


def test_the_officer_records_a_tasking_meeting_and_the_chair_accepts_then_resolves_its_escalation(
    browser_page: Page,
    browser_errors: list[str],
    live_server: LiveServer,
    partnership_ready: Board,
    action_owner: User,
    test_password: str,
) -> None:
    page = browser_page
    posts: list[str] = []
    page.on("request", lambda request: _record_post(request, posts))

    sign_in(page, live_server.url, "officer", test_password)
    page.get_by_role("link", name="Meetings", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Record a meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a meeting")
    assert_no_axe_violations(page)
    _fill_the_meeting(page, "Partnership tasking: Church Street market")
    page.locator("#attendees-0").get_by_label("Person").select_option(label=str(action_owner))

    # With JavaScript, "Add another" adds the row in place: no round trip, and focus moves into it.
    posts.clear()
    page.get_by_role("button", name="Add another attendee").click()
    second_attendee = page.locator("#attendees-1")
    expect(second_attendee.get_by_role("heading", name="Attendee 2")).to_be_visible()
    expect(second_attendee.get_by_label("Person")).to_be_focused()
    second_attendee.get_by_label("Name (if they have no account)").fill("Jo Bloggs")
    page.locator("#outcomes-0").get_by_label("Decision").check()
    page.locator("#outcomes-0").get_by_label("What was concluded").fill("Extend the dispersal zone for four weeks.")
    page.get_by_role("button", name="Add another outcome").click()
    _fill_escalation(page.locator("#outcomes-1"))
    assert posts == []
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Save meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partnership tasking: Church Street market")
    expect(page.get_by_text("Partnership tasking: Church Street market is recorded.")).to_be_visible()
    expect(page.get_by_text("Jo Bloggs")).to_be_visible()
    assert_no_axe_violations(page)
    meeting = Meeting.objects.get()
    assert meeting.attendees.count() == 2
    escalation = Escalation.objects.get()
    assert escalation.source_outcome is not None
    assert escalation.source_outcome.kind == OutcomeKind.ESCALATION

    # Saved rows come back with their hidden ids, so the meeting saves again as it opens.
    page.get_by_role("button", name="Edit meeting").click()
    page.get_by_label("Title").fill("Partnership tasking: Church Street market and Edgware Road")
    page.get_by_role("button", name="Save meeting").click()
    expect(page.get_by_text("Partnership tasking: Church Street market and Edgware Road is saved.")).to_be_visible()
    assert (meeting.attendees.count(), meeting.outcomes.count(), Escalation.objects.count()) == (2, 2, 1)

    sign_out(page)
    sign_in(page, live_server.url, "victim-chair", test_password)
    page.goto(f"{live_server.url}/boards/victim/")
    open_escalations = page.locator("table", has_text="Moped-enabled phone snatches moving into Marylebone")
    expect(open_escalations).to_be_visible()
    expect(open_escalations.get_by_text("Raised", exact=True)).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Escalations", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Escalations")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Moped-enabled phone snatches moving into Marylebone").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moped-enabled phone snatches moving into Marylebone")
    assert_no_axe_violations(page)

    page.get_by_label("Accept it onto the agenda").check()
    page.get_by_label("Note or reason").fill("On the agenda for the June board.")
    page.get_by_role("button", name="Save answer").click()
    expect(page.get_by_text("The escalation is now accepted.")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Mark it resolved").check()
    page.get_by_role("button", name="Save answer").click()
    expect(page.get_by_text("The escalation is now resolved.")).to_be_visible()
    history = page.locator("table", has_text="On the agenda for the June board.")
    expect(history.locator("tbody tr")).to_have_count(3)
    expect(page.get_by_text("What do you want to do?")).to_have_count(0)
    assert_no_axe_violations(page)

    escalation.refresh_from_db()
    assert escalation.state == EscalationState.RESOLVED
    assert [event.to_state for event in escalation.events.all()] == [
        EscalationState.RAISED,
        EscalationState.ACCEPTED,
        EscalationState.RESOLVED,
    ]
    assert browser_errors == []


def _record_post(request: Request, posts: list[str]) -> None:
    if request.method == "POST":
        posts.append(request.url)


def _assert_markup_passes_axe(checker: Page, url: str, html: str) -> None:
    """axe-core needs JavaScript to run, so check a page rendered without it in a page that has it."""
    checker.route(url, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))
    checker.goto(url)
    assert_no_axe_violations(checker)
    checker.unroute(url)


def test_without_javascript_add_another_posts_back_one_more_row_and_saves_nothing_until_asked(
    page_without_javascript: Page,
    browser_page: Page,
    live_server: LiveServer,
    partnership_ready: Board,
    test_password: str,
) -> None:
    page = page_without_javascript
    sign_in(page, live_server.url, "officer", test_password)
    page.goto(f"{live_server.url}/meetings/new/")
    _fill_the_meeting(page, "Tasking without JavaScript")
    page.locator("#outcomes-0").get_by_label("Information").check()
    page.locator("#outcomes-0").get_by_label("What was concluded").fill("Youth outreach extended on Fridays.")

    with page.expect_navigation():
        page.get_by_role("button", name="Add another outcome").click()

    second = page.locator("#outcomes-1")
    expect(second.get_by_role("heading", name="Outcome 2")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Tasking without JavaScript")
    expect(page.locator("#outcomes-0").get_by_label("What was concluded")).to_have_value(
        "Youth outreach extended on Fridays."
    )
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    assert not Meeting.objects.exists()
    _assert_markup_passes_axe(browser_page, f"{live_server.url}/axe-check/add-another", page.content())

    _fill_escalation(second)
    with page.expect_navigation():
        page.get_by_role("button", name="Save meeting").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tasking without JavaScript")
    meeting = Meeting.objects.get()
    assert [outcome.kind for outcome in meeting.outcomes.all()] == [OutcomeKind.INFORMATION, OutcomeKind.ESCALATION]
    assert Escalation.objects.get().board.slug == "victim"


def test_a_bad_outcome_row_is_reported_accessibly(
    browser_page: Page, live_server: LiveServer, partnership_ready: Board, test_password: str
) -> None:
    page = browser_page
    sign_in(page, live_server.url, "officer", test_password)
    page.goto(f"{live_server.url}/meetings/new/")
    _fill_the_meeting(page, "Tasking with a mistake")
    row = page.locator("#outcomes-0")
    row.get_by_label("Action agreed").check()
    row.get_by_label("What was concluded").fill("Joint patrols on Saturdays")

    page.get_by_role("button", name="Save meeting").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name="Choose the board the agreed action goes to")).to_be_visible()
    expect(page).to_have_title("Error: Record a meeting - SWP Governance")
    summary.get_by_role("link", name="Choose who will do the agreed action").click()
    expect(page.locator("#outcomes-0").get_by_label("Owner of the agreed action")).to_be_focused()
    assert_no_axe_violations(page)
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("page_fixture", ["browser_page", "page_without_javascript"])
def test_enter_in_a_field_saves_the_meeting_rather_than_adding_a_row(
    request: pytest.FixtureRequest,
    browser_errors: list[str],
    live_server: LiveServer,
    partnership_ready: Board,
    test_password: str,
    page_fixture: str,
) -> None:
    page: Page = request.getfixturevalue(page_fixture)
    sign_in(page, live_server.url, "officer", test_password)
    page.goto(f"{live_server.url}/meetings/new/")
    _fill_the_meeting(page, "Tasking saved with Enter")

    # Were Enter to work the first "Add another" button, a row would appear (in place, or after a
    # round trip without JavaScript) and the page would never leave the form.
    with page.expect_navigation():
        page.get_by_label("Location (optional)").press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Tasking saved with Enter")
    assert Meeting.objects.get().attendees.count() == 0
    assert browser_errors == []
