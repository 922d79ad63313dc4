"""Audit trail of board roles: a seat given, changed or taken away (swp.services.user_role_changed).
Connected in BoardsConfig.ready(); rows restored from a fixture or backup (`raw` saves) are left alone."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from boards.choices import MembershipRole
from boards.models import Membership
from swp.services import user_role_changed


@receiver(pre_save, sender=Membership, dispatch_uid="boards.membership_before_save")
def _membership_before_save(sender: type[Membership], instance: Membership, raw: bool, **kwargs: Any) -> None:
    if not raw and not instance._state.adding:
        before = Membership.objects.filter(pk=instance.pk).values("board_id", "board__name", "role").first()
        instance.__dict__["_seat_before"] = before


@receiver(post_save, sender=Membership, dispatch_uid="boards.membership_saved")
def _membership_saved(sender: type[Membership], instance: Membership, created: bool, raw: bool, **kwargs: Any) -> None:
    before = instance.__dict__.pop("_seat_before", None)
    if raw or (before is not None and (before["board_id"], before["role"]) == (instance.board_id, instance.role)):
        return
    if before is not None:
        role = MembershipRole(before["role"]).label
        user_role_changed(user=instance.user, granted=False, role=role, board=before["board__name"])
    user_role_changed(user=instance.user, granted=True, role=instance.get_role_display(), board=instance.board.name)


@receiver(post_delete, sender=Membership, dispatch_uid="boards.membership_deleted")
def _membership_deleted(sender: type[Membership], instance: Membership, **kwargs: Any) -> None:
    user_role_changed(user=instance.user, granted=False, role=instance.get_role_display(), board=instance.board.name)
