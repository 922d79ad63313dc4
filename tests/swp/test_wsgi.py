"""The server's start-up: every view loaded before the first request, and start-up's objects frozen."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

REPORT = """
import gc, json, sys
import swp.wsgi
print(json.dumps({"frozen": gc.get_freeze_count(), "views": "performance.views.packs" in sys.modules}))
"""


def test_the_wsgi_start_up_loads_every_view_and_freezes_what_it_built() -> None:
    # A fresh interpreter: importing swp.wsgi here would freeze the test process's own objects.
    started = subprocess.run(
        [sys.executable, "-c", REPORT], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    report = json.loads(started.stdout.strip().splitlines()[-1])
    assert report["views"], "the URLconf's views were not imported at start-up"
    # Django, the apps and their views: tens of thousands of objects the collector need never scan.
    assert report["frozen"] > 50_000
