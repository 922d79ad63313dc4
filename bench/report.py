"""The benchmark's results: put together from what each step measured, judged against the
issue's targets, and printed as a table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# The targets.
MAX_RATIO_TO_BARE = 5.0
PACK_MAX_SECONDS = 10.0
MPS_IMPORT_MAX_SECONDS = 5.0

_PAGE_FIELDS = (
    *("key", "title", "persona", "url", "status", "reason", "samples", "bytes"),
    *("p50_ms", "p95_ms", "mean_ms", "cold_p50_ms", "cold_p95_ms", "cold_mean_ms"),
    *("repeat_p50_ms", "repeat_p95_ms", "repeat_mean_ms", "queries_repeat"),
)
# How each key page is visited (bench/pages.py): after a write once the worker has rendered the
# shared sections again, after a write it has not caught up with, and again.
_VISITS = ("", "cold_", "repeat_")


def _within(ratio: float | None, limit: float) -> bool:
    return ratio is not None and ratio <= limit


def _page_row(
    page: dict[str, Any], tiny: dict[str, Any], bare: dict[str, Any], admin: dict[str, Any]
) -> dict[str, Any]:
    row = {name: page[name] for name in _PAGE_FIELDS if name in page}
    row["reference"] = page.get("reference", "")
    row["queries_tiny"], row["queries_large"] = tiny.get("queries"), page.get("queries")
    if page.get("status") != "ok" or row["reference"]:
        return row
    # The references are never kept, so every visit is compared with the same figures.
    for visit in _VISITS:
        for percentile in ("p50", "p95"):
            measure, reference = f"{visit}{percentile}_ms", f"{percentile}_ms"
            ratio = f"{visit}ratio_to_bare_{percentile}"
            row[ratio] = round(page[measure] / bare[reference], 1) if bare.get(reference) else None
            ratio = f"{visit}ratio_to_admin_{percentile}"
            row[ratio] = round(page[measure] / admin[reference], 2) if admin.get(reference) else None
    row["meets"] = {
        **{f"{visit}within_5x_bare": _within(row[f"{visit}ratio_to_bare_p95"], MAX_RATIO_TO_BARE) for visit in _VISITS},
        "faster_than_admin": row["ratio_to_admin_p95"] is not None and row["ratio_to_admin_p95"] < 1,
        "queries_do_not_grow": row["queries_tiny"] is not None and row["queries_tiny"] == row["queries_large"],
    }
    return row


def results_assemble(
    *,
    machine: dict[str, Any],
    builds: dict[str, Any],
    measured: dict[str, Any],
    pack: dict[str, Any],
    mps: dict[str, Any],
    run_seconds: float,
    generated_at: str,
) -> dict[str, Any]:
    tiny = {page["key"]: page for page in measured["tiny"]["pages"]}
    large = {page["key"]: page for page in measured["large"]["pages"]}
    bare, admin = large.get("bare", {}), large.get("admin", {})
    pages = [_page_row(page, tiny.get(key, {}), bare, admin) for key, page in large.items()]
    key_pages = [row for row in pages if "meets" in row]
    return {
        "generated_at": generated_at,
        "machine": machine,
        "run_seconds": run_seconds,
        "rows": {size: measured[size]["rows"] for size in ("tiny", "large")},
        "build_seconds": builds,
        "pages": pages,
        "sections_prebuild_ms": measured["large"].get("prebuild", {}),
        "pack": pack,
        "mps_import": mps,
        "targets": {
            # The first visit after a write, once the worker has rendered the shared sections again...
            "pages_within_5x_bare": all(row["meets"]["within_5x_bare"] for row in key_pages),
            # ...before it has, the page rendering everything itself...
            "pages_cold_within_5x_bare": all(row["meets"]["cold_within_5x_bare"] for row in key_pages),
            # ...and the repeat visits, served from memory until anything is written (swp/page_cache.py).
            "pages_repeat_within_5x_bare": all(row["meets"]["repeat_within_5x_bare"] for row in key_pages),
            "pages_faster_than_admin": all(row["meets"]["faster_than_admin"] for row in key_pages),
            "page_queries_do_not_grow": all(row["meets"]["queries_do_not_grow"] for row in key_pages),
            "pack_under_10_s": pack.get("status") == "ok" and pack["seconds"] < PACK_MAX_SECONDS,
            "mps_import_under_5_s": mps.get("status") == "ok" and mps["seconds"] < MPS_IMPORT_MAX_SECONDS,
            "pages_not_available": [row["title"] for row in pages if row.get("status") != "ok"],
        },
    }


def _mark(ok: bool) -> str:
    return "ok" if ok else "MISS"


def _number(value: Any, suffix: str = "") -> str:
    return "-" if value is None else f"{value}{suffix}"


def report_print(results: dict[str, Any], *, write: Callable[[str], None]) -> None:
    rows = results["rows"]
    write("")
    write(f"Data set: {', '.join(f'{count:,} {name}' for name, count in rows['large'].items())}")
    write(f"Tiny set: {', '.join(f'{count:,} {name}' for name, count in rows['tiny'].items())}")
    write("")
    header = (
        f"{'page':<38} {'persona':<16} {'p50 ms':>8} {'p95 ms':>8} {'x bare':>7} {'x admin':>8}"
        f" {'cold p50':>8} {'cold p95':>8} {'cold x':>6} {'again p95':>9} {'again x':>7} {'queries':>17}  targets"
    )
    write(header)
    write("-" * len(header))
    for row in results["pages"]:
        if row.get("status") != "ok":
            write(f"{row['title']:<38} {row['persona']:<16} not available: {row.get('reason', '')}")
            continue
        queries = f"{_number(row['queries_tiny'])} -> {_number(row['queries_large'])}"
        if not row["reference"]:
            queries += f" ({_number(row.get('queries_repeat'))})"
        meets = row.get("meets")
        targets = (
            f"5x bare {_mark(meets['within_5x_bare'])}, cold {_mark(meets['cold_within_5x_bare'])}, "
            f"again {_mark(meets['repeat_within_5x_bare'])}; "
            f"< admin {_mark(meets['faster_than_admin'])}; queries {_mark(meets['queries_do_not_grow'])}"
            if meets
            else "(reference)"
        )
        write(
            f"{row['title']:<38} {row['persona']:<16} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
            f"{_number(row.get('ratio_to_bare_p95')):>7} {_number(row.get('ratio_to_admin_p95')):>8} "
            f"{_number(row.get('cold_p50_ms')):>8} {_number(row.get('cold_p95_ms')):>8} "
            f"{_number(row.get('cold_ratio_to_bare_p95')):>6} {_number(row.get('repeat_p95_ms')):>9} "
            f"{_number(row.get('repeat_ratio_to_bare_p95')):>7} {queries:>17}  {targets}"
        )
    write("")
    prebuild = results["sections_prebuild_ms"]
    if prebuild:
        write(
            f"Shared sections rendered again by the worker after a write (swp/sections.py): "
            f"p50 {prebuild['p50_ms']} ms, p95 {prebuild['p95_ms']} ms"
        )
    pack, mps = results["pack"], results["mps_import"]
    if pack.get("status") == "ok":
        phases = ", ".join(f"{name} {seconds} s" for name, seconds in pack["phases_seconds"].items())
        write(
            f"Pack {pack['quarter']} (PDF {pack['pdf_pages']} pages, {pack['pdf_bytes']:,} bytes; Excel "
            f"{pack['xlsx_bytes']:,} bytes): {pack['seconds']} s ({phases}); peak memory {pack['peak_rss_mb']} MB "
            f"(process before the build: {pack['rss_before_mb']} MB)  "
            f"target < 10 s {_mark(results['targets']['pack_under_10_s'])}"
        )
    else:
        write(f"Pack: {pack.get('status')}: {pack.get('reason', '')}")
    if mps.get("status") == "ok":
        write(
            f"MPS import {mps['file']} ({mps['rows_read']:,} rows): {mps['seconds']} s, "
            f"again {mps['seconds_again']} s; "
            f"peak memory {mps['peak_rss_mb']} MB  target < 5 s {_mark(results['targets']['mps_import_under_5_s'])}"
        )
    else:
        write(f"MPS import: {mps.get('status')}: {mps.get('reason', '')}")
    write(f"Whole run: {results['run_seconds']} s on {results['machine']['cpus']} CPUs")
