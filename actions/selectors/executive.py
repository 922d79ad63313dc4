"""The Executive board's view across every board: each board's newest plan, its longest overdue
actions, open escalations, and what changed since the last Executive meeting.

A fixed number of queries however many boards and actions, and a page of a fixed size: each kind
of row is read once for all boards, at most a few per board, and then shared out.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple, cast

from django.db.models import F, QuerySet
from django.utils import timezone

from actions.models import Action, ActionPlan, ProgressUpdate
from actions.selectors import RagSummary, overdue_q, plans_current, rag_summaries
from boards.choices import BoardKind, EscalationState, MeetingKind
from boards.models import Board, Escalation, EscalationEvent, Meeting
from boards.selectors import OpenEscalations, escalations_open_by_board
from swp.models import Partnership, User
from swp.queries import first_per

# With no Executive meeting on record, "what changed" covers this many days.
EXECUTIVE_FALLBACK_DAYS = 30
# Per board, the Executive page lists this many of the most overdue actions (the plan lists the
# rest) and this many of the latest changes of each kind beside their counts.
EXECUTIVE_OVERDUE_SHOWN = 10
EXECUTIVE_CHANGES_SHOWN = 5


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
    """How many of each kind of change a board had in the period, with the latest few of each, oldest first."""

    new_actions: list[ActionChange] = field(default_factory=list)
    changed_actions: list[ActionChange] = field(default_factory=list)
    progress_updates: list[ProgressUpdate] = field(default_factory=list)
    escalation_events: list[EscalationEvent] = field(default_factory=list)
    new_actions_count: int = 0
    changed_actions_count: int = 0
    progress_updates_count: int = 0
    escalation_events_count: int = 0

    @property
    def is_empty(self) -> bool:
        return not (
            self.new_actions_count
            or self.changed_actions_count
            or self.progress_updates_count
            or self.escalation_events_count
        )


@dataclass
class BoardOverview:
    board: Board
    plan: ActionPlan | None
    summary: RagSummary
    overdue: list[OverdueAction] = field(default_factory=list)
    escalations: OpenEscalations = field(default_factory=OpenEscalations)
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
    plans = {plan.pk: plan for plan in plans_current(boards=boards).values()}
    summaries = rag_summaries(plan_ids=plans)
    rows = {board.pk: BoardOverview(board=board, plan=None, summary=RagSummary()) for board in boards}
    for plan in plans.values():
        row = rows[plan.board_id]
        plan.board = row.board
        row.plan = plan
        row.summary = summaries[plan.pk]

    today = timezone.localdate()
    overdue = Action.objects.filter(plan_id__in=list(plans)).filter(overdue_q(today=today)).select_related("owner")
    # How many each board has overdue is in its summary; only the longest overdue are read.
    longest = first_per(overdue, partition=F("plan_id"), order=["due_date", "pk"], limit=EXECUTIVE_OVERDUE_SHOWN)
    for action in longest.rows.order_by("due_date", "pk"):
        due = cast(datetime.date, action.due_date)  # overdue_q matches dated actions only
        rows[plans[action.plan_id].board_id].overdue.append(OverdueAction(action, (today - due).days))

    for board_id, open_escalations in escalations_open_by_board(user=user, board_ids=list(rows)).items():
        rows[board_id].escalations = open_escalations

    visible_escalations = Escalation.objects.visible_to(user).filter(board_id__in=list(rows))
    _share_out_changes(rows, since=since, visible_escalations=visible_escalations)
    return ExecutiveOverview(boards=list(rows.values()), since=since, last_meeting=last_meeting)


def _share_out_changes(
    rows: dict[int, BoardOverview], *, since: datetime.datetime, visible_escalations: QuerySet[Escalation]
) -> None:
    # As values, not historical rows: a busy period has hundreds of records and the page shows a few,
    # and building each record whole took most of the time this view spent on them.
    records = (
        Action.history.filter(history_date__gte=since, plan__board_id__in=list(rows))  # type: ignore[attr-defined]
        .order_by("history_date", "history_id")
        .values_list(
            "id", "title", "history_date", "history_type", "carried_from_id", "plan__board_id", "history_user_id"
        )
    )
    new: dict[int, _Recorded] = {}
    changed: dict[int, _Recorded] = {}
    for action_id, title, at, history_type, carried_from_id, board_id, by_id in records:
        if history_type == "+" and carried_from_id is not None:
            continue  # a revision's copy of a carried action is a new version of the plan, not new work
        recorded = _Recorded(board_id, action_id, title, at, by_id)
        # A new action's later edits keep it new, and bring its title up to date.
        if history_type == "+" or action_id in new:
            new[action_id] = recorded
        else:
            changed[action_id] = recorded
    by_board: dict[tuple[int, bool], list[_Recorded]] = defaultdict(list)
    for is_new, records_kept in ((True, new), (False, changed)):
        for recorded in records_kept.values():
            by_board[recorded.board_id, is_new].append(recorded)
    shown = {key: _latest(group) for key, group in by_board.items()}
    people = User.objects.in_bulk({record.by_id for group in shown.values() for record in group if record.by_id})
    for board_id, row in rows.items():
        changes = row.changes
        changes.new_actions_count = len(by_board[board_id, True])
        changes.changed_actions_count = len(by_board[board_id, False])
        changes.new_actions = [record.change(people) for record in shown.get((board_id, True), [])]
        changes.changed_actions = [record.change(people) for record in shown.get((board_id, False), [])]

    updates = ProgressUpdate.objects.filter(recorded_at__gte=since, action__plan__board_id__in=list(rows))
    board = F("action__plan__board_id")
    latest_updates = first_per(updates, partition=board, order=["-recorded_at", "-pk"], limit=EXECUTIVE_CHANGES_SHOWN)
    for board_id, count in latest_updates.sizes.items():
        rows[board_id].changes.progress_updates_count = count
    for update in latest_updates.rows.select_related("action__plan", "recorded_by").order_by("-recorded_at", "-pk"):
        rows[update.action.plan.board_id].changes.progress_updates.append(update)

    events = EscalationEvent.objects.filter(
        at__gte=since,
        to_state__in=[EscalationState.RAISED, EscalationState.ESCALATED, EscalationState.RESOLVED],
        escalation__in=visible_escalations,
    )
    board = F("escalation__board_id")
    latest_events = first_per(events, partition=board, order=["-at", "-pk"], limit=EXECUTIVE_CHANGES_SHOWN)
    for board_id, count in latest_events.sizes.items():
        rows[board_id].changes.escalation_events_count = count
    for event in latest_events.rows.select_related("escalation", "by").order_by("-at", "-pk"):
        rows[event.escalation.board_id].changes.escalation_events.append(event)


class _Recorded(NamedTuple):
    """An action's latest history record in the period, before the page picks the few it shows."""

    board_id: int
    action_id: int
    title: str
    at: datetime.datetime
    by_id: int | None

    def change(self, people: dict[int, User]) -> ActionChange:
        return ActionChange(self.action_id, self.title, self.at, people.get(self.by_id) if self.by_id else None)


def _latest(records: list[_Recorded]) -> list[_Recorded]:
    """The newest few, newest first, as every list of latest changes in the service runs."""
    return sorted(records, key=lambda record: record.at, reverse=True)[:EXECUTIVE_CHANGES_SHOWN]
