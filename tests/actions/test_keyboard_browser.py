"""The board chair's journey on the demo data by keyboard alone, in a real browser.

The chair signs in, finds the Victim Board's plan from the home page, filters it, adds an action
(correcting a mistake through the error summary), records progress and submits the plan, pressing
keys only: every control is reached with Tab and worked with Enter, Space, arrows or typing. Each
element Tab lands on must show the GOV.UK focus indicator, and a mouse event anywhere fails the
test, so a control that drops out of the tab order, loses its focus style or needs a pointer is
caught. tests/actions/test_journey_browser.py drives the same story with the mouse.
"""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from actions.choices import PlanStatus, Rag
from actions.models import Action, ActionPlan, ProgressUpdate
from swp.models import User
from tests.browser import assert_no_axe_violations

pytestmark = pytest.mark.browser

# tab_to stops once focus has gone round the whole page; this bounds it on a page that traps
# focus and never lets it go round. The longest page on the journey has about 40 stops.
MAX_TAB_PRESSES = 80

# GOV.UK Frontend's $govuk-focus-colour, as getComputedStyle reports it.
FOCUS_YELLOW = "rgb(255, 221, 0)"

# Reports every pointer event the page sees, trusted or not: the journey must never need one.
MOUSE_LISTENER = """
for (const type of ["mousedown", "mouseup", "mousemove", "pointerdown", "pointerup", "wheel", "contextmenu"]) {
  document.addEventListener(type, (event) => window.__reportMouseEvent(`${type} on ${event.target.tagName}`), true);
}
"""

# GOV.UK checkboxes and radios hide the native input and draw the focus ring on the label's
# ::before box, so that is where their indicator is looked for.
HAS_FOCUS_INDICATOR = """
(element, yellow) => {
  const styles = [getComputedStyle(element)];
  if (element.matches(".govuk-checkboxes__input, .govuk-radios__input") && element.labels.length) {
    styles.push(getComputedStyle(element.labels[0], "::before"));
  }
  const rect = element.getBoundingClientRect();
  const onScreen = rect.width > 1 && rect.height > 1;
  return onScreen && styles.some((style) =>
    (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 && style.outlineColor === yellow) ||
    style.boxShadow.includes(yellow) ||
    style.backgroundColor === yellow
  );
}
"""

# A short description of whatever has focus, for failure messages; null when nothing does.
FOCUSED_OUTLINE = """
() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const text = (element.innerText || element.value || "").trim().slice(0, 60);
  return `<${element.tagName.toLowerCase()}${element.id ? "#" + element.id : ""}> ${text}`;
}
"""

ARIA_SNAPSHOT_LINE = re.compile(r'^- (?P<role>[\w-]+)(?: (?P<name>"(?:[^"\\]|\\.)*"))?')


def focused_role_and_name(page: Page) -> tuple[str, str] | None:
    """The focused element's role and accessible name as Playwright computes them, or None when
    focus is on the document itself."""
    outline = page.evaluate(FOCUSED_OUTLINE)
    if outline is None:
        return None
    match = ARIA_SNAPSHOT_LINE.match(page.locator(":focus").aria_snapshot())
    if match is None:
        return ("(no role)", outline)
    return (match["role"], json.loads(match["name"]) if match["name"] else "")


def describe(focused: tuple[str, str] | None) -> str:
    return "the page itself" if focused is None else f"{focused[0]} “{focused[1]}”"


def assert_focus_visible(page: Page) -> None:
    if not page.locator(":focus").evaluate(HAS_FOCUS_INDICATOR, FOCUS_YELLOW):
        raise AssertionError(
            f"{describe(focused_role_and_name(page))} on {page.url} has focus but no visible GOV.UK focus indicator"
        )


def is_named(focused: tuple[str, str] | None, name: str | re.Pattern[str], role: str | None) -> bool:
    if focused is None or (role is not None and focused[0] != role):
        return False
    return focused[1] == name if isinstance(name, str) else bool(name.search(focused[1]))


def tab_to(page: Page, name: str | re.Pattern[str], *, role: str | None = None) -> None:
    """Press Tab until the focused element has this accessible name (and role, if given), checking
    the focus indicator of every element passed on the way; fail listing them if it never comes."""
    passed: list[str] = []
    # Tab leaves the last control for the page itself before starting again at the top, so every
    # control has had its turn once focus is back where it started, or on the page a second time.
    wraps_left = 1 if focused_role_and_name(page) is None else 2
    while len(passed) < MAX_TAB_PRESSES and wraps_left:
        page.keyboard.press("Tab")
        focused = focused_role_and_name(page)
        passed.append(describe(focused))
        if focused is None:
            wraps_left -= 1
            continue
        assert_focus_visible(page)
        if is_named(focused, name, role):
            return
    raise AssertionError(
        f"Tab on {page.url} never reached {role or 'a control'} “{name}”; focus went to:\n" + "\n".join(passed)
    )


def expect_focus(page: Page, name: str | re.Pattern[str], *, role: str | None = None) -> None:
    """Assert where focus is now, after a key other than Tab moved it, and that it shows."""
    focused = focused_role_and_name(page)
    assert is_named(focused, name, role), f"expected focus on “{name}”, found {describe(focused)} on {page.url}"
    assert_focus_visible(page)


def expect_success_banner_focused(page: Page, text: str) -> None:
    """After a form is sent, the confirmation takes focus (GOV.UK's success banner does so itself),
    so a keyboard user starts from it rather than from the top of the page."""
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text(text)
    expect(banner).to_be_focused()
    assert_focus_visible(page)


def press_and_wait(page: Page, key: str) -> None:
    """Press a key that should load a new page, and wait for it."""
    with page.expect_navigation():
        page.keyboard.press(key)


def type_date(page: Page, day: datetime.date) -> None:
    """Fill in an empty GOV.UK date input, box by box."""
    for box, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
        tab_to(page, box, role="textbox")
        page.keyboard.type(str(value))


def test_a_chair_filters_adds_an_action_reports_progress_and_submits_by_keyboard_alone(
    browser_page: Page, browser_errors: list[str], live_server: LiveServer, demo: None, test_password: str
) -> None:
    page = browser_page
    mouse_events: list[str] = []
    # A lambda, because Playwright cannot mark a built-in method such as list.append as exposed.
    page.expose_function("__reportMouseEvent", lambda event: mouse_events.append(event))
    page.add_init_script(MOUSE_LISTENER)
    owner = User.objects.get(username="owner")
    title = "Joint home visits to repeat victims in Church Street"
    due = timezone.localdate() + datetime.timedelta(days=60)

    # Signs in: the skip link comes first and takes focus past the header to the form.
    page.goto(f"{live_server.url}/accounts/login/")
    assert_no_axe_violations(page)
    tab_to(page, "Skip to main content", role="link")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    tab_to(page, "Username", role="textbox")
    page.keyboard.type("victim-chair")
    tab_to(page, "Password", role="textbox")
    page.keyboard.type(test_password)
    press_and_wait(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Safer Westminster Partnership")

    # Finds the Victim Board in the board structure, and its plan.
    tab_to(page, "Victim Board", role="link")
    press_and_wait(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Victim Board")
    tab_to(page, "See the Victim Board action plan", role="link")
    press_and_wait(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Action plan")

    # Filters to what is off track or overdue.
    tab_to(page, "Off track (red)", role="checkbox")
    page.keyboard.press("Space")
    tab_to(page, "Overdue", role="checkbox")
    page.keyboard.press("Space")
    tab_to(page, "Apply filters", role="button")
    press_and_wait(page, "Enter")
    assert "progress=red" in page.url
    assert "progress=overdue" in page.url
    assert "csrfmiddlewaretoken" not in page.url
    expect(page.get_by_role("link", name="MARAC case review for high-risk domestic violence")).to_be_visible()
    expect(page.get_by_role("link", name="Single referral pathway for repeat victims")).to_have_count(0)
    assert_no_axe_violations(page)

    # Adds an action, forgetting its title at first.
    tab_to(page, "Add an action", role="button")
    press_and_wait(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an action")
    assert_no_axe_violations(page)
    tab_to(page, re.compile(r"^1\. "), role="radio")
    page.keyboard.press("Space")
    tab_to(page, "Description", role="textbox")
    page.keyboard.type("Police and victim support visit together within a week of a repeat report.")
    tab_to(page, "Owner", role="combobox")
    page.keyboard.type("Priya Shah")
    expect(page.get_by_label("Owner", exact=True)).to_have_value(str(owner.pk))
    tab_to(page, "Lead partner organisation", role="combobox")
    page.keyboard.type("Metropolitan")
    expect(page.get_by_label("Lead partner organisation")).to_have_value(str(owner.organisation_id))
    type_date(page, due)
    tab_to(page, "Church Street", role="checkbox")
    page.keyboard.press("Space")
    tab_to(page, "Repeat victims", role="checkbox")
    page.keyboard.press("Space")
    tab_to(page, "Add action", role="button")
    press_and_wait(page, "Enter")

    # The error summary takes focus, and its link takes focus on to the field.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a title for the action")
    expect(page).to_have_title(re.compile("^Error: "))
    assert_focus_visible(page)
    assert_no_axe_violations(page)
    tab_to(page, "Enter a title for the action", role="link")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Title", exact=True)).to_be_focused()
    expect_focus(page, "Title", role="textbox")
    page.keyboard.type(title)
    tab_to(page, "Add action", role="button")
    press_and_wait(page, "Enter")
    expect_success_banner_focused(page, "has been added to the plan")

    # Records progress on the new action.
    tab_to(page, title, role="link")
    press_and_wait(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    tab_to(page, "Record a progress update", role="button")
    press_and_wait(page, "Enter")
    assert_no_axe_violations(page)
    # Tab enters a radio group once; the arrows choose within it.
    tab_to(page, "Green", role="radio")
    page.keyboard.press("ArrowDown")
    expect_focus(page, "Amber", role="radio")
    tab_to(page, "What has happened since the last update?", role="textbox")
    page.keyboard.type("First joint visits booked for next week.")
    tab_to(page, "Record the update", role="button")
    press_and_wait(page, "Enter")
    expect_success_banner_focused(page, "Your progress update has been recorded.")
    expect(page.locator(".govuk-inset-text").first).to_contain_text("First joint visits booked for next week.")

    # Submits the plan for approval.
    tab_to(page, "Action plan, version 1", role="link")
    press_and_wait(page, "Enter")
    tab_to(page, "Submit for approval", role="button")
    press_and_wait(page, "Enter")
    expect_success_banner_focused(page, "submitted to the partnership")

    added = Action.objects.get(title=title)
    assert added.objective is not None
    assert added.objective.order == 1
    assert added.description == "Police and victim support visit together within a week of a repeat report."
    assert (added.owner, added.lead_organisation, added.due_date) == (owner, owner.organisation, due)
    assert [place.name for place in added.places.all()] == ["Church Street"]
    assert [cohort.name for cohort in added.cohorts.all()] == ["Repeat victims"]
    update = ProgressUpdate.objects.get(action=added)
    assert (update.rag, update.narrative) == (Rag.AMBER, "First joint visits booked for next week.")
    assert ActionPlan.objects.get(board__slug="victim", version=1).status == PlanStatus.SUBMITTED
    assert mouse_events == []
    assert browser_errors == []
