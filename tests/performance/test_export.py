"""The partnership export: a backup that restores into an empty database, holding no secrets."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from pytest_django.fixtures import Settings

from actions.models import Action
from boards.models import CalendarFeedKey
from performance.export import exported_models, partnership_export
from swp.models import AuditEvent, User
from tests.actions.factories import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_partnership(settings: Settings) -> None:
    settings.DEBUG = True  # load_demo refuses to run on what looks like a real site
    quiet = io.StringIO()
    call_command("load_partnership", str(Path(settings.BASE_DIR) / "partnerships" / "westminster.yaml"), stdout=quiet)
    call_command("load_demo", stdout=quiet)


def export_text() -> str:
    stream = io.StringIO()
    partnership_export(stream=stream)
    return stream.getvalue()


# Flushing needs real transactions: inside the usual test transaction, PostgreSQL refuses to
# truncate tables with deferred foreign key checks still pending.
@pytest.mark.django_db(transaction=True)
def test_an_export_loaded_into_an_empty_database_reproduces_it(demo_partnership: None, tmp_path: Path) -> None:
    before = export_text()
    fixture = tmp_path / "export.json"
    call_command("export_partnership", str(fixture), stdout=io.StringIO())
    assert fixture.read_text(encoding="utf-8") == before

    call_command("flush", interactive=False, verbosity=0)
    assert User.objects.count() == 0
    call_command("import_partnership_export", str(fixture), stdout=io.StringIO())

    assert export_text() == before


# The audit log is left out of the export, so nothing may write to it while one loads either: a
# restore is not a grant of roles, and recording it as one would falsify the trail.
@pytest.mark.django_db(transaction=True)
def test_restoring_an_export_writes_nothing_to_the_audit_log(demo_partnership: None, tmp_path: Path) -> None:
    fixture = tmp_path / "export.json"
    call_command("export_partnership", str(fixture), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)

    call_command("import_partnership_export", str(fixture), stdout=io.StringIO())

    assert list(AuditEvent.objects.values_list("kind", flat=True)) == []


def test_the_export_covers_every_kind_of_record_the_demo_makes(demo_partnership: None) -> None:
    exported = {record["model"] for record in json.loads(export_text())}
    populated = {model._meta.label_lower for model in exported_models() if model._base_manager.exists()}
    assert populated <= exported
    assert {"swp.user", "boards.board", "actions.action", "performance.measurement"} <= exported


def test_the_export_holds_no_password_hash_or_calendar_key(demo_partnership: None) -> None:
    chair = User.objects.get(username="victim-chair")
    key = CalendarFeedKey.objects.create(user=chair, key="the-secret-behind-feed-links", reset_at=timezone.now())
    text = export_text()
    users = [record for record in json.loads(text) if record["model"] == "swp.user"]
    assert users
    assert all("password" not in record["fields"] for record in users)
    assert chair.password not in text
    assert key.key not in text
    assert "boards.calendarfeedkey" not in text


def test_a_time_less_than_a_millisecond_past_the_second_is_written_as_it_reads_back() -> None:
    # Django writes 15.000500 s as "15.000" but the 15 s it loads back as "15": the export of a
    # restore would then differ from the export it was restored from.
    action = ActionFactory()
    moment = datetime.datetime(2026, 11, 28, 20, 19, 15, 500, tzinfo=datetime.UTC)
    Action.objects.filter(pk=action.pk).update(created_at=moment)

    [record] = [r for r in json.loads(export_text()) if r["model"] == "actions.action" and r["pk"] == action.pk]

    assert record["fields"]["created_at"] == "2026-11-28T20:19:15Z"
