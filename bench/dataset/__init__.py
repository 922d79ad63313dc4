"""A large, realistic partnership for the benchmark, built fast with bulk inserts.

The partnership's structure (six boards, wards, organisations, objectives) comes from its
partnership file through the loader, as a real installation gets it; people, years of plan
versions, actions and their history, progress updates, meetings, escalations, indicators with
their ward figures and past packs are then inserted in bulk. The same code builds the large set
and the tiny one the query counts are compared with; only the Scale differs.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from boards.choices import BoardKind
from boards.models import Board, MeetingOutcome
from priorities.models import Cohort, Objective
from priorities.services import partnership_load
from swp.models import Organisation, Partnership, Place, User

PARTNERSHIP_FILE = Path(settings.BASE_DIR) / "partnerships" / "westminster.yaml"
# The action whose page shows a long history: found again by this title when the pages are timed.
LONG_HISTORY_TITLE = "Single referral pathway for repeat victims (long history)"


@dataclass(frozen=True)
class Scale:
    name: str
    people: int
    years: int
    plan_versions: int
    actions: int
    progress_updates: int
    # History records of the one action with a long history (its other actions have a few each).
    long_history: int
    meetings: int
    outcomes_per_meeting: int
    escalations: int
    indicators: int
    quarters: int
    packs: int


LARGE = Scale(
    name="large",
    people=300,
    years=4,
    plan_versions=8,
    actions=10_000,
    progress_updates=100_000,
    long_history=200,
    meetings=1_000,
    outcomes_per_meeting=5,
    escalations=500,
    indicators=50,
    quarters=40,
    packs=12,
)
TINY = Scale(
    name="tiny",
    people=12,
    years=1,
    plan_versions=2,
    actions=120,
    progress_updates=600,
    long_history=3,
    meetings=6,
    outcomes_per_meeting=5,
    escalations=4,
    indicators=2,
    quarters=6,
    packs=2,
)
SCALES = {scale.name: scale for scale in (LARGE, TINY)}


@dataclass
class World:
    """What the builders share: the loaded structure, the people, the clock and the dice."""

    scale: Scale
    partnership: Partnership
    rng: random.Random
    now: datetime.datetime
    boards: dict[str, Board]
    wards: list[Place]
    organisations: list[Organisation]
    cohorts: list[Cohort]
    objectives: dict[int, list[Objective]]
    personas: dict[str, User] = field(default_factory=dict)
    # Each board's regulars, who own its actions and attend its meetings.
    board_people: dict[int, list[User]] = field(default_factory=dict)
    agreed_outcomes: dict[int, list[MeetingOutcome]] = field(default_factory=dict)

    @property
    def start(self) -> datetime.datetime:
        return self.now - datetime.timedelta(days=365 * self.scale.years)

    @property
    def today(self) -> datetime.date:
        return timezone.localdate(self.now)

    @property
    def planning_boards(self) -> list[Board]:
        """The partnership's own boards (not the linked external ones), which hold plans."""
        return [board for board in self.boards.values() if board.kind != BoardKind.EXTERNAL]

    def moment_between(self, start: datetime.datetime, end: datetime.datetime) -> datetime.datetime:
        return start + (end - start) * self.rng.random()


def _world(scale: Scale) -> World:
    partnership_load(text=PARTNERSHIP_FILE.read_text(encoding="utf-8"))
    partnership = Partnership.objects.get()
    objectives: dict[int, list[Objective]] = {}
    for objective in Objective.objects.filter(board__partnership=partnership).prefetch_related("places", "cohorts"):
        objectives.setdefault(objective.board_id, []).append(objective)
    return World(
        scale=scale,
        partnership=partnership,
        # Seeded, and dated back from the start of today, so that runs on the same day build the same
        # data and their figures compare.
        rng=random.Random(2026),  # noqa: S311
        now=timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min)),
        boards={board.slug: board for board in partnership.boards.order_by("order", "pk")},
        wards=list(partnership.places.filter(kind="ward").order_by("name")),
        organisations=list(partnership.organisations.order_by("pk")),
        cohorts=list(partnership.cohorts.order_by("pk")),
        objectives=objectives,
    )


def dataset_build(*, scale: Scale, report: Callable[[str], None] = print) -> dict[str, float]:
    """Build the whole data set into the (empty, migrated) database; the seconds each step took."""
    from bench.dataset import indicators, meetings, people, plans

    steps: list[tuple[str, Callable[[World], None]]] = [
        ("people", people.people_create),
        ("meetings", meetings.meetings_create),
        ("plans", plans.plans_create),
        ("indicators", indicators.indicators_create),
        ("packs", indicators.packs_create),
    ]
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with transaction.atomic():
        world = _world(scale)
        timings["partnership file"] = time.perf_counter() - started
        for name, step in steps:
            began = time.perf_counter()
            step(world)
            timings[name] = time.perf_counter() - began
            report(f"  {scale.name}: {name} in {timings[name]:.1f} s")
    # As autovacuum leaves a live database after a bulk load: fresh planner statistics, and pages
    # marked all-visible, without which PostgreSQL reads every row an index could have answered for.
    # Test servers often run with autovacuum off, and would never get there by themselves.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    timings["total"] = time.perf_counter() - started
    return timings
