"""Factories for the partnership itself: who (users, organisations, roles) and where (places)."""

from __future__ import annotations

import functools

import factory
from django.contrib.auth.hashers import make_password
from faker import Faker

from swp.choices import Clearance, OrganisationKind, PartnershipRole, PlaceKind
from swp.models import Organisation, Partnership, Place, RoleAssignment, User

# Every factory-made user signs in with this; browser tests type it into the sign-in form.
TEST_PASSWORD = "correct-horse-battery-staple"


@functools.cache
def _test_password_hash() -> str:
    # Hashing is deliberately slow (PBKDF2); hash once per run and share it between users.
    return make_password(TEST_PASSWORD)


class PartnershipFactory(factory.django.DjangoModelFactory):
    """One partnership per test unless a test asks for another slug: every SubFactory lands here."""

    class Meta:
        model = Partnership
        django_get_or_create = ("slug",)

    slug = "westminster"
    name = "Safer Westminster Partnership"
    short_name = "SWP"
    local_authority = "Westminster"
    local_authority_code = "E09000033"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("partnership", "slug")

    partnership = factory.SubFactory(PartnershipFactory)
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    kind = OrganisationKind.OTHER


class PlaceFactory(factory.django.DjangoModelFactory):
    """A ward with a made-up but well-formed ONS ward code (E05 and six digits)."""

    class Meta:
        model = Place

    partnership = factory.SubFactory(PartnershipFactory)
    slug = factory.Sequence(lambda n: f"ward-{n}")
    name = factory.Sequence(lambda n: f"Ward {n}")
    kind = PlaceKind.WARD
    ons_code = factory.Sequence(lambda n: f"E05{n:06d}")


_fake = Faker("en_GB")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"person-{n}")
    # Names without apostrophes: pages HTML-escape "O'Brien", and a test comparing the plain name
    # with the page would then pass or fail by the luck of the draw.
    first_name = factory.LazyFunction(lambda: _fake.first_name().replace("'", ""))
    last_name = factory.LazyFunction(lambda: _fake.last_name().replace("'", ""))
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.LazyFunction(_test_password_hash)
    clearance = Clearance.NONE
    organisation = None


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment
        django_get_or_create = ("user", "role")

    user = factory.SubFactory(UserFactory)
    role = PartnershipRole.ANALYST
