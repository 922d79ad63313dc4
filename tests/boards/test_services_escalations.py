"""The escalation state machine: every step it allows, every step it refuses, and the record of each."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from boards.choices import EscalationState
from boards.models import Board, Escalation
from boards.services import (
    EscalationTransitionError,
    escalation_accept,
    escalation_decline,
    escalation_escalate,
    escalation_resolve,
    escalation_transitions_open,
)
from swp.models import User
from tests.boards.factories import EscalationFactory

pytestmark = pytest.mark.django_db

RAISED, ACCEPTED, DECLINED, RESOLVED, ESCALATED = (
    EscalationState.RAISED,
    EscalationState.ACCEPTED,
    EscalationState.DECLINED,
    EscalationState.RESOLVED,
    EscalationState.ESCALATED,
)

MOVES: dict[str, Callable[..., Escalation]] = {
    ACCEPTED: lambda escalation, by: escalation_accept(escalation=escalation, by=by, note="On the agenda"),
    DECLINED: lambda escalation, by: escalation_decline(escalation=escalation, by=by, reason="Not for this board"),
    RESOLVED: lambda escalation, by: escalation_resolve(escalation=escalation, by=by, note="Done"),
    ESCALATED: lambda escalation, by: escalation_escalate(escalation=escalation, by=by, note="Needs the Executive"),
}
NOTES = {ACCEPTED: "On the agenda", DECLINED: "Not for this board", RESOLVED: "Done", ESCALATED: "Needs the Executive"}

# (where it is, whether it has been to the Executive) -> where it may go next
ALLOWED = {
    (RAISED, False): {ACCEPTED, DECLINED, ESCALATED},
    (ACCEPTED, False): {RESOLVED, ESCALATED},
    (ESCALATED, True): {ACCEPTED, DECLINED, RESOLVED},
    # Accepted by the Executive: it is already as high as it goes.
    (ACCEPTED, True): {RESOLVED},
    (DECLINED, False): set(),
    (RESOLVED, False): set(),
    (DECLINED, True): set(),
    (RESOLVED, True): set(),
}
CASES = [
    pytest.param(
        state, with_executive, target, target in allowed, id=f"{state}{'-exec' if with_executive else ''}-to-{target}"
    )
    for (state, with_executive), allowed in ALLOWED.items()
    for target in MOVES
]


def _escalation(board: Board, state: str, *, with_executive: bool) -> Escalation:
    raised = timezone.now() - datetime.timedelta(days=3)
    return EscalationFactory(
        board=board,
        state=state,
        raised_at=raised,
        state_changed_at=raised,
        escalated_at=raised + datetime.timedelta(days=1) if with_executive else None,
    )


@pytest.mark.parametrize(("state", "with_executive", "target", "allowed"), CASES)
def test_every_step_from_every_state(
    victim_board: Board, victim_chair: User, state: str, with_executive: bool, target: str, allowed: bool
) -> None:
    escalation = _escalation(victim_board, state, with_executive=with_executive)
    before = Escalation.objects.values().get(pk=escalation.pk)

    if allowed:
        moved = MOVES[target](escalation, victim_chair)
        stored = Escalation.objects.get(pk=escalation.pk)
        assert moved.state == stored.state == target
        assert stored.state_changed_at > before["state_changed_at"]
        (event,) = stored.events.all()
        assert (event.from_state, event.to_state, event.by, event.note) == (state, target, victim_chair, NOTES[target])
    else:
        with pytest.raises(EscalationTransitionError):
            MOVES[target](escalation, victim_chair)
        assert Escalation.objects.values().get(pk=escalation.pk) == before
        assert not escalation.events.exists()


def test_the_open_steps_are_the_allowed_ones(victim_board: Board) -> None:
    for (state, with_executive), allowed in ALLOWED.items():
        escalation = _escalation(victim_board, state, with_executive=with_executive)
        assert escalation_transitions_open(escalation=escalation) == allowed, (state, with_executive)


def test_sending_it_up_records_when_it_reached_the_executive(victim_board: Board, victim_chair: User) -> None:
    escalation = _escalation(victim_board, RAISED, with_executive=False)
    escalation_escalate(escalation=escalation, by=victim_chair)
    stored = Escalation.objects.get(pk=escalation.pk)
    assert stored.escalated_at == stored.state_changed_at
    assert stored.with_executive


def test_declining_records_the_reason(victim_board: Board, victim_chair: User) -> None:
    escalation = _escalation(victim_board, RAISED, with_executive=False)
    escalation_decline(escalation=escalation, by=victim_chair, reason="  A matter for the Safeguarding board  ")
    assert Escalation.objects.get(pk=escalation.pk).decline_reason == "A matter for the Safeguarding board"


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_declining_without_a_reason_is_refused(victim_board: Board, victim_chair: User, reason: str) -> None:
    escalation = _escalation(victim_board, RAISED, with_executive=False)
    with pytest.raises(EscalationTransitionError, match="Give the reason for declining"):
        escalation_decline(escalation=escalation, by=victim_chair, reason=reason)
    assert Escalation.objects.get(pk=escalation.pk).state == RAISED


def test_an_escalation_raised_to_the_executive_itself_has_nowhere_higher_to_go(
    executive_board: Board, executive_chair: User
) -> None:
    escalation = _escalation(executive_board, RAISED, with_executive=False)
    assert escalation_transitions_open(escalation=escalation) == {ACCEPTED, DECLINED}
    with pytest.raises(EscalationTransitionError, match="nowhere higher"):
        escalation_escalate(escalation=escalation, by=executive_chair)


@pytest.mark.parametrize(
    ("state", "target", "message"),
    [
        (RESOLVED, ACCEPTED, "already resolved, so it cannot be accepted"),
        (DECLINED, ESCALATED, "already declined, so it cannot be sent to the Executive"),
        (RAISED, RESOLVED, "An escalation that is raised cannot be resolved"),
        (ESCALATED, ESCALATED, "already with the Executive"),
    ],
)
def test_a_refusal_says_why(victim_board: Board, victim_chair: User, state: str, target: str, message: str) -> None:
    escalation = _escalation(victim_board, state, with_executive=state == ESCALATED)
    with pytest.raises(EscalationTransitionError, match=message):
        MOVES[target](escalation, victim_chair)


def test_a_step_is_judged_on_the_stored_state_not_a_stale_copy(victim_board: Board, victim_chair: User) -> None:
    escalation = _escalation(victim_board, RAISED, with_executive=False)
    stale = Escalation.objects.get(pk=escalation.pk)
    escalation_decline(escalation=escalation, by=victim_chair, reason="Duplicate")
    with pytest.raises(EscalationTransitionError):
        escalation_accept(escalation=stale, by=victim_chair)
    assert Escalation.objects.get(pk=escalation.pk).state == DECLINED
