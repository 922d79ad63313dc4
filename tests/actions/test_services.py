"""The writes: a plan's life cycle, actions with one history record per save, no lost updates,
and progress updates that follow an action across plan versions."""

from __future__ import annotations

from dataclasses import replace

import pytest

from actions import services
from actions.choices import ActionStatus, PlanStatus, Rag
from actions.models import Action, ActionPlan, PlanTransition
from boards.models import Board
from priorities.models import Cohort, Objective
from swp.models import Organisation, Place, User
from tests.actions.conftest import in_days
from tests.actions.factories import ActionFactory, ActionPlanFactory


def _fields(objective: Objective, **overrides: object) -> services.ActionFields:
    values: dict[str, object] = {
        "objective": objective,
        "title": "Joint visits to repeat victims",
        "description": "",
        "owner": None,
        "lead_organisation": None,
        "due_date": in_days(30),
        "places": [],
        "cohorts": [],
    }
    values.update(overrides)
    return services.ActionFields(**values)  # type: ignore[arg-type]


def _steps(plan: ActionPlan) -> list[tuple[str, str, str]]:
    return [(t.from_status, t.to_status, t.by.username if t.by else "") for t in plan.transitions.order_by("pk")]


class TestPlanLifeCycle:
    def test_a_chair_starts_the_first_plan_as_a_draft(self, victim_board: Board, victim_chair: User) -> None:
        plan = services.plan_create(board=victim_board, by=victim_chair)

        assert (plan.version, plan.status) == (1, PlanStatus.DRAFT)
        assert _steps(plan) == [("", PlanStatus.DRAFT, "victim-chair")]

    def test_a_board_has_one_first_plan(self, victim_plan: ActionPlan, victim_chair: User) -> None:
        with pytest.raises(services.PlanStateError, match="already has an action plan"):
            services.plan_create(board=victim_plan.board, by=victim_chair)

    def test_submit_then_approve_records_who_moved_it_and_when(
        self, owned_action: Action, victim_chair: User, swp_chair: User
    ) -> None:
        plan = owned_action.plan

        services.plan_submit(plan=plan, by=victim_chair)
        services.plan_approve(plan=plan, by=swp_chair)

        plan.refresh_from_db()
        assert plan.status == PlanStatus.APPROVED
        assert _steps(plan) == [
            (PlanStatus.DRAFT, PlanStatus.SUBMITTED, "victim-chair"),
            (PlanStatus.SUBMITTED, PlanStatus.APPROVED, "swp-chair"),
        ]
        assert all(step.at is not None for step in plan.transitions.all())
        assert plan.status_changed_at == plan.transitions.latest("at").at

    def test_a_plan_without_actions_cannot_be_submitted(self, victim_plan: ActionPlan, victim_chair: User) -> None:
        with pytest.raises(services.PlanStateError, match="at least one action"):
            services.plan_submit(plan=victim_plan, by=victim_chair)
        victim_plan.refresh_from_db()
        assert victim_plan.status == PlanStatus.DRAFT

    def test_a_returned_plan_keeps_the_reason_and_can_be_changed_and_submitted_again(
        self, submitted_plan: ActionPlan, swp_chair: User, offender_chair: User
    ) -> None:
        services.plan_return(plan=submitted_plan, by=swp_chair, reason="Add owners to every action.")

        submitted_plan.refresh_from_db()
        assert submitted_plan.status == PlanStatus.RETURNED
        assert submitted_plan.is_editable
        assert submitted_plan.transitions.get(to_status=PlanStatus.RETURNED).reason == "Add owners to every action."

        services.plan_submit(plan=submitted_plan, by=offender_chair)
        submitted_plan.refresh_from_db()
        assert submitted_plan.status == PlanStatus.SUBMITTED

    def test_returning_needs_a_reason(self, submitted_plan: ActionPlan, swp_chair: User) -> None:
        with pytest.raises(ValueError, match="reason"):
            services.plan_return(plan=submitted_plan, by=swp_chair, reason="  ")
        assert not PlanTransition.objects.filter(plan=submitted_plan).exists()

    @pytest.mark.parametrize(
        ("status", "transition"),
        [
            (PlanStatus.DRAFT, "approve"),
            (PlanStatus.APPROVED, "approve"),
            (PlanStatus.APPROVED, "submit"),
            (PlanStatus.SUBMITTED, "submit"),
            (PlanStatus.SUPERSEDED, "revise"),
            (PlanStatus.DRAFT, "revise"),
        ],
    )
    def test_a_transition_from_the_wrong_state_is_refused(
        self, victim_board: Board, victim_chair: User, status: PlanStatus, transition: str
    ) -> None:
        plan = ActionPlanFactory(board=victim_board, status=status)
        ActionFactory(plan=plan)
        run = {"approve": services.plan_approve, "submit": services.plan_submit, "revise": services.plan_revise}

        with pytest.raises(services.PlanStateError):
            run[transition](plan=plan, by=victim_chair)

        plan.refresh_from_db()
        assert plan.status == status


class TestRevisions:
    def test_a_revision_copies_the_actions_that_are_not_cancelled(
        self,
        approved_plan: ActionPlan,
        executive_chair: User,
        church_street: Place,
        repeat_victims: Cohort,
    ) -> None:
        kept = approved_plan.actions.get()
        kept.places.set([church_street])
        kept.cohorts.set([repeat_victims])
        ActionFactory(plan=approved_plan, objective=kept.objective, status=ActionStatus.CANCELLED)

        revision = services.plan_revise(plan=approved_plan, by=executive_chair)

        assert (revision.version, revision.status, revision.revised_from) == (2, PlanStatus.DRAFT, approved_plan)
        (copy,) = revision.actions.all()
        assert copy.carried_from == kept
        assert (copy.title, copy.objective, copy.due_date) == (kept.title, kept.objective, kept.due_date)
        assert list(copy.places.all()) == [church_street]
        assert list(copy.cohorts.all()) == [repeat_victims]
        assert copy.history.get().history_change_reason == "Carried into version 2."
        approved_plan.refresh_from_db()
        assert approved_plan.status == PlanStatus.APPROVED

    def test_approving_the_revision_supersedes_the_plan_in_force(
        self, approved_plan: ActionPlan, executive_chair: User, swp_chair: User
    ) -> None:
        revision = services.plan_revise(plan=approved_plan, by=executive_chair)
        services.plan_submit(plan=revision, by=executive_chair)
        services.plan_approve(plan=revision, by=swp_chair)

        approved_plan.refresh_from_db()
        assert approved_plan.status == PlanStatus.SUPERSEDED
        superseded = approved_plan.transitions.get(to_status=PlanStatus.SUPERSEDED)
        assert (superseded.by, superseded.reason) == (swp_chair, "Replaced by version 2.")

    def test_an_approved_plan_is_revised_once_at_a_time(self, approved_plan: ActionPlan, executive_chair: User) -> None:
        services.plan_revise(plan=approved_plan, by=executive_chair)
        with pytest.raises(services.PlanStateError, match="already a revision"):
            services.plan_revise(plan=approved_plan, by=executive_chair)
        assert approved_plan.board.action_plans.count() == 2


class TestActions:
    def test_an_action_is_added_after_the_others_with_one_history_record(
        self,
        owned_action: Action,
        victim_chair: User,
        action_owner: User,
        police: Organisation,
        church_street: Place,
        repeat_victims: Cohort,
    ) -> None:
        action = services.action_create(
            plan=owned_action.plan,
            by=victim_chair,
            fields=_fields(
                owned_action.objective,
                owner=action_owner,
                lead_organisation=police,
                places=[church_street],
                cohorts=[repeat_victims],
            ),
        )

        assert action.order > owned_action.order
        (record,) = action.history.all()
        assert (record.history_type, record.history_user) == ("+", victim_chair)
        assert [row.place for row in record.places.all()] == [church_street]
        assert [row.cohort for row in record.cohorts.all()] == [repeat_victims]

    def test_nothing_is_added_to_an_approved_plan(self, approved_plan: ActionPlan, executive_chair: User) -> None:
        objective = approved_plan.actions.get().objective
        with pytest.raises(services.PlanStateError, match="approved"):
            services.action_create(plan=approved_plan, by=executive_chair, fields=_fields(objective))
        assert approved_plan.actions.count() == 1

    def test_an_edit_saves_bumps_the_version_and_records_one_change(
        self, owned_action: Action, victim_chair: User
    ) -> None:
        before = owned_action.history.count()

        services.action_update(
            action=owned_action,
            by=victim_chair,
            opened_version=0,
            fields=_fields(owned_action.objective, title="MARAC case review, all high-risk cases"),
            status=ActionStatus.IN_PROGRESS,
        )

        owned_action.refresh_from_db()
        assert owned_action.title == "MARAC case review, all high-risk cases"
        assert owned_action.lock_version == 1
        assert owned_action.history.count() == before + 1
        assert owned_action.history.latest().history_user == victim_chair

    def test_an_edit_that_changes_nothing_saves_nothing(
        self, owned_action: Action, victim_chair: User, repeat_victims: Cohort
    ) -> None:
        owned_action.cohorts.set([repeat_victims])
        unchanged = _fields(
            owned_action.objective,
            title=owned_action.title,
            owner=owned_action.owner,
            lead_organisation=owned_action.lead_organisation,
            due_date=owned_action.due_date,
            cohorts=[repeat_victims],
        )
        records = owned_action.history.count()

        saved = services.action_update(
            action=owned_action, by=victim_chair, opened_version=0, fields=unchanged, status=owned_action.status
        )
        owned_action.refresh_from_db()
        assert (saved.lock_version, owned_action.lock_version, owned_action.history.count()) == (0, 0, records)

        # A change to a place or cohort alone is a change.
        services.action_update(
            action=owned_action,
            by=victim_chair,
            opened_version=0,
            fields=replace(unchanged, cohorts=[]),
            status=owned_action.status,
        )
        owned_action.refresh_from_db()
        assert (owned_action.lock_version, owned_action.history.count()) == (1, records + 1)

    def test_a_stale_edit_is_refused_and_saves_nothing(self, owned_action: Action, victim_chair: User) -> None:
        services.action_update(
            action=owned_action,
            by=victim_chair,
            opened_version=0,
            fields=_fields(owned_action.objective, title="First save"),
            status=ActionStatus.IN_PROGRESS,
        )

        with pytest.raises(services.ActionConflict) as refused:
            services.action_update(
                action=owned_action,
                by=victim_chair,
                opened_version=0,
                fields=_fields(owned_action.objective, title="Second save, opened before the first"),
                status=ActionStatus.COMPLETED,
            )

        owned_action.refresh_from_db()
        assert (owned_action.title, owned_action.status, owned_action.lock_version) == (
            "First save",
            ActionStatus.IN_PROGRESS,
            1,
        )
        assert refused.value.current.title == "First save"

    def test_cancelling_keeps_the_action_and_records_why(self, owned_action: Action, victim_chair: User) -> None:
        services.action_cancel(action=owned_action, by=victim_chair, reason="Merged into the referral pathway.")

        owned_action.refresh_from_db()
        assert owned_action.status == ActionStatus.CANCELLED
        latest = owned_action.history.latest()
        assert (latest.history_user, latest.history_change_reason) == (
            victim_chair,
            "Merged into the referral pathway.",
        )

    def test_an_approved_plans_action_cannot_be_cancelled(
        self, approved_plan: ActionPlan, executive_chair: User
    ) -> None:
        action = approved_plan.actions.get()
        with pytest.raises(services.PlanStateError):
            services.action_cancel(action=action, by=executive_chair, reason="No longer needed.")
        action.refresh_from_db()
        assert action.status == ActionStatus.NOT_STARTED


class TestProgressUpdates:
    def test_an_update_becomes_the_actions_rag_without_editing_the_action(
        self, owned_action: Action, action_owner: User
    ) -> None:
        history_before = owned_action.history.count()

        update = services.progress_update_create(
            action=owned_action, by=action_owner, rag=Rag.GREEN, narrative="  All cases reviewed.  "
        )

        owned_action.refresh_from_db()
        assert (update.rag, update.narrative, update.recorded_by) == (Rag.GREEN, "All cases reviewed.", action_owner)
        assert owned_action.rag == Rag.GREEN
        assert owned_action.lock_version == 0
        assert owned_action.history.count() == history_before

    def test_updates_are_added_never_overwritten(self, owned_action: Action, action_owner: User) -> None:
        services.progress_update_create(action=owned_action, by=action_owner, rag=Rag.AMBER, narrative="Slipping.")
        services.progress_update_create(action=owned_action, by=action_owner, rag=Rag.GREEN, narrative="Recovered.")

        assert [u.narrative for u in owned_action.progress_updates.all()] == ["Recovered.", "Slipping."]

    def test_an_update_on_the_plan_in_force_shows_on_its_draft_revision(
        self, approved_plan: ActionPlan, executive_chair: User
    ) -> None:
        original = approved_plan.actions.get()
        revision = services.plan_revise(plan=approved_plan, by=executive_chair)
        copy = revision.actions.get()
        assert not copy.takes_progress_updates

        services.progress_update_create(action=original, by=executive_chair, rag=Rag.RED, narrative="Blocked.")

        copy.refresh_from_db()
        assert copy.rag == Rag.RED
        with pytest.raises(services.PlanStateError):
            services.progress_update_create(action=copy, by=executive_chair, rag=Rag.GREEN, narrative="Wrong place.")

    def test_work_reported_done_on_the_plan_in_force_is_done_in_its_draft_revision_too(
        self, approved_plan: ActionPlan, executive_chair: User
    ) -> None:
        original = approved_plan.actions.get()
        copy = services.plan_revise(plan=approved_plan, by=executive_chair).actions.get()
        copy_opened_at = copy.lock_version

        services.progress_update_create(
            action=original, by=executive_chair, rag=Rag.GREEN, narrative="Done.", status=ActionStatus.COMPLETED
        )

        original.refresh_from_db()
        copy.refresh_from_db()
        assert original.status == copy.status == ActionStatus.COMPLETED
        # A chair editing the copy meanwhile is told it changed, rather than saving the old status over it.
        assert copy.lock_version == copy_opened_at + 1
        assert copy.history.first().history_change_reason == "Completed, as a progress update said."

    def test_a_draft_copy_the_chair_set_otherwise_keeps_its_status(
        self, approved_plan: ActionPlan, executive_chair: User
    ) -> None:
        approved_plan.actions.update(status=ActionStatus.IN_PROGRESS)
        original = approved_plan.actions.get()
        copy = services.plan_revise(plan=approved_plan, by=executive_chair).actions.get()
        Action.objects.filter(pk=copy.pk).update(status=ActionStatus.NOT_STARTED)

        services.progress_update_create(
            action=original,
            by=executive_chair,
            rag=Rag.GREEN,
            narrative="Done.",
            status=ActionStatus.COMPLETED,
            status_opened=original.status,
        )

        original.refresh_from_db()
        copy.refresh_from_db()
        assert (original.status, copy.status) == (ActionStatus.COMPLETED, ActionStatus.NOT_STARTED)
        with pytest.raises(services.StatusChanged):
            services.progress_update_create(
                action=original,
                by=executive_chair,
                rag=Rag.GREEN,
                narrative="Opened before it was completed.",
                status=ActionStatus.IN_PROGRESS,
                status_opened=ActionStatus.NOT_STARTED,
            )
        assert original.progress_updates.count() == 1

    def test_an_update_that_leaves_the_status_as_it_was_changes_no_version_and_no_history(
        self, approved_plan: ActionPlan, executive_chair: User
    ) -> None:
        action = approved_plan.actions.get()
        records = action.history.count()

        services.progress_update_create(
            action=action, by=executive_chair, rag=Rag.AMBER, narrative="Going.", status=action.status
        )

        action.refresh_from_db()
        assert (action.lock_version, action.history.count()) == (0, records)
        with pytest.raises(ValueError, match="cannot make an action cancelled"):
            services.progress_update_create(
                action=action, by=executive_chair, rag=Rag.AMBER, narrative="Stop.", status=ActionStatus.CANCELLED
            )

    def test_an_action_new_to_a_draft_revision_takes_its_own_updates_at_once(
        self, approved_plan: ActionPlan, executive_chair: User
    ) -> None:
        # Such as one agreed at a meeting: it has no approved version to report on (ADR 0002).
        revision = services.plan_revise(plan=approved_plan, by=executive_chair)
        new = ActionFactory(plan=revision, title="Agreed at tasking")

        services.progress_update_create(action=new, by=executive_chair, rag=Rag.AMBER, narrative="Started.")

        new.refresh_from_db()
        assert new.takes_progress_updates
        assert new.rag == Rag.AMBER

    def test_a_superseded_plans_action_takes_no_updates(
        self, approved_plan: ActionPlan, executive_chair: User, swp_chair: User
    ) -> None:
        original = approved_plan.actions.get()
        revision = services.plan_revise(plan=approved_plan, by=executive_chair)
        services.plan_submit(plan=revision, by=executive_chair)
        services.plan_approve(plan=revision, by=swp_chair)
        original.refresh_from_db()
        original.plan.refresh_from_db()

        with pytest.raises(services.PlanStateError):
            services.progress_update_create(action=original, by=executive_chair, rag=Rag.GREEN, narrative="Late.")
        assert Action.objects.get(carried_from=original).takes_progress_updates


class TestActionsAgreedAtMeetings:
    """They arrive without an objective; the plan goes for approval only once each has one."""

    def test_a_plan_is_not_submitted_while_an_action_has_no_objective(
        self, owned_action: Action, victim_chair: User
    ) -> None:
        ActionFactory(plan=owned_action.plan, objective=None, title="Agreed at tasking")

        with pytest.raises(services.PlanStateError, match="1 agreed at meetings is not linked yet"):
            services.plan_submit(plan=owned_action.plan, by=victim_chair)

        owned_action.plan.refresh_from_db()
        assert owned_action.plan.status == PlanStatus.DRAFT

    def test_a_board_without_objectives_submits_its_plan_as_it_is(
        self, executive_board: Board, executive_chair: User
    ) -> None:
        plan = ActionPlanFactory(board=executive_board, status=PlanStatus.DRAFT)
        ActionFactory(plan=plan, objective=None, title="Agreed at tasking")

        assert services.plan_submit(plan=plan, by=executive_chair).status == PlanStatus.SUBMITTED

    def test_a_cancelled_one_does_not_hold_the_plan_back(self, owned_action: Action, victim_chair: User) -> None:
        ActionFactory(plan=owned_action.plan, objective=None, status=ActionStatus.CANCELLED)

        plan = services.plan_submit(plan=owned_action.plan, by=victim_chair)

        assert plan.status == PlanStatus.SUBMITTED

    def test_a_revision_carries_one_without_an_objective_as_it_is(
        self, approved_plan: ActionPlan, executive_chair: User
    ) -> None:
        ActionFactory(plan=approved_plan, objective=None, title="Agreed at tasking")

        revision = services.plan_revise(plan=approved_plan, by=executive_chair)

        assert revision.actions.get(title="Agreed at tasking").objective is None
