"""Writes of the partnership layer: the audit log, and ending a person's sessions.

Every app records audit events through audit_record; swp is the lowest layer, so all may import it.
"""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Model, QuerySet
from django.http import HttpRequest

from swp.choices import AuditEventKind
from swp.models import AuditEvent, User
from swp.network import client_ip, request_in_progress


def audit_record(
    *,
    kind: AuditEventKind,
    actor: User | AnonymousUser | None,
    obj: Model | None = None,
    request: HttpRequest | None = None,
    actor_username: str = "",
    named: bool = True,
    **details: Any,
) -> AuditEvent:
    """Append one event to the audit log.

    `actor` is who did it (None or anonymous when nobody is signed in: a failed sign-in names the
    username tried in `actor_username`). `obj` is what it concerned, by type and id, and by name
    unless `named` is False. The address comes from `request`, else from the request being
    answered, if any. `details` must be JSON-serialisable.
    """
    request = request or request_in_progress()
    person = actor if isinstance(actor, User) else None
    return AuditEvent.objects.create(
        kind=kind,
        actor=person,
        actor_username=(person.get_username() if person else actor_username)[:150],
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None and named else "",
        ip_address=client_ip(request) if request is not None else None,
        details=details,
    )


def audit_access_refused(*, user: User, hidden: QuerySet[Any]) -> None:
    """Log a refused look at an object that exists but is hidden from the person.

    Access helpers call this just before answering 404; `hidden` is the same lookup without the
    visibility filter. A lookup that finds nothing was a missing object, which is not news.
    """
    obj = hidden.only("pk").first()
    if obj is not None:
        # By type and id only: the object is hidden, and its name (a CONTEST action's title, say)
        # would reach whoever reads or exports the log, who need not be cleared for it either.
        audit_record(kind=AuditEventKind.ACCESS_REFUSED, actor=user, obj=obj, named=False)


def audit_actor() -> User | None:
    """Who is signed in on the request being answered: the actor of a change made in the admin."""
    request = request_in_progress()
    user = getattr(request, "user", None)
    return user if isinstance(user, User) else None


def user_sessions_end(*, user: User) -> None:
    """End every session the person has open, at its next request (swp.middleware.SessionLimitsMiddleware)."""
    User.objects.filter(pk=user.pk).update(session_version=F("session_version") + 1)
    user.refresh_from_db(fields=["session_version"])


def user_role_changed(*, user: User, granted: bool, **details: Any) -> None:
    """Log a role given or taken away (partnership-wide or on a board); losing one ends the person's
    sessions, so that nothing they opened under the role goes on working."""
    kind = AuditEventKind.ROLE_GRANTED if granted else AuditEventKind.ROLE_REVOKED
    audit_record(kind=kind, actor=audit_actor(), obj=user, **details)
    if not granted:
        user_sessions_end(user=user)


def user_sign_in_unlock(*, user: User, by: User) -> int:
    """Clear the failed sign-ins recorded against the person's username, ending a lockout early.

    A lockout of an address (many usernames tried from one place) is cleared in the admin's
    Axes "Access attempts" list instead.
    """
    cleared = axes_reset(username=user.get_username())
    audit_record(kind=AuditEventKind.LOCKOUT_CLEARED, actor=by, obj=user, attempts_cleared=cleared)
    return cleared
