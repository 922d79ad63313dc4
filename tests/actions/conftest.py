"""Action plans for the actions tests, one per life-cycle state, on the boards of tests/conftest.py.

- the Victim Board's plan is a draft, with an action owned by the police action owner;
- the Offender Board's plan is submitted to the SWP for approval;
- the Executive Board's plan is approved (and so read only);
- the confidential CONTEST board's plan is a draft that uncleared people must never find.

Tasks queued on commit (the "action assigned to you" email) run in the test process.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.utils import timezone

from actions.choices import ActionStatus, PlanStatus, Rag
from actions.models import Action, ActionPlan
from boards.models import Board
from priorities.models import Cohort, Objective
from swp.celery import app as celery_app
from swp.models import Organisation, Place, User
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.priorities.factories import CohortFactory, ObjectiveFactory
from tests.swp.factories import PlaceFactory


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture(autouse=True)
def tasks_run_in_process() -> Iterator[None]:
    """The suite runs against Redis, where a queued email would wait for a worker that never comes."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def victim_objectives(victim_board: Board) -> list[Objective]:
    return [
        ObjectiveFactory(board=victim_board, order=1, text="Identify repeat victims early."),
        ObjectiveFactory(board=victim_board, order=2, text="Support high-risk domestic violence victims."),
    ]


@pytest.fixture
def church_street(victim_board: Board) -> Place:
    return PlaceFactory(partnership=victim_board.partnership, slug="church-street", name="Church Street")


@pytest.fixture
def repeat_victims(victim_board: Board) -> Cohort:
    return CohortFactory(partnership=victim_board.partnership, slug="repeat-victims", name="Repeat victims")


@pytest.fixture
def victim_plan(victim_board: Board) -> ActionPlan:
    return ActionPlanFactory(board=victim_board, status=PlanStatus.DRAFT)


@pytest.fixture
def owned_action(
    victim_plan: ActionPlan, victim_objectives: list[Objective], action_owner: User, police: Organisation
) -> Action:
    """The police action owner's action on the Victim Board's draft plan, off track."""
    return ActionFactory(
        plan=victim_plan,
        objective=victim_objectives[1],
        title="MARAC case review",
        owner=action_owner,
        lead_organisation=police,
        status=ActionStatus.IN_PROGRESS,
        rag=Rag.RED,
        due_date=in_days(20),
    )


@pytest.fixture
def submitted_plan(offender_board: Board) -> ActionPlan:
    plan = ActionPlanFactory(board=offender_board, status=PlanStatus.SUBMITTED)
    ActionFactory(plan=plan, title="Youth offending mentoring")
    return plan


@pytest.fixture
def approved_plan(executive_board: Board) -> ActionPlan:
    plan = ActionPlanFactory(board=executive_board, status=PlanStatus.APPROVED)
    ActionFactory(plan=plan, title="Cross-board performance review")
    return plan


@pytest.fixture
def contest_plan(contest_board: Board) -> ActionPlan:
    return ActionPlanFactory(board=contest_board, status=PlanStatus.DRAFT)


@pytest.fixture
def contest_action(contest_plan: ActionPlan, contest_chair: User) -> Action:
    return ActionFactory(plan=contest_plan, title="Channel panel referral review", owner=contest_chair)


@dataclass(frozen=True)
class Plans:
    """Every plan state at once, for tests that walk all URLs (the permission matrix)."""

    victim: ActionPlan
    owned_action: Action
    submitted: ActionPlan
    approved: ActionPlan
    contest: ActionPlan
    contest_action: Action


@pytest.fixture
def plans(
    victim_plan: ActionPlan,
    owned_action: Action,
    submitted_plan: ActionPlan,
    approved_plan: ActionPlan,
    contest_plan: ActionPlan,
    contest_action: Action,
) -> Plans:
    return Plans(victim_plan, owned_action, submitted_plan, approved_plan, contest_plan, contest_action)
