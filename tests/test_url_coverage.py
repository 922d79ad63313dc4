"""The URL coverage plugin (tests/url_coverage.py) sees the project's patterns and the requests made.

The check itself runs at the end of a full run; these tests make sure what it compares is right.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import resolve, reverse

from swp.models import User
from tests import url_coverage


def test_the_patterns_are_the_projects_without_the_admin() -> None:
    routes = url_coverage.project_url_patterns()
    assert "meetings/<int:pk>/" in routes
    assert "performance/packs/(?P<pk>[0-9]+)/download/(?P<kind>pdf|xlsx)/$" in routes
    assert not [route for route in routes if route.startswith("admin/")]


def test_each_listed_route_is_what_a_request_to_it_resolves_to() -> None:
    for route, pattern in url_coverage.project_url_patterns().items():
        if not pattern.pattern.regex.groupindex:
            assert resolve(reverse(pattern.name)).route == route


@pytest.fixture
def fresh_record(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    record: set[str] = set()
    monkeypatch.setattr(url_coverage, "requested_routes", record)
    return record


@pytest.mark.django_db
def test_a_signed_in_request_counts(
    fresh_record: set[str], client_for: Callable[[User], Client], victim_chair: User
) -> None:
    client_for(victim_chair).get(reverse("meeting-list"))
    assert fresh_record == {"meetings/"}


@pytest.mark.django_db
def test_a_stranger_sent_to_sign_in_does_not_count(fresh_record: set[str], client: Client) -> None:
    client.get(reverse("meeting-list"))
    assert fresh_record == set()


@pytest.mark.django_db
def test_a_page_open_to_strangers_counts(fresh_record: set[str], client: Client) -> None:
    client.get(reverse("accessibility"))
    assert fresh_record == {"accessibility/"}


def test_never_requested_lists_what_was_missed(fresh_record: set[str]) -> None:
    routes = set(url_coverage.project_url_patterns())
    fresh_record.update(routes - {"health/"})
    assert url_coverage.never_requested() == ["health/"]
