"""Reading action plans, actions and progress updates, always through what the person may see.

The access helpers answer a hidden board's objects exactly as missing ones (boards.selectors'
NOT_FOUND_MESSAGE), so nobody learns of a confidential board's plan by guessing a URL.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.http import Http404
from django.utils import timezone

from actions.choices import ActionStatus, PlanStatus, Rag
from actions.models import PLAN_ORDER, Action, ActionPlan, PlanTransition, ProgressUpdate
from boards.models import Board, MeetingOutcome
from boards.selectors import NOT_FOUND_MESSAGE, board_get_visible
from priorities.models import Cohort
from swp.models import Place, User
from swp.queries import first_per
from swp.services import audit_access_refused

CLOSED_STATUSES = (ActionStatus.COMPLETED, ActionStatus.CANCELLED)
DUE_SOON_DAYS = 28


def board_and_plan_visible(*, user: User, slug: str, version: int | None) -> tuple[Board, ActionPlan | None]:
    """The board and the plan version asked for, or its newest when none is named (None if it has none)."""
    board = board_get_visible(user=user, slug=slug)
    plans = ActionPlan.objects.visible_to(user).filter(board=board).order_by("-version")
    if version is not None:
        plans = plans.filter(version=version)
    plan = plans.first()
    if plan is None and version is not None:
        raise Http404(NOT_FOUND_MESSAGE)
    if plan is not None:
        plan.board = board
    return board, plan


def plan_get_visible(*, user: User, slug: str, version: int) -> ActionPlan:
    _, plan = board_and_plan_visible(user=user, slug=slug, version=version)
    if plan is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return plan


def action_get_visible(*, user: User, pk: int) -> Action:
    action = (
        Action.objects.visible_to(user)
        .select_related("plan__board", "objective", "owner__organisation", "lead_organisation")
        # Apart, and only where the action has them: joined in as well, the planner took longer to
        # choose among ten tables than to read the row.
        .prefetch_related(
            Prefetch("carried_from", queryset=Action.objects.select_related("plan")),
            Prefetch("source_outcome", queryset=MeetingOutcome.objects.select_related("meeting")),
        )
        .filter(pk=pk)
        # Not the plan's ordering: its joins to the board and objective only slow the planner down.
        .order_by("pk")
        .first()
    )
    if action is None:
        audit_access_refused(user=user, hidden=Action.objects.filter(pk=pk))
        raise Http404(NOT_FOUND_MESSAGE)
    return action


def plan_in_force(*, board: Board) -> ActionPlan | None:
    return ActionPlan.objects.filter(board=board, status=PlanStatus.APPROVED).order_by("-version").first()


def plan_current(*, board: Board) -> ActionPlan | None:
    """The plan people work to: the one in force, or while none is approved yet, the newest draft."""
    return plans_current(boards=[board]).get(board.pk)


def plans_current(*, boards: Iterable[Board]) -> dict[int, ActionPlan]:
    """Each board's plan_current, by board id, in one query however many boards; a board with no
    plan is left out. A revision still in draft is not yet the board's performance."""
    current_version = (
        ActionPlan.objects.filter(board=OuterRef("board"))
        .order_by(Case(When(status=PlanStatus.APPROVED, then=0), default=1), "-version")
        .values("version")[:1]
    )
    plans = ActionPlan.objects.filter(board__in=list(boards), version=Subquery(current_version)).order_by()
    return {plan.board_id: plan for plan in plans}


def plan_position(*, action: Action) -> int:
    """Where the action stands in its plan's own order, counting from 0, as the plan page lists it."""
    return list(Action.objects.filter(plan_id=action.plan_id).order_by(*PLAN_ORDER).values_list("pk", flat=True)).index(
        action.pk
    )


def plan_objective_ends(*, plan: ActionPlan) -> tuple[set[int], set[int]]:
    """The first and the last action under each objective of the plan, in the plan's order: the
    ones that cannot move up, and down. Read for the whole plan, since a page shows only part of it."""
    firsts: dict[int | None, int] = {}
    lasts: dict[int | None, int] = {}
    for objective_id, pk in plan.actions.order_by("order", "pk").values_list("objective_id", "pk"):
        firsts.setdefault(objective_id, pk)
        lasts[objective_id] = pk
    return set(firsts.values()), set(lasts.values())


def plan_is_newest(*, plan: ActionPlan) -> bool:
    return not ActionPlan.objects.filter(board_id=plan.board_id, version__gt=plan.version).exists()


def plan_transitions(*, plan: ActionPlan) -> list[PlanTransition]:
    return list(plan.transitions.select_related("by").order_by("-at", "-pk"))


def plan_actions(*, plan: ActionPlan) -> QuerySet[Action]:
    """The plan's actions with everything a list of them shows, in a fixed number of queries: each
    with the names of its places (`place_list`) and cohorts (`cohort_list`)."""
    # Names alone, into plain lists: whole rows, and a queryset per action through `.all()`, cost
    # more than the rest of the list.
    return (
        plan.actions.select_related("objective", "owner__organisation", "lead_organisation")
        .prefetch_related(
            Prefetch("places", queryset=Place.objects.only("name"), to_attr="place_list"),
            Prefetch("cohorts", queryset=Cohort.objects.only("name"), to_attr="cohort_list"),
        )
        .annotate(is_overdue=ExpressionWrapper(overdue_q(), output_field=BooleanField()))
        .order_by(*PLAN_ORDER)
    )


def is_overdue(action: Action, *, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return action.due_date is not None and action.due_date < today and action.status not in CLOSED_STATUSES


def open_q() -> Q:
    """Actions still being worked on: neither completed nor cancelled."""
    return ~Q(status__in=CLOSED_STATUSES)


def overdue_q(*, today: datetime.date | None = None) -> Q:
    return Q(due_date__lt=today or timezone.localdate()) & open_q()


@dataclass(frozen=True)
class RagSummary:
    red: int = 0
    amber: int = 0
    green: int = 0
    unrated: int = 0
    overdue: int = 0
    completed: int = 0
    cancelled: int = 0

    @property
    def total(self) -> int:
        return self.red + self.amber + self.green + self.unrated + self.completed

    @property
    def open(self) -> int:
        return self.red + self.amber + self.green + self.unrated

    @property
    def by_rag(self) -> list[tuple[str, int]]:
        return [(Rag.RED, self.red), (Rag.AMBER, self.amber), (Rag.GREEN, self.green), ("", self.unrated)]


def _rag_counts() -> dict[str, Count]:
    open_actions = open_q()
    return {
        "red": Count("pk", filter=open_actions & Q(rag=Rag.RED)),
        "amber": Count("pk", filter=open_actions & Q(rag=Rag.AMBER)),
        "green": Count("pk", filter=open_actions & Q(rag=Rag.GREEN)),
        "unrated": Count("pk", filter=open_actions & Q(rag="")),
        "overdue": Count("pk", filter=overdue_q()),
        "completed": Count("pk", filter=Q(status=ActionStatus.COMPLETED)),
        "cancelled": Count("pk", filter=Q(status=ActionStatus.CANCELLED)),
    }


def rag_summary(*, plan: ActionPlan) -> RagSummary:
    """Open actions by RAG, plus overdue, completed and cancelled, in one query."""
    return RagSummary(**plan.actions.aggregate(**_rag_counts()))


def rag_summaries(*, plan_ids: Iterable[int]) -> dict[int, RagSummary]:
    """The RAG summary of each of several plans, in one query."""
    plan_ids = list(plan_ids)
    rows = Action.objects.filter(plan_id__in=plan_ids).order_by().values("plan_id").annotate(**_rag_counts())
    counted = {row.pop("plan_id"): RagSummary(**row) for row in rows}
    return {plan_id: counted.get(plan_id, RagSummary()) for plan_id in plan_ids}


def progress_updates_recent(*, plan: ActionPlan, limit: int = 5) -> list[ProgressUpdate]:
    """The latest updates on a plan's actions, including those recorded on every version they were carried from."""
    # A version's forebears are the versions of its lineage in the board's older plans; its copies
    # in newer ones came after it (ADR 0002).
    versions = Action.objects.filter(
        lineage__in=Action.objects.filter(plan=plan).values("lineage"),
        plan__board_id=plan.board_id,
        plan__version__lte=plan.version,
    )
    return list(
        ProgressUpdate.objects.filter(action__in=versions)
        .select_related("action", "recorded_by")
        .order_by("-recorded_at", "-pk")[:limit]
    )


def action_lineages(*, actions: Iterable[Action]) -> dict[int, list[int]]:
    """Each action's id, then those of the versions it was carried from, newest first, in one query.

    The versions it was carried from are those of its lineage in its board's older plans, even
    where a version between them has since been deleted (which empties carried_from)."""
    actions = list(actions)
    versions: dict[tuple[uuid.UUID, int], list[tuple[int, int]]] = defaultdict(list)
    placed: dict[int, tuple[int, int]] = {}
    newest_first = Action.objects.filter(lineage__in={action.lineage for action in actions}).order_by("-plan__version")
    for pk, lineage, board_id, version in newest_first.values_list("pk", "lineage", "plan__board_id", "plan__version"):
        versions[lineage, board_id].append((version, pk))
        placed[pk] = (board_id, version)
    lineages = {}
    for action in actions:
        board_id, own = placed[action.pk]
        earlier = [pk for version, pk in versions[action.lineage, board_id] if version < own]
        lineages[action.pk] = [action.pk, *earlier]
    return lineages


def action_lineage(*, action: Action) -> list[int]:
    return action_lineages(actions=[action])[action.pk]


def _versions(lineages: dict[int, list[int]]) -> set[int]:
    """Every version named in the lineages: the actions and those they were carried from."""
    return {pk for lineage in lineages.values() for pk in lineage}


def latest_updates(*, lineages: dict[int, list[int]], before: datetime.datetime) -> dict[int, ProgressUpdate]:
    """Each action's latest progress update recorded before `before`, whichever version of it took
    the update (ADR 0002); actions with none are left out. Two queries however many actions."""
    newest = first_per(
        ProgressUpdate.objects.filter(action_id__in=_versions(lineages), recorded_at__lt=before),
        partition=F("action_id"),
        order=["-recorded_at", "-pk"],
        limit=1,
    )
    by_version = {update.action_id: update for update in newest.rows}
    latest = {}
    for action_id, lineage in lineages.items():
        updates = [by_version[pk] for pk in lineage if pk in by_version]
        if updates:
            latest[action_id] = max(updates, key=lambda update: (update.recorded_at, update.pk))
    return latest


def actions_updated_since(*, lineages: dict[int, list[int]], since: datetime.datetime) -> set[int]:
    """The actions with a progress update since `since`, on them or on the versions they came from."""
    updated = set(
        ProgressUpdate.objects.filter(action_id__in=_versions(lineages), recorded_at__gte=since).values_list(
            "action_id", flat=True
        )
    )
    return {action_id for action_id, lineage in lineages.items() if not updated.isdisjoint(lineage)}


def action_reported_on(*, action: Action) -> Action | None:
    """The version of this action that takes its progress updates now, when it does not itself: the
    one a newer approved version carried it into, or for a draft revision's copy, the one in force it
    was copied from. None if there is none (it was cancelled, or a revision left it out)."""
    if action.takes_progress_updates or action.status == ActionStatus.CANCELLED:
        return None
    if action.plan.status != PlanStatus.SUPERSEDED:
        original = Action.objects.filter(carried_into=action).select_related("plan").first()
        return original if original is not None and original.takes_progress_updates else None
    # Revisions are made only from the plan in force, so a version in the board's approved plan,
    # newer than this one, came down through every version between them.
    in_force = (
        Action.objects.filter(
            lineage=action.lineage,
            plan__board_id=action.plan.board_id,
            plan__version__gt=action.plan.version,
            plan__status=PlanStatus.APPROVED,
        )
        .select_related("plan")
        .first()
    )
    return in_force if in_force is not None and in_force.takes_progress_updates else None


def progress_timeline(*, action: Action, limit: int | None = None) -> list[ProgressUpdate]:
    """The updates on this action and on the versions it was carried from, newest first.

    Each update carries the version of the plan it was reported on (plan_version) rather than its
    action, so a long timeline does not load the action again for every row.
    """
    updates = (
        ProgressUpdate.objects.filter(action_id__in=action_lineage(action=action))
        .select_related("recorded_by")
        .annotate(plan_version=F("action__plan__version"))
        .order_by("-recorded_at", "-pk")
    )
    return list(updates if limit is None else updates[:limit])


def live_actions(*, user: User) -> QuerySet[Action]:
    """Actions that people report on now: not superseded, and not a draft revision's copy."""
    waiting_copy = Q(carried_from__isnull=False) & ~Q(plan__status=PlanStatus.APPROVED)
    return Action.objects.visible_to(user).exclude(plan__status=PlanStatus.SUPERSEDED).exclude(waiting_copy)


@dataclass
class MyActions:
    overdue: list[Action] = field(default_factory=list)
    due_soon: list[Action] = field(default_factory=list)
    later: list[Action] = field(default_factory=list)
    closed: list[Action] = field(default_factory=list)

    @property
    def open_count(self) -> int:
        return len(self.overdue) + len(self.due_soon) + len(self.later)


def my_actions(*, user: User) -> MyActions:
    """The person's actions on every board they may see: overdue first, then by due date."""
    today = timezone.localdate()
    actions = (
        live_actions(user=user)
        .filter(owner=user)
        .select_related("plan__board")
        .annotate(is_overdue=ExpressionWrapper(overdue_q(today=today), output_field=BooleanField()))
        .order_by("due_date", "plan__board__order", "pk")
    )
    mine = MyActions()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    for action in actions:
        if action.status in CLOSED_STATUSES:
            mine.closed.append(action)
        elif action.is_overdue:
            mine.overdue.append(action)
        elif action.due_date is not None and action.due_date <= soon:
            mine.due_soon.append(action)
        else:
            mine.later.append(action)
    return mine
