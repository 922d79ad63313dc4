"""Factories for the governance structure: boards, seats on them, meetings and escalations."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from boards.choices import BoardKind, EscalationState, MeetingKind, MembershipRole, OutcomeKind
from boards.models import Board, Escalation, EscalationEvent, Meeting, MeetingAttendee, MeetingOutcome, Membership
from swp.choices import Clearance
from tests.swp.factories import PartnershipFactory, UserFactory


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board
        django_get_or_create = ("partnership", "slug")

    partnership = factory.SubFactory(PartnershipFactory)
    slug = factory.Sequence(lambda n: f"board-{n}")
    name = factory.LazyAttribute(lambda o: f"{o.slug.replace('-', ' ').title()} Board")
    kind = BoardKind.THEMATIC
    required_clearance = Clearance.NONE


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        django_get_or_create = ("board", "user", "role")

    board = factory.SubFactory(BoardFactory)
    user = factory.SubFactory(UserFactory)
    role = MembershipRole.MEMBER


class MeetingFactory(factory.django.DjangoModelFactory):
    """A board meeting; pass `boards=[...]` for the boards it feeds, else it feeds a new board."""

    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    kind = MeetingKind.BOARD
    title = factory.Sequence(lambda n: f"Meeting {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))

    @factory.post_generation
    def boards(self, create: bool, extracted: list[Board] | None, **kwargs: object) -> None:
        if not create:
            return
        # A meeting that feeds no board is not something the partnership holds.
        self.boards.set(extracted if extracted is not None else [BoardFactory(partnership=self.partnership)])

    @factory.post_generation
    def places(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.places.set(extracted)


class MeetingOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingOutcome

    meeting = factory.SubFactory(MeetingFactory)
    kind = OutcomeKind.DECISION
    summary = factory.Sequence(lambda n: f"Outcome {n}")
    board = None
    order = factory.Sequence(lambda n: n)


class EscalationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Escalation

    board = factory.SubFactory(BoardFactory)
    title = factory.Sequence(lambda n: f"Emerging trend {n}")
    state = EscalationState.RAISED
    raised_by = None
    raised_at = factory.LazyFunction(timezone.now)
    state_changed_at = factory.SelfAttribute("raised_at")


class MeetingAttendeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingAttendee

    meeting = factory.SubFactory(MeetingFactory)
    user = None
    name = factory.Sequence(lambda n: f"Attendee {n}")
    organisation = None


class EscalationEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EscalationEvent

    escalation = factory.SubFactory(EscalationFactory)
    from_state = ""
    to_state = EscalationState.RAISED
    by = None
    at = factory.LazyFunction(timezone.now)


def escalation_from_meeting(*, meeting: Meeting, board: Board, **fields: object) -> Escalation:
    """An escalation raised by one of the meeting's outcomes, as recording the meeting makes one."""
    outcome = MeetingOutcomeFactory(meeting=meeting, kind=OutcomeKind.ESCALATION, board=board)
    return EscalationFactory(board=board, source_outcome=outcome, title=outcome.summary, **fields)
