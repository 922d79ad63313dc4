"""The back office's page for an action."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.actions.factories import ActionFactory, ActionPlanFactory

pytestmark = pytest.mark.django_db


def test_which_version_an_action_was_carried_from_is_shown_but_offered_for_no_change(admin_client: Client) -> None:
    earlier = ActionFactory(title="Weekly joint patrols")
    carried = ActionFactory(plan=ActionPlanFactory(board=earlier.plan.board), carried_from=earlier)
    url = f"/admin/actions/action/{carried.pk}/change/"

    page = admin_client.get(url).content.decode()
    assert "Weekly joint patrols" in page
    assert 'name="carried_from"' not in page
