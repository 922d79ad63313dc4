from __future__ import annotations

from typing import Any, NoReturn

from django.contrib.auth.models import AbstractUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from swp.choices import AuditEventKind, Clearance, OrganisationKind, PartnershipRole, PlaceKind


class Partnership(models.Model):
    """A Community Safety Partnership: the borough's statutory partners working together."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, help_text="For example, SWP")
    local_authority = models.CharField(
        max_length=100, help_text="The borough as named in police data files, for example Westminster"
    )
    local_authority_code = models.CharField(max_length=9, blank=True, help_text="ONS code, for example E09000033")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A partner agency that sends people to boards and leads actions (police, council, fire...)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="organisations")
    slug = models.SlugField()
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.OTHER)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "slug"], name="unique_organisation_slug")]

    def __str__(self) -> str:
        return self.short_name or self.name


class Place(models.Model):
    """A ward (with its ONS code) or a named area such as the West End that boards focus on."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="places")
    slug = models.SlugField()
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=PlaceKind.choices, default=PlaceKind.WARD)
    ons_code = models.CharField(max_length=9, blank=True, help_text="ONS GSS code of a ward, e.g. E05013804")
    wards = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="areas", help_text="Wards a named area is made of"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="unique_place_slug"),
            models.UniqueConstraint(
                fields=["partnership", "ons_code"],
                condition=~models.Q(ons_code=""),
                name="unique_place_ons_code",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in: a partner officer, board member, analyst or scrutiny member."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    job_title = models.CharField(max_length=200, blank=True)
    clearance = models.IntegerField(
        choices=Clearance.choices,
        default=Clearance.NONE,
        help_text="Security vetting held; boards that require more are invisible to this person.",
    )
    # Raised whenever the person loses access (deactivated, clearance lowered, a role removed);
    # a session signed in under an older value ends at its next request (docs/adr/0004).
    session_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_partnership_role(self, role: PartnershipRole) -> bool:
        # Cached per request object: rules ask this many times while rendering one page.
        cache = self.__dict__.setdefault("_partnership_roles", None)
        if cache is None:
            cache = set(self.role_assignments.order_by().values_list("role", flat=True)) if self.pk else set()
            self.__dict__["_partnership_roles"] = cache
        return role in cache


class RoleAssignment(models.Model):
    """A partnership-wide role held by a person, such as analyst or scrutiny committee member."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=30, choices=PartnershipRole.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_role_assignment")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}"


class AuditLogAppendOnlyError(Exception):
    def __init__(self) -> None:
        super().__init__("The audit log is append-only: its events cannot be changed or deleted.")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """The log only grows: bulk changes and deletions are refused like single ones."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditLogAppendOnlyError

    def delete(self) -> NoReturn:
        raise AuditLogAppendOnlyError


class AuditEvent(models.Model):
    """Something the partnership must be able to show happened: a sign-in, a refused look at a
    confidential record, a download, a change to someone's clearance or roles, a publication.

    Written once by swp.services.audit_record and never changed; nobody edits or deletes an event
    from the service or the admin. The actor's username is kept beside the link to them, so the
    record survives the account's deletion.
    """

    at = models.DateTimeField("time", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name="person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_username = models.CharField("username", max_length=150, blank=True, db_index=True)
    kind = models.CharField(max_length=30, choices=AuditEventKind.choices, db_index=True)
    object_type = models.CharField(max_length=100, blank=True, help_text="app_label.model of the object concerned")
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField("object", max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        who = self.actor_username or "someone unknown"
        return f"{self.at:%d %b %Y %H:%M}: {self.get_kind_display()} by {who}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogAppendOnlyError
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogAppendOnlyError
