"""How the PDF shortens a board's long lists: what it keeps, and the sentence that says so."""

from __future__ import annotations

import datetime

from actions.choices import ActionStatus
from boards.choices import MeetingKind
from performance.packs.pdf import PDF_LIST_LIMIT, document_context
from performance.packs.snapshot import snapshot_gather
from tests.actions.factories import ActionFactory
from tests.boards.factories import MeetingFactory, MeetingOutcomeFactory
from tests.performance.packs.conftest import (
    COMPLETED_TITLE,
    OUTCOME_IN_QUARTER,
    OVERDUE_TITLE,
    QUARTER,
    PackWorld,
    in_quarter,
    there_from_the_quarters_start,
)

EXTRA = PDF_LIST_LIMIT + 5


def _victim(pack_world: PackWorld) -> dict:
    snapshot = snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER)
    (victim,) = [board for board in document_context(snapshot, {}, 1)["boards"] if board["slug"] == "victim"]
    return victim


def test_short_lists_are_shown_whole_without_a_note(pack_world: PackWorld) -> None:
    victim = _victim(pack_world)
    assert [row["title"] for row in victim["overdue"]] == [OVERDUE_TITLE]
    assert [row["title"] for row in victim["completed"]] == [COMPLETED_TITLE]
    for note in ("overdue_note", "completed_note", "outcomes_note", "escalations_note"):
        assert victim[note] == "", note


def test_the_pdf_keeps_the_most_overdue_actions_and_gives_the_total(pack_world: PackWorld) -> None:
    plan = pack_world.overdue_action.plan
    # Due from 1 August onwards: all later than the fixture's action, due 15 August, bar fourteen.
    there_from_the_quarters_start(
        *(
            ActionFactory(
                plan=plan,
                title=f"Late {day:02}",
                status=ActionStatus.IN_PROGRESS,
                due_date=datetime.date(2025, 8, 1) + datetime.timedelta(days=day),
            )
            for day in range(EXTRA)
        )
    )

    victim = _victim(pack_world)

    titles = [row["title"] for row in victim["overdue"]]
    assert len(titles) == PDF_LIST_LIMIT
    assert titles[:2] == ["Late 00", "Late 01"]
    assert OVERDUE_TITLE in titles
    assert f"Late {EXTRA - 1:02}" not in titles
    assert victim["overdue_note"] == (
        f"These are the {PDF_LIST_LIMIT} most overdue of the board's {EXTRA + 1} overdue actions; "
        "the Excel workbook that accompanies this pack lists them all."
    )


def test_the_pdf_keeps_the_latest_outcomes_and_gives_the_total(pack_world: PackWorld) -> None:
    for day in range(EXTRA):
        meeting = MeetingFactory(
            partnership=pack_world.partnership,
            kind=MeetingKind.PROBLEM_SOLVING,
            starts_at=in_quarter(7, 1 + day),
            boards=[pack_world.victim_board],
        )
        MeetingOutcomeFactory(meeting=meeting, summary=f"Outcome of 2025-07-{1 + day:02}")

    victim = _victim(pack_world)

    # The fixture's own outcome, on 5 August, is the latest of all; the oldest July ones go.
    first_kept = EXTRA + 2 - PDF_LIST_LIMIT
    assert [row["summary"] for row in victim["outcomes"]] == [
        *(f"Outcome of 2025-07-{day:02}" for day in range(first_kept, EXTRA + 1)),
        OUTCOME_IN_QUARTER,
    ]
    assert victim["outcomes_note"].startswith(f"These are the {PDF_LIST_LIMIT} latest of the board's {EXTRA + 1}")


def test_the_changes_name_at_most_as_many_actions_and_count_the_rest(pack_world: PackWorld) -> None:
    snapshot = snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER)
    (victim,) = [board for board in snapshot["changes"]["boards"] if board["name"] == pack_world.victim_board.name]
    victim["newly_overdue"] = [f"Action {number}" for number in range(EXTRA)]

    (changes,) = [
        board for board in document_context(snapshot, {}, 1)["changes"]["boards"] if board["name"] == victim["name"]
    ]

    assert changes["newly_overdue_text"].startswith("Action 0; Action 1;")
    assert changes["newly_overdue_text"].endswith(
        f"Action {PDF_LIST_LIMIT - 1}; and 5 more (the Excel workbook that accompanies this pack lists them all)."
    )


def test_the_summary_counts_one_of_a_thing_in_the_singular(pack_world: PackWorld) -> None:
    snapshot = snapshot_gather(partnership=pack_world.partnership, quarter=QUARTER)
    summary = snapshot["summary"]

    sentences = document_context(snapshot, {}, 1)["summary"]["sentences"]

    # The pack world has one overdue action and one completed in the quarter, as each board's lists show.
    assert (summary["overdue"], summary["completed"]) == (1, 1)
    assert sentences[1].startswith("1 action was overdue at ")
    assert sentences[1].endswith(" and 1 was completed in the quarter.")
    assert all(" 1 actions" not in sentence and " 1 boards" not in sentence for sentence in sentences)
