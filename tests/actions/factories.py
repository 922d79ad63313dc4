"""Factories for what the boards do: action plans, actions and progress updates."""

from __future__ import annotations

import datetime
import uuid

import factory
from django.db.models import Max
from django.utils import timezone

from actions.choices import ActionStatus, PlanStatus, Rag
from actions.models import Action, ActionPlan, ProgressUpdate
from tests.boards.factories import BoardFactory
from tests.priorities.factories import ObjectiveFactory


def _next_plan_version(plan: factory.builder.Resolver) -> int:
    # Versions are numbered per board, so a second plan for the same board must not reuse 1.
    latest = plan.board.action_plans.aggregate(latest=Max("version"))["latest"]
    return (latest or 0) + 1


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    board = factory.SubFactory(BoardFactory)
    version = factory.LazyAttribute(_next_plan_version)
    title = factory.LazyAttribute(lambda o: f"{o.board.name} action plan")
    status = PlanStatus.DRAFT


class ActionFactory(factory.django.DjangoModelFactory):
    """An action against an objective of the plan's own board."""

    class Meta:
        model = Action

    plan = factory.SubFactory(ActionPlanFactory)
    objective = factory.SubFactory(ObjectiveFactory, board=factory.SelfAttribute("..plan.board"))
    title = factory.Sequence(lambda n: f"Action {n}")
    owner = None
    lead_organisation = None
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    status = ActionStatus.NOT_STARTED
    order = factory.Sequence(lambda n: n)
    carried_from = None
    # A version carried from another is the same action: it shares its lineage, as plan_revise makes it.
    lineage = factory.LazyAttribute(lambda action: action.carried_from.lineage if action.carried_from else uuid.uuid4())


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    rag = Rag.GREEN
    narrative = "On track."
    recorded_by = factory.SelfAttribute("action.owner")
    recorded_at = factory.LazyFunction(timezone.now)
