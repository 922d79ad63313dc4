from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core import signing
from django.db.models import F, Prefetch
from django.http import Http404
from django.utils.crypto import constant_time_compare

from boards.choices import BoardKind, MeetingKind, MembershipRole
from boards.models import (
    Board,
    BoardQuerySet,
    CalendarFeedKey,
    Escalation,
    EscalationEvent,
    EscalationQuerySet,
    Meeting,
    MeetingAttendee,
    MeetingOutcome,
    MeetingQuerySet,
)
from swp.models import Organisation, Partnership, Place, User
from swp.queries import first_of_each, first_per
from swp.services import audit_access_refused

# One message for a board that does not exist and one the person may not see, so that the two
# answers are byte-identical and nobody can learn of a confidential board by guessing its slug.
NOT_FOUND_MESSAGE = "Page not found"


def board_get_visible(*, user: User, slug: str) -> Board:
    board = Board.objects.visible_to(user).filter(slug=slug).select_related("parent").first()
    if board is None:
        audit_access_refused(user=user, hidden=Board.objects.filter(slug=slug))
        raise Http404(NOT_FOUND_MESSAGE)
    return board


@dataclass
class BoardMember:
    """One person on a board, once, with every role they hold on it (chair first)."""

    user: User
    roles: list[MembershipRole]
    organisation: Organisation | None

    @property
    def roles_text(self) -> str:
        """The roles in words: Chair, or Member and action owner for someone with two."""
        labels = [str(role.label) for role in self.roles]
        return " and ".join([labels[0], *(label.lower() for label in labels[1:])])


def board_members(*, board: Board) -> list[BoardMember]:
    """The board's people, chairs first, then vice-chairs, members and action owners, each by surname."""
    rank = {role: position for position, role in enumerate(MembershipRole)}
    members: dict[int, BoardMember] = {}
    # Those who have left the partnership (their accounts deactivated) sit on no board any more.
    memberships = board.memberships.filter(user__is_active=True).select_related("user__organisation", "organisation")
    for membership in memberships.order_by("user__last_name", "user__first_name", "pk"):
        organisation = membership.organisation or membership.user.organisation
        member = members.setdefault(membership.user_id, BoardMember(membership.user, [], organisation))
        member.roles.append(MembershipRole(membership.role))
    for member in members.values():
        member.roles.sort(key=rank.__getitem__)
    # A stable sort: people of the same highest role stay in surname order.
    return sorted(members.values(), key=lambda member: rank[member.roles[0]])


@dataclass
class BoardNode:
    board: Board
    visible: bool
    children: list[BoardNode] = field(default_factory=list)


def board_tree(*, partnership: Partnership, user: User) -> list[BoardNode]:
    """Every board of the partnership arranged under its parent, marking those the person may open."""
    boards = list(partnership.boards.prefetch_related("member_boards"))
    nodes = {board.pk: BoardNode(board=board, visible=board.required_clearance <= user.clearance) for board in boards}
    roots = []
    for board in boards:
        node = nodes[board.pk]
        if board.parent_id in nodes:
            nodes[board.parent_id].children.append(node)
        else:
            roots.append(node)
    return roots


def meeting_get_visible(*, user: User, pk: int) -> Meeting:
    """The meeting with all it shows on its page, or the same 404 whether it is hidden or missing."""
    meeting = (
        Meeting.objects.visible_to(user)
        .filter(pk=pk)
        .select_related("created_by")
        .prefetch_related(
            "boards",
            "places",
            Prefetch(
                "attendees", queryset=MeetingAttendee.objects.select_related("user__organisation", "organisation")
            ),
            Prefetch(
                "outcomes",
                queryset=MeetingOutcome.objects.select_related("board", "owner", "escalation"),
            ),
        )
        .first()
    )
    if meeting is None:
        audit_access_refused(user=user, hidden=Meeting.objects.filter(pk=pk))
        raise Http404(NOT_FOUND_MESSAGE)
    return meeting


# Lists of meetings show none of these, and minutes in particular run to pages.
MEETING_LONG_TEXT = ("agenda", "minutes", "problems_discussed")


def meetings_visible(*, user: User) -> MeetingQuerySet:
    """The meetings the person may see, each with the names of its boards (`board_list`) and wards
    (`place_list`), as a list of meetings shows them."""
    # Names alone, into plain lists: a page of meetings built every board and place whole, and a
    # queryset for each through `.all()`, in more time than the rest of the page took.
    return (
        Meeting.objects.visible_to(user)
        .defer(*MEETING_LONG_TEXT)
        .prefetch_related(
            Prefetch("boards", queryset=Board.objects.only("name"), to_attr="board_list"),
            Prefetch("places", queryset=Place.objects.only("name"), to_attr="place_list"),
        )
    )


@dataclass(frozen=True)
class BoardMeetings:
    """A board's own latest meetings, apart from the tasking and problem-solving meetings feeding it,
    which come far more often and would otherwise push the board's own out of sight."""

    own: list[Meeting]
    feeding: list[Meeting]

    @property
    def lists(self) -> list[tuple[str, list[Meeting]]]:
        """Each list that has meetings, under its heading."""
        named = [
            ("Latest meetings of the board", self.own),
            ("Latest tasking, problem-solving and workshop meetings feeding it", self.feeding),
        ]
        return [(heading, meetings) for heading, meetings in named if meetings]


def board_meetings_recent(*, board: Board, user: User, limit: int = 5) -> BoardMeetings:
    meetings = Meeting.objects.visible_to(user).filter(boards=board).defer(*MEETING_LONG_TEXT)
    # The newest few of each kind in one query; the newest few feeding it are among those of its kinds.
    newest = first_of_each(meetings, partition=F("kind"), order=["-starts_at", "-pk"], limit=limit)
    lists = BoardMeetings(own=[], feeding=[])
    for meeting in newest.order_by("-starts_at", "-pk"):
        shown = lists.own if meeting.kind == MeetingKind.BOARD else lists.feeding
        if len(shown) < limit:
            shown.append(meeting)
    return lists


def board_meetings_for_calendar(*, board: Board, user: User, since: datetime.datetime) -> list[Meeting]:
    return list(
        Meeting.objects.visible_to(user)
        .filter(boards=board, starts_at__gte=since)
        .prefetch_related("boards")
        .order_by("starts_at", "pk")
    )


def escalation_get_visible(*, user: User, pk: int) -> Escalation:
    escalation = (
        Escalation.objects.visible_to(user)
        .filter(pk=pk)
        .select_related("board", "raised_by", "source_outcome__meeting")
        .prefetch_related(Prefetch("events", queryset=EscalationEvent.objects.select_related("by")))
        .first()
    )
    if escalation is None:
        audit_access_refused(user=user, hidden=Escalation.objects.filter(pk=pk))
        raise Http404(NOT_FOUND_MESSAGE)
    return escalation


def escalations_visible(*, user: User) -> EscalationQuerySet:
    """For the ledger, which names each escalation's board."""
    return Escalation.objects.visible_to(user).select_related("board")


# A board's page and the Executive's view list this many of a board's open escalations, oldest
# first, beside how many are open; the ledger lists them all.
OPEN_ESCALATIONS_SHOWN = 10


@dataclass
class OpenEscalations:
    """A board's open escalations: how many there are, and the oldest few."""

    count: int = 0
    oldest: list[Escalation] = field(default_factory=list)


def escalations_open_by_board(*, user: User, board_ids: list[int]) -> dict[int, OpenEscalations]:
    """For each board, its open escalations the person may see: two queries however many there are."""
    found = {board_id: OpenEscalations() for board_id in board_ids}
    visible_open = Escalation.objects.visible_to(user).filter(board_id__in=board_ids).open()
    oldest = first_per(visible_open, partition=F("board_id"), order=["raised_at", "pk"], limit=OPEN_ESCALATIONS_SHOWN)
    for board_id, count in oldest.sizes.items():
        found[board_id].count = count
    for escalation in oldest.rows.order_by("raised_at", "pk"):
        found[escalation.board_id].oldest.append(escalation)
    return found


def boards_for_choosing(*, user: User, partnership: Partnership) -> BoardQuerySet:
    """The boards a person may pick in a form or a filter: never one hidden from them, never a linked one."""
    return Board.objects.visible_to(user).filter(partnership=partnership).exclude(kind=BoardKind.EXTERNAL)


# Calendar feeds: calendar apps cannot sign in, so a feed link carries a signed token naming the
# person and their current calendar secret (boards.models.CalendarFeedKey).
_CALENDAR_SIGNER_SALT = "boards.calendar-feed"


def calendar_feed_token(*, user: User) -> str:
    key = CalendarFeedKey.objects.filter(user=user).values_list("key", flat=True).first() or ""
    return signing.Signer(salt=_CALENDAR_SIGNER_SALT).sign(f"{user.pk}.{key}")


def calendar_feed_user(*, token: str) -> User | None:
    """The active person a feed token belongs to, or None if it is forged, mangled or revoked."""
    try:
        value = signing.Signer(salt=_CALENDAR_SIGNER_SALT).unsign(token)
    except signing.BadSignature:
        return None
    user_id, _, key = value.partition(".")
    user = User.objects.filter(pk=int(user_id), is_active=True).first() if user_id.isdigit() else None
    if user is None:
        return None
    current = CalendarFeedKey.objects.filter(user=user).values_list("key", flat=True).first() or ""
    return user if constant_time_compare(current, key) else None
