"""Model permissions count for staff only: the service's own permissions are django-rules'."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from swp.models import User
from tests.swp.factories import UserFactory

pytestmark = pytest.mark.django_db


def _granted_changing_actions(*, is_staff: bool) -> User:
    user = UserFactory(is_staff=is_staff)
    user.user_permissions.add(Permission.objects.get(codename="change_action", content_type__app_label="actions"))
    return User.objects.get(pk=user.pk)  # a fresh object: permissions are cached on the instance


def test_staff_have_their_model_permissions_and_reach_the_admin_with_them() -> None:
    staff = _granted_changing_actions(is_staff=True)
    assert staff.has_perm("actions.change_action")

    client = Client()
    client.force_login(staff)
    assert client.get("/admin/actions/action/").status_code == 200


def test_model_permissions_of_someone_not_staff_are_never_looked_up(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    person = _granted_changing_actions(is_staff=False)

    with django_assert_num_queries(0):
        assert not person.has_perm("actions.change_action")
        assert not person.has_perm("actions.delete_action")
