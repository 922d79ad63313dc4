from typing import Any

from celery import shared_task

from swp import sections

# For tasks that send email: a mail server that refuses or drops the connection raises an OSError
# (smtplib's errors are OSErrors), and the task is tried again later and later instead of the
# email being lost. A task that emails several people sends through swp.mail.emails_send, so that
# those it reached before the failure are not emailed again.
EMAIL_TASK: dict[str, Any] = {
    "autoretry_for": (OSError,),
    "retry_backoff": 60,
    "retry_backoff_max": 60 * 60,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task
def ping(payload: str) -> str:
    """Answer with what it was given: lets a health check and the tests see a worker is alive."""
    return f"pong: {payload}"


@shared_task
def sections_prebuild() -> int:
    """Render the shared sections for the generation current when the worker gets to it."""
    return sections.sections_prebuild()
