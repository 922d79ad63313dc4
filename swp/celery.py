"""The Celery app. Scheduled jobs are listed here, in one place, with why they run when they do."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "swp.settings")

app = Celery("swp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {}
