"""Timing the key pages, each for the persona who usually opens it, and counting their queries.

Every page goes through the same django.test.Client in one process: the full middleware stack
(sessions, sign-in, CSRF, history), a signed-in persona, DEBUG off, over HTTPS as in production
(the settings redirect plain HTTP). The bare view and the admin's changelist of actions are timed
the same way, so the ratios compare like with like.

Each key page is timed three times a round:
- the first visit after a write, once a worker has rendered the shared sections again for the
  new generation, as it does after every write (swp/sections.py): the write and the worker's run
  come just before, outside the timing, and the run's own time is reported apart;
- cold: the first visit after a write that the worker has not caught up with, so that every
  section is rendered by the request itself;
- the repeat visit, which swp/page_cache.py serves from memory.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from actions.choices import PlanStatus
from actions.models import Action, ProgressUpdate
from bench.dataset import LONG_HISTORY_TITLE
from boards.models import Escalation, Meeting, MeetingOutcome
from performance.models import Indicator, Measurement, PerformancePack
from swp.models import User
from swp.page_cache import pages_forget
from swp.sections import sections_prebuild

# The pages are asked for in turn, round after round, so that whatever else the machine is doing
# slows them all alike; rounds go on until MAX_ROUNDS, or SECONDS have passed and MIN_ROUNDS are done.
MIN_ROUNDS = 40
MAX_ROUNDS = 300
SECONDS = 60.0
WARM_UP = 3


@dataclass(frozen=True)
class Page:
    key: str
    title: str
    persona: str
    url_name: str
    args: Callable[[], list[Any]] | None = None
    query: str = ""
    # Set on the pages the key pages are measured against (the bare view, the admin), and the layout.
    reference: str = ""


def _long_history_action() -> list[Any]:
    action = Action.objects.filter(title=LONG_HISTORY_TITLE, plan__status=PlanStatus.APPROVED).first()
    if action is None:
        raise LookupError("no action with a long history")
    return [action.pk]


def _indicator_with_most_wards() -> list[Any]:
    indicator = Indicator.objects.annotate(wards=Count("places")).order_by("-wards", "code").first()
    if indicator is None:
        raise LookupError("no indicator")
    return [indicator.code]


PAGES = [
    Page("bare", "Bare view, same middleware (ceiling)", "victim-chair", "bench-bare", reference="bare"),
    Page(
        "admin",
        "Admin changelist of actions (peer)",
        "admin",
        "admin:actions_action_changelist",
        reference="admin",
    ),
    Page("layout", "Empty page in the service layout", "victim-chair", "bench-empty", reference="layout"),
    Page("home", "Home", "victim-chair", "home"),
    Page("board", "Board page", "victim-chair", "board-detail", args=lambda: ["victim"]),
    Page("plan", "Plan page", "victim-chair", "plan-detail", args=lambda: ["victim"]),
    Page(
        "plan_filtered",
        "Plan page, filtered",
        "victim-chair",
        "plan-detail",
        args=lambda: ["victim"],
        query="progress=red&progress=overdue&status=in_progress&sort=due_date",
    ),
    Page("action", "Action with a long history", "victim-chair", "action-detail", args=_long_history_action),
    Page("my_actions", "My actions", "owner", "my-actions"),
    Page("meetings", "Meetings list", "officer", "meeting-list"),
    Page("escalations", "Escalation ledger", "executive-chair", "escalation-list"),
    Page("executive", "Executive view", "executive-chair", "executive"),
    Page("indicators", "Indicator list", "analyst", "indicator-list"),
    Page("indicator", "One indicator", "analyst", "indicator-detail", args=_indicator_with_most_wards),
    Page("packs", "Packs list", "scrutiny", "pack-list"),
]


def _url(page: Page) -> str:
    url = reverse(page.url_name, args=page.args() if page.args else [])
    return f"{url}?{page.query}" if page.query else url


def percentile(samples: list[float], fraction: float) -> float:
    """The value below which `fraction` of the samples fall (linear between the nearest two)."""
    ordered = sorted(samples)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _page_check(page: Page, client: Client) -> dict[str, Any]:
    """Open the page as its persona: its address, whether it answers, and its queries at this size."""
    result: dict[str, Any] = {
        "key": page.key,
        "title": page.title,
        "persona": page.persona,
        "reference": page.reference,
    }
    try:
        url = _url(page)
    except (NoReverseMatch, LookupError) as error:
        return {**result, "status": "not available", "reason": f"{type(error).__name__}: {error}"}
    for _ in range(WARM_UP):
        response = client.get(url, secure=True)
    if response.status_code != 200:
        return {**result, "url": url, "status": "not available", "reason": f"answered {response.status_code}"}
    pages_forget()
    with CaptureQueriesContext(connection) as rendered:
        response = client.get(url, secure=True)
    with CaptureQueriesContext(connection) as repeated:
        client.get(url, secure=True)
    counts = {"queries": len(rendered), "queries_repeat": len(repeated)}
    return {**result, "url": url, "status": "ok", **counts, "bytes": len(response.content)}


def _request_ms(client: Client, url: str) -> float:
    began = time.perf_counter()
    client.get(url, secure=True)
    return (time.perf_counter() - began) * 1000


def _summary(timings: list[float], prefix: str = "") -> dict[str, float]:
    return {
        f"{prefix}p50_ms": round(percentile(timings, 0.50), 2),
        f"{prefix}p95_ms": round(percentile(timings, 0.95), 2),
        f"{prefix}mean_ms": round(statistics.fmean(timings), 2),
    }


def _time(pages: list[tuple[dict[str, Any], Client]]) -> dict[str, float]:
    """Time the pages round after round; returns what the worker's runs after each write took."""
    after_worker: list[list[float]] = [[] for _ in pages]
    cold: list[list[float]] = [[] for _ in pages]
    repeated: list[list[float]] = [[] for _ in pages]
    prebuilds: list[float] = []
    started = time.perf_counter()
    rounds = 0
    while rounds < MAX_ROUNDS and (rounds < MIN_ROUNDS or time.perf_counter() - started < SECONDS):
        # Each page is asked for by its own persona at its own address, so after one write every
        # key page's next visit is its first.
        pages_forget()
        began = time.perf_counter()
        sections_prebuild()
        prebuilds.append((time.perf_counter() - began) * 1000)
        # The worker runs in a process of its own; here its garbage would be collected during
        # whichever page came next.
        gc.collect()
        for (result, client), first in zip(pages, after_worker, strict=True):
            if not result["reference"]:
                first.append(_request_ms(client, result["url"]))
        pages_forget()
        # The references are timed here, not straight after the worker's run, whose half a second
        # of work would slow the next request (collecting its garbage) and flatter every ratio.
        for (result, client), first, before, again in zip(pages, after_worker, cold, repeated, strict=True):
            if result["reference"]:
                first.append(_request_ms(client, result["url"]))
            else:
                before.append(_request_ms(client, result["url"]))
                again.append(_request_ms(client, result["url"]))
        rounds += 1
    for (result, _), first, before, again in zip(pages, after_worker, cold, repeated, strict=True):
        result.update(samples=len(first), **_summary(first))
        if again:
            result.update(**_summary(before, prefix="cold_"), **_summary(again, prefix="repeat_"))
    return _summary(prebuilds)


def pages_measure(*, timed: bool, report: Callable[[str], None] = print) -> dict[str, Any]:
    """Each page's figures, and what the worker's runs after each write took (when timed)."""
    # The process starts as the server's does (gunicorn swp.wsgi), with what that start-up does.
    import_module("swp.wsgi")
    clients: dict[str, Client] = {}
    checked = []
    for page in PAGES:
        if page.persona not in clients:
            clients[page.persona] = Client()
            clients[page.persona].force_login(User.objects.get(username=page.persona))
        result = _page_check(page, clients[page.persona])
        checked.append((result, clients[page.persona]))
        if result["status"] != "ok":
            report(f"  {page.title}: {result['status']} ({result['reason']})")
    prebuild = _time([(result, client) for result, client in checked if result["status"] == "ok"]) if timed else {}
    for result, _ in checked:
        if result["status"] == "ok":
            timing = f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, " if timed else ""
            if timed and "repeat_p95_ms" in result:
                timing += f"cold p50 {result['cold_p50_ms']} ms, p95 {result['cold_p95_ms']} ms, "
                timing += f"repeat visit p50 {result['repeat_p50_ms']} ms, p95 {result['repeat_p95_ms']} ms, "
            report(f"  {result['title']}: {timing}{result['queries']} queries")
    if prebuild:
        report(f"  Shared sections rendered again after a write: p50 {prebuild['p50_ms']}, p95 {prebuild['p95_ms']} ms")
    return {"pages": [result for result, _ in checked], "prebuild": prebuild}


def rows_count() -> dict[str, int]:
    """How big the data set is, as the table's header says."""
    return {
        "people": User.objects.count(),
        "actions": Action.objects.count(),
        "action history records": Action.history.count(),  # type: ignore[attr-defined]
        "progress updates": ProgressUpdate.objects.count(),
        "meetings": Meeting.objects.count(),
        "meeting outcomes": MeetingOutcome.objects.count(),
        "escalations": Escalation.objects.count(),
        "indicators": Indicator.objects.count(),
        "measurements": Measurement.objects.count(),
        "packs": PerformancePack.objects.count(),
    }
