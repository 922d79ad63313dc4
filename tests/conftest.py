"""Shared fixtures: the partnership, its boards and the people of DESIGN.md, and a real browser.

Each persona builds only what it needs: asking for `victim_chair` makes the victim board, which
makes the Executive above it and the SWP above that, and nothing else.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from boards.choices import BoardKind, MembershipRole
from boards.models import Board
from swp.choices import Clearance, OrganisationKind, PartnershipRole
from swp.models import Organisation, Partnership, User
from tests.boards.factories import BoardFactory, MembershipFactory
from tests.browser import CHROMIUM_ARGS, CHROMIUM_PATH, COMPILED_CSS, CSP_LISTENER
from tests.swp.factories import (
    TEST_PASSWORD,
    OrganisationFactory,
    PartnershipFactory,
    RoleAssignmentFactory,
    UserFactory,
)

# Playwright's sync API keeps an asyncio loop in the main thread, and Django refuses database
# access from a thread with a running loop unless told it is safe. It must be set before
# Playwright starts, which is why it is here and not in a fixture.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.url_coverage"]


def pytest_configure(config: pytest.Config) -> None:
    # Tests serve static files from the finders and never run collectstatic, so WhiteNoise's
    # complaint that STATIC_ROOT does not exist is expected here and would bury real warnings.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


def _person(username: str, *, roles: tuple[PartnershipRole, ...] = (), **fields: object) -> User:
    user = UserFactory(username=username, **fields)
    for role in roles:
        RoleAssignmentFactory(user=user, role=role)
    return user


def _chair(username: str, board: Board, **fields: object) -> User:
    user = _person(username, **fields)
    MembershipFactory(board=board, user=user, role=MembershipRole.CHAIR)
    return user


@pytest.fixture(scope="session", autouse=True)
def plain_http() -> Iterator[None]:
    """Serve the tests over plain HTTP: with DEBUG off the settings redirect every request to HTTPS.

    Session-wide and autouse, so that it is in force before the live server loads its middleware.
    tests/swp/test_security_settings.py checks the redirect itself.
    """
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture(autouse=True)
def plain_static_files(settings: Settings) -> None:
    """Name static files as they are in static/, for every test.

    With DEBUG off the settings choose the manifest storage, which needs collectstatic to have
    run: without it every page fails to render ({% static %} finds no manifest entry) and the live
    server's finders could not serve the hashed names anyway.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def media_root(settings: Settings, tmp_path: Path) -> Path:
    """Uploads and pack files go to a directory of the test's own, never into the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    """Real hashing costs a tenth of a second a user; tests make hundreds of users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# The partnership and its boards ---------------------------------------------------------------


@pytest.fixture
def partnership(db: None) -> Partnership:
    return PartnershipFactory()


@pytest.fixture
def swp_board(partnership: Partnership) -> Board:
    return BoardFactory(
        partnership=partnership,
        slug="swp",
        name="Safer Westminster Partnership",
        kind=BoardKind.PARTNERSHIP,
        order=0,
    )


@pytest.fixture
def executive_board(swp_board: Board) -> Board:
    return BoardFactory(
        partnership=swp_board.partnership,
        slug="executive",
        name="Executive Board",
        kind=BoardKind.EXECUTIVE,
        parent=swp_board,
        chair_title="Fire Service Borough Commander",
        order=1,
    )


@pytest.fixture
def victim_board(executive_board: Board) -> Board:
    return BoardFactory(
        partnership=executive_board.partnership, slug="victim", name="Victim Board", parent=executive_board, order=10
    )


@pytest.fixture
def offender_board(executive_board: Board) -> Board:
    return BoardFactory(
        partnership=executive_board.partnership,
        slug="offender",
        name="Offender Board",
        parent=executive_board,
        order=11,
    )


@pytest.fixture
def contest_board(executive_board: Board) -> Board:
    """Prevent work is largely confidential: only people with CTC clearance may know of its details."""
    return BoardFactory(
        partnership=executive_board.partnership,
        slug="contest",
        name="CONTEST Board",
        parent=executive_board,
        required_clearance=Clearance.CTC,
        order=13,
    )


@pytest.fixture
def police(partnership: Partnership) -> Organisation:
    return OrganisationFactory(
        partnership=partnership,
        slug="met-police",
        name="Metropolitan Police Service",
        short_name="MPS",
        kind=OrganisationKind.POLICE,
    )


# The people -----------------------------------------------------------------------------------


@pytest.fixture
def admin_user(partnership: Partnership) -> User:
    """Overrides pytest-django's own admin_user, so admin_client signs in as this person too."""
    return _person("admin", roles=(PartnershipRole.ADMIN,), is_staff=True, is_superuser=True)


@pytest.fixture
def swp_chair(swp_board: Board) -> User:
    return _chair("swp-chair", swp_board, roles=(PartnershipRole.SWP_APPROVER,))


@pytest.fixture
def executive_chair(executive_board: Board) -> User:
    fire = OrganisationFactory(
        partnership=executive_board.partnership,
        slug="london-fire-brigade",
        name="London Fire Brigade",
        kind=OrganisationKind.FIRE,
    )
    return _chair(
        "executive-chair",
        executive_board,
        roles=(PartnershipRole.EXECUTIVE,),
        organisation=fire,
        job_title="Borough Commander",
    )


@pytest.fixture
def victim_chair(victim_board: Board) -> User:
    return _chair("victim-chair", victim_board)


@pytest.fixture
def offender_chair(offender_board: Board) -> User:
    return _chair("offender-chair", offender_board)


@pytest.fixture
def contest_chair(contest_board: Board) -> User:
    return _chair("contest-chair", contest_board, clearance=Clearance.CTC)


@pytest.fixture
def tasking_officer(partnership: Partnership) -> User:
    return _person("officer", roles=(PartnershipRole.TASKING_OFFICER,))


@pytest.fixture
def action_owner(victim_board: Board, police: Organisation) -> User:
    """A police officer who owns actions on the Victim Board's plan."""
    user = _person("owner", organisation=police, job_title="Detective Inspector")
    MembershipFactory(board=victim_board, user=user, role=MembershipRole.ACTION_OWNER)
    return user


@pytest.fixture
def analyst(partnership: Partnership) -> User:
    return _person("analyst", roles=(PartnershipRole.ANALYST,))


@pytest.fixture
def scrutiny_member(partnership: Partnership) -> User:
    """A councillor on the scrutiny committee: reads published packs, holds no clearance."""
    return _person("scrutiny", roles=(PartnershipRole.SCRUTINY,))


@pytest.fixture
def uncleared_member(victim_board: Board) -> User:
    """Sits on the Victim Board and holds no vetting, so CONTEST must look absent to them."""
    user = _person("victim-member")
    MembershipFactory(board=victim_board, user=user, role=MembershipRole.MEMBER)
    return user


@pytest.fixture
def test_password() -> str:
    """The password every factory-made user signs in with."""
    return TEST_PASSWORD


@pytest.fixture
def client_for(db: None) -> Callable[[User], Client]:
    """`client_for(victim_chair)` gives a test client already signed in as that person."""

    def signed_in_client(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return signed_in_client


@pytest.fixture
def demo(transactional_db: None, settings: Settings) -> None:
    """The Westminster partnership file and the demo content, as `make run` loads them. The demo
    people sign in with `test_password`, like everyone the factories make.

    The demo's own meetings assign actions, which sends mail: the outbox starts empty so a test
    sees only the mail it causes."""
    call_command(
        "load_partnership", str(Path(settings.BASE_DIR) / "partnerships" / "westminster.yaml"), stdout=StringIO()
    )
    settings.DEMO_PASSWORD = TEST_PASSWORD
    call_command("load_demo", "--allow-production", stdout=StringIO())
    mail.outbox.clear()


# The browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's chromium, started once per run. Never `playwright install`: the machines have no
    downloaded browsers, and the distribution's chromium is the one that gets security updates."""
    if not CHROMIUM_PATH.exists():
        pytest.skip(f"{CHROMIUM_PATH} is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def browser_errors() -> list[str]:
    """Console errors, uncaught exceptions and CSP violations seen by `browser_page`; assert it is empty."""
    return []


@pytest.fixture
def browser_page(
    chromium: Browser, browser_errors: list[str], live_server: LiveServer, plain_static_files: None
) -> Iterator[Page]:
    """A fresh page in its own browser context, against the live server.

    The Content Security Policy is enforced (not bypassed) so that a violation shows up in
    `browser_errors`; assert_no_axe_violations injects axe in a way the policy does not block.
    """
    if not COMPILED_CSS.exists():
        pytest.fail(f"{COMPILED_CSS} is missing: build it with `node static/src/build.mjs`.")
    context = chromium.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(10_000)
    context.expose_function("__reportCspViolation", lambda text: browser_errors.append(f"CSP: {text}"))
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        # Chromium also logs each CSP violation to the console; the listener reports it with its source.
        if message.type == "error" and "Content Security Policy" not in message.text:
            browser_errors.append(f"Console: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: browser_errors.append(f"Uncaught: {error}"))
    yield page
    context.close()
    # Every browser test fails on a policy violation, whatever else it asserts: a page that needs
    # an inline script or style to work is broken for every real visitor.
    violations = [error for error in browser_errors if error.startswith("CSP: ")]
    if violations:
        pytest.fail("Content Security Policy violations:\n" + "\n".join(violations), pytrace=False)
