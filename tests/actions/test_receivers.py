"""An "action agreed" outcome puts exactly one draft action on the right plan, linked both ways,
whichever state the board's plan is in, and recording or editing the meeting never duplicates it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from actions.choices import ActionStatus, PlanStatus
from actions.models import Action, ActionPlan, PlanTransition
from boards.choices import OutcomeKind
from boards.models import Board, Meeting, MeetingOutcome
from boards.services import OutcomeRow, meeting_create, meeting_update
from swp.models import Organisation, Place, User
from tests.actions.conftest import in_days
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.boards.meeting_data import (
    action_row,
    meeting_details,
    meeting_edit_data,
    meeting_form_data,
    outcome_rows_of,
)

SignedInClient = Callable[[User], Client]

SUMMARY = "Joint patrols around the market on Saturdays\nPolice and council wardens, 10:00 to 14:00."


def _record(board: Board, by: User, owner: User, *boards: Board, **meeting: object) -> Meeting:
    return meeting_create(
        partnership=board.partnership,
        by=by,
        details=meeting_details(*(boards or (board,)), **meeting),
        outcomes=[action_row(board, owner, summary=SUMMARY)],
    )


def _outcomes_removed(meeting: Meeting, *, by: User) -> Meeting:
    details = meeting_details(*meeting.boards.all())
    return meeting_update(meeting=meeting, by=by, lock_version=meeting.lock_version, details=details, outcomes=[])


def _agreed(meeting: Meeting) -> MeetingOutcome:
    return meeting.outcomes.get(kind=OutcomeKind.ACTION_AGREED)


class TestOnADraftPlan:
    def test_one_draft_action_lands_on_the_boards_plan_linked_both_ways(
        self,
        victim_plan: ActionPlan,
        tasking_officer: User,
        action_owner: User,
        police: Organisation,
        church_street: Place,
    ) -> None:
        meeting = _record(victim_plan.board, tasking_officer, action_owner, places=[church_street])

        outcome = _agreed(meeting)
        action = Action.objects.get()
        assert action.plan == victim_plan
        assert action.source_outcome == outcome
        assert outcome.agreed_action == action
        assert action.title == "Joint patrols around the market on Saturdays"
        assert action.description == SUMMARY
        assert action.objective is None
        assert action.status == ActionStatus.NOT_STARTED
        assert (action.owner, action.lead_organisation, action.due_date) == (action_owner, police, outcome.due_date)
        assert list(action.places.all()) == [church_street]
        record = action.history.get()  # type: ignore[attr-defined]
        assert (record.history_type, record.history_user) == ("+", tasking_officer)
        assert record.history_change_reason == "Agreed at Partnership tasking: Church Street."

    def test_it_goes_after_the_plans_other_actions(
        self, owned_action: Action, tasking_officer: User, action_owner: User
    ) -> None:
        _record(owned_action.plan.board, tasking_officer, action_owner)

        agreed = Action.objects.get(source_outcome__isnull=False)
        assert agreed.order > owned_action.order

    def test_editing_the_meeting_does_not_duplicate_it(
        self, victim_plan: ActionPlan, tasking_officer: User, action_owner: User
    ) -> None:
        meeting = _record(victim_plan.board, tasking_officer, action_owner)
        rows = outcome_rows_of(meeting)

        meeting = meeting_update(
            meeting=meeting,
            by=tasking_officer,
            lock_version=meeting.lock_version,
            details=meeting_details(victim_plan.board, title="Tasking, renamed"),
            outcomes=[*rows, OutcomeRow(kind=OutcomeKind.DECISION, summary="Meet again in June")],
        )
        meeting_update(
            meeting=meeting,
            by=tasking_officer,
            lock_version=meeting.lock_version,
            details=meeting_details(victim_plan.board),
            outcomes=outcome_rows_of(meeting),
        )

        assert Action.objects.get().source_outcome == _agreed(meeting)

    @pytest.mark.parametrize(
        ("field", "refused"),
        [
            ("kind", "which stays on record: keep it as it is"),
            ("board", "which stays on that plan: its board cannot change"),
            ("due_date", "the board's chair changes its due date on the action itself"),
            ("owner", "the board's chair changes its owner on the action itself"),
        ],
    )
    def test_what_an_outcome_agreed_is_changed_on_the_action_not_the_meeting(
        self,
        victim_plan: ActionPlan,
        tasking_officer: User,
        action_owner: User,
        victim_chair: User,
        offender_board: Board,
        field: str,
        refused: str,
    ) -> None:
        meeting = _record(victim_plan.board, tasking_officer, action_owner, victim_plan.board, offender_board)
        outcome = _agreed(meeting)
        changed = {
            "kind": OutcomeKind.DECISION,
            "board": offender_board,
            "due_date": in_days(90),
            "owner": victim_chair,
        }[field]

        def edit(**fields: object) -> Meeting:
            fields = {"summary": SUMMARY, "due_date": outcome.due_date, "owner": action_owner, **fields}
            owner, board = fields.pop("owner"), fields.pop("board", victim_plan.board)
            return meeting_update(
                meeting=meeting,
                by=tasking_officer,
                lock_version=Meeting.objects.get(pk=meeting.pk).lock_version,
                details=meeting_details(victim_plan.board, offender_board),
                outcomes=[action_row(board, owner, existing=outcome, **fields)],
            )

        with pytest.raises(ValidationError, match=refused):
            edit(**{field: changed})
        # Rewording what was agreed is the meeting's own business.
        edit(summary=f"{SUMMARY}, and Sundays")

        outcome.refresh_from_db()
        assert (outcome.kind, outcome.owner, outcome.summary) == (
            OutcomeKind.ACTION_AGREED,
            action_owner,
            f"{SUMMARY}, and Sundays",
        )
        assert Action.objects.get().source_outcome == outcome

    def test_an_outcome_that_agreed_an_action_is_not_removed(
        self, victim_plan: ActionPlan, tasking_officer: User, action_owner: User
    ) -> None:
        meeting = _record(victim_plan.board, tasking_officer, action_owner)

        with pytest.raises(ValidationError, match="Victim Board's plan, which stays on record: it cannot be removed"):
            _outcomes_removed(meeting, by=tasking_officer)
        assert _agreed(meeting).agreed_action == Action.objects.get()

    def test_editing_through_the_meeting_page_does_not_duplicate_it_nor_move_its_due_date(
        self, client_for: SignedInClient, victim_plan: ActionPlan, tasking_officer: User, action_owner: User
    ) -> None:
        client = client_for(tasking_officer)
        outcome = {"kind": OutcomeKind.ACTION_AGREED, "summary": SUMMARY, "board": victim_plan.board}
        outcome |= {"owner": action_owner, "due_date": in_days(30)}
        created = client.post("/meetings/new/", meeting_form_data(boards=[victim_plan.board], outcomes=[outcome]))
        assert created.status_code == 302
        meeting = Meeting.objects.get()

        edited = client.post(f"/meetings/{meeting.pk}/edit/", meeting_edit_data(meeting, title="Tasking, edited"))

        assert edited.status_code == 302
        assert Action.objects.count() == 1
        assert Action.objects.get().source_outcome == _agreed(meeting)

        # The edit page offers only the wording of what it agreed; a due date posted anyway is ignored.
        page = client.get(f"/meetings/{meeting.pk}/edit/").content.decode()
        assert "Its board, owner and due date stay as agreed" in page
        agreed = _agreed(meeting)
        row = {"id": agreed.pk, "kind": agreed.kind, "summary": SUMMARY, "board": victim_plan.board}
        row |= {"owner": action_owner, "due_date": in_days(60)}
        meeting.refresh_from_db()
        ignored = client.post(f"/meetings/{meeting.pk}/edit/", meeting_edit_data(meeting, outcomes=[row]))
        assert ignored.status_code == 302
        assert _agreed(meeting).due_date == Action.objects.get().due_date == in_days(30)

    def test_a_meeting_stays_editable_after_the_agreed_actions_owner_leaves(
        self, client_for: SignedInClient, victim_plan: ActionPlan, tasking_officer: User, action_owner: User
    ) -> None:
        meeting = _record(victim_plan.board, tasking_officer, action_owner)
        action_owner.is_active = False
        action_owner.save()

        edited = client_for(tasking_officer).post(
            f"/meetings/{meeting.pk}/edit/", meeting_edit_data(meeting, title="Tasking, renamed")
        )

        assert edited.status_code == 302
        assert Meeting.objects.get().title == "Tasking, renamed"

    def test_an_outcome_switched_away_before_actions_were_kept_in_step_stays_as_it_is(
        self, victim_plan: ActionPlan, tasking_officer: User, action_owner: User, offender_board: Board
    ) -> None:
        meeting = _record(victim_plan.board, tasking_officer, action_owner, victim_plan.board, offender_board)
        outcome = _agreed(meeting)
        MeetingOutcome.objects.filter(pk=outcome.pk).update(kind=OutcomeKind.DECISION)

        with pytest.raises(ValidationError, match="keep it as it is"):
            meeting_update(
                meeting=meeting,
                by=tasking_officer,
                lock_version=meeting.lock_version,
                details=meeting_details(victim_plan.board, offender_board),
                outcomes=[action_row(offender_board, action_owner, summary=SUMMARY, existing=outcome)],
            )

    def test_someone_who_may_not_see_the_actions_board_is_not_told_what_it_is(
        self, contest_plan: ActionPlan, victim_plan: ActionPlan, tasking_officer: User, action_owner: User
    ) -> None:
        # An outcome edited before actions were kept in step can point at another board than its action.
        meeting = _record(victim_plan.board, tasking_officer, action_owner)
        Action.objects.filter(source_outcome=_agreed(meeting)).update(plan=contest_plan, title="Prevent pathway")

        with pytest.raises(ValidationError) as refused:
            _outcomes_removed(meeting, by=tasking_officer)
        assert "This outcome agreed an action on a board's plan" in str(refused.value)
        assert "CONTEST" not in str(refused.value)
        assert "Prevent pathway" not in str(refused.value)

    def test_a_returned_plan_takes_it_too(self, victim_board: Board, tasking_officer: User, action_owner: User) -> None:
        returned = ActionPlanFactory(board=victim_board, status=PlanStatus.RETURNED)

        _record(victim_board, tasking_officer, action_owner)

        assert Action.objects.get().plan == returned


class TestOnAPlanThatCannotTakeItAsItIs:
    def test_a_board_without_a_plan_gets_its_first_draft(
        self, victim_board: Board, tasking_officer: User, action_owner: User
    ) -> None:
        _record(victim_board, tasking_officer, action_owner)

        plan = ActionPlan.objects.get(board=victim_board)
        assert (plan.version, plan.status) == (1, PlanStatus.DRAFT)
        assert Action.objects.get().plan == plan
        step = plan.transitions.get()
        assert (step.by, step.reason) == (tasking_officer, "Action agreed at Partnership tasking: Church Street.")

    def test_an_approved_plan_gets_a_revision_that_takes_it_and_stays_in_force_meanwhile(
        self, victim_board: Board, tasking_officer: User, action_owner: User
    ) -> None:
        approved = ActionPlanFactory(board=victim_board, status=PlanStatus.APPROVED)
        carried = ActionFactory(plan=approved, title="Referral pathway")

        _record(victim_board, tasking_officer, action_owner)

        approved.refresh_from_db()
        revision = ActionPlan.objects.get(board=victim_board, version=2)
        assert approved.status == PlanStatus.APPROVED
        assert (revision.status, revision.revised_from) == (PlanStatus.DRAFT, approved)
        step = revision.transitions.get()
        assert step.by == tasking_officer
        assert step.reason == "Revision of version 1. Action agreed at Partnership tasking: Church Street."
        agreed = Action.objects.get(source_outcome__isnull=False)
        assert agreed.plan == revision
        assert list(revision.actions.filter(carried_from=carried).values_list("title", flat=True)) == [
            "Referral pathway"
        ]
        assert not approved.actions.filter(source_outcome__isnull=False).exists()

    def test_a_plan_awaiting_approval_refuses_it_and_the_meeting_is_not_saved(
        self, submitted_plan: ActionPlan, tasking_officer: User, action_owner: User
    ) -> None:
        actions_before = Action.objects.count()

        with pytest.raises(ValidationError, match="with the partnership for approval"):
            _record(submitted_plan.board, tasking_officer, action_owner)

        assert not Meeting.objects.exists()
        assert not MeetingOutcome.objects.exists()
        assert Action.objects.count() == actions_before
        assert PlanTransition.objects.filter(plan__board=submitted_plan.board).count() == 0

    def test_the_meeting_form_says_why_and_keeps_what_was_typed(
        self, client_for: SignedInClient, submitted_plan: ActionPlan, tasking_officer: User, action_owner: User
    ) -> None:
        board = submitted_plan.board
        outcome = {"kind": OutcomeKind.ACTION_AGREED, "summary": SUMMARY, "board": board}
        outcome |= {"owner": action_owner, "due_date": in_days(30)}

        response = client_for(tasking_officer).post(
            "/meetings/new/", meeting_form_data(boards=[board], title="Offender tasking", outcomes=[outcome])
        )

        assert response.status_code == 200
        page = response.content.decode()
        # Beside the outcome it is about, and linked to from the summary, not above the whole form.
        assert '<a href="#id_outcomes-0-board">The Offender Board&#x27;s action plan (version 1) is with' in page
        assert 'id="id_outcomes-0-board_1_error"' in page
        assert 'value="Offender tasking"' in page
        assert not Meeting.objects.exists()


class TestConfidentiality:
    def test_a_meeting_that_feeds_a_hidden_board_is_not_named_on_the_plans_record(
        self,
        victim_plan: ActionPlan,
        contest_board: Board,
        tasking_officer: User,
        action_owner: User,
        client_for: SignedInClient,
        uncleared_member: User,
        admin_user: User,
    ) -> None:
        _record(victim_plan.board, tasking_officer, action_owner, victim_plan.board, contest_board, title="Channel")

        action = Action.objects.get()
        assert action.history.get().history_change_reason == "Agreed at a meeting."  # type: ignore[attr-defined]
        # An administrator holds every permission, but not the clearance: the meeting is hidden from them too.
        for person in (uncleared_member, admin_user):
            page = client_for(person).get(f"/actions/{action.pk}/").content.decode()
            assert "Agreed at a meeting." in page
            assert "Channel" not in page
            assert "/meetings/" + str(Meeting.objects.get().pk) not in page

    def test_a_meeting_later_made_to_feed_a_hidden_board_is_taken_off_the_plans_record(
        self,
        client_for: SignedInClient,
        approved_plan: ActionPlan,
        contest_board: Board,
        offender_board: Board,
        tasking_officer: User,
        action_owner: User,
        uncleared_member: User,
    ) -> None:
        board = approved_plan.board
        meeting = _record(board, tasking_officer, action_owner, title="Channel")
        action = Action.objects.get(source_outcome__meeting=meeting)
        assert action.history.get().history_change_reason == "Agreed at Channel."  # type: ignore[attr-defined]

        def edited(*boards: Board) -> None:
            meeting.refresh_from_db()
            meeting_update(
                meeting=meeting,
                by=tasking_officer,
                lock_version=meeting.lock_version,
                details=meeting_details(*boards, title="Channel panel"),
                outcomes=outcome_rows_of(meeting),
            )

        # Feeding another board the plan's readers may know of changes nothing on the record.
        edited(board, offender_board)
        assert action.history.get().history_change_reason == "Agreed at Channel."  # type: ignore[attr-defined]
        edited(board, contest_board)

        assert action.history.get().history_change_reason == "Agreed at a meeting."  # type: ignore[attr-defined]
        reasons = list(PlanTransition.objects.filter(plan__board=board).values_list("reason", flat=True))
        assert [reason for reason in reasons if "Action agreed at a meeting." in reason]
        assert not [reason for reason in reasons if "Channel" in reason]
        for page in (f"/actions/{action.pk}/", f"/boards/{board.slug}/plan/"):
            assert "Channel" not in client_for(uncleared_member).get(page).content.decode(), page

    def test_the_cleared_see_the_meeting_it_was_agreed_at(
        self,
        victim_plan: ActionPlan,
        contest_board: Board,
        tasking_officer: User,
        action_owner: User,
        contest_chair: User,
        client_for: SignedInClient,
    ) -> None:
        meeting = _record(
            victim_plan.board, tasking_officer, action_owner, victim_plan.board, contest_board, title="Channel"
        )

        page = client_for(contest_chair).get(f"/actions/{Action.objects.get().pk}/").content.decode()

        assert f'href="/meetings/{meeting.pk}/">Channel</a>' in page


class TestTheLinkOnBothPages:
    def test_the_meeting_links_to_the_action_and_the_action_to_the_meeting(
        self,
        client_for: SignedInClient,
        victim_plan: ActionPlan,
        tasking_officer: User,
        action_owner: User,
        uncleared_member: User,
    ) -> None:
        meeting = _record(victim_plan.board, tasking_officer, action_owner)
        action = Action.objects.get()
        client = client_for(uncleared_member)

        meeting_page = client.get(f"/meetings/{meeting.pk}/").content.decode()
        action_page = client.get(f"/actions/{action.pk}/").content.decode()

        assert f'href="/actions/{action.pk}/">View the action on the plan' in meeting_page
        assert f'Agreed at <a class="govuk-link" href="/meetings/{meeting.pk}/">{meeting.title}</a>' in action_page
        assert "Not linked to an objective yet" in action_page
