"""Page query counts do not grow with the data: each key page asks the database as many times
with a few rows as with hundreds, so a query per row (an N+1) fails the build.

Each test opens a page for the persona who usually reads it, grows what the page lists (10 rows
to 200, or an action's history from 2 records to 40), opens it again and compares the counts.
The counts are never written down: a page may gain a query when it gains a feature, never one per
row. `make bench` measures the same pages at council scale (bench/README.md). Every list in the
back office (the Django admin over the service's own records) is held to the same rule.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Model
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.choices import ActionStatus, PlanStatus, Rag
from actions.models import Action, ActionPlan, PlanTransition, ProgressUpdate
from boards.choices import EscalationState, MeetingKind, MembershipRole, OutcomeKind
from boards.models import Board, Escalation, EscalationEvent, Meeting, MeetingOutcome, Membership
from performance.choices import CrimeLevel, ImportKind, PackFileKind, PackStatus
from performance.models import (
    ChairRating,
    CrimeCount,
    CrimeCountRevision,
    ImportBatch,
    Indicator,
    Measurement,
    MeasurementRevision,
    PackDownload,
    PerformancePack,
)
from priorities.models import Aim, Cohort, Objective, Principle, StrategicAssessment, Strategy, Theme
from swp.choices import AuditEventKind
from swp.models import AuditEvent, Organisation, Partnership, Place, RoleAssignment, User
from swp.quarters import FinancialQuarter
from swp.services import audit_record
from tests.actions.factories import ActionFactory, ActionPlanFactory, ProgressUpdateFactory
from tests.admin_pages import service_admins
from tests.boards.factories import (
    BoardFactory,
    EscalationEventFactory,
    EscalationFactory,
    MeetingAttendeeFactory,
    MeetingFactory,
    MeetingOutcomeFactory,
    MembershipFactory,
)
from tests.performance.factories import ChairRatingFactory, IndicatorFactory, MeasurementFactory
from tests.priorities.factories import (
    AimFactory,
    CohortFactory,
    ObjectiveFactory,
    PrincipleFactory,
    StrategyFactory,
    ThemeFactory,
)
from tests.responses import section_context, shown
from tests.swp.factories import (
    OrganisationFactory,
    PartnershipFactory,
    PlaceFactory,
    RoleAssignmentFactory,
    UserFactory,
)

SMALL, LARGE = 10, 200
# Where meetings and escalations only come along with the actions, they grow from FEW, under the
# few that a page lists of them ("latest five", "oldest ten"), to ALONGSIDE, past it: enough for a
# query per listed row to show, at a fifth of the cost of LARGE.
FEW, ALONGSIDE = 3, 40
SignedInClient = Callable[[User], Client]
ACTION_RECORD = "actions/sections/action_record.html"
INDICATOR_FIGURES = "performance/sections/indicator_figures.html"
RAGS = [Rag.RED, Rag.AMBER, Rag.GREEN, ""]
STATUSES = [ActionStatus.IN_PROGRESS, ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.COMPLETED]


def _queries(client: Client, url: str) -> tuple[int, HttpResponse]:
    # The first request fills what Django caches once per process (content types and the like).
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response


def assert_queries_do_not_grow(
    client: Client, url: str, *, grow: Callable[[], None], listed: Callable[[HttpResponse], int]
) -> None:
    """Open the page, grow its data, open it again: it must list more, with as many queries."""
    before, small = _queries(client, url)
    grow()
    after, large = _queries(client, url)
    assert listed(large) > listed(small), f"{url} does not show the rows added, so the test proves nothing"
    assert after == before, f"{url}: {before} queries with few rows but {after} with many, so one runs per row"


def _count(marker: str) -> Callable[[HttpResponse], int]:
    return lambda response: response.content.decode().count(marker)


def _paginated(response: HttpResponse) -> int:
    return shown(response, "page").paginator.count


@dataclass
class Growth:
    """Adds rows to a board, each with new related rows (owner, organisation, places...), so that
    any relation read once per row shows up as a growing query count."""

    board: Board
    plan: ActionPlan
    made: int = 0
    objectives: list[Objective] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)

    def next_number(self) -> int:
        self.made += 1
        if self.made % 10 == 1:
            self.objectives.append(ObjectiveFactory(board=self.board, places=[self._place()]))
        if self.made % 5 == 1:
            self.organisations.append(OrganisationFactory(partnership=self.board.partnership))
        return self.made

    def _place(self) -> Place:
        self.places.append(PlaceFactory(partnership=self.board.partnership))
        return self.places[-1]

    def person(self) -> User:
        n = self.next_number()
        return UserFactory(organisation=self.organisations[-1], first_name=f"Person{n}")

    def actions(self, count: int, *, owner: User | None = None, plan: ActionPlan | None = None) -> list[Action]:
        made = []
        for _ in range(count):
            who = owner or self.person()
            n = self.next_number()
            action = ActionFactory(
                plan=plan or self.plan,
                objective=self.objectives[-1],
                owner=who,
                lead_organisation=self.organisations[-1],
                status=STATUSES[n % len(STATUSES)],
                rag=RAGS[n % len(RAGS)],
                due_date=timezone.localdate() + datetime.timedelta(days=n % 60 - 20),
            )
            ProgressUpdateFactory(action=action, rag=action.rag or Rag.GREEN, recorded_by=who)
            MembershipFactory(board=action.plan.board, user=who, role=MembershipRole.ACTION_OWNER)
            made.append(action)
        # Straight into the link tables: what the pages read is the same, and it is quicker than
        # the history records that setting them one action at a time would write.
        Action.places.through.objects.bulk_create(
            Action.places.through(action=action, place=self._place()) for action in made
        )
        Action.cohorts.through.objects.bulk_create(
            Action.cohorts.through(action=action, cohort=CohortFactory(partnership=self.board.partnership))
            for action in made
        )
        return made

    def meetings(self, count: int) -> None:
        for _ in range(count):
            n = self.next_number()
            meeting = MeetingFactory(
                partnership=self.board.partnership,
                kind=MeetingKind.PARTNERSHIP_TASKING,
                starts_at=timezone.now() - datetime.timedelta(days=n),
                boards=[self.board],
                places=[self._place()],
                created_by=self.person(),
            )
            MeetingAttendeeFactory(meeting=meeting, user=self.person(), organisation=self.organisations[-1])
            MeetingOutcomeFactory(meeting=meeting, kind=OutcomeKind.DECISION)

    def escalations(self, count: int) -> None:
        states = [EscalationState.RAISED, EscalationState.ACCEPTED, EscalationState.ESCALATED]
        for _ in range(count):
            n = self.next_number()
            meeting = MeetingFactory(partnership=self.board.partnership, boards=[self.board], places=[self._place()])
            outcome = MeetingOutcomeFactory(meeting=meeting, kind=OutcomeKind.ESCALATION, board=self.board)
            escalation = EscalationFactory(
                board=self.board,
                source_outcome=outcome,
                state=states[n % len(states)],
                raised_by=self.person(),
                raised_at=timezone.now() - datetime.timedelta(days=n),
            )
            EscalationEventFactory(escalation=escalation, by=escalation.raised_by)

    def indicators(self, count: int, *, quarters: int = 4) -> None:
        for _ in range(count):
            n = self.next_number()
            indicator = IndicatorFactory(
                partnership=self.board.partnership, board=self.board, objective=self.objectives[-1], target=100 + n
            )
            indicator.places.set([self._place(), self._place()])
            self.quarters(indicator, quarters)

    def quarters(self, indicator: Indicator, count: int) -> None:
        """Figures for `count` more quarters, with each place's share, a chair's rating and a revision."""
        latest = indicator.measurements.order_by("-quarter").first()
        quarter = latest.quarter.next() if latest else FinancialQuarter(2015, 1)
        places = list(indicator.places.all())
        for _ in range(count):
            headline = MeasurementFactory(indicator=indicator, quarter=quarter, value=Decimal(90 + self.next_number()))
            for place in places:
                MeasurementFactory(indicator=indicator, quarter=quarter, place=place, value=Decimal(45))
            MeasurementRevision.objects.create(
                measurement=headline,
                old_value=Decimal(80),
                new_value=headline.value,
                revised_by=self.person(),
                revised_at=timezone.now(),
            )
            ChairRatingFactory(indicator=indicator, quarter=quarter, rated_by=self.person())
            quarter = quarter.next()


@pytest.fixture
def victim(victim_board: Board, victim_chair: User) -> Growth:
    """The Victim Board with its aim and an approved plan, ready to grow."""
    AimFactory(board=victim_board)
    return Growth(board=victim_board, plan=ActionPlanFactory(board=victim_board, status=PlanStatus.APPROVED))


class TestKeyPagesAskTheSameQueriesWhateverTheirSize:
    def test_home(self, client_for: SignedInClient, victim_chair: User, victim: Growth, executive_board: Board) -> None:
        def more_boards_and_actions() -> None:
            for n in range(10):
                board = BoardFactory(partnership=executive_board.partnership, parent=executive_board, order=20 + n)
                executive_board.member_boards.add(board)
            victim.actions(LARGE - SMALL, owner=victim_chair)

        victim.actions(SMALL, owner=victim_chair)
        assert_queries_do_not_grow(
            client_for(victim_chair), "/", grow=more_boards_and_actions, listed=_count("app-board-card")
        )

    def test_board_page(self, client_for: SignedInClient, victim_chair: User, victim: Growth) -> None:
        def grow() -> None:
            victim.actions(LARGE - SMALL)
            victim.meetings(ALONGSIDE - FEW)
            victim.escalations(ALONGSIDE - FEW)
            victim.indicators(30)

        victim.actions(SMALL)
        victim.meetings(FEW)
        victim.escalations(FEW)
        victim.indicators(SMALL)
        assert_queries_do_not_grow(
            client_for(victim_chair), "/boards/victim/", grow=grow, listed=_count("govuk-summary-list__row")
        )

    @pytest.mark.parametrize(
        "query",
        ["", "?progress=red&progress=overdue&status=in_progress&sort=owner"],
        ids=["unfiltered", "filtered"],
    )
    def test_plan_page(self, client_for: SignedInClient, victim_chair: User, victim: Growth, query: str) -> None:
        victim.actions(SMALL)
        assert_queries_do_not_grow(
            client_for(victim_chair),
            f"/boards/victim/plan/{query}",
            grow=lambda: victim.actions(LARGE - SMALL),
            listed=_paginated,
        )

    def test_action_page_with_a_long_history(
        self, client_for: SignedInClient, victim_chair: User, victim: Growth
    ) -> None:
        (action,) = victim.actions(1)

        def edit(times: int) -> None:
            for _ in range(times):
                n = victim.next_number()
                action.title, action.owner = f"Action, edited {n} times", victim.person()
                action.lock_version += 1
                action._history_user = victim.person()  # type: ignore[attr-defined]
                action.save()
                ProgressUpdateFactory(action=action, recorded_by=victim.person())

        edit(1)  # with its creation, two records
        assert_queries_do_not_grow(
            client_for(victim_chair),
            f"/actions/{action.pk}/",
            grow=lambda: edit(38),
            listed=lambda response: len(section_context(response, ACTION_RECORD)["history"]),
        )

    def test_action_page_of_an_action_carried_through_many_plan_versions(
        self, client_for: SignedInClient, victim_chair: User, victim: Growth
    ) -> None:
        newest = ActionPlanFactory(board=victim.board, version=7, status=PlanStatus.APPROVED)
        (action,) = victim.actions(1, plan=newest)

        def carry_from(version: int, earlier: Action | None) -> Action:
            plan = ActionPlanFactory(board=victim.board, version=version, status=PlanStatus.SUPERSEDED)
            carried = ActionFactory(plan=plan, objective=action.objective, title=action.title, carried_from=earlier)
            ProgressUpdateFactory(action=carried, recorded_by=victim.person())
            # Straight into the table: a save would add a history record, which the page shows
            # with a query of its own, whatever the number of versions.
            Action.objects.filter(pk=action.pk).update(carried_from=carried, lineage=carried.lineage)
            return carried

        # Carried from one version to begin with: the page reads the version it came from, once.
        first = carry_from(2, None)

        def carry_through_four_more_versions() -> None:
            earlier = first
            for version in range(3, 7):
                earlier = carry_from(version, earlier)

        assert_queries_do_not_grow(
            client_for(victim_chair),
            f"/actions/{action.pk}/",
            grow=carry_through_four_more_versions,
            listed=_count("reported on version"),
        )

    def test_my_actions(
        self, client_for: SignedInClient, action_owner: User, victim: Growth, offender_board: Board
    ) -> None:
        offender = ActionPlanFactory(board=offender_board, status=PlanStatus.APPROVED)

        def grow() -> None:
            victim.actions(LARGE // 2 - SMALL, owner=action_owner)
            victim.actions(LARGE // 2, owner=action_owner, plan=offender)

        victim.actions(SMALL, owner=action_owner)
        assert_queries_do_not_grow(client_for(action_owner), "/my/actions/", grow=grow, listed=_count("/actions/"))

    def test_meetings_list(self, client_for: SignedInClient, tasking_officer: User, victim: Growth) -> None:
        victim.meetings(SMALL)
        assert_queries_do_not_grow(
            client_for(tasking_officer), "/meetings/", grow=lambda: victim.meetings(LARGE - SMALL), listed=_paginated
        )

    def test_meeting_form(self, client_for: SignedInClient, tasking_officer: User, victim: Growth) -> None:
        """Each attendee row offers every person who may attend: read once for all the rows."""
        meeting = MeetingFactory(
            partnership=victim.board.partnership, boards=[victim.board], created_by=tasking_officer
        )

        def attend(count: int) -> None:
            for _ in range(count):
                who = victim.person()
                MeetingAttendeeFactory(meeting=meeting, user=who, organisation=who.organisation)

        attend(FEW)
        assert_queries_do_not_grow(
            client_for(tasking_officer),
            f"/meetings/{meeting.pk}/edit/",
            grow=lambda: attend(ALONGSIDE - FEW),
            listed=_count("Remove this attendee"),
        )

    def test_escalation_ledger(self, client_for: SignedInClient, executive_chair: User, victim: Growth) -> None:
        victim.escalations(SMALL)
        assert_queries_do_not_grow(
            client_for(executive_chair),
            "/escalations/",
            grow=lambda: victim.escalations(LARGE - SMALL),
            listed=_paginated,
        )

    def test_executive_view(
        self, client_for: SignedInClient, executive_chair: User, victim: Growth, offender_board: Board
    ) -> None:
        offender = ActionPlanFactory(board=offender_board, status=PlanStatus.APPROVED)

        def grow() -> None:
            victim.actions(LARGE // 2 - SMALL)
            victim.actions(LARGE // 2, plan=offender)
            victim.escalations(ALONGSIDE - FEW)

        victim.actions(SMALL)
        victim.escalations(FEW)
        assert_queries_do_not_grow(client_for(executive_chair), "/executive/", grow=grow, listed=_count("/actions/"))

    def test_indicator_list(self, client_for: SignedInClient, analyst: User, victim: Growth) -> None:
        victim.indicators(SMALL)
        assert_queries_do_not_grow(
            client_for(analyst),
            "/performance/indicators/",
            grow=lambda: victim.indicators(LARGE - SMALL, quarters=2),
            listed=_count("/performance/indicators/"),
        )

    def test_one_indicator(self, client_for: SignedInClient, analyst: User, victim: Growth) -> None:
        victim.indicators(1, quarters=SMALL)
        indicator = Indicator.objects.get()
        assert_queries_do_not_grow(
            client_for(analyst),
            f"/performance/indicators/{indicator.code}/",
            grow=lambda: victim.quarters(indicator, 40 - SMALL),
            listed=lambda response: len(section_context(response, INDICATOR_FIGURES)["detail"].rows),
        )

    def test_packs_list(self, client_for: SignedInClient, scrutiny_member: User, partnership: Partnership) -> None:
        def publish(count: int) -> None:
            first = PerformancePack.objects.count()
            PerformancePack.objects.bulk_create(
                PerformancePack(
                    partnership=partnership,
                    quarter=FinancialQuarter(2000 + n // 4, n % 4 + 1),
                    status=PackStatus.PUBLISHED,
                    requested_by=UserFactory(),
                    requested_at=timezone.now(),
                    built_at=timezone.now(),
                    published_by=UserFactory(),
                    published_at=timezone.now(),
                )
                for n in range(first, first + count)
            )

        publish(SMALL)
        assert_queries_do_not_grow(
            client_for(scrutiny_member),
            "/performance/packs/",
            grow=lambda: publish(LARGE - SMALL),
            listed=_count("/performance/packs/"),
        )


def _pack(partnership: Partnership) -> PerformancePack:
    quarter = FinancialQuarter(2000 + PerformancePack.objects.count(), 1)
    return PerformancePack.objects.create(
        partnership=partnership, quarter=quarter, requested_by=UserFactory(), requested_at=timezone.now()
    )


def _import_batch(partnership: Partnership) -> ImportBatch:
    return ImportBatch.objects.create(
        partnership=partnership,
        kind=ImportKind.MPS_WARD,
        file_name="wards.csv",
        file_sha256=uuid.uuid4().hex,
        imported_by=UserFactory(),
        imported_at=timezone.now(),
    )


def _crime_count(partnership: Partnership) -> CrimeCount:
    place = PlaceFactory(partnership=partnership)
    return CrimeCount.objects.create(
        partnership=partnership,
        level=CrimeLevel.WARD,
        area_code=place.ons_code,
        area_name=place.name,
        place=place,
        category="BURGLARY",
        month=datetime.date(2025, 1, 1),
        quarter=FinancialQuarter(2024, 4),
        count=3,
    )


# One row of each of the service's back-office lists, with related records of its own (a new
# person, board, plan...) in every column that names one: a list that read them row by row would
# ask more queries as it grows.
ADMIN_ROWS: dict[type[Model], Callable[[Partnership], object]] = {
    Action: lambda p: ActionFactory(owner=UserFactory(), lead_organisation=OrganisationFactory(partnership=p)),
    ActionPlan: lambda p: ActionPlanFactory(board=BoardFactory(partnership=p)),
    PlanTransition: lambda p: PlanTransition.objects.create(
        plan=ActionPlanFactory(board=BoardFactory(partnership=p)),
        to_status=PlanStatus.SUBMITTED,
        by=UserFactory(),
        at=timezone.now(),
    ),
    ProgressUpdate: lambda p: ProgressUpdateFactory(recorded_by=UserFactory()),
    Board: lambda p: BoardFactory(partnership=p, parent=BoardFactory(partnership=p)),
    Membership: lambda p: MembershipFactory(organisation=OrganisationFactory(partnership=p)),
    Meeting: lambda p: MeetingFactory(partnership=p, created_by=UserFactory()),
    MeetingOutcome: lambda p: MeetingOutcomeFactory(board=BoardFactory(partnership=p), owner=UserFactory()),
    Escalation: lambda p: EscalationFactory(board=BoardFactory(partnership=p), raised_by=UserFactory()),
    EscalationEvent: lambda p: EscalationEventFactory(by=UserFactory()),
    Indicator: lambda p: IndicatorFactory(partnership=p),
    Measurement: lambda p: MeasurementFactory(place=PlaceFactory(partnership=p)),
    MeasurementRevision: lambda p: MeasurementRevision.objects.create(
        measurement=MeasurementFactory(place=PlaceFactory(partnership=p)),
        old_value=Decimal(80),
        new_value=Decimal(90),
        revised_by=UserFactory(),
        revised_at=timezone.now(),
    ),
    ChairRating: lambda p: ChairRatingFactory(rated_by=UserFactory()),
    ImportBatch: _import_batch,
    CrimeCount: _crime_count,
    CrimeCountRevision: lambda p: CrimeCountRevision.objects.create(
        crime_count=_crime_count(p), old_count=2, new_count=3, batch=_import_batch(p), revised_at=timezone.now()
    ),
    PerformancePack: _pack,
    PackDownload: lambda p: PackDownload.objects.create(
        pack=_pack(p), user=UserFactory(), file_kind=PackFileKind.PDF, at=timezone.now()
    ),
    Strategy: lambda p: StrategyFactory(partnership=p, is_current=False),
    Principle: lambda p: PrincipleFactory(partnership=p),
    Theme: lambda p: ThemeFactory(partnership=p),
    StrategicAssessment: lambda p: StrategicAssessment.objects.create(
        partnership=p, title="Strategic Assessment", published_on=datetime.date(2025, 3, 1)
    ),
    Cohort: lambda p: CohortFactory(partnership=p),
    Aim: lambda p: AimFactory(board=BoardFactory(partnership=p)),
    Objective: lambda p: ObjectiveFactory(board=BoardFactory(partnership=p)),
    Partnership: lambda p: PartnershipFactory(slug=f"partnership-{uuid.uuid4().hex[:8]}"),
    Organisation: lambda p: OrganisationFactory(partnership=p),
    Place: lambda p: PlaceFactory(partnership=p),
    User: lambda p: UserFactory(organisation=OrganisationFactory(partnership=p)),
    RoleAssignment: lambda p: RoleAssignmentFactory(),
    AuditEvent: lambda p: audit_record(kind=AuditEventKind.SIGNED_IN, actor=UserFactory()),
}
ADMIN_FEW, ADMIN_MANY = 2, 12


def _label(model: type[Model]) -> str:
    return model._meta.label


def test_every_back_office_list_of_the_service_is_measured() -> None:
    assert set(ADMIN_ROWS) == set(service_admins())


@pytest.mark.parametrize("model", sorted(ADMIN_ROWS, key=_label), ids=_label)
def test_back_office_lists_ask_the_same_queries_whatever_their_length(
    admin_client: Client, partnership: Partnership, model: type[Model]
) -> None:
    """Django's admin joins a list's related rows by itself only along foreign keys that cannot be
    empty: a column naming a person or record that may be missing (who recorded it, its owner, its
    parent board) needs list_select_related, or it is read again for every row."""
    add_row = ADMIN_ROWS[model]
    for _ in range(ADMIN_FEW):
        add_row(partnership)
    assert_queries_do_not_grow(
        admin_client,
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"),
        grow=lambda: [add_row(partnership) for _ in range(ADMIN_MANY - ADMIN_FEW)],
        listed=lambda response: response.context["cl"].result_count,
    )
