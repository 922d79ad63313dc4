"""The board chair's journey on the demo data, in a real browser, with axe on every page visited.

The Victim Board's chair filters the draft plan to what is off track or overdue, adds an action,
edits another, records progress and submits the plan; the SWP chair approves it; the police
action owner finds their actions and reports progress; and the history shows who changed what.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from actions import services
from actions.choices import PlanStatus
from actions.models import Action, ActionPlan
from swp.models import User
from tests.browser import assert_no_axe_violations, sign_in, sign_out
from tests.swp.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser


def _fill_due_date(page: Page, day: datetime.date) -> None:
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))


def test_a_chair_edits_and_submits_the_plan_the_swp_approves_and_the_owner_reports(
    browser_page: Page, browser_errors: list[str], live_server: LiveServer, demo: None
) -> None:
    page = browser_page
    owner = User.objects.get(username="owner")
    url = live_server.url

    # The Victim Board's chair signs in and opens the plan.
    page.goto(f"{url}/accounts/login/")
    assert_no_axe_violations(page)
    sign_in(page, url, "victim-chair", TEST_PASSWORD)
    page.goto(f"{url}/boards/victim/plan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Action plan")
    assert_no_axe_violations(page)

    # Filters to what is off track or overdue; the filter lives in the URL.
    page.get_by_label("Off track (red)").check()
    page.get_by_label("Overdue", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert "progress=red" in page.url
    assert "progress=overdue" in page.url
    expect(page.get_by_role("link", name="MARAC case review for high-risk domestic violence")).to_be_visible()
    expect(page.get_by_role("link", name="Single referral pathway for repeat victims")).to_have_count(0)
    assert_no_axe_violations(page)

    # Adds an action; a date in the past is explained first.
    page.get_by_role("button", name="Add an action").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an action")
    assert_no_axe_violations(page)
    page.get_by_role("radio", name=re.compile(r"^1\. ")).check()
    page.get_by_label("Title", exact=True).fill("Joint home visits to repeat victims in Church Street")
    page.get_by_label("Owner", exact=True).select_option(str(owner.pk))
    page.get_by_label("Lead partner organisation").select_option(label="Metropolitan Police Service")
    _fill_due_date(page, timezone.localdate() - datetime.timedelta(days=3))
    page.get_by_role("checkbox", name="Church Street").check()
    page.get_by_role("checkbox", name="Repeat victims").check()
    page.get_by_role("button", name="Add action").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The due date must be today or in the future")
    expect(page.locator("#div_id_due_date .govuk-error-message")).to_contain_text("must be today or in the future")
    expect(page).to_have_title(re.compile("^Error: "))
    assert_no_axe_violations(page)
    _fill_due_date(page, timezone.localdate() + datetime.timedelta(days=60))
    with page.expect_navigation():
        page.get_by_role("button", name="Add action").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been added to the plan")
    expect(page.get_by_role("link", name="Joint home visits to repeat victims in Church Street")).to_be_visible()
    added = Action.objects.get(title="Joint home visits to repeat victims in Church Street")
    assert [p.name for p in added.places.all()] == ["Church Street"]
    assert [c.name for c in added.cohorts.all()] == ["Repeat victims"]

    # Puts it first under its objective: added last, it moves up one place at a time.
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(rf"^Move up\W+{re.escape(added.title)}$")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"“{added.title}” has been moved up")
    assert_no_axe_violations(page)
    moved_above = Action.objects.filter(plan=added.plan, objective=added.objective).order_by("order", "pk")
    assert list(moved_above.values_list("title", flat=True)).index(added.title) == moved_above.count() - 2

    # Edits another action.
    page.get_by_role("link", name="Single referral pathway for repeat victims").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Change the action").click()
    assert_no_axe_violations(page)
    page.get_by_label("Title", exact=True).fill("Single referral pathway for all repeat victims")
    with page.expect_navigation():
        page.get_by_role("button", name="Save action").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Single referral pathway for all repeat victims")

    # Records a progress update with a RAG status and a narrative.
    page.get_by_role("button", name="Record a progress update").click()
    page.get_by_role("button", name="Record the update").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose red, amber or green")
    assert_no_axe_violations(page)
    page.get_by_label("Amber", exact=True).check()
    page.get_by_label("What has happened since the last update?").fill("Pathway agreed with two of three partners.")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the update").click()
    expect(page.locator(".govuk-inset-text").first).to_contain_text("Pathway agreed with two of three partners.")

    # Submits the plan for approval.
    page.get_by_role("link", name="Action plan, version 1").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("submitted to the partnership")
    sign_out(page)

    # The SWP chair approves it.
    sign_in(page, url, "swp-chair", TEST_PASSWORD)
    page.goto(f"{url}/boards/victim/plan/")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Approve the plan").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is approved")
    assert ActionPlan.objects.get(board__slug="victim").status == PlanStatus.APPROVED
    sign_out(page)

    # The police action owner sees their actions, overdue first, and reports on one.
    sign_in(page, url, "owner", TEST_PASSWORD)
    page.get_by_role("link", name="My actions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My actions")
    overdue = page.locator("table", has=page.locator("caption", has_text="Overdue"))
    expect(overdue).to_contain_text("MARAC case review for high-risk domestic violence")
    assert_no_axe_violations(page)
    overdue.get_by_role("link", name="MARAC case review for high-risk domestic violence").click()
    page.get_by_role("button", name="Record a progress update").click()
    assert_no_axe_violations(page)
    page.get_by_label("Red", exact=True).check()
    page.get_by_label("What has happened since the last update?").fill("Case review backlog of 14; help needed.")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the update").click()
    expect(page.locator(".govuk-inset-text").first).to_contain_text("Case review backlog of 14; help needed.")
    assert_no_axe_violations(page)

    # Anyone who may see the plan reads who changed which field from what to what, and when.
    edited = Action.objects.get(title="Single referral pathway for all repeat victims")
    page.goto(f"{url}/actions/{edited.pk}/#history")
    history = page.locator("table", has=page.locator("caption", has_text="Who changed which field"))
    expect(history).to_contain_text("Vera Okafor")
    expect(history).to_contain_text(
        "Title: from “Single referral pathway for repeat victims” to “Single referral pathway for all repeat victims”"
    )
    assert_no_axe_violations(page)

    # The board page sums the plan up, with the latest progress.
    page.goto(f"{url}/boards/victim/")
    expect(page.get_by_text("Case review backlog of 14; help needed.")).to_be_visible()
    assert_no_axe_violations(page)
    assert browser_errors == []


def test_the_conflict_page_shows_the_other_change_and_passes_axe(
    browser_page: Page,
    browser_errors: list[str],
    live_server: LiveServer,
    owned_action: Action,
    victim_chair: User,
    test_password: str,
) -> None:
    page = browser_page
    sign_in(page, live_server.url, victim_chair.username, test_password)
    page.goto(f"{live_server.url}/actions/{owned_action.pk}/edit/")
    # Someone else saves the action while the form is open in this browser.
    other = services.ActionFields(
        objective=owned_action.objective,
        title="MARAC review, renamed by the vice-chair",
        description="",
        owner=owned_action.owner,
        lead_organisation=owned_action.lead_organisation,
        due_date=owned_action.due_date,
        places=[],
        cohorts=[],
    )
    services.action_update(
        action=owned_action, by=victim_chair, opened_version=0, fields=other, status=owned_action.status
    )

    page.get_by_label("Description").fill("Every high-risk case, not a sample.")
    page.get_by_role("button", name="Save action").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Someone else changed this action while you were editing it"
    )
    expect(page.locator("table")).to_contain_text("MARAC review, renamed by the vice-chair")
    expect(page.get_by_label("Title", exact=True)).to_have_value("MARAC review, renamed by the vice-chair")
    expect(page.get_by_label("Description")).to_have_value("Every high-risk case, not a sample.")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Save action").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Your changes have been saved.")
    owned_action.refresh_from_db()
    assert (owned_action.title, owned_action.description) == (
        "MARAC review, renamed by the vice-chair",
        "Every high-risk case, not a sample.",
    )
    # Chromium logs every response with an error status; the conflict page is a 409 on purpose.
    assert browser_errors == ["Console: Failed to load resource: the server responded with a status of 409 (Conflict)"]
