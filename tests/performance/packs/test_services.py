"""A pack's life through its services: request, build (once, whatever happens), publish, sweep, log."""

from __future__ import annotations

import datetime
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from pytest_django.fixtures import Settings

from performance.choices import PackStatus
from performance.models import PackDownload, PerformancePack
from performance.packs import services
from performance.packs.services import (
    BuildOutcome,
    PackError,
    pack_build,
    pack_download_record,
    pack_publish,
    pack_request,
    packs_sweep_stuck,
)
from swp.choices import AuditEventKind
from swp.models import AuditEvent, User
from tests.performance.packs.conftest import QUARTER, MakePack, PackWorld

CaptureCallbacks = Callable[..., object]


def _stored_files() -> list[str]:
    return sorted(default_storage.listdir("packs")[1]) if default_storage.exists("packs") else []


def _sha256(name: str) -> str:
    with default_storage.open(name, "rb") as stored:
        return hashlib.sha256(stored.read()).hexdigest()


@pytest.fixture
def queued(pack_world: PackWorld, analyst: User) -> PerformancePack:
    return pack_request(partnership=pack_world.partnership, quarter=QUARTER, cover={}, requested_by=analyst)


class TestRequest:
    def test_a_request_queues_version_one_and_sends_the_build_on_commit(
        self, pack_world: PackWorld, analyst: User, django_capture_on_commit_callbacks: CaptureCallbacks
    ) -> None:
        with (
            mock.patch("performance.tasks.pack_build_task.delay") as delay,
            django_capture_on_commit_callbacks(execute=True),
        ):
            pack = pack_request(partnership=pack_world.partnership, quarter=QUARTER, cover={}, requested_by=analyst)
        assert (pack.status, pack.version, pack.requested_by) == (PackStatus.QUEUED, 1, analyst)
        delay.assert_called_once_with(pack.pk)

    def test_nothing_is_sent_if_the_request_is_rolled_back(
        self, pack_world: PackWorld, analyst: User, django_capture_on_commit_callbacks: CaptureCallbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            pack_request(partnership=pack_world.partnership, quarter=QUARTER, cover={}, requested_by=analyst)
        # Sent only through transaction.on_commit: a worker never looks for a row that is not there yet.
        assert len(callbacks) == 1

    def test_the_cover_is_always_general_release_whatever_is_posted(self, queued: PerformancePack) -> None:
        assert queued.cover["classification"] == "General Release"

    def test_a_second_build_of_a_quarter_waits_for_the_first(self, queued: PerformancePack, analyst: User) -> None:
        with pytest.raises(PackError, match="already being built"):
            pack_request(partnership=queued.partnership, quarter=QUARTER, cover={}, requested_by=analyst)

    def test_versions_are_numbered_per_quarter(self, make_pack: MakePack, analyst: User) -> None:
        make_pack(status=PackStatus.PUBLISHED)
        make_pack(status=PackStatus.FAILED)
        other_quarter = make_pack(status=PackStatus.READY, quarter=QUARTER.next())
        pack = pack_request(partnership=other_quarter.partnership, quarter=QUARTER, cover={}, requested_by=analyst)
        assert pack.version == 3


class TestBuild:
    def test_a_build_stores_both_files_with_their_checksums_and_the_snapshot(self, queued: PerformancePack) -> None:
        assert pack_build(pack_id=queued.pk) is BuildOutcome.BUILT
        queued.refresh_from_db()
        assert (queued.status, queued.progress_percent, queued.build_attempts) == (PackStatus.READY, 100, 1)
        assert queued.built_at is not None
        assert queued.snapshot["quarter"]["label"] == "Q2 2025/26"
        assert _sha256(queued.pdf_file.name) == queued.pdf_sha256
        assert _sha256(queued.xlsx_file.name) == queued.xlsx_sha256
        with queued.pdf_file.open("rb") as pdf:
            assert pdf.read(5) == b"%PDF-"

    def test_the_same_build_delivered_twice_makes_one_pack(self, queued: PerformancePack) -> None:
        assert pack_build(pack_id=queued.pk) is BuildOutcome.BUILT
        queued.refresh_from_db()
        built = (queued.pdf_file.name, queued.pdf_sha256, queued.built_at)

        assert pack_build(pack_id=queued.pk) is BuildOutcome.SKIPPED

        queued.refresh_from_db()
        assert (queued.pdf_file.name, queued.pdf_sha256, queued.built_at) == built
        assert queued.build_attempts == 1
        assert PerformancePack.objects.count() == 1
        assert len(_stored_files()) == 2

    def test_a_delivery_while_another_build_is_live_does_nothing(self, queued: PerformancePack) -> None:
        PerformancePack.objects.filter(pk=queued.pk).update(
            status=PackStatus.BUILDING, build_attempts=1, build_started_at=timezone.now()
        )
        assert pack_build(pack_id=queued.pk) is BuildOutcome.SKIPPED
        queued.refresh_from_db()
        assert (queued.status, queued.build_attempts) == (PackStatus.BUILDING, 1)
        assert _stored_files() == []

    def test_a_build_left_building_too_long_is_taken_over(self, queued: PerformancePack, settings: Settings) -> None:
        started = timezone.now() - datetime.timedelta(seconds=settings.PACK_BUILD_STALE_AFTER_SECONDS + 1)
        PerformancePack.objects.filter(pk=queued.pk).update(
            status=PackStatus.BUILDING, build_attempts=1, build_started_at=started
        )
        assert pack_build(pack_id=queued.pk) is BuildOutcome.BUILT
        queued.refresh_from_db()
        assert (queued.status, queued.build_attempts) == (PackStatus.READY, 2)

    def test_an_attempt_that_lost_its_claim_discards_its_files(self, queued: PerformancePack) -> None:
        real_render = services.pack_xlsx_render

        def sweeper_takes_over(**kwargs: object) -> bytes:
            # As if the sweeper had given the pack to a new attempt while this one rendered.
            PerformancePack.objects.filter(pk=queued.pk).update(build_attempts=5)
            return real_render(**kwargs)

        with mock.patch.object(services, "pack_xlsx_render", sweeper_takes_over):
            assert pack_build(pack_id=queued.pk) is BuildOutcome.SKIPPED
        queued.refresh_from_db()
        assert (queued.status, queued.pdf_file.name) == (PackStatus.BUILDING, "")
        assert _stored_files() == []

    def test_files_written_by_an_attempt_that_lost_its_claim_are_never_pointed_at(
        self, queued: PerformancePack, settings: Settings
    ) -> None:
        settings.PACK_BUILD_TEST_DELAY_SECONDS = 1

        def taken_over_while_waiting(seconds: float) -> None:
            assert len(_stored_files()) == 2
            PerformancePack.objects.filter(pk=queued.pk).update(build_attempts=5)

        with mock.patch.object(services.time, "sleep", taken_over_while_waiting):
            assert pack_build(pack_id=queued.pk) is BuildOutcome.SKIPPED
        queued.refresh_from_db()
        assert (queued.pdf_file.name, queued.xlsx_file.name) == ("", "")
        assert _stored_files() == []

    def test_an_error_queues_another_attempt_and_leaves_no_file(self, queued: PerformancePack) -> None:
        with mock.patch.object(services, "pack_xlsx_render", side_effect=ValueError("Nightjar row 3 is broken")):
            assert pack_build(pack_id=queued.pk) is BuildOutcome.RETRY
        queued.refresh_from_db()
        assert queued.status == PackStatus.QUEUED
        assert "ValueError" in queued.failure_reason
        # The error's own words can quote data; people see only its kind.
        assert "Nightjar" not in queued.failure_reason
        assert _stored_files() == []

    def test_the_last_attempt_fails_the_pack_with_a_reason(self, queued: PerformancePack, settings: Settings) -> None:
        PerformancePack.objects.filter(pk=queued.pk).update(build_attempts=settings.PACK_BUILD_MAX_ATTEMPTS - 1)
        with mock.patch.object(services, "pack_pdf_render", side_effect=OSError("disk full")):
            assert pack_build(pack_id=queued.pk) is BuildOutcome.FAILED
        queued.refresh_from_db()
        assert queued.status == PackStatus.FAILED
        assert f"tried {settings.PACK_BUILD_MAX_ATTEMPTS} times" in queued.failure_reason

    def test_a_pack_out_of_attempts_is_failed_rather_than_built(
        self, queued: PerformancePack, settings: Settings
    ) -> None:
        PerformancePack.objects.filter(pk=queued.pk).update(build_attempts=settings.PACK_BUILD_MAX_ATTEMPTS)
        assert pack_build(pack_id=queued.pk) is BuildOutcome.SKIPPED
        queued.refresh_from_db()
        assert queued.status == PackStatus.FAILED
        assert "stopped" in queued.failure_reason

    @pytest.mark.parametrize("status", [PackStatus.READY, PackStatus.PUBLISHED, PackStatus.FAILED])
    def test_a_finished_pack_is_never_built_again(self, make_pack: MakePack, status: str) -> None:
        pack = make_pack(status=status)
        assert pack_build(pack_id=pack.pk) is BuildOutcome.SKIPPED
        assert PerformancePack.objects.get(pk=pack.pk).status == status

    def test_a_missing_pack_is_nothing_to_build(self, db: None) -> None:
        assert pack_build(pack_id=987654) is BuildOutcome.SKIPPED


class TestPublish:
    def test_publishing_a_ready_pack_records_who_and_when(self, make_pack: MakePack, executive_chair: User) -> None:
        pack = pack_publish(pack=make_pack(status=PackStatus.READY), by=executive_chair)
        assert pack.status == PackStatus.PUBLISHED
        assert pack.published_by == executive_chair
        assert pack.published_at is not None
        event = AuditEvent.objects.get(kind=AuditEventKind.PUBLISHED)
        assert (event.actor, event.details["version"]) == (executive_chair, pack.version)

    @pytest.mark.parametrize(
        "status",
        [PackStatus.QUEUED, PackStatus.BUILDING, PackStatus.FAILED, PackStatus.PUBLISHED, PackStatus.SUPERSEDED],
    )
    def test_only_a_ready_pack_can_be_published(self, make_pack: MakePack, executive_chair: User, status: str) -> None:
        pack = make_pack(status=status)
        with pytest.raises(PackError, match="Only a pack that is ready"):
            pack_publish(pack=pack, by=executive_chair)
        assert PerformancePack.objects.get(pk=pack.pk).status == status

    def test_a_correction_supersedes_the_published_version_which_stays(
        self, make_pack: MakePack, executive_chair: User
    ) -> None:
        first = pack_publish(pack=make_pack(status=PackStatus.READY), by=executive_chair)
        correction = pack_publish(pack=make_pack(status=PackStatus.READY), by=executive_chair)
        first.refresh_from_db()
        assert (first.status, correction.status) == (PackStatus.SUPERSEDED, PackStatus.PUBLISHED)
        assert default_storage.exists(first.pdf_file.name)
        assert first.published_at is not None

    def test_an_older_draft_cannot_displace_a_newer_published_version(
        self, make_pack: MakePack, executive_chair: User
    ) -> None:
        older = make_pack(status=PackStatus.READY)
        pack_publish(pack=make_pack(status=PackStatus.READY), by=executive_chair)
        with pytest.raises(PackError, match="Version 2"):
            pack_publish(pack=older, by=executive_chair)


class TestSweep:
    def _stale(self, settings: Settings) -> datetime.datetime:
        return timezone.now() - datetime.timedelta(seconds=settings.PACK_BUILD_STALE_AFTER_SECONDS + 60)

    def test_a_dead_build_is_queued_again_and_sent(
        self, make_pack: MakePack, settings: Settings, django_capture_on_commit_callbacks: CaptureCallbacks
    ) -> None:
        pack = make_pack(status=PackStatus.BUILDING)
        PerformancePack.objects.filter(pk=pack.pk).update(build_attempts=1, build_started_at=self._stale(settings))
        with (
            mock.patch("performance.tasks.pack_build_task.delay") as delay,
            django_capture_on_commit_callbacks(execute=True),
        ):
            report = packs_sweep_stuck()
        assert report.requeued == [pack.pk]
        assert PerformancePack.objects.get(pk=pack.pk).status == PackStatus.QUEUED
        delay.assert_called_once_with(pack.pk)

    def test_a_dead_build_out_of_attempts_fails_with_a_reason(self, make_pack: MakePack, settings: Settings) -> None:
        pack = make_pack(status=PackStatus.BUILDING)
        PerformancePack.objects.filter(pk=pack.pk).update(
            build_attempts=settings.PACK_BUILD_MAX_ATTEMPTS, build_started_at=self._stale(settings)
        )
        report = packs_sweep_stuck()
        pack.refresh_from_db()
        assert report.failed == [pack.pk]
        assert pack.status == PackStatus.FAILED
        assert f"stopped {settings.PACK_BUILD_MAX_ATTEMPTS} times" in pack.failure_reason

    def test_a_live_build_is_left_alone(self, make_pack: MakePack) -> None:
        pack = make_pack(status=PackStatus.BUILDING)
        PerformancePack.objects.filter(pk=pack.pk).update(build_attempts=1, build_started_at=timezone.now())
        assert packs_sweep_stuck().requeued == []
        assert PerformancePack.objects.get(pk=pack.pk).status == PackStatus.BUILDING

    def test_a_queued_pack_whose_message_was_lost_is_sent_again(
        self, make_pack: MakePack, settings: Settings, django_capture_on_commit_callbacks: CaptureCallbacks
    ) -> None:
        pack = make_pack(status=PackStatus.QUEUED)
        PerformancePack.objects.filter(pk=pack.pk).update(requested_at=self._stale(settings))
        with (
            mock.patch("performance.tasks.pack_build_task.delay") as delay,
            django_capture_on_commit_callbacks(execute=True),
        ):
            assert packs_sweep_stuck().requeued == [pack.pk]
        delay.assert_called_once_with(pack.pk)

    def test_files_no_pack_points_at_are_deleted_once_old(
        self, make_pack: MakePack, settings: Settings, media_root: Path
    ) -> None:
        kept = make_pack(status=PackStatus.READY)
        orphan = default_storage.save("packs/dead-build.pdf", ContentFile(b"%PDF half"))
        fresh = default_storage.save("packs/live-build.pdf", ContentFile(b"%PDF being written"))
        old = self._stale(settings).timestamp()
        os.utime(Path(media_root) / orphan, (old, old))
        os.utime(Path(media_root) / kept.pdf_file.name, (old, old))

        assert packs_sweep_stuck().files_deleted == [orphan]

        assert not default_storage.exists(orphan)
        assert default_storage.exists(fresh)
        assert default_storage.exists(kept.pdf_file.name)


def test_a_download_is_logged_with_who_what_and_when(make_pack: MakePack, scrutiny_member: User) -> None:
    pack = make_pack(status=PackStatus.PUBLISHED)
    record = pack_download_record(pack=pack, user=scrutiny_member, file_kind="pdf", allowed=True)
    assert PackDownload.objects.get() == record
    assert (record.user, record.file_kind, record.allowed) == (scrutiny_member, "pdf", True)
    assert record.at is not None
    assert AuditEvent.objects.get(kind=AuditEventKind.PACK_DOWNLOADED).actor == scrutiny_member


def test_a_refused_download_is_an_audited_refusal(make_pack: MakePack, scrutiny_member: User) -> None:
    pack = make_pack(status=PackStatus.READY)
    pack_download_record(pack=pack, user=scrutiny_member, file_kind="xlsx", allowed=False)
    event = AuditEvent.objects.get(kind=AuditEventKind.ACCESS_REFUSED)
    assert (event.actor, event.details["file"]) == (scrutiny_member, "xlsx")
