from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from swp.choices import Clearance, OrganisationKind, PartnershipRole, PlaceKind


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

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_partnership_role(self, role: PartnershipRole) -> bool:
        # Cached per request object: rules ask this many times while rendering one page.
        cache = self.__dict__.setdefault("_partnership_roles", None)
        if cache is None:
            cache = set(self.role_assignments.values_list("role", flat=True)) if self.pk else set()
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
