from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator

from boards.choices import BoardKind, EscalationState, MeetingKind, MembershipRole, OutcomeKind
from swp.choices import Clearance
from swp.models import Organisation, Partnership, Place, User

# An outcome's first line becomes the title of the escalation or agreed action it raises.
TITLE_MAX_LENGTH = 200


class BoardQuerySet(models.QuerySet["Board"]):
    def visible_to(self, user: User | AnonymousUser) -> BoardQuerySet:
        """Boards whose required clearance the person holds; the others must look absent."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(required_clearance__lte=user.clearance)


class Board(models.Model):
    """A board of the partnership: the SWP itself, the Executive, a thematic board or a linked one."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="boards")
    slug = models.SlugField()
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=BoardKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text="The board this one reports to",
    )
    description = models.TextField(blank=True)
    chair_title = models.CharField(
        max_length=200, blank=True, help_text="Who chairs it by office, e.g. Fire Service Borough Commander"
    )
    member_boards = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="represented_on",
        help_text="Boards whose chairs sit on this board (the Executive is made of the thematic chairs)",
    )
    required_clearance = models.IntegerField(
        choices=Clearance.choices,
        default=Clearance.NONE,
        help_text="Vetting needed to see anything of this board; above None makes it confidential",
    )
    order = models.PositiveIntegerField(default=0)

    objects = BoardQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "slug"], name="unique_board_slug")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_confidential(self) -> bool:
        return self.required_clearance > Clearance.NONE

    @property
    def is_external(self) -> bool:
        return self.kind == BoardKind.EXTERNAL

    @property
    def is_executive(self) -> bool:
        return self.kind == BoardKind.EXECUTIVE


class Membership(models.Model):
    """A person's seat on a board, and the role they hold there."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text="The agency they represent on this board, if not their own",
    )

    class Meta:
        ordering = ["board", "role", "user"]
        constraints = [models.UniqueConstraint(fields=["board", "user", "role"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.board})"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: User | AnonymousUser) -> MeetingQuerySet:
        """Meetings none of whose boards are hidden from the person."""
        if not user.is_authenticated:
            return self.none()
        return self.exclude(boards__required_clearance__gt=user.clearance)


class Meeting(models.Model):
    """A board meeting, partnership tasking or problem-solving meeting, or a workshop."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=30, choices=MeetingKind.choices)
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True, help_text="When it finished, for calendars")
    location = models.CharField(max_length=200, blank=True)
    boards = models.ManyToManyField(Board, related_name="meetings", help_text="Boards this meeting feeds")
    places = models.ManyToManyField(Place, blank=True, related_name="meetings", help_text="Wards covered")
    problems_discussed = models.TextField(blank=True)
    agenda = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped on every save; the edit form posts the version it was opened at, so a stale save is refused.
    lock_version = models.PositiveIntegerField(default=0)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%d %b %Y})"

    def clearance_needed(self) -> int:
        """The clearance a person needs to know of the meeting: its most confidential board's (as
        MeetingQuerySet.visible_to hides it from anyone below any of them)."""
        return self.boards.aggregate(highest=models.Max("required_clearance"))["highest"] or 0


class MeetingAttendee(models.Model):
    """Someone who attended a meeting, with the organisation they came for."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    name = models.CharField(max_length=200, blank=True, help_text="For attendees without an account")
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["meeting", "name"]

    def __str__(self) -> str:
        return str(self.user) if self.user else self.name


class MeetingOutcome(models.Model):
    """What a meeting concluded: a decision, information, an action agreed or an escalation."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(max_length=20, choices=OutcomeKind.choices)
    summary = models.TextField()
    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_outcomes",
        help_text="The board an agreed action or an escalation goes to",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who will do an agreed action",
    )
    due_date = models.DateField(null=True, blank=True, help_text="When an agreed action is due")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.summary[:60]}"

    @property
    def title(self) -> str:
        """The first line of what the meeting concluded, as the outcome form tells the officer: the
        title of the escalation or action it becomes."""
        first_line = next((line.strip() for line in self.summary.splitlines() if line.strip()), "")
        return Truncator(first_line).chars(TITLE_MAX_LENGTH)


class EscalationQuerySet(models.QuerySet["Escalation"]):
    def visible_to(self, user: User | AnonymousUser) -> EscalationQuerySet:
        """Escalations to boards the person may see, raised by meetings they may see.

        An escalation repeats what its meeting concluded, so a meeting that feeds a hidden board
        hides its escalations too, whichever board they went to.
        """
        if not user.is_authenticated:
            return self.none()
        return self.filter(board__required_clearance__lte=user.clearance).exclude(
            source_outcome__meeting__boards__required_clearance__gt=user.clearance
        )

    def open(self) -> EscalationQuerySet:
        return self.exclude(state__in=[EscalationState.DECLINED, EscalationState.RESOLVED])


class Escalation(models.Model):
    """A new or emerging trend or issue raised to a board, which may go on up to the Executive."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="escalations")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    state = models.CharField(max_length=20, choices=EscalationState.choices, default=EscalationState.RAISED)
    source_outcome = models.OneToOneField(
        MeetingOutcome, on_delete=models.SET_NULL, null=True, blank=True, related_name="escalation"
    )
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    raised_at = models.DateTimeField()
    state_changed_at = models.DateTimeField()
    escalated_at = models.DateTimeField(
        null=True, blank=True, help_text="When it went up to the Executive; from then on the Executive acts on it"
    )
    decline_reason = models.TextField(blank=True)

    objects = EscalationQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state not in (EscalationState.DECLINED, EscalationState.RESOLVED)

    @property
    def details(self) -> str:
        """The description without the title it begins with: an outcome's first line is its
        escalation's title, and pages and emails show the title already."""
        first, _, rest = self.description.partition("\n")
        return rest.strip() if first.strip() == self.title.strip() else self.description.strip()

    @property
    def with_executive(self) -> bool:
        return self.escalated_at is not None

    def age_in_days(self, now: datetime.datetime | None = None) -> int:
        """Whole days it has been open: the ageing the ledger and the scheduled job go by. A declined
        or resolved escalation stops ageing on the day it closed, or the ledger would count on for ever."""
        end = (now or timezone.now()) if self.is_open else self.state_changed_at
        return (end - self.raised_at).days


class EscalationEvent(models.Model):
    """One step in an escalation's life: who moved it from which state to which, when and why."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=EscalationState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=EscalationState.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text="Empty when the scheduled job moved it",
    )
    at = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["escalation", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.escalation}: {self.from_state or 'new'} to {self.to_state}"


class CalendarFeedKey(models.Model):
    """The secret behind a person's calendar feed links; replacing it revokes every link they shared.

    Calendar apps cannot sign in, so a feed link carries a token signed with the site's key that
    names the person and this secret. A person without a row uses the empty secret until they
    first reset their link.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="calendar_feed_key"
    )
    key = models.CharField(max_length=64)
    reset_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Calendar feed key of {self.user}"
