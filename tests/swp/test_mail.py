"""Emails a task sends to several people: each once per batch, however often the batch is tried."""

from __future__ import annotations

from uuid import uuid4

import pytest
from django.core import mail
from pytest_django.fixtures import Settings

from swp.mail import emails_send


def _emails(*addresses: str) -> list[tuple[str, str, None, list[str]]]:
    return [("Escalation raised", f"Dear {address}", None, [address]) for address in addresses]


def test_a_batch_tried_again_sends_nothing_twice() -> None:
    batch = uuid4().hex
    assert emails_send(emails=_emails("chair@example.org", "vice@example.org"), batch=batch) == 2
    assert emails_send(emails=_emails("chair@example.org", "vice@example.org"), batch=batch) == 0
    assert [message.to for message in mail.outbox] == [["chair@example.org"], ["vice@example.org"]]


def test_people_who_share_an_inbox_each_get_their_own_email() -> None:
    emails = [
        ("Escalation raised", "Dear Conor", None, ["chairs@example.org"]),
        ("Escalation raised", "Dear Aisha", None, ["chairs@example.org"]),
    ]
    assert emails_send(emails=emails, batch=uuid4().hex) == 2
    assert [message.body for message in mail.outbox] == ["Dear Conor", "Dear Aisha"]


def test_with_nothing_to_send_a_mail_server_that_is_down_is_not_asked(settings: Settings) -> None:
    batch = uuid4().hex
    emails_send(emails=_emails("chair@example.org"), batch=batch)
    settings.EMAIL_BACKEND = "tests.mail.DownMailServer"
    assert emails_send(emails=[], batch=uuid4().hex) == 0
    assert emails_send(emails=_emails("chair@example.org"), batch=batch) == 0
    with pytest.raises(ConnectionRefusedError):
        emails_send(emails=_emails("vice@example.org"), batch=batch)


def test_another_batch_to_the_same_people_is_sent() -> None:
    emails_send(emails=_emails("chair@example.org"), batch=uuid4().hex)
    assert emails_send(emails=_emails("chair@example.org"), batch=uuid4().hex) == 1
    assert len(mail.outbox) == 2
