"""Every page asks a stranger to sign in, except the few a stranger must be able to reach.

The URLs come from the project's resolver, not from a list kept by hand: a new pattern is checked
the day it is added, and one that forgets to require sign-in fails here.
"""

from __future__ import annotations

import itertools

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, reverse

from swp.quarters import FinancialQuarter
from tests.url_coverage import project_url_patterns

# The explicit short list of the issue: signing in and resetting a password, the accessibility
# statement and the health check, plus the calendar feed, which carries its own secret token
# (without one it too asks to sign in). Each name maps to the query string a stranger brings.
# Static assets never reach the URL patterns: WhiteNoise serves them first.
OPEN_TO_STRANGERS = {
    "login": "",
    "password_reset": "",
    "password_reset_done": "",
    "password_reset_confirm": "",
    "password_reset_complete": "",
    "accessibility": "",
    "health": "",
    "board-calendar": "?token=a-calendar-token",
}

# Plausible values for any URL argument; each pattern takes the first combination it accepts, so
# an id, a board slug, a quarter and a download kind all find something to match.
SAMPLE_ARGUMENTS = ("1", "victim", FinancialQuarter.from_month(2025, 4).slug, "pdf", "xlsx")


def sample_url(pattern: URLPattern) -> str:
    names = sorted(pattern.pattern.regex.groupindex)
    for values in itertools.product(SAMPLE_ARGUMENTS, repeat=len(names)):
        try:
            return reverse(pattern.name, kwargs=dict(zip(names, values, strict=True)))
        except NoReverseMatch:
            continue
    raise AssertionError(f"No sample arguments fit {pattern.pattern}; add one to SAMPLE_ARGUMENTS.")


def patterns_by_name() -> dict[str, URLPattern]:
    return {pattern.name: pattern for pattern in project_url_patterns().values() if pattern.name}


def asks_to_sign_in(client: Client, method: str, url: str) -> bool:
    response = client.generic(method, url)
    sign_in = str(resolve_url(settings.LOGIN_URL))
    return response.status_code == 302 and response["Location"].startswith(f"{sign_in}?next=")


def test_every_pattern_has_a_name_to_reverse() -> None:
    unnamed = [route for route, pattern in project_url_patterns().items() if not pattern.name]
    assert unnamed == []


def test_the_open_list_names_only_real_patterns() -> None:
    assert set(OPEN_TO_STRANGERS) <= set(patterns_by_name())


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_stranger_is_asked_to_sign_in_everywhere_but_the_open_list(client: Client, method: str) -> None:
    patterns = patterns_by_name()
    open_pages = {
        name for name, pattern in patterns.items() if not asks_to_sign_in(client, method, sample_url(pattern))
    }
    assert open_pages <= set(OPEN_TO_STRANGERS)


@pytest.mark.django_db
def test_every_page_of_the_open_list_opens_without_signing_in(client: Client) -> None:
    patterns = patterns_by_name()
    closed = {
        name
        for name, query in OPEN_TO_STRANGERS.items()
        if asks_to_sign_in(client, "GET", sample_url(patterns[name]) + query)
    }
    assert closed == set()


@pytest.mark.django_db
def test_signing_in_returns_to_the_page_asked_for(client: Client) -> None:
    url = sample_url(patterns_by_name()["meeting-detail"])
    response = client.get(url)
    assert response["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next={url}"
