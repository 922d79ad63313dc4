"""first_per: the first few rows of each group and every group's size, whatever the groups hold."""

import pytest
from django.db.models import F

from swp.models import User
from swp.queries import first_per
from tests.swp.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_it_keeps_the_first_rows_of_each_group_in_order_and_counts_every_row(django_assert_num_queries):
    police, council, fire = OrganisationFactory.create_batch(3)
    for name in ["dana", "abel", "cleo", "bert"]:
        UserFactory(username=f"police-{name}", organisation=police)
    UserFactory(username="council-only", organisation=council)
    UserFactory(username="no-organisation", organisation=None)

    with django_assert_num_queries(2):
        first = first_per(
            User.objects.filter(organisation__isnull=False),
            partition=F("organisation_id"),
            order=["-username"],
            limit=2,
        )
        usernames = sorted(first.rows.values_list("username", flat=True))

    assert usernames == ["council-only", "police-cleo", "police-dana"]
    assert first.sizes == {police.pk: 4, council.pk: 1}
    assert fire.pk not in first.sizes
