"""`make bench`: build a council-scale partnership in a fresh PostgreSQL database and measure it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/swp_bench python -m bench.run

DATABASE_URL names the large database; a tiny one (the same name with _tiny) is built beside it
for the query counts to be compared with. Both are dropped and made again at the start of every
run, and left in place at the end so that they can be inspected. Each step runs in a process of
its own (django.setup() with bench.settings); this one only orchestrates, prints the table and
writes bench/results.json.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

import psycopg2
from psycopg2 import sql

from bench.report import report_print, results_assemble

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results.json"
# Packs the benchmark builds are written here, not into the app's media directory.
MEDIA = BENCH_DIR / "media"


def _log(message: str) -> None:
    print(message, flush=True)  # noqa: T201


def _database_urls(url: str) -> dict[str, str]:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(f"The benchmark runs on PostgreSQL; DATABASE_URL is {url!r}.")
    name = parts.path.lstrip("/") or "swp_bench"
    return {
        size: parts._replace(path=f"/{name}{suffix}").geturl() for size, suffix in (("large", ""), ("tiny", "_tiny"))
    }


def _server(url: str) -> Any:
    parts = urllib.parse.urlsplit(url)
    connection = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=urllib.parse.unquote(parts.username or "postgres"),
        password=urllib.parse.unquote(parts.password or "") or None,
        dbname="postgres",
    )
    connection.autocommit = True
    return connection


def _name(url: str) -> str:
    return urllib.parse.urlsplit(url).path.lstrip("/")


def _databases_fresh(urls: dict[str, str]) -> str:
    """Drop both databases, make the large one and migrate it, then copy it as the tiny one."""
    server = _server(urls["large"])
    with server.cursor() as cursor:
        for url in urls.values():
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(_name(url))))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(_name(urls["large"]))))
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    _run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], url=urls["large"])
    with server.cursor() as cursor:
        cursor.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(_name(urls["tiny"])), sql.Identifier(_name(urls["large"]))
            )
        )
    server.close()
    return str(version)


def _environment(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.settings", "MEDIA_ROOT": str(MEDIA)}


def _run(command: list[str], *, url: str) -> None:
    subprocess.run(command, cwd=ROOT, env=_environment(url), check=True)  # noqa: S603


def _step(name: str, *, url: str, size: str = "") -> Any:
    """Run one step in its own process and read back what it measured."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        _run([sys.executable, "-m", "bench.run", "step", name, size or "-", out.name], url=url)
        return json.loads(Path(out.name).read_text())


def step_main(name: str, size: str, out: Path) -> None:
    """Inside a step's process: set Django up on the benchmark's settings and do the one thing."""
    import django

    django.setup()
    from bench import dataset, jobs, pages

    result: Any
    if name == "build":
        result = dataset.dataset_build(scale=dataset.SCALES[size], report=_log)
    elif name == "pages":
        result = {"rows": pages.rows_count(), **pages.pages_measure(timed=size == "large", report=_log)}
    elif name == "pack":
        result = jobs.pack_measure()
    elif name == "mps":
        result = jobs.mps_import_measure()
    else:
        raise SystemExit(f"No step {name!r}.")
    out.write_text(json.dumps(result, default=str))


def main() -> None:
    started = time.perf_counter()
    urls = _database_urls(os.environ.get("DATABASE_URL", ""))
    shutil.rmtree(MEDIA, ignore_errors=True)
    _log(f"Fresh databases {', '.join(_name(url) for url in urls.values())}: migrating")
    server_version = _databases_fresh(urls)
    builds = {}
    for size in ("tiny", "large"):
        _log(f"Building the {size} data set")
        builds[size] = _step("build", url=urls[size], size=size)
    measured = {}
    for size in ("tiny", "large"):
        _log(f"Pages at the {size} size" + (" (timed)" if size == "large" else " (query counts)"))
        measured[size] = _step("pages", url=urls[size], size=size)
    _log("Importing the all-London MPS ward file")
    mps = _step("mps", url=urls["large"])
    _log("Building the last quarter's pack")
    pack = _step("pack", url=urls["large"])
    results = results_assemble(
        machine={
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "postgresql": server_version,
        },
        builds=builds,
        measured=measured,
        pack=pack,
        mps=mps,
        run_seconds=round(time.perf_counter() - started, 1),
        generated_at=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    )
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    report_print(results, write=_log)
    _log(
        f"Written to {RESULTS.relative_to(ROOT)}; databases left for inspection: {', '.join(map(_name, urls.values()))}"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["step"]:
        step_main(sys.argv[2], sys.argv[3], Path(sys.argv[4]))
    else:
        main()
