"""The data migration that gave actions already on record their lineage."""

from __future__ import annotations

import uuid
from importlib import import_module

import pytest
from django.apps import apps

from actions.models import Action
from tests.actions.factories import ActionFactory, ActionPlanFactory

lineage_migration = import_module("actions.migrations.0005_action_lineage")


@pytest.mark.django_db
def test_actions_on_record_share_a_lineage_along_each_carry_chain_and_only_there() -> None:
    board_plans = [ActionPlanFactory(), ActionPlanFactory()]
    first = ActionFactory(plan=board_plans[0])
    second = ActionFactory(plan=ActionPlanFactory(board=first.plan.board), carried_from=first)
    third = ActionFactory(plan=ActionPlanFactory(board=first.plan.board), carried_from=second)
    alone = ActionFactory(plan=board_plans[1])
    # As a database from before lineages held them: each action with one of its own.
    for action in (first, second, third, alone):
        Action.objects.filter(pk=action.pk).update(lineage=uuid.uuid4())

    lineage_migration.lineages_fill(apps, None)

    lineages = dict(Action.objects.values_list("pk", "lineage"))
    assert lineages[first.pk] == lineages[second.pk] == lineages[third.pk]
    assert lineages[alone.pk] != lineages[first.pk]
