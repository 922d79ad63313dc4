"""Celery tasks for performance packs: each takes ids or nothing and calls one service.

A pack build acknowledges its message only when it ends (acks_late) and gives it back if its
worker dies (reject_on_worker_lost); neither is enough alone when a whole worker is killed, so the
pack's own state in the database and the sweeper below make sure every build finishes once.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from performance.packs.schedule import packs_quarter_close
from performance.packs.services import BuildOutcome, pack_build, packs_sweep_stuck

# Seconds before the first retry of a failed build, doubled for each one after it.
RETRY_BACKOFF_SECONDS = 15


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=settings.PACK_BUILD_MAX_ATTEMPTS)
def pack_build_task(self: Any, pack_id: int) -> str:
    outcome = pack_build(pack_id=pack_id)
    # Run in-process (no Redis), Celery's retry would raise out of the web request that queued the
    # build; there the next attempt runs at once instead. The pack's attempt count ends the loop.
    while outcome is BuildOutcome.RETRY and self.request.is_eager:
        outcome = pack_build(pack_id=pack_id)
    if outcome is BuildOutcome.RETRY:
        raise self.retry(countdown=RETRY_BACKOFF_SECONDS * 2**self.request.retries)
    return outcome.value


@shared_task
def packs_sweep_stuck_task() -> dict[str, list[Any]]:
    report = packs_sweep_stuck()
    return {"requeued": report.requeued, "failed": report.failed, "files_deleted": report.files_deleted}


@shared_task
def packs_quarter_close_task() -> dict[str, Any]:
    report = packs_quarter_close(today=timezone.localdate())
    return {"reminders_sent": report.reminders_sent, "drafts_requested": report.drafts_requested}
