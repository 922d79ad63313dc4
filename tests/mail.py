"""A mail server for tests that fails when told to."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends import locmem


class FlakyMailServer(locmem.EmailBackend):
    """Drops the connection while `failures_left` is above zero, as a busy mail server may; after
    `deliveries_before_failure` more sends have gone through, so partway through a batch."""

    failures_left = 0
    deliveries_before_failure = 0

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if FlakyMailServer.failures_left and FlakyMailServer.deliveries_before_failure:
            FlakyMailServer.deliveries_before_failure -= 1
        elif FlakyMailServer.failures_left:
            FlakyMailServer.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(email_messages)


class DownMailServer(locmem.EmailBackend):
    """Refuses every connection, as a mail server that is down does."""

    def open(self) -> bool:
        raise ConnectionRefusedError("Connection refused")
