"""A pytest plugin that fails a full run when some URL pattern of the project was never requested.

Loaded from tests/conftest.py's `pytest_plugins`. It wraps Django's request handling (the test
client and the live server share BaseHandler.get_response) and records the route of every request
whose view really ran. A request that LoginRequiredMiddleware turned away does not count:
tests/test_login_required.py asks for every URL anonymously, and would otherwise cover them all.

The check runs only when the whole suite was collected, so that running one file, `-k` or `-m`
never fails for the patterns the other files request. Under pytest-xdist each worker hands the
routes it saw to the controller, which checks the whole run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver

# The admin is Django's own, tested by Django; the issue leaves it aside.
EXCLUDED_NAMESPACES = frozenset({"admin"})

requested_routes: set[str] = set()


def _join(prefix: str, route: str) -> str:
    # Mirrors django.urls.resolvers.URLResolver._join_route, so that the routes listed here are
    # the strings ResolverMatch.route holds for a request.
    return prefix + route.removeprefix("^") if prefix else route


def _walk(patterns: list[URLPattern | URLResolver], prefix: str) -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        route = _join(prefix, str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            if pattern.namespace not in EXCLUDED_NAMESPACES:
                yield from _walk(pattern.url_patterns, route)
        else:
            yield route, pattern


def project_url_patterns() -> dict[str, URLPattern]:
    """Every URL pattern of the project (admin aside), keyed by its full route."""
    return dict(_walk(get_resolver().url_patterns, ""))


def _turned_away_to_sign_in(response: HttpResponseBase) -> bool:
    location = response.get("Location", "") if response.status_code == 302 else ""
    return location.startswith(str(resolve_url(settings.LOGIN_URL)) + "?")


def record_route(request: HttpRequest, response: HttpResponseBase) -> None:
    match = getattr(request, "resolver_match", None)
    if match is not None and not _turned_away_to_sign_in(response):
        requested_routes.add(match.route)


def _recording(get_response: Callable[[BaseHandler, HttpRequest], HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    def get_response_and_record(handler: BaseHandler, request: HttpRequest) -> HttpResponseBase:
        response = get_response(handler, request)
        record_route(request, response)
        return response

    return get_response_and_record


def pytest_configure(config: pytest.Config) -> None:
    BaseHandler.get_response = _recording(BaseHandler.get_response)  # type: ignore[method-assign]


def _whole_suite_ran(session: pytest.Session) -> bool:
    config = session.config
    # `lf` exists only with the cache plugin, which `-p no:cacheprovider` removes.
    if config.option.keyword or config.option.markexpr or config.option.deselect or getattr(config.option, "lf", False):
        return False
    if session.shouldfail or session.shouldstop:
        return False
    test_roots = {(config.rootpath / path).resolve() for path in config.getini("testpaths")}
    arguments = {Path(argument).resolve() for argument in config.args}
    return arguments <= test_roots | {config.rootpath.resolve()}


def never_requested() -> list[str]:
    return sorted(set(project_url_patterns()) - requested_routes)


_missing: list[str] = []


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """On the xdist controller: take in the routes a worker requested as it finished."""
    requested_routes.update(getattr(node, "workeroutput", {}).get("requested_routes", ()))


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        # An xdist worker ran only its share of the tests: the controller judges the whole.
        workeroutput["requested_routes"] = sorted(requested_routes)
        return
    if not _whole_suite_ran(session) or session.testscollected == 0:
        return
    _missing.extend(never_requested())
    if _missing:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _missing:
        terminalreporter.section("URL coverage", red=True)
        terminalreporter.write_line("No test requested these URL patterns (or only anonymously):")
        for route in _missing:
            terminalreporter.write_line(f"  {route}")
