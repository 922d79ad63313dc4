"""The Celery app. Scheduled jobs are listed here, in one place, with why they run when they do."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "swp.settings")

app = Celery("swp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Daily, early in the morning before chairs read their mail: an escalation left unresolved past
    # ESCALATION_AGE_DAYS goes up to the Executive. Running late or twice escalates nothing twice.
    "escalations-escalate-overdue": {
        "task": "boards.tasks.escalations_escalate_overdue",
        "schedule": crontab(hour=6, minute=0),
    },
    # Every minute: a pack build whose worker died (killed, out of memory, host lost) is queued again,
    # or failed with a reason after PACK_BUILD_MAX_ATTEMPTS; see performance/packs/services.py.
    "packs-sweep-stuck": {
        "task": "performance.tasks.packs_sweep_stuck_task",
        "schedule": 60.0,
    },
    # Every minute: the shared sections people looked at lately are rendered again (swp/sections.py,
    # REFRESH_SECONDS), so that a quiet hour without writes leaves them ready rather than expired,
    # and what changes with the clock alone (an escalation's age) is at most a minute late.
    "sections-refresh": {
        "task": "swp.tasks.sections_prebuild",
        "schedule": 60.0,
    },
    # Daily at 06:30: reminds owners to update their actions before the quarter's draft pack, and
    # builds that draft PACK_DRAFT_DAYS_AFTER_QUARTER days after the quarter ends. Idempotent.
    "packs-quarter-close": {
        "task": "performance.tasks.packs_quarter_close_task",
        "schedule": crontab(hour=6, minute=30),
    },
}
