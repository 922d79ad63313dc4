"""The two heavy jobs: building a quarter's pack (PDF and Excel) and importing the all-London MPS
ward file, each run through its service as the app runs it, in a process of its own so that its
peak memory is its own."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

from django.conf import settings
from django.utils import timezone

from swp.models import Partnership, User
from swp.quarters import FinancialQuarter

MPS_WARD_FILE = "london-wards-202402-202601.csv"


def _peak_rss_mb() -> float:
    # Linux reports kilobytes.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


@contextmanager
def _timed_calls(module: Any, names: list[str], into: dict[str, float]) -> Iterator[None]:
    """Time each call the job makes to these functions of `module`, without changing what they do."""
    originals = {name: getattr(module, name) for name in names}

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                into[name] = round(into.get(name, 0.0) + time.perf_counter() - began, 3)

        return wrapper

    for name, function in originals.items():
        setattr(module, name, timed(name, function))
    try:
        yield
    finally:
        for name, function in originals.items():
            setattr(module, name, function)


def pack_measure() -> dict[str, Any]:
    """Build the last whole quarter's pack as an analyst's request does, with the task run in-process."""
    try:
        from performance.choices import PackStatus
        from performance.packs import services
        from swp.celery import app
    except ImportError as error:
        return {"status": "not available", "reason": str(error)}
    # Without a worker in the benchmark, the queued build runs in this process when the request commits.
    app.conf.task_always_eager = True
    partnership = Partnership.objects.get()
    quarter = FinancialQuarter.containing(timezone.localdate()).previous()
    analyst = User.objects.get(username="analyst")
    phases: dict[str, float] = {}
    before = _peak_rss_mb()
    began = time.perf_counter()
    with _timed_calls(services, ["snapshot_gather", "pack_pdf_render", "pack_xlsx_render"], phases):
        pack = services.pack_request(partnership=partnership, quarter=quarter, cover={}, requested_by=analyst)
    seconds = time.perf_counter() - began
    pack.refresh_from_db()
    if pack.status != PackStatus.READY:
        return {"status": "failed", "reason": pack.failure_reason, "seconds": round(seconds, 2)}
    return {
        "status": "ok",
        "quarter": quarter.label,
        "seconds": round(seconds, 2),
        "phases_seconds": phases,
        "peak_rss_mb": _peak_rss_mb(),
        "rss_before_mb": before,
        "pdf_bytes": pack.pdf_file.size,
        "xlsx_bytes": pack.xlsx_file.size,
        "pdf_pages": _pdf_pages(pack.pdf_file.path),
    }


def _pdf_pages(path: str) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:  # a dev dependency; the page count is only a note
        return None
    return len(PdfReader(path).pages)


def mps_import_measure() -> dict[str, Any]:
    """Import the all-London ward file into the partnership, then import it again (nothing changes)."""
    path = settings.SHARED_DATA_DIR / "mps-ward-crime" / MPS_WARD_FILE
    if not path.exists():
        return {"status": "not available", "reason": f"{path} is absent (set SHARED_DATA_DIR)"}
    try:
        from performance.services import mps_crime_import
    except ImportError as error:
        return {"status": "not available", "reason": str(error)}
    partnership = Partnership.objects.get()
    analyst = User.objects.get(username="analyst")
    data = path.read_bytes()

    def imported() -> tuple[Any, float]:
        began = time.perf_counter()
        batch = mps_crime_import(partnership=partnership, data=data, file_name=path.name, by=analyst)
        return batch, round(time.perf_counter() - began, 2)

    first, seconds = imported()
    again, seconds_again = imported()
    return {
        "status": "ok",
        "file": path.name,
        "bytes": len(data),
        "rows_read": first.rows_read,
        "seconds": seconds,
        "seconds_again": seconds_again,
        "figures_created": first.summary.get("figures_created"),
        "figures_unchanged_again": again.summary.get("figures_unchanged"),
        "peak_rss_mb": _peak_rss_mb(),
    }
