"""Reading action plans, actions and progress updates, always through what the person may see.

The access helpers answer a hidden board's objects exactly as missing ones (boards.selectors'
NOT_FOUND_MESSAGE), so nobody learns of a confidential board's plan by guessing a URL.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from django.db.models import BooleanField, Count, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from actions.choices import ActionStatus, PlanStatus, Rag
from actions.models import PLAN_ORDER, Action, ActionPlan, PlanTransition, ProgressUpdate
from boards.choices import BoardKind, EscalationState, MeetingKind
from boards.models import Board, Escalation, EscalationEvent, Meeting
from boards.selectors import NOT_FOUND_MESSAGE, board_get_visible
from swp.models import Partnership, User
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
        .select_related(
            "plan__board",
            "objective",
            "owner__organisation",
            "lead_organisation",
            "carried_from__plan",
            "source_outcome__meeting",
        )
        .filter(pk=pk)
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
    return plan_in_force(board=board) or ActionPlan.objects.filter(board=board).order_by("-version").first()


def plan_transitions(*, plan: ActionPlan) -> list[PlanTransition]:
    return list(plan.transitions.select_related("by").order_by("-at", "-pk"))


def plan_actions(*, plan: ActionPlan) -> QuerySet[Action]:
    """The plan's actions with everything a list of them shows, in a fixed number of queries."""
    return (
        plan.actions.select_related("objective", "owner__organisation", "lead_organisation")
        .prefetch_related("places", "cohorts")
        .annotate(is_overdue=ExpressionWrapper(overdue_q(), output_field=BooleanField()))
        .order_by(*PLAN_ORDER)
    )


def is_overdue(action: Action, *, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return action.due_date is not None and action.due_date < today and action.status not in CLOSED_STATUSES


def overdue_q(*, today: datetime.date | None = None) -> Q:
    return Q(due_date__lt=today or timezone.localdate()) & ~Q(status__in=CLOSED_STATUSES)


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
    open_actions = ~Q(status__in=CLOSED_STATUSES)
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
    """The RAG summary of each of several plans, in one query; a plan without actions is left out."""
    rows = Action.objects.filter(plan_id__in=list(plan_ids)).order_by().values("plan_id").annotate(**_rag_counts())
    return {row.pop("plan_id"): RagSummary(**row) for row in rows}


def progress_updates_recent(*, plan: ActionPlan, limit: int = 5) -> list[ProgressUpdate]:
    """The latest updates on a plan's actions, including those recorded on the versions they came from."""
    lineage = Q(action__plan=plan) | Q(action__carried_into__plan=plan)
    return list(
        ProgressUpdate.objects.filter(lineage)
        .select_related("action", "recorded_by")
        .distinct()
        .order_by("-recorded_at", "-pk")[:limit]
    )


def progress_timeline(*, action: Action) -> list[ProgressUpdate]:
    """Every update on this action and on the versions it was carried from, newest first."""
    lineage = [action.pk]
    ancestor_id = action.carried_from_id
    # Plans are revised a few times a year, so the chain is short; one query per version.
    while ancestor_id is not None and ancestor_id not in lineage:
        lineage.append(ancestor_id)
        ancestor_id = Action.objects.filter(pk=ancestor_id).values_list("carried_from_id", flat=True).first()
    return list(
        ProgressUpdate.objects.filter(action_id__in=lineage)
        .select_related("recorded_by", "action__plan")
        .order_by("-recorded_at", "-pk")
    )


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
        .select_related("plan__board", "objective", "lead_organisation")
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


# The Executive's view across the boards -------------------------------------------------------

# With no Executive meeting on record, "what changed" covers this many days.
EXECUTIVE_FALLBACK_DAYS = 30


@dataclass(frozen=True)
class OverdueAction:
    action: Action
    days_overdue: int


@dataclass(frozen=True)
class ActionChange:
    """The latest record of an action added or changed in the period, from its history."""

    action_id: int
    title: str
    at: datetime.datetime
    by: User | None


@dataclass
class BoardChanges:
    new_actions: list[ActionChange] = field(default_factory=list)
    changed_actions: list[ActionChange] = field(default_factory=list)
    progress_updates: list[ProgressUpdate] = field(default_factory=list)
    escalation_events: list[EscalationEvent] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.new_actions or self.changed_actions or self.progress_updates or self.escalation_events)


@dataclass
class BoardOverview:
    board: Board
    plan: ActionPlan | None
    summary: RagSummary
    overdue: list[OverdueAction] = field(default_factory=list)
    escalations: list[Escalation] = field(default_factory=list)
    changes: BoardChanges = field(default_factory=BoardChanges)


@dataclass(frozen=True)
class ExecutiveOverview:
    boards: list[BoardOverview]
    since: datetime.datetime
    # The last Executive meeting the changes are counted from; None when there has been none.
    last_meeting: Meeting | None


def executive_meeting_last(*, user: User, partnership: Partnership, before: datetime.datetime) -> Meeting | None:
    """The latest board meeting held by the partnership's Executive board, among those the person may see."""
    return (
        Meeting.objects.visible_to(user)
        .filter(
            partnership=partnership,
            kind=MeetingKind.BOARD,
            boards__kind=BoardKind.EXECUTIVE,
            starts_at__lte=before,
        )
        .order_by("-starts_at", "-pk")
        .first()
    )


def executive_overview(*, user: User, partnership: Partnership) -> ExecutiveOverview:
    """Every board the person may see, thematic boards first, with its newest plan's RAG summary,
    overdue actions, open escalations and what changed since the last Executive meeting.

    A fixed number of queries however many boards and actions: each kind of row is read once for
    all boards and then shared out.
    """
    now = timezone.now()
    last_meeting = executive_meeting_last(user=user, partnership=partnership, before=now)
    since = last_meeting.starts_at if last_meeting else now - datetime.timedelta(days=EXECUTIVE_FALLBACK_DAYS)
    boards = sorted(
        Board.objects.visible_to(user).filter(partnership=partnership).exclude(kind=BoardKind.EXTERNAL),
        key=lambda board: (board.kind != BoardKind.THEMATIC, board.order, board.name),
    )
    newest_version = ActionPlan.objects.filter(board=OuterRef("board")).order_by("-version").values("version")[:1]
    plans = {
        plan.pk: plan
        for plan in ActionPlan.objects.filter(board__in=boards, version=Subquery(newest_version)).order_by()
    }
    summaries = rag_summaries(plan_ids=plans)
    rows = {board.pk: BoardOverview(board=board, plan=None, summary=RagSummary()) for board in boards}
    for plan in plans.values():
        row = rows[plan.board_id]
        plan.board = row.board
        row.plan = plan
        row.summary = summaries.get(plan.pk, RagSummary())

    today = timezone.localdate()
    overdue = Action.objects.filter(plan_id__in=list(plans)).filter(overdue_q(today=today)).select_related("owner")
    for action in overdue.order_by("due_date", "pk"):
        due = cast(datetime.date, action.due_date)  # overdue_q matches dated actions only
        rows[plans[action.plan_id].board_id].overdue.append(OverdueAction(action, (today - due).days))

    visible_escalations = Escalation.objects.visible_to(user).filter(board_id__in=list(rows))
    for escalation in visible_escalations.open().select_related("board").order_by("raised_at", "pk"):
        rows[escalation.board_id].escalations.append(escalation)

    _share_out_changes(rows, since=since, visible_escalations=visible_escalations)
    return ExecutiveOverview(boards=list(rows.values()), since=since, last_meeting=last_meeting)


def _share_out_changes(
    rows: dict[int, BoardOverview], *, since: datetime.datetime, visible_escalations: QuerySet[Escalation]
) -> None:
    records = (
        Action.history.filter(history_date__gte=since, plan__board_id__in=list(rows))  # type: ignore[attr-defined]
        .select_related("history_user")
        .annotate(board_id=F("plan__board_id"))
        .order_by("history_date", "history_id")
    )
    new: dict[int, tuple[int, ActionChange]] = {}
    changed: dict[int, tuple[int, ActionChange]] = {}
    for record in records:
        if record.history_type == "+" and record.carried_from_id is not None:
            continue  # a revision's copy of a carried action is a new version of the plan, not new work
        change = ActionChange(record.id, record.title, record.history_date, record.history_user)
        # A new action's later edits keep it new, and bring its title up to date.
        if record.history_type == "+" or record.id in new:
            new[record.id] = (record.board_id, change)
        else:
            changed[record.id] = (record.board_id, change)
    for board_id, change in new.values():
        rows[board_id].changes.new_actions.append(change)
    for board_id, change in changed.values():
        rows[board_id].changes.changed_actions.append(change)

    updates = ProgressUpdate.objects.filter(recorded_at__gte=since, action__plan__board_id__in=list(rows))
    for update in updates.select_related("action__plan", "recorded_by").order_by("recorded_at", "pk"):
        rows[update.action.plan.board_id].changes.progress_updates.append(update)

    events = EscalationEvent.objects.filter(
        at__gte=since,
        to_state__in=[EscalationState.RAISED, EscalationState.ESCALATED, EscalationState.RESOLVED],
        escalation__in=visible_escalations,
    )
    for event in events.select_related("escalation", "by").order_by("at", "pk"):
        rows[event.escalation.board_id].changes.escalation_events.append(event)
