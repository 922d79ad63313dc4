"""Which request is being answered and where it came from, for sign-in throttling and the audit log."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest

_request_in_progress: ContextVar[HttpRequest | None] = ContextVar("swp_request_in_progress", default=None)


@contextmanager
def answering(request: HttpRequest) -> Iterator[None]:
    token = _request_in_progress.set(request)
    try:
        yield
    finally:
        _request_in_progress.reset(token)


def request_in_progress() -> HttpRequest | None:
    """The request this thread is answering, if any: an audit event raised far from the view (a model
    signal during an admin change, say) takes the person and their address from it."""
    return _request_in_progress.get()


def client_ip(request: HttpRequest) -> str | None:
    """The address of the person's computer, as the outermost proxy we trust saw it.

    Each of TRUSTED_PROXY_COUNT proxies appends the address it was reached from to X-Forwarded-For,
    so that many entries from the right are trustworthy and anything further left may be forged.
    With no proxy configured the header is ignored: anyone could have written it.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
