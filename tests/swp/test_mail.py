"""Emails a task sends to several people: each once per batch, however often the batch is tried."""

from __future__ import annotations

from uuid import uuid4

from django.core import mail

from swp.mail import emails_send


def _emails(*addresses: str) -> list[tuple[str, str, None, list[str]]]:
    return [("Escalation raised", f"Dear {address}", None, [address]) for address in addresses]


def test_a_batch_tried_again_sends_nothing_twice() -> None:
    batch = uuid4().hex
    assert emails_send(emails=_emails("chair@example.org", "vice@example.org"), batch=batch) == 2
    assert emails_send(emails=_emails("chair@example.org", "vice@example.org"), batch=batch) == 0
    assert [message.to for message in mail.outbox] == [["chair@example.org"], ["vice@example.org"]]


def test_another_batch_to_the_same_people_is_sent() -> None:
    emails_send(emails=_emails("chair@example.org"), batch=uuid4().hex)
    assert emails_send(emails=_emails("chair@example.org"), batch=uuid4().hex) == 1
    assert len(mail.outbox) == 2
