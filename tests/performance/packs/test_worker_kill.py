"""Real Celery workers on Redis building a pack: killed mid-build, or handed the same build twice.

These prove what the services' own tests cannot: that a worker dying with SIGKILL (no warm
shutdown, no exception handler, no acknowledgement) leaves no half-written file visible, no pack
stuck in "building", and, once the sweeper has run, exactly one complete pack.
"""

from __future__ import annotations

import hashlib
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from pytest_django.fixtures import Settings

from performance.choices import PackStatus
from performance.models import PerformancePack
from performance.packs.selectors import packs_visible_to
from performance.packs.services import pack_request, packs_sweep_stuck
from performance.tasks import pack_build_task
from swp.celery import app
from swp.models import User
from tests.performance.packs.conftest import QUARTER, PackWorld
from tests.worker import require_redis, running_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# Long enough to kill the worker while it waits with its files written and the pack not yet pointed at them.
BUILD_DELAY_SECONDS = 120


def _worker_env(media_root: Path, *, delay: int) -> dict[str, str]:
    # The worker must read the test database (not the one DATABASE_URL names) and write where the test reads.
    database = urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{settings.DATABASES['default']['NAME']}")
    return {
        "DATABASE_URL": database.geturl(),
        "MEDIA_ROOT": str(media_root),
        "PACK_BUILD_TEST_DELAY_SECONDS": str(delay),
    }


def _sha256(name: str) -> str:
    with default_storage.open(name, "rb") as stored:
        return hashlib.sha256(stored.read()).hexdigest()


def _assert_listed_files_complete(reader: User, partnership: object) -> None:
    """Every file the pack list offers exists and matches the checksum recorded beside it."""
    for pack in packs_visible_to(user=reader, partnership=partnership):
        for kind in ("pdf", "xlsx"):
            name = getattr(pack, f"{kind}_file").name
            if name:
                assert _sha256(name) == getattr(pack, f"{kind}_sha256"), f"{pack} lists an incomplete {kind}"


def _wait_for(condition: Callable[[], bool], *, seconds: float, during: Callable[[], None]) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        during()
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"Gave up after {seconds}s waiting for {condition.__doc__}")


def test_a_worker_killed_mid_build_leaves_exactly_one_complete_pack(
    pack_world: PackWorld, analyst: User, media_root: Path, settings: Settings
) -> None:
    require_redis()
    partnership = pack_world.partnership

    def check_listing() -> None:
        _assert_listed_files_complete(analyst, partnership)

    def files_written_not_yet_used() -> bool:
        """the first attempt to have written its files and be waiting"""
        pack = PerformancePack.objects.get()
        return pack.status == PackStatus.BUILDING and pack.progress_percent == 95

    with running_worker(_worker_env(media_root, delay=BUILD_DELAY_SECONDS)) as node:
        pack = pack_request(partnership=partnership, quarter=QUARTER, cover={}, requested_by=analyst)
        _wait_for(files_written_not_yet_used, seconds=60, during=check_listing)
        pid = app.control.inspect(destination=[node], timeout=5).stats()[node]["pid"]
        # The whole process group: the prefork parent and the child running the build, no goodbyes.
        os.killpg(pid, signal.SIGKILL)
        time.sleep(1)

    pack.refresh_from_db()
    assert (pack.status, pack.build_attempts, pack.pdf_file.name) == (PackStatus.BUILDING, 1, "")
    written = default_storage.listdir("packs")[1]
    assert len(written) == 2, "the killed attempt had written both files"
    check_listing()

    # Nobody waits ten minutes in a test: the sweeper here treats a build two seconds old as dead.
    settings.PACK_BUILD_STALE_AFTER_SECONDS = 2
    time.sleep(3)

    def pack_ready() -> bool:
        """the pack to be built again"""
        return PerformancePack.objects.get().status == PackStatus.READY

    with running_worker(_worker_env(media_root, delay=0)):
        report = packs_sweep_stuck()
        assert report.requeued == [pack.pk]
        assert sorted(report.files_deleted) == sorted(f"packs/{name}" for name in written)
        _wait_for(pack_ready, seconds=90, during=check_listing)

    (pack,) = PerformancePack.objects.all()
    assert (pack.status, pack.version, pack.build_attempts) == (PackStatus.READY, 1, 2)
    assert _sha256(pack.pdf_file.name) == pack.pdf_sha256
    assert _sha256(pack.xlsx_file.name) == pack.xlsx_sha256
    assert sorted(f"packs/{name}" for name in default_storage.listdir("packs")[1]) == sorted(
        [pack.pdf_file.name, pack.xlsx_file.name]
    )


def test_a_real_worker_given_the_same_build_twice_makes_one_pack(
    pack_world: PackWorld, analyst: User, media_root: Path
) -> None:
    require_redis()
    with running_worker(_worker_env(media_root, delay=0)):
        pack = pack_request(partnership=pack_world.partnership, quarter=QUARTER, cover={}, requested_by=analyst)
        # The request already sent one; these are the broker delivering it again.
        results = [pack_build_task.delay(pack.pk) for _ in range(2)]
        outcomes = sorted(result.get(timeout=90) for result in results)

    pack.refresh_from_db()
    assert pack.status == PackStatus.READY
    assert pack.build_attempts == 1
    assert outcomes == ["skipped", "skipped"]
    assert PerformancePack.objects.count() == 1
    assert len(default_storage.listdir("packs")[1]) == 2
