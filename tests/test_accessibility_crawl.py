"""Every page each demo persona can reach by following links: axe-clean and reflowing at 320 px.

Issue 7 asks for the whole app to meet WCAG 2.2 A and AA. For each persona this crawls, breadth
first from the home page, the same-origin links the persona is shown, and on each page checks that
it answers 200, that axe-core finds no WCAG 2.2 A/AA violation, and that the page reflows at 320
CSS pixels without scrolling sideways (WCAG 1.4.10). It only follows links, never submits a form,
so it changes no data. To stay bounded it opens one page per Django view (one action, one meeting,
one indicator, not all of them), and it reports every problem of a persona at once.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse
from playwright.sync_api import APIResponse, Page, Response
from playwright.sync_api import Error as PlaywrightError
from pytest_django.live_server_helper import LiveServer

from boards.choices import MembershipRole
from boards.models import Board
from tests.browser import assert_no_axe_violations, sign_in

pytestmark = pytest.mark.browser

# Django's own back office (the accessibility statement says it is outside what is tested), files
# served as they are, and signing out, which would end the crawl.
SKIPPED_PATH_PREFIXES = ("/admin/", "/static/", "/accounts/logout/")
NARROWEST_WIDTH = 320

# The elements that stick out past the right edge of a narrow viewport, innermost first, leaving
# out those inside a box that scrolls on its own: these are what make the page scroll sideways.
OVERFLOWING_ELEMENTS = """
() => {
  const width = window.innerWidth;
  const scrollsItself = (element) => {
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(box).overflowX)) return true;
    }
    return false;
  };
  const rightEdge = (element) => Math.round(element.getBoundingClientRect().right);
  return [...document.body.querySelectorAll("*")]
    .filter((element) => rightEdge(element) > width && !scrollsItself(element))
    .filter((element, _, all) => !all.some((other) => other !== element && element.contains(other)))
    .slice(0, 5)
    .map((element) => `${element.outerHTML.slice(0, 160)} (right edge at ${rightEdge(element)}px)`);
}
"""

# What each persona's navigation, home and board pages offer them, as view names, or as paths
# where which page matters. A crawl that reaches less has stopped following links somewhere, and
# its clean result would mean nothing.
EVERYONE = {
    "home",
    "accessibility",
    "board-detail",
    "plan-detail",
    "action-detail",
    "my-actions",
    "meeting-list",
    "meeting-detail",
    "escalation-list",
    "escalation-detail",
    "indicator-list",
    "indicator-detail",
    "quality",
}
REACHES: dict[str, set[str]] = {
    "admin": EVERYONE
    | {
        "audit-export",
        "executive",
        "action-add",
        "meeting-create",
        "import-list",
        "indicator-create",
        "pack-request",
        "pack-detail",
    },
    "swp-chair": EVERYONE | {"/boards/swp/", "executive", "meeting-create", "pack-list", "pack-detail"},
    "executive-chair": EVERYONE | {"/boards/executive/", "executive", "meeting-create", "pack-list", "pack-detail"},
    "victim-chair": EVERYONE
    | {"/boards/victim/", "/boards/victim/plan/", "action-add", "action-edit", "progress-update-add", "chair-rating"},
    "offender-chair": EVERYONE | {"/boards/offender/", "/boards/offender/plan/", "executive", "meeting-create"},
    "location-chair": EVERYONE | {"/boards/location/", "/boards/location/plan/", "executive", "meeting-create"},
    "contest-chair": EVERYONE | {"/boards/contest/", "/boards/contest/plan/", "executive", "meeting-create"},
    "officer": EVERYONE | {"meeting-create", "meeting-edit"},
    "owner": EVERYONE | {"progress-update-add"},
    "analyst": EVERYONE
    | {
        "import-list",
        "import-detail",
        "import-csv",
        "import-mps",
        "indicator-create",
        "indicator-update",
        "measurement-create",
        "quality-quarter",
        "pack-list",
        "pack-request",
        "pack-detail",
    },
    "scrutiny": EVERYONE | {"pack-list", "pack-detail", "pack-download"},
}


@dataclass
class Crawl:
    page: Page
    origin: str
    username: str
    # The one page checked for each view name.
    views_visited: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def fail(self, path: str, what: str) -> None:
        self.failures.append(f"{path} as {self.username}: {what}")

    def run(self, start_paths: list[str]) -> None:
        queue = deque(start_paths)
        queued = set(start_paths)
        while queue:
            for link in self.visit(queue.popleft()):
                if link not in queued:
                    queued.add(link)
                    queue.append(link)

    def visit(self, path: str) -> list[str]:
        """Check one page and give the links on it; nothing if its view was already checked."""
        try:
            view_name = resolve(urlsplit(path).path).view_name
        except Resolver404:
            self.fail(path, "a link leads to a URL the app does not have")
            return []
        if view_name in self.views_visited:
            return []
        self.views_visited[view_name] = path
        response = self.open(self.origin + path)
        if response.status != 200:
            self.fail(path, f"answers {response.status}")
            return []
        if not isinstance(response, Response) or not response.headers.get("content-type", "").startswith("text/html"):
            return []
        try:
            assert_no_axe_violations(self.page)
        except AssertionError as violations:
            self.fail(path, str(violations))
        self.check_reflow(path)
        return self.links()

    def open(self, url: str) -> Response | APIResponse:
        try:
            response = self.page.goto(url)
        except PlaywrightError as error:
            if "Download is starting" not in error.message:
                raise
            # Chromium saves an attachment rather than showing it, and gives no response for it:
            # ask again outside the page, to read its status and content type.
            return self.page.request.get(url)
        assert response is not None, f"{url} opened no document"
        return response

    def check_reflow(self, path: str) -> None:
        normal_size = self.page.viewport_size
        assert normal_size is not None
        self.page.set_viewport_size({"width": NARROWEST_WIDTH, "height": normal_size["height"]})
        if self.page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            culprits = "\n    ".join(self.page.evaluate(OVERFLOWING_ELEMENTS))
            self.fail(path, f"scrolls sideways at {NARROWEST_WIDTH} CSS px; sticking out:\n    {culprits}")
        self.page.set_viewport_size(normal_size)

    def links(self) -> list[str]:
        hrefs = self.page.eval_on_selector_all("a[href]:not([href^='#'])", "links => links.map((link) => link.href)")
        paths = []
        for href in hrefs:
            address, _fragment = urldefrag(href)
            if address.startswith(self.origin + "/"):
                path = address.removeprefix(self.origin)
                if not path.startswith(SKIPPED_PATH_PREFIXES):
                    paths.append(path)
        return paths


@pytest.mark.parametrize("username", REACHES)
def test_every_page_a_persona_reaches_is_accessible_and_reflows(
    username: str,
    browser_page: Page,
    browser_errors: list[str],
    live_server: LiveServer,
    demo: None,
    test_password: str,
) -> None:
    sign_in(browser_page, live_server.url, username, test_password)
    # The boards a chair runs come straight after the home page, so that the one board page (and
    # plan) checked is theirs: CONTEST's for its chair, rather than the first board the home lists.
    chaired = Board.objects.filter(memberships__user__username=username, memberships__role=MembershipRole.CHAIR)
    crawl = Crawl(page=browser_page, origin=live_server.url, username=username)
    crawl.run(["/"] + [reverse("board-detail", args=[board.slug]) for board in chaired])

    # By view name, and by the page's path whatever its query (a board links to its plan's version).
    reached = crawl.views_visited.keys() | {urlsplit(path).path for path in crawl.views_visited.values()}
    missed = REACHES[username] - reached
    assert not missed, f"{username} never reached {sorted(missed)} in {len(crawl.views_visited)} pages visited"
    problems = crawl.failures + [f"in the browser as {username}: {error}" for error in browser_errors]
    assert not problems, f"{len(problems)} problem(s) on {len(crawl.views_visited)} pages:\n" + "\n".join(problems)
