"""From a tasking meeting to the Executive, on the demo data in a real browser, with axe on every page.

The tasking officer records last week's tasking meeting with an agreed action and an escalation
for the Victim Board; the board's chair finds the new draft action on the plan, waiting for an
objective; the Executive's chair sees the board's open escalation with its age and the new action
under what changed.
"""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from actions.models import Action
from boards.models import Escalation, Meeting
from swp.models import User
from tests.browser import assert_no_axe_violations, sign_in, sign_out
from tests.swp.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser

LAST_WEEK = timezone.localdate() - datetime.timedelta(days=7)
DUE = timezone.localdate() + datetime.timedelta(days=42)
MEETING = "Partnership tasking: Church Street market"
ACTION = "Joint weekend patrols around Church Street market"
ESCALATION = "Repeat victims of phone theft not referred to support"


def _fill_date(group: Locator, day: datetime.date) -> None:
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def _record_the_meeting(page: Page, owner: User) -> None:
    page.get_by_label("Title").fill(MEETING)
    page.get_by_label("Partnership tasking").check()
    _fill_date(page.locator("#id_date"), LAST_WEEK)
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Victim Board", exact=True).check()
    page.get_by_label("Church Street").check()
    page.get_by_label("Problems discussed").fill("Phone snatches at the market on Saturdays.")

    agreed = page.locator("#outcomes-0")
    agreed.get_by_label("Action agreed").check()
    agreed.get_by_label("What was concluded").fill(ACTION)
    agreed.get_by_label("Board it goes to").select_option(label="Victim Board")
    agreed.get_by_label("Owner of the agreed action").select_option(label=str(owner))
    _fill_date(agreed.locator("#id_outcomes-0-due_date"), DUE)

    page.get_by_role("button", name="Add another outcome").click()
    escalation = page.locator("#outcomes-1")
    escalation.get_by_label("Escalation").check()
    escalation.get_by_label("What was concluded").fill(ESCALATION)
    escalation.get_by_label("Board it goes to").select_option(label="Victim Board")


def test_an_action_agreed_at_tasking_reaches_the_plan_and_the_executive_sees_it_with_the_escalation(
    browser_page: Page, browser_errors: list[str], live_server: LiveServer, demo: None
) -> None:
    page = browser_page
    url = live_server.url
    owner = User.objects.get(username="owner")

    # The tasking officer records last week's meeting with its two outcomes.
    sign_in(page, url, "officer", TEST_PASSWORD)
    page.get_by_role("link", name="Meetings", exact=True).click()
    page.get_by_role("button", name="Record a meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a meeting")
    _record_the_meeting(page, owner)
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Save meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MEETING)
    meeting = Meeting.objects.get(title=MEETING)
    action = Action.objects.get(source_outcome__meeting=meeting)
    assert (action.plan.board.slug, action.owner, action.due_date) == ("victim", owner, DUE)
    assert [message.to for message in mail.outbox if message.subject.startswith("Action assigned")] == [[owner.email]]
    link = page.get_by_role("link", name="View the action on the plan")
    expect(link).to_have_attribute("href", f"/actions/{action.pk}/")
    assert_no_axe_violations(page)
    sign_out(page)

    # The Victim Board's chair finds it on the draft plan, waiting for an objective.
    sign_in(page, url, "victim-chair", TEST_PASSWORD)
    page.goto(f"{url}/boards/victim/plan/")
    unlinked = page.get_by_role("heading", name="Agreed at meetings, not yet linked to an objective")
    expect(unlinked).to_be_visible()
    expect(page.get_by_role("link", name=ACTION)).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=ACTION).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ACTION)
    expect(page.get_by_role("link", name=MEETING)).to_be_visible()
    assert_no_axe_violations(page)
    sign_out(page)

    # The Executive's chair sees the escalation with its age, and the new action under what changed.
    sign_in(page, url, "executive-chair", TEST_PASSWORD)
    page.get_by_role("link", name="Executive", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Executive overview")
    escalation = Escalation.objects.get(title=ESCALATION)
    open_escalations = page.locator("table", has_text=ESCALATION)
    row = open_escalations.locator("tr", has_text=ESCALATION)
    expect(row).to_contain_text("Raised")
    expect(row).to_contain_text(f"{escalation.age_in_days()} days")
    changes = page.locator(".govuk-summary-list__row", has_text="New actions").filter(has_text=ACTION)
    expect(changes.get_by_role("link", name=ACTION)).to_have_attribute("href", f"/actions/{action.pk}/")
    assert_no_axe_violations(page)

    assert browser_errors == []
