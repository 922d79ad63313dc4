"""Signal receivers of the partnership layer: the audit trail of sign-ins and of people's access,
and ending sessions when access is lost. Connected in SwpConfig.ready().

After every write, a worker is asked to render the shared sections again (swp/sections.py).

Rows loaded from a fixture or a backup (`raw` saves) are history being restored, not changes made
now, so the model receivers leave them alone.
"""

from __future__ import annotations

import logging
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from swp.choices import AuditEventKind, Clearance, PartnershipRole
from swp.middleware import SESSION_VERSION, SIGNED_IN_AT
from swp.models import RoleAssignment, User
from swp.page_cache import pages_forgotten
from swp.sections import sections_prebuild_wanted
from swp.services import audit_actor, audit_record, user_role_changed, user_sessions_end
from swp.tasks import sections_prebuild

logger = logging.getLogger(__name__)

# Fields whose change can take access away; any other save of a user is left alone.
_ACCESS_FIELDS = {"is_active", "clearance"}


@receiver(user_logged_in, dispatch_uid="swp.signed_in")
def _signed_in(sender: type[User], request: HttpRequest, user: User, **kwargs: Any) -> None:
    request.session[SIGNED_IN_AT] = timezone.now().timestamp()
    request.session[SESSION_VERSION] = user.session_version
    audit_record(kind=AuditEventKind.SIGNED_IN, actor=user, request=request)


@receiver(user_logged_out, dispatch_uid="swp.signed_out")
def _signed_out(sender: type[User], request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit_record(kind=AuditEventKind.SIGNED_OUT, actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="swp.sign_in_failed")
def _sign_in_failed(
    sender: str, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    audit_record(
        kind=AuditEventKind.SIGN_IN_FAILED,
        actor=None,
        actor_username=str(credentials.get("username", "")),
        request=request,
    )


@receiver(user_locked_out, dispatch_uid="swp.locked_out")
def _locked_out(sender: str, request: HttpRequest, username: str | None, ip_address: str | None, **kwargs: Any) -> None:
    audit_record(kind=AuditEventKind.LOCKED_OUT, actor=None, actor_username=username or "", request=request)


@receiver(pre_save, sender=User, dispatch_uid="swp.user_before_save")
def _user_before_save(
    sender: type[User], instance: User, raw: bool, update_fields: frozenset[str] | None, **kwargs: Any
) -> None:
    if raw or instance._state.adding or (update_fields is not None and not _ACCESS_FIELDS & set(update_fields)):
        return
    instance.__dict__["_access_before"] = User.objects.filter(pk=instance.pk).values(*_ACCESS_FIELDS).first()


@receiver(post_save, sender=User, dispatch_uid="swp.user_saved")
def _user_saved(sender: type[User], instance: User, created: bool, **kwargs: Any) -> None:
    before = instance.__dict__.pop("_access_before", None)
    if before is None:
        return
    actor = audit_actor()
    if before["clearance"] != instance.clearance:
        audit_record(
            kind=AuditEventKind.CLEARANCE_CHANGED,
            actor=actor,
            obj=instance,
            previous=Clearance(before["clearance"]).label,
            clearance=Clearance(instance.clearance).label,
        )
    if before["is_active"] != instance.is_active:
        kind = AuditEventKind.ACCOUNT_REACTIVATED if instance.is_active else AuditEventKind.ACCOUNT_DEACTIVATED
        audit_record(kind=kind, actor=actor, obj=instance)
    if (before["is_active"] and not instance.is_active) or instance.clearance < before["clearance"]:
        user_sessions_end(user=instance)


@receiver(pre_save, sender=RoleAssignment, dispatch_uid="swp.role_before_save")
def _role_before_save(sender: type[RoleAssignment], instance: RoleAssignment, raw: bool, **kwargs: Any) -> None:
    if not raw and not instance._state.adding:
        before = RoleAssignment.objects.filter(pk=instance.pk).values_list("role", flat=True).first()
        instance.__dict__["_role_before"] = before


@receiver(post_save, sender=RoleAssignment, dispatch_uid="swp.role_saved")
def _role_saved(
    sender: type[RoleAssignment], instance: RoleAssignment, created: bool, raw: bool, **kwargs: Any
) -> None:
    before = instance.__dict__.pop("_role_before", None)
    if raw or (not created and before in (None, instance.role)):
        return
    if before is not None:
        user_role_changed(user=instance.user, granted=False, role=PartnershipRole(before).label)
    user_role_changed(user=instance.user, granted=True, role=instance.get_role_display())


@receiver(post_delete, sender=RoleAssignment, dispatch_uid="swp.role_deleted")
def _role_deleted(sender: type[RoleAssignment], instance: RoleAssignment, **kwargs: Any) -> None:
    user_role_changed(user=instance.user, granted=False, role=instance.get_role_display())


@receiver(pages_forgotten, dispatch_uid="swp.sections_prebuild")
def _pages_forgotten(sender: None, generation: str, **kwargs: Any) -> None:
    # Called once a write has committed (swp/page_cache.py), so the task is queued at once; a queue
    # that cannot be reached only leaves the next visit to render the sections itself.
    try:
        if sections_prebuild_wanted():
            sections_prebuild.delay()
    except Exception:
        logger.exception("Could not ask a worker to render the shared sections after a write")
