"""Who may do what: roles from board memberships and partnership roles, and the plan's life cycle."""

from __future__ import annotations

import pytest

from actions import services
from actions.choices import ActionStatus, PlanStatus
from actions.models import Action, ActionPlan
from boards.choices import MembershipRole
from boards.models import Board
from swp.choices import PartnershipRole
from swp.models import User
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.boards.factories import MembershipFactory
from tests.swp.factories import RoleAssignmentFactory, UserFactory


def _person(request: pytest.FixtureRequest, name: str) -> User:
    return request.getfixturevalue(name)


PLAN_EDITORS = ("victim_chair",)
NOT_PLAN_EDITORS = (
    "offender_chair",
    "swp_chair",
    "action_owner",
    "uncleared_member",
    "scrutiny_member",
    "tasking_officer",
    "analyst",
)


class TestDraftPlan:
    @pytest.mark.parametrize("persona", PLAN_EDITORS)
    @pytest.mark.parametrize("permission", ["actions.change_plan", "actions.add_action", "actions.submit_plan"])
    def test_the_boards_chair_edits_and_submits(
        self, request: pytest.FixtureRequest, owned_action: Action, persona: str, permission: str
    ) -> None:
        assert _person(request, persona).has_perm(permission, owned_action.plan)

    @pytest.mark.parametrize("persona", NOT_PLAN_EDITORS)
    @pytest.mark.parametrize("permission", ["actions.change_plan", "actions.add_action", "actions.submit_plan"])
    def test_nobody_else_does(
        self, request: pytest.FixtureRequest, owned_action: Action, persona: str, permission: str
    ) -> None:
        assert not _person(request, persona).has_perm(permission, owned_action.plan)

    def test_a_vice_chair_edits_too(self, victim_plan: ActionPlan) -> None:
        vice_chair = UserFactory()
        MembershipFactory(board=victim_plan.board, user=vice_chair, role=MembershipRole.VICE_CHAIR)
        assert vice_chair.has_perm("actions.add_action", victim_plan)

    def test_a_partnership_administrator_edits_any_board_they_may_see(self, victim_plan: ActionPlan) -> None:
        administrator = UserFactory()
        RoleAssignmentFactory(user=administrator, role=PartnershipRole.ADMIN)
        assert administrator.has_perm("actions.change_plan", victim_plan)

    @pytest.mark.parametrize("persona", ["victim_chair", "uncleared_member", "scrutiny_member", "offender_chair"])
    def test_anyone_who_may_see_the_board_reads_the_plan(
        self, request: pytest.FixtureRequest, victim_plan: ActionPlan, persona: str
    ) -> None:
        assert _person(request, persona).has_perm("actions.view_plan", victim_plan)


class TestLifeCycle:
    @pytest.mark.parametrize("status", [PlanStatus.SUBMITTED, PlanStatus.APPROVED, PlanStatus.SUPERSEDED])
    def test_a_plan_out_of_draft_is_read_only_even_for_its_chair(
        self, victim_board: Board, victim_chair: User, status: PlanStatus
    ) -> None:
        plan = ActionPlanFactory(board=victim_board, status=status)
        action = ActionFactory(plan=plan)
        for permission, obj in [
            ("actions.change_plan", plan),
            ("actions.add_action", plan),
            ("actions.submit_plan", plan),
            ("actions.change_action", action),
            ("actions.cancel_action", action),
        ]:
            assert not victim_chair.has_perm(permission, obj), permission

    def test_a_returned_plan_is_the_chairs_to_change_again(self, victim_board: Board, victim_chair: User) -> None:
        plan = ActionPlanFactory(board=victim_board, status=PlanStatus.RETURNED)
        assert victim_chair.has_perm("actions.add_action", plan)
        assert victim_chair.has_perm("actions.submit_plan", plan)

    @pytest.mark.parametrize("permission", ["actions.approve_plan", "actions.return_plan"])
    def test_only_an_swp_approver_decides_on_a_submitted_plan(
        self, submitted_plan: ActionPlan, swp_chair: User, offender_chair: User, executive_chair: User, permission: str
    ) -> None:
        assert swp_chair.has_perm(permission, submitted_plan)
        assert not offender_chair.has_perm(permission, submitted_plan)
        assert not executive_chair.has_perm(permission, submitted_plan)

    def test_an_approver_who_submitted_the_plan_may_return_it_but_not_approve_it(
        self, victim_plan: ActionPlan, victim_chair: User, swp_chair: User
    ) -> None:
        RoleAssignmentFactory(user=victim_chair, role=PartnershipRole.SWP_APPROVER)
        ActionFactory(plan=victim_plan)
        submitted = services.plan_submit(plan=victim_plan, by=victim_chair)

        assert not victim_chair.has_perm("actions.approve_plan", submitted)
        assert victim_chair.has_perm("actions.return_plan", submitted)
        assert swp_chair.has_perm("actions.approve_plan", submitted)

    def test_an_approver_cannot_approve_a_draft(self, victim_plan: ActionPlan, swp_chair: User) -> None:
        assert not swp_chair.has_perm("actions.approve_plan", victim_plan)

    def test_a_revision_starts_from_the_newest_approved_version_only(
        self, approved_plan: ActionPlan, executive_chair: User, offender_chair: User
    ) -> None:
        assert executive_chair.has_perm("actions.start_revision", approved_plan)
        assert not offender_chair.has_perm("actions.start_revision", approved_plan)

        services.plan_revise(plan=approved_plan, by=executive_chair)

        assert not executive_chair.has_perm("actions.start_revision", approved_plan)


class TestActions:
    def test_the_chair_changes_and_cancels_an_action_but_not_a_cancelled_one(
        self, owned_action: Action, victim_chair: User
    ) -> None:
        assert victim_chair.has_perm("actions.change_action", owned_action)
        assert victim_chair.has_perm("actions.cancel_action", owned_action)
        owned_action.status = ActionStatus.CANCELLED
        assert not victim_chair.has_perm("actions.change_action", owned_action)
        assert not victim_chair.has_perm("actions.cancel_action", owned_action)

    def test_the_owner_reports_progress_but_does_not_edit(self, owned_action: Action, action_owner: User) -> None:
        assert action_owner.has_perm("actions.add_progress_update", owned_action)
        assert not action_owner.has_perm("actions.change_action", owned_action)

    def test_the_chair_reports_progress_on_any_action_of_the_board(
        self, owned_action: Action, victim_chair: User
    ) -> None:
        assert victim_chair.has_perm("actions.add_progress_update", owned_action)

    @pytest.mark.parametrize("persona", ["uncleared_member", "offender_chair", "swp_chair", "scrutiny_member"])
    def test_others_do_not_report_progress(
        self, request: pytest.FixtureRequest, owned_action: Action, persona: str
    ) -> None:
        assert not _person(request, persona).has_perm("actions.add_progress_update", owned_action)

    def test_an_owner_reports_on_an_approved_plan_too(self, approved_plan: ActionPlan) -> None:
        owner = UserFactory()
        action = ActionFactory(plan=approved_plan, objective=approved_plan.actions.first().objective, owner=owner)
        assert owner.has_perm("actions.add_progress_update", action)


class TestConfidentiality:
    @pytest.mark.parametrize(
        "permission",
        ["actions.view_action", "actions.change_action", "actions.cancel_action", "actions.add_progress_update"],
    )
    def test_the_uncleared_hold_no_permission_on_a_confidential_action_whatever_their_role(
        self, contest_action: Action, permission: str
    ) -> None:
        uncleared_chair = UserFactory()
        MembershipFactory(board=contest_action.plan.board, user=uncleared_chair, role=MembershipRole.CHAIR)
        contest_action.owner = uncleared_chair

        assert not uncleared_chair.has_perm(permission, contest_action)

    def test_the_cleared_chair_works_on_it(self, contest_action: Action, contest_chair: User) -> None:
        assert contest_chair.has_perm("actions.change_action", contest_action)
        assert contest_chair.has_perm("actions.view_plan", contest_action.plan)

    def test_no_permission_is_granted_without_an_object(self, victim_chair: User) -> None:
        # Django's admin asks this way; an object permission must not leak into a model-wide one.
        assert not victim_chair.has_perm("actions.change_action")
        assert not victim_chair.has_perm("actions.view_plan")
