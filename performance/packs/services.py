"""A pack's life: requested, built by a worker, published, downloaded; and recovered if a build dies.

The pack's state lives in its row, never in the broker, because a worker can die at any moment:
- a build first claims the pack with a conditional update (queued, or building for longer than
  PACK_BUILD_STALE_AFTER_SECONDS, becomes building with one more attempt), so a second delivery of
  the same task finds nothing to claim and does nothing;
- it writes its files under names no pack points at, and only then, in one conditional update,
  points the pack at them and marks it ready, so nobody ever sees a half-written file and an
  attempt that lost its claim cannot overwrite the attempt that holds it;
- the sweeper queues again a build whose worker died, fails it with a reason after
  PACK_BUILD_MAX_ATTEMPTS attempts, and deletes files that no pack will ever point at.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import logging
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from performance.choices import PackFileKind, PackStatus
from performance.models import PackDownload, PerformancePack
from performance.packs.pdf import pack_pdf_render
from performance.packs.presenters import COVER_FIELDS, GENERAL_RELEASE
from performance.packs.snapshot import snapshot_gather
from performance.packs.xlsx import pack_xlsx_render
from swp.choices import AuditEventKind
from swp.models import Partnership, User
from swp.quarters import FinancialQuarter
from swp.services import audit_record

logger = logging.getLogger(__name__)

STORAGE_DIRECTORY = "packs"


class PackError(Exception):
    """A change the pack's state does not allow; the message tells the person why."""


class BuildOutcome(enum.Enum):
    BUILT = "built"
    SKIPPED = "skipped"  # nothing to claim: another delivery holds it, or it is already done
    RETRY = "retry"  # this attempt failed and the pack is queued for another
    FAILED = "failed"  # out of attempts: the pack records why


class _ClaimLost(Exception):
    """The sweeper gave this build's pack to another attempt while it was running."""


def _enqueue_build(pack_id: int) -> None:
    # Imported here because the task module imports this one to call pack_build.
    from performance.tasks import pack_build_task

    transaction.on_commit(lambda: pack_build_task.delay(pack_id))


def pack_request(
    *,
    partnership: Partnership,
    quarter: FinancialQuarter,
    cover: dict[str, Any],
    requested_by: User | None,
    queue_build: bool = True,
) -> PerformancePack:
    """Queue a new version of the quarter's pack; `requested_by` is None for the scheduled draft.

    `queue_build=False` leaves the build to the caller (pack_build), for the demo loader, which
    must not depend on a worker.
    """
    with transaction.atomic():
        # Serialises version numbering for the partnership: two requests never take the same number.
        Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
        packs = PerformancePack.objects.filter(partnership=partnership, quarter=quarter)
        if packs.filter(status__in=[PackStatus.QUEUED, PackStatus.BUILDING]).exists():
            raise PackError(f"A pack for {quarter.label} is already being built. Wait for it to finish.")
        version = (packs.aggregate(latest=Max("version"))["latest"] or 0) + 1
        pack = PerformancePack.objects.create(
            partnership=partnership,
            quarter=quarter,
            version=version,
            cover={**{key: str(cover.get(key, "")) for key, _label in COVER_FIELDS}, "classification": GENERAL_RELEASE},
            requested_by=requested_by,
            requested_at=timezone.now(),
        )
        if queue_build:
            _enqueue_build(pack.pk)
    return pack


def pack_build(*, pack_id: int) -> BuildOutcome:
    """Build the pack's files if it is this delivery's to build; safe to call any number of times."""
    attempt = _claim(pack_id)
    if attempt is None:
        return BuildOutcome.SKIPPED
    written: list[str] = []
    try:
        pack = PerformancePack.objects.select_related("partnership").get(pk=pack_id)
        _progress(pack_id, attempt, 5)
        snapshot = snapshot_gather(partnership=pack.partnership, quarter=pack.quarter)
        _progress(pack_id, attempt, 30)
        pdf = pack_pdf_render(snapshot=snapshot, cover=pack.cover, version=pack.version)
        _progress(pack_id, attempt, 70)
        xlsx = pack_xlsx_render(snapshot=snapshot, cover=pack.cover, version=pack.version)
        _progress(pack_id, attempt, 85)
        stem = f"{STORAGE_DIRECTORY}/{pack.quarter.slug}-v{pack.version}-{secrets.token_hex(8)}"
        files = {}
        for kind, content in ((PackFileKind.PDF, pdf), (PackFileKind.XLSX, xlsx)):
            name, digest = _store(f"{stem}.{kind.value}", content)
            written.append(name)
            files[kind] = (name, digest)
        _progress(pack_id, attempt, 95)
        if settings.PACK_BUILD_TEST_DELAY_SECONDS:
            time.sleep(settings.PACK_BUILD_TEST_DELAY_SECONDS)
        finished = PerformancePack.objects.filter(
            pk=pack_id, status=PackStatus.BUILDING, build_attempts=attempt
        ).update(
            status=PackStatus.READY,
            progress_percent=100,
            failure_reason="",
            built_at=timezone.now(),
            snapshot=snapshot,
            pdf_file=files[PackFileKind.PDF][0],
            pdf_sha256=files[PackFileKind.PDF][1],
            xlsx_file=files[PackFileKind.XLSX][0],
            xlsx_sha256=files[PackFileKind.XLSX][1],
        )
        if not finished:
            raise _ClaimLost
    except _ClaimLost:
        _delete_files(written)
        logger.info("Pack %s attempt %s lost its claim to a later attempt; its files are discarded.", pack_id, attempt)
        return BuildOutcome.SKIPPED
    except Exception as error:
        _delete_files(written)
        logger.exception("Pack %s attempt %s failed.", pack_id, attempt)
        return _record_failure(pack_id, attempt, error)
    logger.info("Pack %s built on attempt %s.", pack_id, attempt)
    return BuildOutcome.BUILT


def _claim(pack_id: int) -> int | None:
    """Take the pack for this build; the attempt number it returns is the claim's token."""
    now = timezone.now()
    stale_before = now - datetime.timedelta(seconds=settings.PACK_BUILD_STALE_AFTER_SECONDS)
    with transaction.atomic():
        pack = PerformancePack.objects.select_for_update().filter(pk=pack_id).defer("snapshot").first()
        if pack is None:
            return None
        dead = pack.status == PackStatus.BUILDING and (pack.build_started_at or now) < stale_before
        if pack.status != PackStatus.QUEUED and not dead:
            return None
        if pack.build_attempts >= settings.PACK_BUILD_MAX_ATTEMPTS:
            _fail(pack, _interrupted_reason(pack.build_attempts))
            return None
        pack.status = PackStatus.BUILDING
        pack.build_attempts += 1
        pack.build_started_at = now
        pack.progress_percent = 0
        pack.save(update_fields=["status", "build_attempts", "build_started_at", "progress_percent"])
        return pack.build_attempts


def _progress(pack_id: int, attempt: int, percent: int) -> None:
    held = PerformancePack.objects.filter(pk=pack_id, status=PackStatus.BUILDING, build_attempts=attempt).update(
        progress_percent=percent
    )
    if not held:
        raise _ClaimLost


def _store(name: str, content: bytes) -> tuple[str, str]:
    """Save a file and read it back, so that a pack only ever points at a complete file."""
    digest = hashlib.sha256(content).hexdigest()
    stored = default_storage.save(name, ContentFile(content))
    with default_storage.open(stored, "rb") as saved:
        if hashlib.sha256(saved.read()).hexdigest() != digest:
            raise OSError(f"{stored} does not read back as written")
    return stored, digest


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _fail(pack: PerformancePack, reason: str) -> None:
    pack.status = PackStatus.FAILED
    pack.failure_reason = reason
    pack.save(update_fields=["status", "failure_reason"])
    logger.warning("Pack %s failed: %s", pack.pk, reason)


def _interrupted_reason(attempts: int) -> str:
    return (
        f"The build was stopped {attempts} times before it could finish, most likely because the worker "
        "building it was shut down. Start a new build; if it stops again, ask the administrator to check the workers."
    )


def _record_failure(pack_id: int, attempt: int, error: Exception) -> BuildOutcome:
    # The error's own message can quote data, so people see only its kind; the log has the rest.
    reason = f"The build stopped with an error ({type(error).__name__}) on attempt {attempt}; see the worker's log."
    with transaction.atomic():
        pack = PerformancePack.objects.select_for_update().filter(pk=pack_id).defer("snapshot").first()
        if pack is None or pack.status != PackStatus.BUILDING or pack.build_attempts != attempt:
            return BuildOutcome.SKIPPED
        if attempt >= settings.PACK_BUILD_MAX_ATTEMPTS:
            _fail(pack, f"{reason} It was tried {attempt} times. Start a new build once the cause is fixed.")
            return BuildOutcome.FAILED
        pack.status = PackStatus.QUEUED
        pack.failure_reason = f"{reason} It will be tried again."
        pack.save(update_fields=["status", "failure_reason"])
        return BuildOutcome.RETRY


def pack_publish(*, pack: PerformancePack, by: User) -> PerformancePack:
    """Release a ready pack to the scrutiny committee; the version it corrects becomes superseded."""
    with transaction.atomic():
        pack = PerformancePack.objects.select_for_update().get(pk=pack.pk)
        if pack.status != PackStatus.READY:
            raise PackError(
                f"Only a pack that is ready can be published; this one is {pack.get_status_display().lower()}."
            )
        published = PerformancePack.objects.filter(
            partnership_id=pack.partnership_id, quarter=pack.quarter, status=PackStatus.PUBLISHED
        )
        newer = published.filter(version__gt=pack.version).order_by("-version").first()
        if newer is not None:
            raise PackError(f"Version {newer.version} of this quarter's pack is already published, and it is newer.")
        published.update(status=PackStatus.SUPERSEDED)
        pack.status = PackStatus.PUBLISHED
        pack.published_by = by
        pack.published_at = timezone.now()
        pack.save(update_fields=["status", "published_by", "published_at"])
        audit_record(
            kind=AuditEventKind.PUBLISHED, actor=by, obj=pack, version=pack.version, quarter=pack.quarter.label
        )
    return pack


def pack_download_record(*, pack: PerformancePack, user: User, file_kind: str, allowed: bool) -> PackDownload:
    """Log a download, or a refused one, both beside the pack and in the audit log."""
    download = PackDownload.objects.create(
        pack=pack, user=user, file_kind=file_kind, allowed=allowed, at=timezone.now()
    )
    audit_record(
        kind=AuditEventKind.PACK_DOWNLOADED if allowed else AuditEventKind.ACCESS_REFUSED,
        actor=user,
        obj=pack,
        file=file_kind,
    )
    return download


@dataclass(frozen=True)
class SweepReport:
    requeued: list[int]
    failed: list[int]
    files_deleted: list[str]


def packs_sweep_stuck(*, now: datetime.datetime | None = None) -> SweepReport:
    """Recover builds whose worker died: queue them again, or fail them when out of attempts."""
    now = now or timezone.now()
    stale_before = now - datetime.timedelta(seconds=settings.PACK_BUILD_STALE_AFTER_SECONDS)
    requeued, failed = [], []
    with transaction.atomic():
        dead = PerformancePack.objects.select_for_update().filter(
            status=PackStatus.BUILDING, build_started_at__lt=stale_before
        )
        for pack in dead.defer("snapshot"):
            if pack.build_attempts >= settings.PACK_BUILD_MAX_ATTEMPTS:
                _fail(pack, _interrupted_reason(pack.build_attempts))
                failed.append(pack.pk)
            else:
                pack.status = PackStatus.QUEUED
                pack.save(update_fields=["status"])
                requeued.append(pack.pk)
        # A queued pack whose message was lost (a broker restart, say) is sent again; should the
        # first message turn up after all, its build finds nothing to claim.
        forgotten = PerformancePack.objects.filter(status=PackStatus.QUEUED).filter(
            Q(build_started_at__lt=stale_before) | Q(build_started_at=None, requested_at__lt=stale_before)
        )
        requeued += [pk for pk in forgotten.values_list("pk", flat=True) if pk not in requeued]
        for pk in requeued:
            _enqueue_build(pk)
    return SweepReport(requeued=requeued, failed=failed, files_deleted=_orphans_delete(stale_before))


def _orphans_delete(stale_before: datetime.datetime) -> list[str]:
    """Delete files of builds that died or lost their claim; they are old enough that no live build owns them."""
    if not default_storage.exists(STORAGE_DIRECTORY):
        return []
    referenced: set[str] = set()
    for pdf, xlsx in PerformancePack.objects.values_list("pdf_file", "xlsx_file"):
        referenced.update((pdf, xlsx))
    deleted = []
    for filename in default_storage.listdir(STORAGE_DIRECTORY)[1]:
        name = f"{STORAGE_DIRECTORY}/{filename}"
        if name not in referenced and default_storage.get_modified_time(name) < stale_before:
            default_storage.delete(name)
            deleted.append(name)
    return deleted
