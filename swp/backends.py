"""Authentication backends of the service."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend
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


class StaffModelBackend(ModelBackend):
    """Django's username-and-password sign-in, and its model permissions for staff only.

    Model permissions only open the admin site, which only staff may enter; the service itself
    decides everything with django-rules. Without this, every permission the rules refuse would
    also be looked up in the permission tables: two queries on every page, for nothing.
    """

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_staff:
            return set()
        return super().get_all_permissions(user_obj, obj)
