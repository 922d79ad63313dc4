"""The back office keeps need-to-know: an administrator without CONTEST clearance finds none of the
CONTEST Board's work in the Django admin, in a list, a page or a choice list."""

from __future__ import annotations

import pytest
from django.db import models
from django.test import Client

from actions.choices import PlanStatus
from boards.choices import OutcomeKind
from boards.models import Board, MeetingOutcome
from swp.choices import Clearance
from swp.models import User
from tests.actions.factories import ActionFactory, ActionPlanFactory, ProgressUpdateFactory
from tests.boards.factories import EscalationFactory, MeetingFactory
from tests.performance.factories import IndicatorFactory, MeasurementFactory
from tests.priorities.factories import ObjectiveFactory

pytestmark = pytest.mark.django_db

SECRET = "Nightjar"


@pytest.fixture
def secrets(contest_board: Board) -> dict[str, models.Model]:
    """One record of each kind of the CONTEST Board's work, each naming SECRET, by its admin page."""
    partnership = contest_board.partnership
    plan = ActionPlanFactory(board=contest_board, status=PlanStatus.APPROVED, title=f"{SECRET} plan")
    action = ActionFactory(plan=plan, title=f"{SECRET} visits")
    meeting = MeetingFactory(partnership=partnership, boards=[contest_board], title=f"{SECRET} review")
    outcome = MeetingOutcome.objects.create(meeting=meeting, kind=OutcomeKind.DECISION, summary=f"{SECRET} decided")
    indicator = IndicatorFactory(partnership=partnership, board=contest_board, name=f"{SECRET} referrals")
    records: list[models.Model] = [
        plan,
        action,
        ProgressUpdateFactory(action=action, narrative=f"{SECRET} progress"),
        meeting,
        outcome,
        EscalationFactory(board=contest_board, title=f"{SECRET} escalated"),
        indicator,
        MeasurementFactory(indicator=indicator),
        ObjectiveFactory(board=contest_board, text=f"{SECRET} objective"),
    ]
    return {_change_url(record): record for record in records}


def _change_url(record: models.Model) -> str:
    return f"/admin/{record._meta.app_label}/{record._meta.model_name}/{record.pk}/change/"


def _changelist(url: str) -> str:
    return url.rsplit("/", 3)[0] + "/"


def test_an_administrator_without_clearance_finds_none_of_it(
    admin_client: Client, secrets: dict[str, models.Model]
) -> None:
    for url in secrets:
        listed = admin_client.get(_changelist(url)).content.decode()
        assert url not in listed, url
        assert SECRET not in listed, _changelist(url)
        # The admin answers an object it cannot find by going back to its index.
        assert admin_client.get(url).status_code == 302, url

    # Nor in the choices of a form that points at such records.
    for add_url in ("/admin/actions/progressupdate/add/", "/admin/performance/measurement/add/"):
        assert SECRET not in admin_client.get(add_url).content.decode(), add_url


def test_an_administrator_cleared_for_it_sees_and_edits_it(
    admin_client: Client, admin_user: User, secrets: dict[str, models.Model]
) -> None:
    admin_user.clearance = Clearance.CTC
    admin_user.save()

    for url in secrets:
        assert url in admin_client.get(_changelist(url)).content.decode(), url
        assert SECRET in admin_client.get(url).content.decode(), url
