"""The snapshot a pack is rendered from: the quarter's data as general release may see it."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.utils import timezone

from actions import services
from actions.choices import ActionStatus, PlanStatus, Rag
from actions.models import Action, ActionPlan, PlanTransition
from actions.selectors import action_lineages
from boards.choices import EscalationState, MeetingKind, OutcomeKind
from boards.models import Board, EscalationEvent
from performance.choices import PackStatus
from performance.models import Measurement
from performance.packs.completions import QuarterEnd, Standing, quarter_ends
from performance.packs.figures import change_rows
from performance.packs.pdf import document_context
from performance.packs.snapshot import snapshot_gather
from swp.models import User
from swp.quarters import FinancialQuarter
from tests.actions.factories import ActionFactory, ActionPlanFactory, ProgressUpdateFactory
from tests.actions.helpers import action_edit
from tests.boards.factories import EscalationFactory, MeetingFactory, MeetingOutcomeFactory
from tests.performance.packs.conftest import (
    COMPLETED_AT,
    COMPLETED_TITLE,
    CONTEST_AIM,
    ESCALATION_IN_QUARTER,
    INDICATOR_NAME,
    OUTCOME_AFTER_QUARTER,
    OUTCOME_IN_QUARTER,
    OVERDUE_NARRATIVE,
    OVERDUE_TITLE,
    QUARTER,
    SECRETS,
    VICTIM_AIM,
    MakePack,
    PackWorld,
    in_quarter,
    there_from_the_quarters_start,
)


def _board(snapshot: dict, slug: str) -> dict:
    (board,) = [board for board in snapshot["boards"] if board["slug"] == slug]
    return board


def test_the_snapshot_is_plain_json(pack_world: PackWorld) -> None:
    snapshot = snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER)
    assert json.loads(json.dumps(snapshot)) == snapshot


def test_a_board_reports_its_aim_plan_overdue_and_completed_actions(pack_world: PackWorld) -> None:
    victim = _board(snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER), "victim")

    assert victim["aim"] == VICTIM_AIM
    assert victim["rag_counts"] == {"red": 1, "amber": 1, "green": 0, "not_rated": 0}
    (overdue,) = victim["overdue"]
    assert (overdue["title"], overdue["latest_update"], overdue["due_date"]) == (
        OVERDUE_TITLE,
        OVERDUE_NARRATIVE,
        "2025-08-15",
    )
    assert overdue["owner"] == str(pack_world.overdue_action.owner)
    (completed,) = victim["completed"]
    assert (completed["title"], completed["completed_on"]) == (COMPLETED_TITLE, COMPLETED_AT.date().isoformat())


def test_an_action_completed_before_the_quarter_is_not_listed_as_completed_in_it(pack_world: PackWorld) -> None:
    earlier = ActionFactory(plan=pack_world.overdue_action.plan, title="Done last year", status=ActionStatus.COMPLETED)
    earlier.history.update(history_date=COMPLETED_AT - datetime.timedelta(days=365))
    ActionFactory(
        plan=pack_world.overdue_action.plan, title="Completed in bulk, no record", status=ActionStatus.COMPLETED
    )
    Action.history.filter(title="Completed in bulk, no record").delete()  # type: ignore[attr-defined]

    victim = _board(snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER), "victim")

    assert [row["title"] for row in victim["completed"]] == [COMPLETED_TITLE]


def _completed_then_carried_twice(plan: ActionPlan) -> list[Action]:
    """An action completed at COMPLETED_AT, and its copies in the board's next two plan versions,
    whose own records are the revisions' dates, well after the completion."""
    first = ActionFactory(plan=plan, status=ActionStatus.IN_PROGRESS)
    first.history.update(history_date=COMPLETED_AT - datetime.timedelta(days=40))
    first.status = ActionStatus.COMPLETED
    first.save()
    first.history.filter(status=ActionStatus.COMPLETED).update(history_date=COMPLETED_AT)
    chain = [first]
    for version in (plan.version + 1, plan.version + 2):
        newer_plan = ActionPlanFactory(board=plan.board, version=version)
        chain.append(ActionFactory(plan=newer_plan, status=ActionStatus.COMPLETED, carried_from=chain[-1]))
    Action.history.filter(id__in=[copy.pk for copy in chain[1:]]).update(  # type: ignore[attr-defined]
        history_date=COMPLETED_AT + datetime.timedelta(days=200)
    )
    return chain


def _ends(action: Action, *, end: datetime.datetime) -> QuarterEnd:
    action = Action.objects.get(pk=action.pk)
    return quarter_ends([action], lineages=action_lineages(actions=[action]), end=end)[action.pk]


def test_a_carried_action_was_completed_when_the_version_it_came_from_recorded_it(pack_world: PackWorld) -> None:
    *_, third = _completed_then_carried_twice(pack_world.overdue_action.plan)

    at_end = _ends(third, end=COMPLETED_AT + datetime.timedelta(days=300))
    assert at_end.then == at_end.now == Standing(ActionStatus.COMPLETED, COMPLETED_AT)


def test_a_carried_action_keeps_its_completion_when_a_version_between_is_deleted(pack_world: PackWorld) -> None:
    _, second, third = _completed_then_carried_twice(pack_world.overdue_action.plan)
    second.plan.delete()  # in the back office; the newest version's carried_from is emptied
    assert Action.objects.get(pk=third.pk).carried_from is None

    at_end = _ends(third, end=COMPLETED_AT + datetime.timedelta(days=300))
    assert at_end.then == at_end.now == Standing(ActionStatus.COMPLETED, COMPLETED_AT)


def test_an_action_completed_reopened_and_completed_again_stands_as_it_did_at_each_quarters_end(
    pack_world: PackWorld,
) -> None:
    action = ActionFactory(
        plan=pack_world.overdue_action.plan,
        title="Done, undone, done",
        status=ActionStatus.IN_PROGRESS,
        due_date=datetime.date(2025, 5, 1),
    )
    action.history.update(history_date=in_quarter(4, 2))  # in Q1 2025/26
    for status, moment in (
        (ActionStatus.COMPLETED, in_quarter(6, 1)),  # completed in Q1
        (ActionStatus.IN_PROGRESS, in_quarter(8, 1)),  # reopened in Q2, the pack's quarter
        (ActionStatus.COMPLETED, timezone.make_aware(datetime.datetime(2025, 11, 3, 9, 0))),  # done again in Q3
    ):
        action.status = status
        action.save()
        action.history.filter(history_date__gt=moment).update(history_date=moment)

    victim = _board(snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER), "victim")
    (row,) = [row for row in victim["overdue"] if row["title"] == "Done, undone, done"]
    assert (row["status"], row["closed_as"], row["closed_on"]) == ("In progress", "Completed", "2025-11-03")
    assert "Done, undone, done" not in [row["title"] for row in victim["completed"]]
    next_quarter = _board(snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER.next()), "victim")
    assert "Done, undone, done" in [row["title"] for row in next_quarter["completed"]]


def test_an_indicator_carries_five_quarters_its_target_and_its_explained_rag(pack_world: PackWorld) -> None:
    (indicator,) = _board(snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER), "victim")["indicators"]

    assert indicator["name"] == INDICATOR_NAME
    assert [point["quarter"] for point in indicator["values"]] == [
        "Q2 2024/25",
        "Q3 2024/25",
        "Q4 2024/25",
        "Q1 2025/26",
        "Q2 2025/26",
    ]
    assert [point["value"] for point in indicator["values"]] == [61, 64, 67, 69, 72.5]
    assert indicator["target"] == 70
    assert indicator["rag"] == "green"
    assert "72.5%" in indicator["rag_explanation"]
    assert "target of 70%" in indicator["rag_explanation"]


def test_only_the_quarters_outcomes_and_escalations_are_reported(pack_world: PackWorld) -> None:
    victim = _board(snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER), "victim")

    assert [row["summary"] for row in victim["outcomes"]] == [OUTCOME_IN_QUARTER]
    assert OUTCOME_AFTER_QUARTER not in json.dumps(victim)
    assert [row["title"] for row in victim["escalations"]] == [ESCALATION_IN_QUARTER]


def test_a_confidential_board_gives_its_aim_and_rag_counts_and_nothing_else(pack_world: PackWorld) -> None:
    snapshot = snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER)
    contest = _board(snapshot, "contest")

    assert contest["aim"] == CONTEST_AIM
    assert contest["rag_counts"] == {"red": 1, "amber": 0, "green": 0, "not_rated": 0}
    for key in ("objectives", "overdue", "completed", "indicators", "outcomes", "escalations"):
        assert contest[key] == [], key
    assert contest["plan"] is None
    text = json.dumps(snapshot)
    for what, secret in SECRETS.items():
        assert secret not in text, f"the CONTEST {what} reached the snapshot"


def test_changes_compare_actions_with_the_last_quarters_pack(pack_world: PackWorld, make_pack: MakePack) -> None:
    previous = make_pack(status=PackStatus.PUBLISHED, quarter=QUARTER.previous())
    earlier = snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER)
    # Last quarter, the overdue action was already overdue and nothing had been completed.
    for board in earlier["boards"]:
        board["completed"] = []
        board["rag_counts"] = {"red": 0, "amber": 2, "green": 0, "not_rated": 0}
    previous.snapshot = earlier
    previous.save()

    changes = snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER)["changes"]

    assert changes["compared_with"] == "Q1 2025/26 version 1"
    (victim,) = [board for board in changes["boards"] if board["name"] == pack_world.victim_board.name]
    assert victim["newly_completed"] == [COMPLETED_TITLE]
    assert victim["newly_overdue"] == []
    assert victim["rag_before"] == {"red": 0, "amber": 2, "green": 0, "not_rated": 0}
    (indicator,) = victim["indicators"]
    assert (indicator["previous"], indicator["current"], indicator["change"]) == (69, 72.5, 3.5)
    assert indicator["direction"] == "Better"


def test_an_action_carried_into_a_newer_version_keeps_its_update_and_is_not_newly_overdue(
    pack_world: PackWorld, make_pack: MakePack
) -> None:
    previous = make_pack(status=PackStatus.PUBLISHED, quarter=QUARTER.previous())
    previous.snapshot = snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER)
    previous.save()
    # Two revisions approved since; the update was posted on the first version (ADR 0002).
    original = pack_world.overdue_action
    carried = original
    for version in (2, 3):
        carried.plan.status = PlanStatus.SUPERSEDED
        carried.plan.save()
        plan = ActionPlanFactory(board=pack_world.victim_board, version=version, status=PlanStatus.APPROVED)
        carried = ActionFactory(
            plan=plan, title=original.title, owner=original.owner, due_date=original.due_date, carried_from=carried
        )

    snapshot = snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER)

    (overdue,) = _board(snapshot, "victim")["overdue"]
    assert (overdue["id"], overdue["latest_update"]) == (carried.pk, OVERDUE_NARRATIVE)
    (victim,) = [board for board in snapshot["changes"]["boards"] if board["name"] == pack_world.victim_board.name]
    assert victim["newly_overdue"] == []


def test_without_a_pack_last_quarter_only_indicators_are_compared(pack_world: PackWorld) -> None:
    changes = snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER)["changes"]
    assert changes["compared_with"] == ""
    (victim,) = [board for board in changes["boards"] if board["name"] == pack_world.victim_board.name]
    assert victim["rag_before"] is None
    assert victim["indicators"][0]["change"] == 3.5
    # Nothing is "new since" a pack that does not exist, in the workbook's rows as in the PDF.
    assert (victim["newly_completed"], victim["newly_overdue"]) == ([], [])
    assert [
        row[2]
        for row in change_rows(snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER))
        if "since last quarter's pack" in row[2]
    ] == []


@pytest.mark.parametrize("quarter", [FinancialQuarter(2024, 1), FinancialQuarter(2030, 4)])
def test_a_quarter_without_data_still_gives_a_pack(pack_world: PackWorld, quarter: FinancialQuarter) -> None:
    snapshot = snapshot_gather(partnership=pack_world.partnership, quarter=quarter)
    assert [board["slug"] for board in snapshot["boards"]] == ["victim", "offender", "contest"]
    assert snapshot["quarter"]["label"] == quarter.label


def test_an_action_agreed_at_a_meeting_and_not_yet_linked_to_an_objective_is_reported(pack_world: PackWorld) -> None:
    there_from_the_quarters_start(
        ActionFactory(
            plan=pack_world.overdue_action.plan,
            objective=None,
            title="Agreed at tasking, objective to follow",
            status=ActionStatus.IN_PROGRESS,
            due_date=datetime.date(2025, 9, 1),
        )
    )
    victim = _board(snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER), "victim")
    first = victim["overdue"][0]
    assert (first["title"], first["objective"]) == ("Agreed at tasking, objective to follow", None)


def test_an_action_closed_only_after_the_quarter_ended_was_overdue_at_its_end(pack_world: PackWorld) -> None:
    plan = pack_world.overdue_action.plan
    after_the_quarter = timezone.make_aware(datetime.datetime(2025, 10, 14, 9, 0))
    for title, status in (
        ("Finished in October", ActionStatus.COMPLETED),
        ("Dropped in October", ActionStatus.CANCELLED),
    ):
        action = ActionFactory(
            plan=plan, title=title, status=ActionStatus.IN_PROGRESS, due_date=datetime.date(2025, 8, 1)
        )
        action.history.update(history_date=in_quarter(7, 1))
        action.status = status
        action.save()
        action.history.filter(status=status).update(history_date=after_the_quarter)
    not_due_yet = ActionFactory(plan=plan, title="Due in November", status=ActionStatus.COMPLETED)
    not_due_yet.due_date = datetime.date(2025, 11, 1)
    not_due_yet.save()

    snapshot = snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER)

    victim = _board(snapshot, "victim")
    closed = {row["title"]: row["closed_on"] for row in victim["overdue"]}
    assert closed == {OVERDUE_TITLE: None, "Finished in October": "2025-10-14", "Dropped in October": "2025-10-14"}
    assert [row["title"] for row in victim["completed"]] == [COMPLETED_TITLE]
    (printed,) = [board for board in document_context(snapshot, {}, 1)["boards"] if board["slug"] == "victim"]
    due = {row["title"]: row["due"] for row in printed["overdue"]}
    assert due["Finished in October"] == "1 August 2025 (completed on 14 October 2025)"
    assert due["Dropped in October"] == "1 August 2025 (cancelled on 14 October 2025)"
    assert due[OVERDUE_TITLE] == "15 August 2025"


def test_an_escalation_moved_in_the_quarter_is_reported_as_it_stood_at_its_end(pack_world: PackWorld) -> None:
    escalation = EscalationFactory(
        board=pack_world.victim_board,
        title="Raised before, accepted in the quarter, resolved after",
        raised_at=in_quarter(3, 1),
        state=EscalationState.RESOLVED,
        state_changed_at=timezone.make_aware(datetime.datetime(2026, 1, 5, 9, 0)),
    )
    for to_state, at in (
        (EscalationState.ACCEPTED, in_quarter(8, 20)),
        (EscalationState.RESOLVED, escalation.state_changed_at),
    ):
        EscalationEvent.objects.create(escalation=escalation, from_state="", to_state=to_state, at=at)

    victim = _board(snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER), "victim")

    states = {row["title"]: row["state"] for row in victim["escalations"]}
    assert states[escalation.title] == "Accepted"
    assert set(states) == {ESCALATION_IN_QUARTER, escalation.title}


def test_an_outcome_listed_under_two_boards_is_counted_once(pack_world: PackWorld, offender_board: Board) -> None:
    meeting = MeetingFactory(
        partnership=pack_world.partnership,
        kind=MeetingKind.PARTNERSHIP_TASKING,
        starts_at=in_quarter(7, 9),
        boards=[pack_world.victim_board, offender_board],
    )
    MeetingOutcomeFactory(meeting=meeting, kind=OutcomeKind.DECISION, summary="Joint patrols on the Harrow Road.")

    snapshot = snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER)

    listed = [row["summary"] for board in snapshot["boards"] for row in board["outcomes"]]
    assert listed.count("Joint patrols on the Harrow Road.") == 2
    assert snapshot["summary"]["outcomes"] == len(set(listed)) == 2


def test_a_quarter_with_only_some_months_in_is_not_compared(pack_world: PackWorld) -> None:
    measurement = Measurement.objects.get(indicator=pack_world.indicator, quarter=QUARTER, place=None)
    measurement.is_partial = True
    measurement.save()

    changes = snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER)["changes"]

    (victim,) = [board for board in changes["boards"] if board["name"] == pack_world.victim_board.name]
    (indicator,) = victim["indicators"]
    assert (indicator["previous"], indicator["current"]) == (69, 72.5)
    assert (indicator["change"], indicator["change_percent"], indicator["direction"]) == (None, None, "Not compared")


def test_an_overdue_action_is_reported_with_the_date_rating_and_update_it_had_when_the_quarter_ended(
    pack_world: PackWorld,
) -> None:
    after_the_quarter = timezone.make_aware(datetime.datetime(2025, 10, 14, 9, 0))
    overdue = pack_world.overdue_action
    overdue.history.update(history_date=in_quarter(7, 1))
    # In October its date was put back and it was rated again: the pack reports September's.
    ProgressUpdateFactory(action=overdue, rag=Rag.GREEN, narrative="Back on track.", recorded_at=after_the_quarter)
    Action.objects.filter(pk=overdue.pk).update(rag=Rag.GREEN)
    overdue.refresh_from_db()
    overdue.due_date = datetime.date(2025, 12, 1)
    overdue.save()
    overdue.history.filter(due_date=datetime.date(2025, 12, 1)).update(history_date=after_the_quarter)
    # Not due when the quarter ended; brought forward since, to a date inside it.
    brought_forward = ActionFactory(
        plan=overdue.plan, title="Brought forward", status=ActionStatus.IN_PROGRESS, due_date=datetime.date(2025, 11, 1)
    )
    brought_forward.history.update(history_date=in_quarter(7, 1))
    brought_forward.due_date = datetime.date(2025, 8, 1)
    brought_forward.save()
    brought_forward.history.filter(due_date=datetime.date(2025, 8, 1)).update(history_date=after_the_quarter)

    victim = _board(snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER), "victim")

    (row,) = [row for row in victim["overdue"] if row["title"] == OVERDUE_TITLE]
    assert (row["due_date"], row["rag"], row["latest_update"]) == ("2025-08-15", Rag.RED, OVERDUE_NARRATIVE)
    assert row["latest_update_on"] == "2025-08-20"
    assert "Brought forward" not in [row["title"] for row in victim["overdue"]]


def test_a_revision_in_draft_at_the_quarters_end_does_not_change_the_due_date_in_force_then(
    pack_world: PackWorld, victim_chair: User, action_owner: User
) -> None:
    plan = pack_world.overdue_action.plan
    with time_machine.travel(in_quarter(7, 1), tick=False):
        late = ActionFactory(
            plan=plan, title="Late, put back in a draft", owner=action_owner, due_date=datetime.date(2025, 8, 15)
        )
        not_due = ActionFactory(
            plan=plan,
            title="Not due, brought forward in a draft",
            owner=action_owner,
            due_date=datetime.date(2025, 12, 1),
        )
        # The plan in force at the quarter's end was approved before it began.
        PlanTransition.objects.create(plan=plan, to_status=PlanStatus.APPROVED, at=in_quarter(7, 1))
    with time_machine.travel(in_quarter(8, 1), tick=False):
        draft = services.plan_revise(plan=plan, by=victim_chair)
    with time_machine.travel(in_quarter(8, 2), tick=False):
        for copy, due_date in (
            (draft.actions.get(carried_from=late), datetime.date(2025, 12, 1)),
            (draft.actions.get(carried_from=not_due), datetime.date(2025, 9, 15)),
        ):
            action_edit(copy, victim_chair, due_date=due_date)
    # A progress update that starts the work is copied onto the draft's copy, after it.
    with time_machine.travel(in_quarter(8, 5)):
        late.refresh_from_db()
        services.progress_update_create(
            action=late,
            by=action_owner,
            rag=Rag.AMBER,
            narrative="Started.",
            status=ActionStatus.IN_PROGRESS,
            status_opened=late.status,
        )
    with time_machine.travel(timezone.make_aware(datetime.datetime(2025, 10, 5, 10, 0)), tick=False):
        services.plan_submit(plan=draft, by=victim_chair)
        services.plan_approve(plan=draft, by=victim_chair)

    victim = _board(snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER), "victim")

    overdue = {row["title"]: row["due_date"] for row in victim["overdue"]}
    assert overdue["Late, put back in a draft"] == "2025-08-15"
    assert "Not due, brought forward in a draft" not in overdue


def test_an_action_entered_only_after_the_quarter_ended_is_not_in_its_pack(pack_world: PackWorld) -> None:
    with time_machine.travel(timezone.make_aware(datetime.datetime(2025, 10, 20, 10, 0)), tick=False):
        ActionFactory(
            plan=pack_world.overdue_action.plan,
            title="Entered in October, due in September",
            status=ActionStatus.IN_PROGRESS,
            due_date=datetime.date(2025, 9, 1),
        )

    victim = _board(snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER), "victim")

    assert [row["title"] for row in victim["overdue"]] == [OVERDUE_TITLE]
