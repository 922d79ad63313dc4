"""One action's pages: details with progress and history, editing without lost updates, cancelling,
progress updates; "my actions"; and the plan's summary on the board page."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from actions import services
from actions.choices import ActionStatus, PlanStatus, Rag
from actions.models import Action, ActionPlan
from actions.sections import LATEST_SHOWN
from boards.choices import MembershipRole
from boards.models import Board
from swp.models import Organisation, User
from tests.actions.conftest import in_days
from tests.actions.factories import ActionFactory, ActionPlanFactory, ProgressUpdateFactory
from tests.actions.helpers import assert_shown_again_unsaved, edit_form_data, error_summary, field_errors
from tests.boards.factories import MembershipFactory
from tests.responses import section_context
from tests.swp.factories import UserFactory

SignedInClient = Callable[[User], Client]


class TestActionPage:
    def test_it_shows_the_details_the_latest_update_the_timeline_and_the_history(
        self, client_for: SignedInClient, uncleared_member: User, owned_action: Action, victim_chair: User
    ) -> None:
        ProgressUpdateFactory(action=owned_action, rag=Rag.AMBER, narrative="Half the cases reviewed.")
        services.progress_update_create(
            action=owned_action, by=owned_action.owner, rag=Rag.RED, narrative="Reviews stalled."
        )
        services.action_cancel(action=owned_action, by=victim_chair, reason="Superseded by the new pathway.")

        response = client_for(uncleared_member).get(f"/actions/{owned_action.pk}/")

        assert response.status_code == 200
        assert _record(response)["latest"].narrative == "Reviews stalled."
        assert [u.narrative for u in _record(response)["timeline"]] == ["Reviews stalled.", "Half the cases reviewed."]
        html = response.content.decode()
        # The latest update heads the page once; the list below goes on from the one before it.
        assert html.count("Reviews stalled.") == 1
        assert html.index("Reviews stalled.") < html.index("Earlier progress updates") < html.index("Half the cases")
        assert "Metropolitan Police Service" in html
        assert "<strong>Status</strong>: from “In progress” to “Cancelled”" in html
        assert "Reason: Superseded by the new pathway." in html
        assert str(victim_chair) in html

    def test_an_update_written_while_a_newer_version_was_approved_is_kept_and_recorded_on_it(
        self,
        client_for: SignedInClient,
        approved_plan: ActionPlan,
        executive_chair: User,
        swp_chair: User,
    ) -> None:
        original = approved_plan.actions.get()
        client = client_for(executive_chair)
        assert client.get(f"/actions/{original.pk}/updates/add/").status_code == 200
        # Meanwhile version 2 is approved, and replaces the plan the form was opened on.
        carried = _revision_approved(approved_plan, by=executive_chair, approver=swp_chair).actions.get()

        response = client.post(
            f"/actions/{original.pk}/updates/add/", {"rag": "amber", "narrative": "Two reviews slipped."}
        )

        assert response.status_code == 409
        html = response.content.decode()
        assert "<title>Error: " in html
        assert "Version 2 of the plan was approved while you were writing" in html
        assert "Two reviews slipped.</textarea>" in html
        assert "Executive Board action plan, version 2" in html
        assert f'action="/actions/{carried.pk}/updates/add/"' in html
        assert not original.progress_updates.exists()

        client.post(f"/actions/{carried.pk}/updates/add/", {"rag": "amber", "narrative": "Two reviews slipped."})
        assert [u.narrative for u in carried.progress_updates.all()] == ["Two reviews slipped."]

    def test_an_update_written_while_the_action_was_cancelled_is_shown_again_not_lost(
        self, client_for: SignedInClient, action_owner: User, victim_chair: User, owned_action: Action
    ) -> None:
        services.action_cancel(action=owned_action, by=victim_chair, reason="Merged into the pathway.")

        response = client_for(action_owner).post(
            f"/actions/{owned_action.pk}/updates/add/", {"rag": "green", "narrative": "On track."}
        )

        assert response.status_code == 409
        html = response.content.decode()
        assert "This action stopped taking progress updates while you were writing" in html
        assert "On track.</textarea>" in html
        assert not owned_action.progress_updates.exists()

    def test_an_update_for_an_action_handed_to_someone_else_in_the_new_version_is_kept_but_not_offered(
        self,
        client_for: SignedInClient,
        approved_plan: ActionPlan,
        executive_chair: User,
        swp_chair: User,
        action_owner: User,
    ) -> None:
        original = approved_plan.actions.get()
        Action.objects.filter(pk=original.pk).update(owner=action_owner)
        MembershipFactory(board=approved_plan.board, user=action_owner, role=MembershipRole.ACTION_OWNER)
        _revision_approved(approved_plan, by=executive_chair, approver=swp_chair, owner=executive_chair)

        response = client_for(action_owner).post(
            f"/actions/{original.pk}/updates/add/", {"rag": "amber", "narrative": "Handed over."}
        )

        assert response.status_code == 409
        html = response.content.decode()
        assert "Version 2 of the plan was approved while you were writing" in html
        assert "chair report on it. Your update has not been recorded; copy it if you need it" in html
        assert "Handed over.</textarea>" in html
        assert "Record the update" not in html

    def test_an_update_posted_on_a_draft_revisions_copy_is_offered_to_the_version_in_force(
        self, client_for: SignedInClient, approved_plan: ActionPlan, executive_chair: User
    ) -> None:
        original = approved_plan.actions.get()
        copy = services.plan_revise(plan=approved_plan, by=executive_chair).actions.get()

        response = client_for(executive_chair).post(
            f"/actions/{copy.pk}/updates/add/", {"rag": "green", "narrative": "On track."}
        )

        assert response.status_code == 409
        html = response.content.decode()
        assert "Progress is reported on version 1 of the plan, which is in force, not on this draft" in html
        assert f'action="/actions/{original.pk}/updates/add/"' in html

    def test_someone_who_may_not_report_on_a_replaced_action_still_gets_the_403_page(
        self, client_for: SignedInClient, uncleared_member: User, victim_board: Board
    ) -> None:
        replaced = ActionFactory(plan=ActionPlanFactory(board=victim_board, status=PlanStatus.SUPERSEDED))

        response = client_for(uncleared_member).post(
            f"/actions/{replaced.pk}/updates/add/", {"rag": "green", "narrative": "On track."}
        )

        assert response.status_code == 403
        assert "what you were changing has moved on since you opened the page" in response.content.decode()

    def test_a_reason_keeps_its_line_breaks(
        self, client_for: SignedInClient, victim_chair: User, owned_action: Action
    ) -> None:
        services.action_cancel(
            action=owned_action, by=victim_chair, reason="Merged into the pathway.\nSee June minutes."
        )

        html = client_for(victim_chair).get(f"/actions/{owned_action.pk}/").content.decode()

        assert "Reason: Merged into the pathway.<br>See June minutes." in html

    def test_a_member_gets_no_buttons_and_the_owner_only_the_progress_update(
        self, client_for: SignedInClient, uncleared_member: User, action_owner: User, owned_action: Action
    ) -> None:
        member = client_for(uncleared_member).get(f"/actions/{owned_action.pk}/").content.decode()
        owner = client_for(action_owner).get(f"/actions/{owned_action.pk}/").content.decode()

        for button in ["Record a progress update", "Change the action", "Cancel the action"]:
            assert button not in member
        assert "Record a progress update" in owner
        assert "Change the action" not in owner

    def test_an_edit_posted_after_the_action_was_cancelled_keeps_what_was_typed(
        self, client_for: SignedInClient, victim_chair: User, owned_action: Action
    ) -> None:
        data = edit_form_data(owned_action, title="MARAC case review, fortnightly")
        services.action_cancel(action=owned_action, by=victim_chair, reason="Merged into the new pathway.")

        edited = client_for(victim_chair).post(f"/actions/{owned_action.pk}/edit/", data)

        assert_shown_again_unsaved(
            edited,
            why="The action was cancelled while you had this page open.",
            typed='value="MARAC case review, fortnightly"',
            button="Save action",
        )
        owned_action.refresh_from_db()
        assert owned_action.title == "MARAC case review"

    def test_a_carried_action_shows_the_updates_of_the_version_it_came_from(
        self, client_for: SignedInClient, executive_chair: User, approved_plan: ActionPlan
    ) -> None:
        original = approved_plan.actions.get()
        services.progress_update_create(action=original, by=executive_chair, rag=Rag.GREEN, narrative="On track.")
        copy = services.plan_revise(plan=approved_plan, by=executive_chair).actions.get()

        response = client_for(executive_chair).get(f"/actions/{copy.pk}/")

        assert [u.narrative for u in _record(response)["timeline"]] == ["On track."]
        assert f'href="/actions/{original.pk}/">the same action in version 1</a>' in response.content.decode()

    def test_a_replaced_version_and_a_draft_copy_point_to_the_version_that_takes_the_updates(
        self, client_for: SignedInClient, executive_chair: User, swp_chair: User, approved_plan: ActionPlan
    ) -> None:
        original = approved_plan.actions.get()
        copy = services.plan_revise(plan=approved_plan, by=executive_chair).actions.get()
        client = client_for(executive_chair)

        draft_page = client.get(f"/actions/{copy.pk}/").content.decode()
        assert "Until this version is approved, progress on this action is reported on" in draft_page
        assert f'href="/actions/{original.pk}/">the same action in version 1</a>.' in draft_page
        assert "is now reported on" not in client.get(f"/actions/{original.pk}/").content.decode()

        services.plan_submit(plan=copy.plan, by=executive_chair)
        services.plan_approve(plan=copy.plan, by=swp_chair)

        replaced_page = client.get(f"/actions/{original.pk}/").content.decode()
        assert "This version of the plan has been replaced. Progress on this action is now reported on" in replaced_page
        assert f'href="/actions/{copy.pk}/">the same action in version 2</a>.' in replaced_page
        assert "reported on" not in client.get(f"/actions/{copy.pk}/").content.decode().split("<dl")[0]

    def test_only_the_latest_updates_and_changes_show_with_links_to_all_of_them(
        self, client_for: SignedInClient, uncleared_member: User, owned_action: Action
    ) -> None:
        start = timezone.now() - datetime.timedelta(days=30)
        for n in range(LATEST_SHOWN + 3):
            ProgressUpdateFactory(action=owned_action, recorded_at=start + datetime.timedelta(hours=n))
            owned_action.title = f"Review every case, edit {n}"
            owned_action.save()
        client = client_for(uncleared_member)

        latest = client.get(f"/actions/{owned_action.pk}/")
        everything = [client.get(f"/actions/{owned_action.pk}/?all={part}") for part in ("updates", "history")]

        newest_first = list(owned_action.progress_updates.order_by("-recorded_at"))
        assert _record(latest)["timeline"] == newest_first[:LATEST_SHOWN]
        assert _record(everything[0])["timeline"] == newest_first
        assert len(_record(latest)["history"]) == LATEST_SHOWN
        assert len(_record(everything[1])["history"]) == LATEST_SHOWN + 4  # the creation and each edit
        assert _record(latest)["history"][0].changes[0].new == f"Review every case, edit {LATEST_SHOWN + 2}"
        html = latest.content.decode()
        assert 'href="?all=updates#progress"' in html
        assert 'href="?all=history#history"' in html
        assert "Show all progress updates" not in everything[0].content.decode()
        assert "Show the full history" not in everything[1].content.decode()
        # Opening one list whole keeps the other whole too.
        assert 'href="?all=history&amp;all=updates#history"' in everything[0].content.decode()
        assert 'href="?all=history&amp;all=updates#progress"' in everything[1].content.decode()
        both = client.get(f"/actions/{owned_action.pk}/?all=history&all=updates")
        assert _record(both)["timeline"] == newest_first
        assert len(_record(both)["history"]) == LATEST_SHOWN + 4


class TestEdit:
    def test_the_form_opens_with_the_actions_values_and_version(
        self, client_for: SignedInClient, victim_chair: User, owned_action: Action
    ) -> None:
        form = client_for(victim_chair).get(f"/actions/{owned_action.pk}/edit/").context["form"]

        assert form["title"].value() == "MARAC case review"
        assert form["owner"].value() == owned_action.owner_id
        assert form["lock_version"].value() == 0

    def test_a_change_is_saved_and_recorded(
        self, client_for: SignedInClient, victim_chair: User, owned_action: Action
    ) -> None:
        response = client_for(victim_chair).post(
            f"/actions/{owned_action.pk}/edit/", edit_form_data(owned_action, status=ActionStatus.COMPLETED)
        )

        assert response.status_code == 302
        owned_action.refresh_from_db()
        assert (owned_action.status, owned_action.lock_version) == (ActionStatus.COMPLETED, 1)
        assert owned_action.history.latest().history_user == victim_chair

    def test_saving_the_form_unchanged_says_nothing_was_saved(
        self, client_for: SignedInClient, victim_chair: User, owned_action: Action
    ) -> None:
        client = client_for(victim_chair)
        records = owned_action.history.count()

        response = client.post(f"/actions/{owned_action.pk}/edit/", edit_form_data(owned_action), follow=True)

        owned_action.refresh_from_db()
        assert (owned_action.lock_version, owned_action.history.count()) == (0, records)
        assert [str(message) for message in response.context["messages"]] == [
            "You did not change anything, so nothing was saved."
        ]

    def test_an_unchanged_past_due_date_may_stay_but_a_new_one_may_not(
        self, client_for: SignedInClient, victim_chair: User, owned_action: Action
    ) -> None:
        Action.objects.filter(pk=owned_action.pk).update(due_date=in_days(-3))
        owned_action.refresh_from_db()
        client = client_for(victim_chair)

        kept = client.post(f"/actions/{owned_action.pk}/edit/", edit_form_data(owned_action, title="Renamed"))
        owned_action.refresh_from_db()
        moved = in_days(-10)
        refused = client.post(
            f"/actions/{owned_action.pk}/edit/",
            edit_form_data(owned_action, due_date_0=moved.day, due_date_1=moved.month, due_date_2=moved.year),
        )

        assert kept.status_code == 302
        assert field_errors(refused, "due_date") == ["The due date must be today or in the future"]

    def test_two_people_save_the_same_action_and_the_second_sees_the_first_ones_change(
        self, client_for: SignedInClient, victim_chair: User, owned_action: Action, police: Organisation
    ) -> None:
        """No lost updates: one success, one conflict page showing what the other person changed."""
        vice_chair = _vice_chair(owned_action)
        first, second = client_for(victim_chair), client_for(vice_chair)
        url = f"/actions/{owned_action.pk}/edit/"
        opened_by_first = first.get(url).context["form"].initial
        opened_by_second = second.get(url).context["form"].initial
        assert opened_by_first["lock_version"] == opened_by_second["lock_version"] == 0

        saved = first.post(url, edit_form_data(owned_action, due_date_0="1", due_date_1="1", due_date_2="2030"))
        refused = second.post(url, edit_form_data(owned_action, title="MARAC review of every high-risk case"))

        assert saved.status_code == 302
        assert refused.status_code == 409
        owned_action.refresh_from_db()
        assert owned_action.title == "MARAC case review"  # the second save changed nothing
        assert owned_action.lock_version == 1
        rows = {row.label: row for row in refused.context["conflict"].rows}
        assert rows["Due date"].theirs == "1 January 2030"
        assert rows["Title"].yours == "MARAC review of every high-risk case"
        html = refused.content.decode()
        assert "Someone else changed this action while you were editing it" in html
        assert f"{victim_chair} saved the action" in html
        assert "1 January 2030" in html

        # The form on the conflict page holds both changes at the new version; saving it keeps both.
        again = refused.context["form"]
        assert again.initial["lock_version"] == 1
        reapplied = second.post(
            url,
            edit_form_data(owned_action, title=again.initial["title"], lock_version=again.initial["lock_version"]),
        )
        assert reapplied.status_code == 302
        owned_action.refresh_from_db()
        assert (owned_action.title, owned_action.due_date.year) == ("MARAC review of every high-risk case", 2030)

    def test_a_progress_update_meanwhile_does_not_make_an_edit_conflict(
        self, client_for: SignedInClient, victim_chair: User, action_owner: User, owned_action: Action
    ) -> None:
        chair = client_for(victim_chair)
        url = f"/actions/{owned_action.pk}/edit/"
        chair.get(url)
        client_for(action_owner).post(
            f"/actions/{owned_action.pk}/updates/add/", {"rag": Rag.GREEN, "narrative": "Back on track."}
        )

        response = chair.post(url, edit_form_data(owned_action, title="Renamed"))

        assert response.status_code == 302
        owned_action.refresh_from_db()
        assert (owned_action.title, owned_action.rag) == ("Renamed", Rag.GREEN)


def _revision_approved(plan: ActionPlan, *, by: User, approver: User, **changes: object) -> ActionPlan:
    """A revision of the plan, with `changes` made to its actions, approved in its place."""
    revision = services.plan_revise(plan=plan, by=by)
    if changes:
        revision.actions.update(**changes)
    services.plan_submit(plan=revision, by=by)
    services.plan_approve(plan=revision, by=approver)
    return revision


def _vice_chair(action: Action) -> User:
    person = UserFactory(username="victim-vice-chair")
    MembershipFactory(board=action.plan.board, user=person, role=MembershipRole.VICE_CHAIR)
    return person


class TestCancel:
    def test_a_reason_is_required_and_nothing_changes_without_one(
        self, client_for: SignedInClient, victim_chair: User, owned_action: Action
    ) -> None:
        response = client_for(victim_chair).post(f"/actions/{owned_action.pk}/cancel/", {"reason": ""})

        assert field_errors(response, "reason") == ["Enter why the action is being cancelled"]
        assert 'class="govuk-textarea govuk-textarea--error"' in response.content.decode()
        owned_action.refresh_from_db()
        assert owned_action.status == ActionStatus.IN_PROGRESS

    def test_the_cancelled_action_stays_on_the_plan(
        self, client_for: SignedInClient, victim_chair: User, owned_action: Action
    ) -> None:
        client = client_for(victim_chair)
        client.post(f"/actions/{owned_action.pk}/cancel/", {"reason": "Merged into another action."})

        owned_action.refresh_from_db()
        assert owned_action.status == ActionStatus.CANCELLED
        assert "MARAC case review" in client.get("/boards/victim/plan/").content.decode()


class TestProgressUpdate:
    def test_the_owner_records_an_update_that_becomes_the_latest(
        self, client_for: SignedInClient, action_owner: User, owned_action: Action
    ) -> None:
        client = client_for(action_owner)
        response = client.post(
            f"/actions/{owned_action.pk}/updates/add/",
            {"rag": Rag.AMBER, "narrative": "Twelve of twenty cases reviewed."},
            follow=True,
        )

        assert "Your progress update has been recorded." in response.content.decode()
        assert _record(response)["latest"].narrative == "Twelve of twenty cases reviewed."
        owned_action.refresh_from_db()
        assert owned_action.rag == Rag.AMBER

    def test_a_missing_rag_and_narrative_are_explained(
        self, client_for: SignedInClient, action_owner: User, owned_action: Action
    ) -> None:
        response = client_for(action_owner).post(f"/actions/{owned_action.pk}/updates/add/", {})

        assert error_summary(response) == [
            "Choose red, amber or green",
            "Enter what has happened since the last update",
        ]
        assert '<a href="#id_rag_1">' in response.content.decode()
        assert not owned_action.progress_updates.exists()

    def test_the_owner_says_the_work_is_done_on_the_plan_in_force_and_it_stops_being_overdue(
        self, client_for: SignedInClient, action_owner: User, owned_action: Action
    ) -> None:
        ActionPlan.objects.filter(pk=owned_action.plan_id).update(status=PlanStatus.APPROVED)
        Action.objects.filter(pk=owned_action.pk).update(due_date=in_days(-10))
        client = client_for(action_owner)
        form = " ".join(client.get(f"/actions/{owned_action.pk}/updates/add/").content.decode().split())
        # The form starts from where the work stands.
        assert 'value="in_progress" checked="checked"' in form
        assert form.count('checked="checked"') == 1

        response = client.post(
            f"/actions/{owned_action.pk}/updates/add/",
            {"status": ActionStatus.COMPLETED, "rag": Rag.GREEN, "narrative": "All twenty cases reviewed."},
        )

        assert response.status_code == 302
        owned_action.refresh_from_db()
        assert (owned_action.status, owned_action.rag, owned_action.lock_version) == (
            ActionStatus.COMPLETED,
            Rag.GREEN,
            1,
        )
        record = owned_action.history.first()
        assert (record.status, record.history_user, record.history_change_reason) == (
            ActionStatus.COMPLETED,
            action_owner,
            "Completed, as a progress update said.",
        )
        assert "None of your actions is overdue." in client.get("/my/actions/").content.decode()

    def test_a_status_changed_while_the_owner_wrote_is_not_put_back_by_their_update(
        self, client_for: SignedInClient, action_owner: User, victim_chair: User, owned_action: Action
    ) -> None:
        ActionPlan.objects.filter(pk=owned_action.plan_id).update(status=PlanStatus.APPROVED)
        url = f"/actions/{owned_action.pk}/updates/add/"
        # The owner opens the form at "in progress"; meanwhile the chair reports the work done.
        typed = {"status": "in_progress", "status_opened": "in_progress", "rag": Rag.GREEN, "narrative": "Last visit."}
        client_for(victim_chair).post(
            url, {"status": "completed", "status_opened": "in_progress", "rag": Rag.GREEN, "narrative": "All done."}
        )

        response = client_for(action_owner).post(url, typed)

        assert response.status_code == 409
        page = " ".join(response.content.decode().split())
        assert "While you were writing, the action was marked completed." in page
        assert 'value="completed" checked="checked"' in page
        assert 'name="status_opened" value="completed"' in page
        assert "Last visit." in page
        assert owned_action.progress_updates.count() == 1
        owned_action.refresh_from_db()
        assert owned_action.status == ActionStatus.COMPLETED

        again = {**typed, "status": "completed", "status_opened": "completed"}
        assert client_for(action_owner).post(url, again).status_code == 302
        owned_action.refresh_from_db()
        assert (owned_action.status, owned_action.progress_updates.count()) == (ActionStatus.COMPLETED, 2)

    def test_an_update_cannot_cancel_an_action(
        self, client_for: SignedInClient, action_owner: User, owned_action: Action
    ) -> None:
        response = client_for(action_owner).post(
            f"/actions/{owned_action.pk}/updates/add/",
            {"status": ActionStatus.CANCELLED, "rag": Rag.GREEN, "narrative": "Not needed."},
        )

        assert "Select a valid choice" in " ".join(error_summary(response))
        owned_action.refresh_from_db()
        assert owned_action.status == ActionStatus.IN_PROGRESS
        assert not owned_action.progress_updates.exists()


class TestMyActions:
    def test_overdue_first_then_due_soon_then_later_then_closed(
        self, client_for: SignedInClient, action_owner: User, owned_action: Action
    ) -> None:
        plan, objective = owned_action.plan, owned_action.objective
        ActionFactory(plan=plan, objective=objective, owner=action_owner, title="Late", due_date=in_days(-2))
        ActionFactory(plan=plan, objective=objective, owner=action_owner, title="Later", due_date=in_days(90))
        ActionFactory(plan=plan, objective=objective, owner=action_owner, title="Done", status=ActionStatus.COMPLETED)
        ActionFactory(plan=plan, objective=objective, title="Someone else's", due_date=in_days(-2))

        response = client_for(action_owner).get("/my/actions/")

        mine = response.context["mine"]
        assert [a.title for a in mine.overdue] == ["Late"]
        assert [a.title for a in mine.due_soon] == ["MARAC case review"]
        assert [a.title for a in mine.later] == ["Later"]
        assert [a.title for a in mine.closed] == ["Done"]
        html = response.content.decode()
        assert html.index("Late") < html.index("MARAC case review") < html.index("Later")
        assert "Someone else's" not in html
        assert "You own 3 open actions, 1 of them overdue." in html

    def test_actions_on_a_board_the_owner_may_not_see_are_left_out(
        self, client_for: SignedInClient, action_owner: User, contest_plan: ActionPlan
    ) -> None:
        ActionFactory(plan=contest_plan, owner=action_owner, title="Prevent referral audit", due_date=in_days(-1))

        html = client_for(action_owner).get("/my/actions/").content.decode()

        assert "Prevent referral audit" not in html
        assert "You do not own any actions" in html

    def test_a_draft_revisions_copy_is_not_listed_twice(
        self, client_for: SignedInClient, approved_plan: ActionPlan, executive_chair: User
    ) -> None:
        Action.objects.filter(plan=approved_plan).update(owner=executive_chair)
        services.plan_revise(plan=approved_plan, by=executive_chair)

        mine = client_for(executive_chair).get("/my/actions/").context["mine"]

        listed = mine.overdue + mine.due_soon + mine.later + mine.closed
        assert [a.plan.status for a in listed] == [PlanStatus.APPROVED]

    def test_the_header_links_to_it(self, client_for: SignedInClient, uncleared_member: User) -> None:
        html = client_for(uncleared_member).get("/").content.decode()
        assert 'href="/my/actions/"' in html


def _plan_section(response: Any) -> dict[str, Any]:
    return section_context(response, "actions/sections/board_plan.html")


def _record(response: Any) -> dict[str, Any]:
    """The action page's record: its details, progress and history."""
    return section_context(response, "actions/sections/action_record.html")


class TestBoardPage:
    def test_the_board_page_shows_the_plans_rag_summary_and_recent_updates(
        self, client_for: SignedInClient, uncleared_member: User, owned_action: Action
    ) -> None:
        ProgressUpdateFactory(action=owned_action, rag=Rag.RED, narrative="Reviews stalled for lack of staff.")

        response = client_for(uncleared_member).get("/boards/victim/")

        assert _plan_section(response)["summary"].red == 1
        html = response.content.decode()
        assert "Reviews stalled for lack of staff." in html
        assert 'href="/boards/victim/plan/?version=1"' in html
        assert date_format(owned_action.progress_updates.get().recorded_at, "j F Y") in html

    def test_the_summary_is_of_the_plan_in_force_while_a_revision_is_drafted(
        self, client_for: SignedInClient, executive_chair: User, approved_plan: ActionPlan
    ) -> None:
        services.plan_revise(plan=approved_plan, by=executive_chair)

        response = client_for(executive_chair).get("/boards/executive/")

        section = _plan_section(response)
        assert section["plan"] == approved_plan
        assert section["plan"].status == PlanStatus.APPROVED
        # Its link opens the version it summarises, not the newer draft.
        assert 'href="/boards/executive/plan/?version=1">See the' in response.content.decode()


class TestAnActionAgreedAtAMeeting:
    """It has no objective yet; the chair's edit links it to one, and must."""

    @pytest.fixture
    def agreed(self, owned_action: Action, police: Organisation) -> Action:
        return ActionFactory(
            plan=owned_action.plan,
            objective=None,
            title="Joint patrols",
            owner=owned_action.owner,
            lead_organisation=police,
        )

    def test_its_page_says_it_is_not_linked_yet(
        self, client_for: SignedInClient, uncleared_member: User, agreed: Action
    ) -> None:
        response = client_for(uncleared_member).get(f"/actions/{agreed.pk}/")

        assert "Not linked to an objective yet" in response.content.decode()

    def test_the_edit_form_requires_an_objective(
        self, client_for: SignedInClient, victim_chair: User, agreed: Action
    ) -> None:
        response = client_for(victim_chair).post(f"/actions/{agreed.pk}/edit/", edit_form_data(agreed))

        assert response.status_code == 200
        assert field_errors(response, "objective") == ["Choose the objective this action serves"]
        agreed.refresh_from_db()
        assert (agreed.objective, agreed.lock_version) == (None, 0)

    def test_choosing_one_links_it_and_the_history_says_so(
        self, client_for: SignedInClient, victim_chair: User, agreed: Action, victim_objectives: list
    ) -> None:
        client = client_for(victim_chair)
        data = edit_form_data(agreed, objective=victim_objectives[0].pk)

        assert client.post(f"/actions/{agreed.pk}/edit/", data).status_code == 302

        agreed.refresh_from_db()
        assert agreed.objective == victim_objectives[0]
        page = client.get(f"/actions/{agreed.pk}/").content.decode()
        assert "from “Not set” to “Identify repeat victims early.”" in page
