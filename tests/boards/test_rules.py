"""Who may record, edit and read meetings, and who answers an escalation, persona by persona."""

from __future__ import annotations

import pytest

from boards.choices import BoardKind, EscalationState, MembershipRole
from boards.models import Board, Escalation, Meeting
from swp.choices import PartnershipRole
from swp.models import User
from tests.boards.factories import BoardFactory, EscalationFactory, MembershipFactory
from tests.swp.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

EVERYONE = [
    "admin_user",
    "swp_chair",
    "executive_chair",
    "victim_chair",
    "offender_chair",
    "contest_chair",
    "tasking_officer",
    "action_owner",
    "analyst",
    "scrutiny_member",
    "uncleared_member",
]


# Django grants an active superuser every permission before any rule is asked, so the confidential
# cases below leave the administrator out; the views' access helpers hide those objects from an
# uncleared administrator all the same (see test_permissions.py).
UNPRIVILEGED = [name for name in EVERYONE if name != "admin_user"]


def _who(request: pytest.FixtureRequest, names: list[str]) -> dict[str, User]:
    return {name: request.getfixturevalue(name) for name in names}


def _holders(people: dict[str, User], permission: str, obj: object = None) -> set[str]:
    return {name for name, user in people.items() if user.has_perm(permission, obj)}


def test_who_may_record_a_meeting(request: pytest.FixtureRequest) -> None:
    people = _who(request, EVERYONE)
    assert _holders(people, "boards.add_meeting") == {
        "admin_user",
        "swp_chair",
        "executive_chair",
        "victim_chair",
        "offender_chair",
        "contest_chair",
        "tasking_officer",
    }


def test_the_chair_of_a_linked_board_only_records_no_meetings_here(swp_board: Board) -> None:
    linked = BoardFactory(partnership=swp_board.partnership, slug="health-and-wellbeing", kind=BoardKind.EXTERNAL)
    chair = UserFactory(username="hwb-chair")
    MembershipFactory(board=linked, user=chair, role=MembershipRole.CHAIR)

    assert not chair.has_perm("boards.add_meeting")
    MembershipFactory(board=swp_board, user=chair, role=MembershipRole.VICE_CHAIR)
    assert User.objects.get(pk=chair.pk).has_perm("boards.add_meeting")


def test_a_chair_records_meetings_only_for_a_board_they_chair(
    victim_chair: User, tasking_officer: User, victim_board: Board, offender_board: Board
) -> None:
    assert victim_chair.has_perm("boards.record_meeting_for", [victim_board])
    assert victim_chair.has_perm("boards.record_meeting_for", [offender_board, victim_board])
    assert not victim_chair.has_perm("boards.record_meeting_for", [offender_board])
    assert not victim_chair.has_perm("boards.record_meeting_for", [])
    assert tasking_officer.has_perm("boards.record_meeting_for", [offender_board])


def test_who_may_read_and_edit_a_tasking_meeting(request: pytest.FixtureRequest, tasking_meeting: Meeting) -> None:
    people = _who(request, EVERYONE)
    assert _holders(people, "boards.view_meeting", tasking_meeting) == set(EVERYONE)
    assert _holders(people, "boards.change_meeting", tasking_meeting) == {
        "admin_user",
        "victim_chair",
        "offender_chair",
        "tasking_officer",
    }


def test_only_the_cleared_read_or_edit_a_confidential_meeting_whatever_their_role(
    request: pytest.FixtureRequest, contest_meeting: Meeting
) -> None:
    people = _who(request, UNPRIVILEGED)
    assert _holders(people, "boards.view_meeting", contest_meeting) == {"contest_chair"}
    assert _holders(people, "boards.change_meeting", contest_meeting) == {"contest_chair"}


def test_the_boards_chair_answers_an_escalation_until_it_goes_up(
    request: pytest.FixtureRequest, victim_escalation: Escalation
) -> None:
    people = _who(request, EVERYONE)
    assert _holders(people, "boards.view_escalation", victim_escalation) == set(EVERYONE)
    assert _holders(people, "boards.act_on_escalation", victim_escalation) == {"admin_user", "victim_chair"}


def _with_an_executive_member(request: pytest.FixtureRequest) -> dict[str, User]:
    """Everyone, and someone who holds the partnership's Executive role without chairing a board."""
    executive_member = UserFactory(username="executive-role")
    RoleAssignmentFactory(user=executive_member, role=PartnershipRole.EXECUTIVE)
    return {**_who(request, EVERYONE), "executive_member": executive_member}


ANSWERED_BY_THE_EXECUTIVE = {"admin_user", "executive_chair", "executive_member"}


def test_once_it_has_gone_up_the_executive_answers_it(
    request: pytest.FixtureRequest, victim_escalation: Escalation
) -> None:
    people = _with_an_executive_member(request)
    victim_escalation.state = EscalationState.ESCALATED
    victim_escalation.escalated_at = victim_escalation.raised_at
    victim_escalation.save()

    assert _holders(people, "boards.act_on_escalation", victim_escalation) == ANSWERED_BY_THE_EXECUTIVE


def test_one_raised_to_the_executive_itself_is_the_executives_to_answer_from_the_start(
    request: pytest.FixtureRequest, executive_board: Board
) -> None:
    people = _with_an_executive_member(request)
    escalation = EscalationFactory(board=executive_board)

    assert _holders(people, "boards.act_on_escalation", escalation) == ANSWERED_BY_THE_EXECUTIVE


def test_a_confidential_escalation_is_answered_only_by_the_cleared(
    request: pytest.FixtureRequest, contest_escalation: Escalation
) -> None:
    people = _who(request, UNPRIVILEGED)
    assert _holders(people, "boards.view_escalation", contest_escalation) == {"contest_chair"}
    assert _holders(people, "boards.act_on_escalation", contest_escalation) == {"contest_chair"}
    contest_escalation.state = EscalationState.ESCALATED
    contest_escalation.escalated_at = contest_escalation.raised_at
    contest_escalation.save()
    # The Executive's chair holds no CTC clearance; the CONTEST chair is an Executive member only in the demo.
    assert _holders(people, "boards.act_on_escalation", contest_escalation) == set()


def test_everyone_signed_in_has_the_meetings_and_escalations_pages(request: pytest.FixtureRequest) -> None:
    people = _who(request, EVERYONE)
    assert _holders(people, "boards.view_meetings") == set(EVERYONE)
    assert _holders(people, "boards.view_escalations") == set(EVERYONE)
