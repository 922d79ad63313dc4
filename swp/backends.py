"""Authentication backends of the service."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class SignInThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout, for sign-ins that come with a request.

    Every sign-in from the web carries its request; authenticate() called from code (a management
    command, a test) has no username-and-address attempt to throttle, so it is let through to the
    password check instead of refused outright as axes does.
    """

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
