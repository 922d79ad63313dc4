"""Driving Debian's chromium through Playwright, and checking pages with axe-core.

The fixtures that start the browser live in tests/conftest.py; this module holds the constants
they share and the helpers a browser test calls.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_PATH = Path("/usr/bin/chromium")
# The machines have no network to speak of and no GPU: these stop chromium reaching for either.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_PATH = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 AA, as the public sector accessibility regulations require.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
COMPILED_CSS = REPO_ROOT / "static" / "dist" / "app.css"

# Reports Content Security Policy violations to the test through an exposed binding, so that the
# test can assert on them like on console errors.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
});
"""


def assert_no_axe_violations(page: Page) -> None:
    """Run axe-core on the page as it stands and fail listing every WCAG 2.2 AA violation."""
    if not AXE_PATH.exists():
        raise AssertionError(f"{AXE_PATH} is missing; run `npm ci` in {REPO_ROOT}.")
    # A click that follows a link has started the next page, not finished it: axe run before its
    # document has loaded finds none to read.
    page.wait_for_load_state("load")
    # Evaluated through the DevTools protocol rather than a <script> tag, so the page's own
    # Content Security Policy stays in force and does not need bypassing.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_PATH.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
        AXE_TAGS,
    )
    if violations:
        lines = [f"axe found {len(violations)} accessibility violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            lines.extend(
                f"    {', '.join(map(str, node['target']))}: {node['html'][:200]}" for node in violation["nodes"]
            )
        raise AssertionError("\n".join(lines))


def sign_in(page: Page, live_server_url: str, username: str, password: str) -> None:
    """Sign in through the GOV.UK sign-in form, as a person would, and wait to leave it."""
    page.goto(f"{live_server_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    if page.url.startswith(f"{live_server_url}/accounts/login/"):
        summary = page.locator(".govuk-error-summary")
        reason = summary.inner_text() if summary.count() else "no error shown"
        raise AssertionError(f"Signing in as {username} failed: {reason}")


def sign_out(page: Page) -> None:
    """Sign out with the header's button and wait for the sign-in page."""
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
