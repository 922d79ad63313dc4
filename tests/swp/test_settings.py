"""Settings are read from the environment at start-up; bad or missing values must stop the process.

Each case imports the settings in a fresh interpreter with only the variables it names, because the
test process itself has already imported them with the environment `make test` gives it.
"""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django import forms
from django.db import connection
from django.utils.formats import date_format

from swp.models import User
from tests.swp.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent.parent

REPORT = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "broker": settings.CELERY_BROKER_URL,
    "result_backend": settings.CELERY_RESULT_BACKEND,
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "cache_key_prefix": settings.CACHES["default"].get("KEY_PREFIX"),
    "page_cache_seconds": settings.PAGE_CACHE_SECONDS,
}))
"""

PRODUCTION = {"SECRET_KEY": "not-a-real-key", "ALLOWED_HOSTS": "swp.example.org"}


def load_settings(**variables: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "swp.settings", **variables}
    return subprocess.run(
        [sys.executable, "-c", REPORT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def loaded(**variables: str) -> dict[str, object]:
    result = load_settings(**variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_debug_off_without_secret_key_refuses_to_start():
    result = load_settings(ALLOWED_HOSTS="swp.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_boolean_it_cannot_read_refuses_to_start():
    result = load_settings(DEBUG="maybe", **PRODUCTION)
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_debug_off_without_allowed_hosts_refuses_to_start():
    result = load_settings(SECRET_KEY="not-a-real-key")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize(
    "site_url", ["swp.example.org", "ftp://swp.example.org", "https://", "https://swp.example.org/?a=1"]
)
def test_a_site_url_that_is_not_a_web_address_refuses_to_start(site_url: str) -> None:
    result = load_settings(SITE_URL=site_url, **PRODUCTION)
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr


@pytest.mark.parametrize(("draft", "remind"), [("7", "7"), ("0", "0"), ("7", "10")])
def test_reminders_that_could_not_fall_after_the_quarter_and_before_its_draft_refuse_to_start(
    draft: str, remind: str
) -> None:
    result = load_settings(PACK_DRAFT_DAYS_AFTER_QUARTER=draft, PACK_REMINDER_DAYS_BEFORE_DRAFT=remind, **PRODUCTION)
    assert result.returncode != 0
    assert "PACK_REMINDER_DAYS_BEFORE_DRAFT" in result.stderr


def test_debug_on_needs_nothing_else():
    assert loaded(DEBUG="true")["engine"] == "django.db.backends.sqlite3"


def test_without_database_url_the_database_is_sqlite():
    assert loaded(**PRODUCTION)["engine"] == "django.db.backends.sqlite3"


def test_database_url_selects_postgresql():
    settings = loaded(DATABASE_URL="postgres://swp@db.example.org:5432/swp", **PRODUCTION)
    assert settings["engine"] == "django.db.backends.postgresql"


def test_without_redis_url_tasks_run_in_process():
    settings = loaded(**PRODUCTION)
    assert settings["eager"] is True
    assert not str(settings["broker"]).startswith("redis://")


def test_redis_url_makes_redis_the_broker_result_backend_and_cache():
    redis_url = "redis://cache.example.org:6379/3"
    settings = loaded(REDIS_URL=redis_url, **PRODUCTION)
    assert settings["eager"] is False
    assert settings["broker"] == redis_url
    assert settings["result_backend"] == redis_url
    assert settings["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert settings["cache_location"] == redis_url
    assert settings["cache_key_prefix"] == ""
    prefixed = loaded(REDIS_URL=redis_url, CACHE_KEY_PREFIX="swp-staging", **PRODUCTION)
    assert prefixed["cache_key_prefix"] == "swp-staging"


def test_pages_are_kept_only_with_the_shared_cache_every_process_sees() -> None:
    assert loaded(**PRODUCTION)["page_cache_seconds"] == 0
    assert loaded(REDIS_URL="redis://cache.example.org:6379/3", **PRODUCTION)["page_cache_seconds"] == 60
    assert (
        loaded(REDIS_URL="redis://cache.example.org:6379/3", PAGE_CACHE_SECONDS="0", **PRODUCTION)["page_cache_seconds"]
        == 0
    )


@pytest.mark.parametrize(
    "variables",
    [{"PAGE_CACHE_SECONDS": "60"}, {"PAGE_CACHE_SECONDS": "-1", "REDIS_URL": "redis://cache.example.org:6379/3"}],
)
def test_a_page_cache_it_cannot_keep_safely_refuses_to_start(variables: dict[str, str]) -> None:
    result = load_settings(**variables, **PRODUCTION)
    assert result.returncode != 0
    assert "PAGE_CACHE_SECONDS" in result.stderr


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"),
    reason="DATABASE_URL is not set, so this run uses SQLite; make test sets it to PostgreSQL",
)
@pytest.mark.django_db
def test_the_suite_runs_on_postgresql_when_database_url_is_set():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")


@pytest.mark.django_db
def test_choice_lists_are_read_without_a_server_side_cursor():
    # On PostgreSQL a server-side cursor costs more round trips for each choice list of every form.
    UserFactory()
    field = forms.ModelChoiceField(queryset=User.objects.all())
    with mock.patch.object(connection, "chunked_cursor", side_effect=AssertionError("a server-side cursor")):
        assert len(list(field.choices)) == 2


def test_uk_formats_come_from_the_language_code_with_translation_off() -> None:
    assert date_format(datetime.date(2026, 3, 1), "j F Y") == "1 March 2026"
    assert forms.DateField().clean("31/3/2026") == datetime.date(2026, 3, 31)
