"""The Celery tasks: thin, idempotent, retried with backoff, and working in-process without Redis."""

from __future__ import annotations

from collections.abc import Callable
from unittest import mock

import pytest
from pytest_django.fixtures import Settings

from performance.choices import PackStatus
from performance.models import PerformancePack
from performance.packs import services
from performance.packs.services import pack_request
from performance.tasks import pack_build_task, packs_sweep_stuck_task
from swp.celery import app
from swp.models import User
from tests.performance.packs.conftest import QUARTER, PackWorld

CaptureCallbacks = Callable[..., object]


@pytest.fixture
def queued(pack_world: PackWorld, analyst: User) -> PerformancePack:
    return pack_request(partnership=pack_world.partnership, quarter=QUARTER, cover={}, requested_by=analyst)


def test_the_build_task_delivered_twice_produces_one_pack(queued: PerformancePack) -> None:
    first = pack_build_task.apply(args=[queued.pk])
    second = pack_build_task.apply(args=[queued.pk])

    assert (first.get(), second.get()) == ("built", "skipped")
    queued.refresh_from_db()
    assert (queued.status, queued.build_attempts) == (PackStatus.READY, 1)
    assert PerformancePack.objects.count() == 1


def test_the_build_task_acknowledges_late_and_gives_its_message_back_if_its_worker_dies() -> None:
    assert pack_build_task.acks_late is True
    assert pack_build_task.reject_on_worker_lost is True


def test_a_failing_build_is_retried_until_its_attempts_run_out(queued: PerformancePack, settings: Settings) -> None:
    with mock.patch.object(services, "pack_pdf_render", side_effect=RuntimeError("renderer crashed")) as render:
        # Eager, as without Redis: each attempt runs at once instead of after the backoff.
        result = pack_build_task.apply(args=[queued.pk])
    assert result.get() == "failed"
    assert render.call_count == settings.PACK_BUILD_MAX_ATTEMPTS
    queued.refresh_from_db()
    assert (queued.status, queued.build_attempts) == (PackStatus.FAILED, settings.PACK_BUILD_MAX_ATTEMPTS)


def test_a_retry_waits_longer_each_time(queued: PerformancePack) -> None:
    with (
        mock.patch.object(services, "pack_pdf_render", side_effect=RuntimeError("renderer crashed")),
        mock.patch.object(pack_build_task, "retry", side_effect=RuntimeError("retry")) as retry,
    ):
        for retries in (0, 1):
            pack_build_task.push_request(retries=retries)
            try:
                with pytest.raises(RuntimeError, match="retry"):
                    pack_build_task.run(queued.pk)
            finally:
                pack_build_task.pop_request()
    assert [call.kwargs["countdown"] for call in retry.call_args_list] == [15, 30]


def test_without_redis_the_build_runs_in_process_when_the_request_commits(
    pack_world: PackWorld,
    analyst: User,
    eager_tasks: None,
    django_capture_on_commit_callbacks: CaptureCallbacks,
) -> None:
    assert app.conf.task_always_eager
    with django_capture_on_commit_callbacks(execute=True):
        pack = pack_request(partnership=pack_world.partnership, quarter=QUARTER, cover={}, requested_by=analyst)
    pack.refresh_from_db()
    assert pack.status == PackStatus.READY


def test_the_sweeper_task_reports_what_it_did(db: None) -> None:
    assert packs_sweep_stuck_task.apply().get() == {"requeued": [], "failed": [], "files_deleted": []}


def test_the_beat_schedule_runs_the_sweeper_every_minute_and_the_quarter_close_daily() -> None:
    schedule = {entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()}
    assert schedule["performance.tasks.packs_sweep_stuck_task"] == 60.0
    daily = schedule["performance.tasks.packs_quarter_close_task"]
    assert (daily.hour, daily.minute) == ({6}, {30})
