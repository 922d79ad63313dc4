"""Who may do what with action plans, actions and progress updates.

Every permission starts from boards.rules.can_see_board: on a board the person may not see they
hold no permission at all, and views answer them with the same 404 as for a missing object before
any of these rules is asked. The rules also encode the plan's life cycle (an approved plan is read
only), so a button hidden by a template is refused by the view for the same reason.
"""

from __future__ import annotations

import rules

from actions.choices import ActionStatus, PlanStatus
from actions.models import Action, ActionPlan
from boards.choices import BoardKind
from boards.models import Board
from boards.rules import board_roles, can_see_board, chairs_board
from swp.rules import is_admin, is_executive, is_signed_in, is_swp_approver

# Every permission below starts with a "sees ... board" predicate, which also refuses a missing
# object, and `&` stops at the first refusal, so the predicates after it may rely on the object.
# Predicates about an object's state take the person too, because django-rules hands a
# predicate as many of (person, object) as its signature names.


@rules.predicate
def sees_plan_board(user, plan: ActionPlan | None) -> bool:  # type: ignore[no-untyped-def]
    # Django's admin asks for model-wide permissions with no object; those are the admin's own.
    return plan is not None and bool(can_see_board(user, plan.board))


@rules.predicate
def chairs_plan_board(user, plan: ActionPlan) -> bool:  # type: ignore[no-untyped-def]
    return bool(chairs_board(user, plan.board))


@rules.predicate
def plan_is_editable(_user: object, plan: ActionPlan) -> bool:
    return plan.is_editable


@rules.predicate
def plan_is_submitted(_user: object, plan: ActionPlan) -> bool:
    return plan.status == PlanStatus.SUBMITTED


@rules.predicate
def submitted_by_someone_else(user, plan: ActionPlan) -> bool:  # type: ignore[no-untyped-def]
    # A plan is presented to the partnership for approval: the approver who submitted a version
    # (a board chair may be one) leaves its approval to another, or it would approve itself.
    submitter = (
        plan.transitions.filter(to_status=PlanStatus.SUBMITTED)
        .order_by("-at", "-pk")
        .values_list("by_id", flat=True)
        .first()
    )
    return submitter is None or submitter != user.pk


@rules.predicate
def plan_is_approved(_user: object, plan: ActionPlan) -> bool:
    return plan.status == PlanStatus.APPROVED


@rules.predicate
def plan_is_newest(_user: object, plan: ActionPlan) -> bool:
    # A second revision of the same approved plan would fork the board's plan in two.
    return not ActionPlan.objects.filter(board_id=plan.board_id, version__gt=plan.version).exists()


@rules.predicate
def sees_action_board(user, action: Action | None) -> bool:  # type: ignore[no-untyped-def]
    return action is not None and bool(can_see_board(user, action.plan.board))


@rules.predicate
def chairs_action_board(user, action: Action) -> bool:  # type: ignore[no-untyped-def]
    return bool(chairs_board(user, action.plan.board))


@rules.predicate
def owns_action(user, action: Action) -> bool:  # type: ignore[no-untyped-def]
    return action.owner_id is not None and action.owner_id == user.pk


@rules.predicate
def action_is_open_for_changes(_user: object, action: Action) -> bool:
    return action.plan.is_editable and action.status != ActionStatus.CANCELLED


@rules.predicate
def action_takes_progress_updates(_user: object, action: Action) -> bool:
    return action.takes_progress_updates


@rules.predicate
def board_has_no_plan(_user: object, board: Board) -> bool:
    return not ActionPlan.objects.filter(board=board).exists()


@rules.predicate
def board_is_linked(_user: object, board: Board) -> bool:
    """A linked external board (Health and Wellbeing, say) keeps its own plan outside the partnership."""
    return board.is_external


runs_plan = chairs_plan_board | is_admin
runs_action_board = chairs_action_board | is_admin

# Boards
rules.add_perm("actions.add_plan", can_see_board & ~board_is_linked & (chairs_board | is_admin) & board_has_no_plan)

# Most permissions below are a role and a state of the plan's life cycle. The roles are permissions
# of their own, so that a view can tell "you may not" from "it moved on since you opened the form"
# (submitted, approved or replaced meanwhile), and keep what the person typed.
runs_this_plan = sees_plan_board & runs_plan
decides_on_plan = sees_plan_board & is_swp_approver
runs_this_action = sees_action_board & runs_action_board
rules.add_perm("actions.run_plan", runs_this_plan)
rules.add_perm("actions.decide_on_plan", decides_on_plan)
rules.add_perm("actions.decide_on_others_plan", decides_on_plan & submitted_by_someone_else)
rules.add_perm("actions.run_action", runs_this_action)

# Plans
rules.add_perm("actions.view_plan", sees_plan_board)
rules.add_perm("actions.change_plan", runs_this_plan & plan_is_editable)
rules.add_perm("actions.add_action", runs_this_plan & plan_is_editable)
rules.add_perm("actions.submit_plan", runs_this_plan & plan_is_editable)
rules.add_perm("actions.approve_plan", decides_on_plan & plan_is_submitted & submitted_by_someone_else)
rules.add_perm("actions.return_plan", decides_on_plan & plan_is_submitted)
rules.add_perm("actions.start_revision", runs_this_plan & plan_is_approved & plan_is_newest)

# Actions
rules.add_perm("actions.view_action", sees_action_board)
rules.add_perm("actions.change_action", runs_this_action & action_is_open_for_changes)
rules.add_perm("actions.cancel_action", runs_this_action & action_is_open_for_changes)
# Reporting on an action is for its owner and its board's chair, and only while it takes updates.
reports_on_action = sees_action_board & (owns_action | chairs_action_board)
rules.add_perm("actions.report_on_action", reports_on_action)
rules.add_perm("actions.add_progress_update", reports_on_action & action_takes_progress_updates)

# The header's "My actions": every signed-in person may own actions.
rules.add_perm("actions.view_my_actions", is_signed_in)


@rules.predicate
def sits_on_executive_board(user) -> bool:  # type: ignore[no-untyped-def]
    if not user.is_authenticated:
        return False
    cached = user.__dict__.get("_sits_on_executive")
    if cached is None:
        seats = list(board_roles(user))
        cached = bool(seats) and Board.objects.filter(pk__in=seats, kind=BoardKind.EXECUTIVE).exists()
        user.__dict__["_sits_on_executive"] = cached
    return cached


# The Executive drives and challenges performance across the boards: its members (the thematic
# chairs sit on it), the partnership's Executive members, and the approvers of the SWP it reports to.
rules.add_perm(
    "actions.view_executive", is_signed_in & (is_executive | sits_on_executive_board | is_swp_approver | is_admin)
)
