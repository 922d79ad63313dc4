"""Who changed which field from what to what, and when; and an edit conflict explained field by field."""

from __future__ import annotations

import pytest
from django.utils.formats import date_format

from actions import services
from actions.choices import ActionStatus
from actions.history import action_conflict, action_history, values_of
from actions.models import Action
from priorities.models import Cohort, Objective
from swp.models import Organisation, Place, User
from tests.actions.conftest import in_days
from tests.actions.helpers import action_edit
from tests.swp.factories import UserFactory


class TestHistory:
    def test_each_change_shows_who_which_field_and_the_names_before_and_after(
        self, owned_action: Action, victim_chair: User, action_owner: User, police: Organisation
    ) -> None:
        council_officer = UserFactory(first_name="Chris", last_name="Doyle", organisation=police)
        action_edit(owned_action, victim_chair, owner=council_officer, due_date=in_days(60))

        latest = action_history(action=owned_action)[0]

        assert latest.by == victim_chair
        assert {(c.label, c.old, c.new) for c in latest.changes} == {
            ("Owner", str(action_owner), "Chris Doyle"),
            ("Due date", date_format(in_days(20), "j F Y"), date_format(in_days(60), "j F Y")),
        }

    def test_places_cohorts_and_status_show_as_people_read_them(
        self, owned_action: Action, victim_chair: User, church_street: Place, repeat_victims: Cohort
    ) -> None:
        action_edit(
            owned_action,
            victim_chair,
            places=[church_street],
            cohorts=[repeat_victims],
            status=ActionStatus.COMPLETED,
        )

        changes = {c.label: (c.old, c.new) for c in action_history(action=owned_action)[0].changes}

        assert changes == {
            "Places": ("None", "Church Street"),
            "Cohorts": ("None", "Repeat victims"),
            "Status": ("In progress", "Completed"),
        }

    def test_the_history_is_newest_first_and_leaves_out_saves_that_changed_nothing(
        self, owned_action: Action, victim_chair: User, victim_objectives: list[Objective]
    ) -> None:
        action_edit(owned_action, victim_chair, objective=victim_objectives[0])
        action_edit(owned_action, victim_chair)
        action_edit(owned_action, victim_chair, title="Renamed")

        history = action_history(action=owned_action)

        assert [entry.summary for entry in history] == ["Changed", "Changed", "Added the action to the plan"]
        assert [change.label for change in history[0].changes] == ["Title"]
        assert [(c.label, c.old, c.new) for c in history[1].changes] == [
            ("Objective", "Support high-risk domestic violence victims.", "Identify repeat victims early.")
        ]

    @pytest.mark.parametrize(
        "saves",
        [
            pytest.param(["change"] * 9, id="a long history of changes"),
            # Seven records in a row with nothing changed: the newest records alone cannot say.
            pytest.param(["change", "change", *["nothing"] * 7], id="the newest saves changed nothing"),
            pytest.param(["change"], id="a history shorter than the limit"),
        ],
    )
    def test_the_newest_few_are_the_start_of_the_whole_history(
        self, owned_action: Action, victim_chair: User, saves: list[str]
    ) -> None:
        for day, save in enumerate(saves, start=30):
            action_edit(owned_action, victim_chair, **({"due_date": in_days(day)} if save == "change" else {}))

        newest = action_history(action=owned_action, limit=3)

        assert newest == action_history(action=owned_action)[:3]
        assert len(newest) == min(3, saves.count("change") + 1)

    def test_a_cancellation_shows_its_reason(self, owned_action: Action, victim_chair: User) -> None:
        services.action_cancel(action=owned_action, by=victim_chair, reason="Duplicated by the MARAC review.")

        latest = action_history(action=owned_action)[0]

        assert latest.summary == "Cancelled the action"
        assert latest.reason == "Duplicated by the MARAC review."


class TestConflict:
    @pytest.fixture
    def opened(self, owned_action: Action) -> dict[str, object]:
        """What the second editor saw when they opened the form, before the first one saved."""
        return values_of(owned_action)

    def test_the_conflict_lists_their_change_and_mine_and_merges_both(
        self, owned_action: Action, opened: dict[str, object], victim_chair: User, action_owner: User
    ) -> None:
        other_chair = UserFactory(username="victim-vice-chair", first_name="Val", last_name="Ito")
        action_edit(owned_action, other_chair, due_date=in_days(45))
        mine = {**opened, "title": "MARAC case review for every high-risk case"}

        conflict = action_conflict(current=Action.objects.get(pk=owned_action.pk), opened_version=0, submitted=mine)

        rows = {row.label: row for row in conflict.rows}
        assert set(rows) == {"Due date", "Title"}
        assert (rows["Due date"].they_changed, rows["Due date"].you_changed) == (True, False)
        assert (rows["Title"].they_changed, rows["Title"].you_changed) == (False, True)
        assert [entry.by for entry in conflict.entries] == [other_chair]
        # Saving the merged values again keeps the other editor's date and my title.
        assert conflict.merged["due_date"] == in_days(45)
        assert conflict.merged["title"] == "MARAC case review for every high-risk case"

    def test_the_same_field_changed_by_both_is_a_clash_and_keeps_my_value_to_check(
        self, owned_action: Action, opened: dict[str, object], victim_chair: User
    ) -> None:
        action_edit(owned_action, victim_chair, title="Their title")
        mine = {**opened, "title": "My title"}

        conflict = action_conflict(current=Action.objects.get(pk=owned_action.pk), opened_version=0, submitted=mine)

        (row,) = conflict.rows
        assert (row.opened, row.theirs, row.yours, row.clash) == ("MARAC case review", "Their title", "My title", True)
        assert conflict.merged["title"] == "My title"
