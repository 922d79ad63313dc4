from itertools import groupby
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict

from actions.choices import ActionStatus
from actions.filters import PROGRESS_CHOICES, SORTS, ActionFilter
from actions.history import action_history
from actions.models import Action, ActionPlan
from actions.selectors import (
    action_reported_on,
    is_overdue,
    plan_actions,
    plan_current,
    plan_is_newest,
    plan_objective_ends,
    plan_transitions,
    progress_timeline,
    progress_updates_recent,
    rag_summary,
)
from actions.selectors.executive import executive_overview
from boards.models import Board
from boards.rules import can_see_meeting
from swp.models import Partnership, User
from swp.pagination import page_asked
from swp.sections import Section
from swp.types import AuthenticatedRequest


def board_plan_summary(*, reader: User, board: Board) -> dict[str, Any] | None:
    """The board page's view of its plan: the RAG summary of the plan in force and the latest updates."""
    if board.is_external:
        return None  # a linked board keeps its own plan outside the partnership
    plan = plan_current(board=board)
    if plan is None:
        return {"board": board, "plan": None}
    return {
        "board": board,
        "plan": plan,
        "summary": rag_summary(plan=plan),
        "updates": progress_updates_recent(plan=plan),
    }


def executive_overview_section(*, reader: User, partnership: Partnership) -> dict[str, Any]:
    """The Executive's view across the boards the reader may see (the page checked who may open it)."""
    return {"overview": executive_overview(user=reader, partnership=partnership)}


# The action page shows this many of the newest progress updates and history entries; a link shows the rest.
LATEST_SHOWN = 20


def action_heading(*, reader: User, action: Action) -> dict[str, Any]:
    return {"action": action, "plan": action.plan, "is_overdue": is_overdue(action)}


def action_controls(*, request: AuthenticatedRequest, action: Action) -> dict[str, Any] | None:
    """What the person may do with the action: buttons under its title."""
    may = {
        name: request.user.has_perm(f"actions.{name}", action)
        for name in ("add_progress_update", "change_action", "cancel_action")
    }
    if not any(may.values()):
        return None
    return {
        "action": action,
        "can_update": may["add_progress_update"],
        "can_change": may["change_action"],
        "can_cancel": may["cancel_action"],
    }


def action_record(*, reader: User, action: Action, asked: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """Where the action came from, its details, its progress and its history of changes."""
    # Which lists are shown whole: ?all=updates, ?all=history, or both, each link keeping the other.
    whole = {name for name in asked["all"] if name in ("updates", "history")}
    # One row more than is shown tells whether there are more, without counting them.
    timeline = progress_timeline(action=action, limit=None if "updates" in whole else LATEST_SHOWN + 1)
    history = action_history(action=action, limit=None if "history" in whole else LATEST_SHOWN + 1)
    meeting = action.source_outcome.meeting if action.source_outcome else None
    return {
        "action": action,
        "plan": action.plan,
        # A replaced version, or a draft revision's copy, points to the version that takes its updates.
        "reported_on": action_reported_on(action=action),
        # By clearance, not permission: an administrator holds every permission, not every clearance.
        "source_meeting": meeting if can_see_meeting(reader, meeting) else None,
        "places": list(action.places.all()),
        "cohorts": list(action.cohorts.all()),
        "latest": timeline[0] if timeline else None,
        "timeline": timeline if "updates" in whole else timeline[:LATEST_SHOWN],
        "more_updates": "updates" not in whole and len(timeline) > LATEST_SHOWN,
        "history": history if "history" in whole else history[:LATEST_SHOWN],
        "more_history": "history" not in whole and len(history) > LATEST_SHOWN,
        "whole_updates": urlencode([("all", name) for name in sorted(whole | {"updates"})]),
        "whole_history": urlencode([("all", name) for name in sorted(whole | {"history"})]),
    }


def _plan_actions(*, plan: ActionPlan, query: QueryDict, can_move: bool) -> dict[str, Any]:
    filterset = ActionFilter(query, queryset=plan_actions(plan=plan), plan=plan)
    page = page_asked(query, filterset.qs)
    # In the plan's own order the actions sit under their objectives; sorted, they are one list.
    groups = [] if filterset.sorted_by else [(o, list(a)) for o, a in groupby(page.object_list, lambda a: a.objective)]
    first_actions, last_actions = plan_objective_ends(plan=plan) if can_move else (set(), set())
    return {
        "board": plan.board,
        "plan": plan,
        "is_newest": plan_is_newest(plan=plan),
        "summary": rag_summary(plan=plan),
        "filter": filterset,
        "page": page,
        "groups": groups,
        "first_actions": first_actions,
        "last_actions": last_actions,
        "can_move": can_move,
        # Actions without an objective are "not yet linked" only where the board has objectives.
        "has_objectives": plan.board.objectives.exists(),
        "query": query,
    }


def plan_actions_list(*, reader: User, plan: ActionPlan, query: QueryDict) -> dict[str, Any]:
    """The plan's summary and its actions, filtered, sorted and paged as the address asks."""
    return _plan_actions(plan=plan, query=query, can_move=False)


def plan_actions_movable(*, request: AuthenticatedRequest, plan: ActionPlan) -> dict[str, Any]:
    """The same for the chair of a plan being drafted, with a button to move each action."""
    return _plan_actions(plan=plan, query=request.GET, can_move=True)


def plan_history(*, reader: User, plan: ActionPlan) -> dict[str, Any]:
    """Each step of this version, and every version of the board's plan."""
    return {
        "board": plan.board,
        "plan": plan,
        "transitions": plan_transitions(plan=plan),
        # Not through plan.board.action_plans: the related manager would set each version's board,
        # reading the deferred board_id once per version.
        "versions": list(
            ActionPlan.objects.filter(board_id=plan.board_id).order_by("-version").only("version", "status")
        ),
    }


# The plan's list is kept for its filters' fixed choices; a page number, an owner or a date is
# rendered for the request.
_PLAN_LIST_ASKED = (
    ("progress", tuple(str(value) for value, _ in PROGRESS_CHOICES)),
    ("sort", tuple(SORTS)),
    ("status", tuple(ActionStatus.values)),
)
PAGE_SECTIONS = [
    ("board", Section("actions/sections/board_plan.html", board_plan_summary, order=20, shared=True)),
    ("action", Section("actions/sections/action_heading.html", action_heading, order=10, shared=True)),
    ("action", Section("actions/sections/action_controls.html", action_controls, order=20)),
    (
        "action",
        Section(
            "actions/sections/action_record.html",
            action_record,
            order=30,
            shared=True,
            asked=(("all", ("history", "updates")),),
        ),
    ),
    (
        "plan",
        Section(
            "actions/sections/plan_actions.html",
            plan_actions_list,
            order=10,
            shared=True,
            asked=_PLAN_LIST_ASKED,
            whole_query=True,
        ),
    ),
    ("plan-movable", Section("actions/sections/plan_actions.html", plan_actions_movable, order=10)),
    ("plan", Section("actions/sections/plan_history.html", plan_history, order=20, shared=True)),
    ("plan-movable", Section("actions/sections/plan_history.html", plan_history, order=20, shared=True)),
    (
        "executive",
        Section("actions/sections/executive_overview.html", executive_overview_section, order=10, shared=True),
    ),
]
