"""Request-wide concerns of the partnership layer: how long a session lasts, and who is asking.

See docs/adr/0004-ending-sessions.md for why sessions end this way.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from swp.choices import AuditEventKind
from swp.network import answering
from swp.services import audit_record

# Written at sign-in (swp.receivers), read on every request after.
SIGNED_IN_AT = "swp_signed_in_at"
SESSION_VERSION = "swp_session_version"


class AuditContextMiddleware:
    """Makes the request known to audit events raised far from the view (swp.network.request_in_progress)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with answering(request):
            return self.get_response(request)


def _duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    if hours and not rest:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    minutes = max(seconds // 60, 1)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def session_end_reason(request: HttpRequest) -> str | None:
    """Why this signed-in session may not go on, or None while it may.

    Idle sessions need nothing here: every request saves the session, so one left alone for
    SESSION_COOKIE_AGE has expired in the session store before it is next used.
    """
    session, user = request.session, request.user
    if session.get(SESSION_VERSION) != getattr(user, "session_version", None):
        return "access_changed"
    signed_in_at = session.get(SIGNED_IN_AT)
    if signed_in_at is None or timezone.now().timestamp() - signed_in_at > settings.SESSION_MAX_AGE_SECONDS:
        return "max_age"
    return None


END_MESSAGES = {
    "access_changed": "You have been signed out because your access to the service has changed. "
    "Sign in again to continue.",
    "max_age": "You have been signed out because you had been signed in for more than {duration}. "
    "Sign in again to continue.",
}


class SessionLimitsMiddleware:
    """Ends a session that has outlived SESSION_MAX_AGE_SECONDS, or whose person has lost access
    since signing in (deactivated, clearance lowered, a role removed: User.session_version).

    The request goes on as anonymous, so the sign-in requirement sends the person to sign in,
    where a message says why.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            reason = session_end_reason(request)
            if reason is not None:
                self._end(request, reason)
        return self.get_response(request)

    @staticmethod
    def _end(request: HttpRequest, reason: str) -> None:
        audit_record(kind=AuditEventKind.SESSION_ENDED, actor=request.user, request=request, reason=reason)
        # Not logout(): that would also log a sign-out the person never asked for.
        request.session.flush()
        request.user = AnonymousUser()
        messages.info(request, END_MESSAGES[reason].format(duration=_duration(settings.SESSION_MAX_AGE_SECONDS)))


class PrivatePagesMiddleware:
    """Marks every page served to a signed-in person as not to be stored (Cache-Control: no-store,
    private), so that after signing out, Back shows the sign-in page rather than a confidential page
    kept in the browser's memory, and no shared cache keeps a copy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        # Signing out ends the session during the request: its answer is private too.
        if signed_in or request.user.is_authenticated:
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response
