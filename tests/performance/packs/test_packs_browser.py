"""Both sides of a pack in a real browser, built by a real worker: the analyst starts a build and
watches it finish, the Executive chair publishes it, and a scrutiny member downloads the PDF."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from performance.choices import PackStatus
from performance.models import PackDownload, PerformancePack
from swp.models import User
from tests.browser import assert_no_axe_violations, sign_in, sign_out
from tests.performance.packs.conftest import QUARTER, MakePack, PackWorld
from tests.worker import running_worker

pytestmark = [pytest.mark.browser, pytest.mark.worker]


def _worker_env(media_root: Path) -> dict[str, str]:
    database = urlsplit(os.environ.get("DATABASE_URL", ""))._replace(path=f"/{settings.DATABASES['default']['NAME']}")
    # A few seconds' pause before the build finishes, so that there is progress to watch.
    return {"DATABASE_URL": database.geturl(), "MEDIA_ROOT": str(media_root), "PACK_BUILD_TEST_DELAY_SECONDS": "4"}


def test_an_analyst_builds_a_pack_the_executive_publishes_it_and_scrutiny_downloads_it(
    browser_page: Page,
    browser_errors: list[str],
    live_server: LiveServer,
    pack_world: PackWorld,
    analyst: User,
    executive_chair: User,
    scrutiny_member: User,
    test_password: str,
    media_root: Path,
) -> None:
    page = browser_page
    with running_worker(_worker_env(media_root)):
        sign_in(page, live_server.url, analyst.username, test_password)
        page.get_by_role("link", name="Performance packs").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Performance packs")
        assert_no_axe_violations(page)

        page.get_by_role("button", name="Start a pack").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Start a performance pack")
        assert_no_axe_violations(page)
        page.get_by_label("Quarter").select_option(label=QUARTER.label)
        page.get_by_label("Committee").fill("Adults, Health & Public Protection Policy & Scrutiny Committee")
        page.get_by_role("button", name="Start building the pack").click()

        expect(page.get_by_role("heading", level=1)).to_have_text(f"{QUARTER.label}, version 1")
        expect(page.get_by_label("Progress")).to_be_visible()
        expect(page.get_by_role("status")).to_contain_text("% done")
        assert_no_axe_violations(page)
        # The page's script polls the build and reloads once it has finished.
        expect(page.get_by_text("Ready: draft")).to_be_visible(timeout=90_000)
        expect(page.get_by_role("link", name="Download the PDF")).to_be_visible()
        assert_no_axe_violations(page)

    pack = PerformancePack.objects.get()
    assert pack.status == PackStatus.READY

    sign_out(page)
    sign_in(page, live_server.url, executive_chair.username, test_password)
    page.goto(f"{live_server.url}/performance/packs/{pack.pk}/")
    page.get_by_role("button", name="Publish this pack").click()
    expect(page.get_by_text(f"Version 1 of the {QUARTER.label} pack is published.")).to_be_visible()
    assert_no_axe_violations(page)

    sign_out(page)
    sign_in(page, live_server.url, scrutiny_member.username, test_password)
    page.get_by_role("link", name="Performance packs").click()
    page.get_by_role("link", name=f"{QUARTER.label}, version 1").click()
    assert_no_axe_violations(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    download = download_info.value
    assert download.suggested_filename == "swp-performance-pack-2025-26-q2-v1.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
    assert PackDownload.objects.filter(pack=pack, user=scrutiny_member, file_kind="pdf", allowed=True).exists()
    assert browser_errors == []


def test_a_scrutiny_member_never_sees_a_draft(
    browser_page: Page,
    browser_errors: list[str],
    live_server: LiveServer,
    scrutiny_member: User,
    test_password: str,
    make_pack: MakePack,
) -> None:
    draft = make_pack(status=PackStatus.READY)
    sign_in(browser_page, live_server.url, scrutiny_member.username, test_password)
    browser_page.goto(f"{live_server.url}/performance/packs/")
    expect(browser_page.get_by_text("No packs have been published yet.")).to_be_visible()
    assert_no_axe_violations(browser_page)
    browser_page.goto(f"{live_server.url}/performance/packs/{draft.pk}/")
    expect(browser_page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert browser_errors == ["Console: Failed to load resource: the server responded with a status of 404 (Not Found)"]
