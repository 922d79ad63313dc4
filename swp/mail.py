"""Emails to several people that a task sends, each sent once however often the task is tried.

A mail server that drops the connection partway through a batch has delivered the emails before
the break. The task is tried again (swp.tasks.EMAIL_TASK), and sending the whole batch again
would email those people twice; each email sent is therefore marked in the cache, under a key
that names the batch and the email, and the next try sends only the ones without a mark.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection

# Longer than a batch is tried for: a task's eight tries take some hours (swp.tasks.EMAIL_TASK), and
# the pack reminders a failure left unsent go on the next day's run.
SENT_MARK_SECONDS = 7 * 24 * 60 * 60

# As django.core.mail.send_mass_mail takes them: subject, body, sender (None for the default), recipients.
Email = tuple[str, str, str | None, list[str]]


def _mark(batch: str, email: Email) -> str:
    # By the whole email, not its address: two people may share an inbox, each with their own email.
    return f"email-sent:{batch}:{hashlib.sha256(repr(email).encode()).hexdigest()}"


def emails_send(*, emails: list[Email], batch: str) -> int:
    """Send the emails over one connection, leaving out any this batch has sent already; returns
    how many went now. `batch` must name this batch and no other, and stay the same when it is
    tried again: a task's id does (Celery keeps it through retries). With nothing left to send it
    does not connect, so a mail server that is down fails only a batch that needs it."""
    marked = {_mark(batch, email): email for email in emails}
    already = cache.get_many(list(marked))
    waiting = [(mark, email) for mark, email in marked.items() if mark not in already]
    if not waiting:
        return 0
    sent = 0
    with get_connection(fail_silently=False) as connection:
        for mark, (subject, body, sender, recipients) in waiting:
            sent += connection.send_messages([EmailMessage(subject, body, sender, recipients)])
            cache.set(mark, True, SENT_MARK_SECONDS)
    return sent
