"""Fixtures for performance packs: a quarter's worth of data with confidential work in it, and packs.

`pack_world` is the partnership as a pack sees it in Q2 2025/26: general-release boards with plans,
an indicator with five quarters of figures, meetings and escalations, and the confidential CONTEST
board whose every title, narrative, owner and place is a marked string (`SECRETS`) that must never
reach a pack.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from actions.choices import ActionStatus, PlanStatus, Rag
from actions.models import Action
from boards.choices import EscalationState, MeetingKind, OutcomeKind
from boards.models import Board
from performance.choices import Direction, PackStatus
from performance.models import Indicator, PerformancePack
from swp.celery import app
from swp.choices import Clearance
from swp.models import Partnership, User
from swp.quarters import FinancialQuarter
from tests.actions.factories import ActionFactory, ActionPlanFactory, ProgressUpdateFactory
from tests.boards.factories import EscalationFactory, MeetingFactory, MeetingOutcomeFactory
from tests.performance.factories import IndicatorFactory, MeasurementFactory
from tests.priorities.factories import AimFactory, ObjectiveFactory
from tests.swp.factories import PlaceFactory, UserFactory

QUARTER = FinancialQuarter(2025, 2)
VICTIM_AIM = "Identify and work with repeat victims to reduce their vulnerability."
OFFENDER_AIM = "Working the most prolific offenders to reduce their re-offending."
CONTEST_AIM = "Reduce the risk to Westminster from terrorism."
OVERDUE_TITLE = "Single referral pathway for repeat victims"
OVERDUE_NARRATIVE = "Referral form agreed with the police and Victim Support."
COMPLETED_TITLE = "Map pan-London victim services used by residents"
INDICATOR_NAME = "Repeat victims referred who took up support"
# Q2 2024/25 to Q2 2025/26: the five quarters a Q2 2025/26 pack charts.
INDICATOR_VALUES = ["61", "64", "67", "69", "72.5"]
OUTCOME_IN_QUARTER = "Extend youth outreach to Friday nights in Church Street."
OUTCOME_AFTER_QUARTER = "Review the dispersal zone in the new year."
ESCALATION_IN_QUARTER = "Victims under 25 not taking up support after A&E attendance."
# Everything of the CONTEST board that a general-release pack must never hold.
SECRETS = {
    "action title": "Channel panel review of the Nightjar cohort",
    "completed action title": "Prevent briefing for Nightjar venue staff",
    "action description": "Referrals from the Nightjar venues since June.",
    "narrative": "Two Nightjar subjects referred to Channel this quarter.",
    "owner first name": "Cressida",
    "owner last name": "Quillfeather",
    "place": "Zetaland Gardens",
    "indicator": "Nightjar venue staff trained",
    "outcome": "Nightjar venue security review agreed.",
    "escalation": "Nightjar venue reporting gap",
}


def in_quarter(month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2025, month, day, 10, 0))


def there_from_the_quarters_start(*actions: Action) -> None:
    """Date the actions' history to the quarter's first day: a pack reports only actions that
    existed when its quarter ended, and a factory's history is dated when the test runs."""
    Action.history.filter(id__in=[action.pk for action in actions]).update(history_date=in_quarter(7, 1))


COMPLETED_AT = in_quarter(9, 10)


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    """Run tasks in the test process, as the embedded default (no Redis) does."""
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@dataclass
class PackWorld:
    partnership: Partnership
    victim_board: Board
    contest_board: Board
    indicator: Indicator
    overdue_action: Action
    contest_action: Action
    contest_owner: User


@pytest.fixture
def pack_world(
    victim_board: Board, offender_board: Board, contest_board: Board, action_owner: User, contest_chair: User
) -> PackWorld:
    partnership = victim_board.partnership
    AimFactory(board=victim_board, text=VICTIM_AIM)
    AimFactory(board=offender_board, text=OFFENDER_AIM)
    AimFactory(board=contest_board, text=CONTEST_AIM)

    victim_objective = ObjectiveFactory(board=victim_board, text="Identify all repeat victims early.")
    victim_plan = ActionPlanFactory(board=victim_board, status=PlanStatus.APPROVED)
    overdue = ActionFactory(
        plan=victim_plan,
        objective=victim_objective,
        title=OVERDUE_TITLE,
        owner=action_owner,
        due_date=datetime.date(2025, 8, 15),
        status=ActionStatus.IN_PROGRESS,
        rag=Rag.RED,
    )
    ProgressUpdateFactory(action=overdue, rag=Rag.RED, narrative=OVERDUE_NARRATIVE, recorded_at=in_quarter(8, 20))
    completed = ActionFactory(
        plan=victim_plan,
        objective=victim_objective,
        title=COMPLETED_TITLE,
        status=ActionStatus.COMPLETED,
        rag=Rag.GREEN,
        due_date=datetime.date(2025, 9, 1),
    )
    # The pack lists an action as completed in the quarter its history records the completion.
    completed.history.update(history_date=COMPLETED_AT)
    ActionFactory(plan=victim_plan, objective=victim_objective, status=ActionStatus.IN_PROGRESS, rag=Rag.AMBER)
    offender_plan = ActionPlanFactory(board=offender_board, status=PlanStatus.APPROVED)
    ActionFactory(plan=offender_plan, status=ActionStatus.IN_PROGRESS, rag=Rag.GREEN)

    contest_owner = UserFactory(
        username="contest-owner",
        first_name=SECRETS["owner first name"],
        last_name=SECRETS["owner last name"],
        clearance=Clearance.CTC,
    )
    contest_plan = ActionPlanFactory(board=contest_board, status=PlanStatus.APPROVED)
    contest_action = ActionFactory(
        plan=contest_plan,
        title=SECRETS["action title"],
        description=SECRETS["action description"],
        owner=contest_owner,
        due_date=datetime.date(2025, 7, 31),
        status=ActionStatus.IN_PROGRESS,
        rag=Rag.RED,
    )
    contest_action.places.set([PlaceFactory(partnership=partnership, name=SECRETS["place"])])
    ProgressUpdateFactory(
        action=contest_action, rag=Rag.RED, narrative=SECRETS["narrative"], recorded_at=in_quarter(9, 1)
    )
    ActionFactory(
        plan=contest_plan,
        title=SECRETS["completed action title"],
        owner=contest_owner,
        status=ActionStatus.COMPLETED,
        rag=Rag.GREEN,
    )

    indicator = IndicatorFactory(
        partnership=partnership,
        board=victim_board,
        code="repeat-victims-supported",
        name=INDICATOR_NAME,
        unit="%",
        direction=Direction.HIGHER,
        target=Decimal(70),
        tolerance_percent=Decimal(5),
        baseline_value=Decimal(60),
        baseline_quarter=FinancialQuarter(2024, 1),
    )
    quarter = QUARTER
    for value in reversed(INDICATOR_VALUES):
        MeasurementFactory(indicator=indicator, quarter=quarter, value=Decimal(value))
        quarter = quarter.previous()
    contest_indicator = IndicatorFactory(
        partnership=partnership, board=contest_board, code="prevent-training", name=SECRETS["indicator"]
    )
    MeasurementFactory(indicator=contest_indicator, quarter=QUARTER, value=Decimal(400))

    tasking = MeetingFactory(
        partnership=partnership,
        kind=MeetingKind.PARTNERSHIP_TASKING,
        starts_at=in_quarter(8, 5),
        boards=[victim_board],
    )
    MeetingOutcomeFactory(meeting=tasking, kind=OutcomeKind.DECISION, summary=OUTCOME_IN_QUARTER)
    later = MeetingFactory(
        partnership=partnership,
        kind=MeetingKind.PROBLEM_SOLVING,
        starts_at=timezone.make_aware(datetime.datetime(2025, 10, 20, 10, 0)),
        boards=[victim_board],
    )
    MeetingOutcomeFactory(meeting=later, kind=OutcomeKind.DECISION, summary=OUTCOME_AFTER_QUARTER)
    secret_meeting = MeetingFactory(
        partnership=partnership,
        kind=MeetingKind.PARTNERSHIP_TASKING,
        starts_at=in_quarter(9, 3),
        boards=[contest_board, victim_board],
    )
    MeetingOutcomeFactory(meeting=secret_meeting, kind=OutcomeKind.DECISION, summary=SECRETS["outcome"])
    EscalationFactory(board=victim_board, title=ESCALATION_IN_QUARTER, raised_at=in_quarter(8, 6))
    EscalationFactory(
        board=contest_board,
        title=SECRETS["escalation"],
        raised_at=in_quarter(9, 4),
        state=EscalationState.ACCEPTED,
    )
    there_from_the_quarters_start(*Action.objects.exclude(pk=completed.pk))
    return PackWorld(
        partnership=partnership,
        victim_board=victim_board,
        contest_board=contest_board,
        indicator=indicator,
        overdue_action=overdue,
        contest_action=contest_action,
        contest_owner=contest_owner,
    )


MakePack = Callable[..., PerformancePack]


@pytest.fixture
def make_pack(partnership: Partnership, analyst: User) -> MakePack:
    """A pack in any state, with small stand-in files where its state has files; no rendering."""

    def make(
        *, status: str = PackStatus.READY, quarter: FinancialQuarter = QUARTER, version: int | None = None
    ) -> PerformancePack:
        existing = PerformancePack.objects.filter(partnership=partnership, quarter=quarter).count()
        pack = PerformancePack.objects.create(
            partnership=partnership,
            quarter=quarter,
            version=version or existing + 1,
            status=status,
            requested_by=analyst,
            requested_at=timezone.now(),
            cover={"committee": "Scrutiny Committee", "title": "Performance report"},
        )
        if status in (PackStatus.READY, PackStatus.PUBLISHED, PackStatus.SUPERSEDED):
            for kind, content in (("pdf", b"%PDF-1.7 stand-in"), ("xlsx", b"PK stand-in workbook")):
                name = default_storage.save(f"packs/test-{pack.pk}.{kind}", ContentFile(content))
                setattr(pack, f"{kind}_file", name)
                setattr(pack, f"{kind}_sha256", hashlib.sha256(content).hexdigest())
            pack.built_at = timezone.now()
            pack.save()
        return pack

    return make
