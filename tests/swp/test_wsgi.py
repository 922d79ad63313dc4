"""The server's start-up: every view loaded and every template compiled before the first request,
and start-up's objects frozen."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

REPORT = """
import gc, json, sys
from django.template import engines
import swp.wsgi
compiled = engines["django"].engine.template_loaders[0].get_template_cache
print(json.dumps({
    "frozen": gc.get_freeze_count(),
    "views": "performance.views.packs" in sys.modules,
    "templates": sorted(compiled),
    "frozen_template": not any(found is compiled["base.html"] for found in gc.get_objects()),
}))
"""


def test_the_wsgi_start_up_loads_every_view_compiles_every_template_and_freezes_what_it_built() -> None:
    # A fresh interpreter: importing swp.wsgi here would freeze the test process's own objects.
    started = subprocess.run(
        [sys.executable, "-c", REPORT], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    report = json.loads(started.stdout.strip().splitlines()[-1])
    assert report["views"], "the URLconf's views were not imported at start-up"
    # The service's pages and emails, the form pack's fields and the admin's pages alike.
    assert {
        "actions/plan_detail.html",
        "actions/email/action_assigned.txt",
        "gds/uni_form.html",
        "admin/change_list.html",
    } <= set(report["templates"])
    assert report["frozen_template"], "the compiled templates were left for the collector to scan"
    # Django, the apps and their views: tens of thousands of objects the collector need never scan.
    assert report["frozen"] > 50_000
