"""The demo personas (one per role, as load_demo names them) and a few hundred partner officers."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password

from bench.dataset import World
from bench.dataset.words import FIRST_NAMES, JOB_TITLES, LAST_NAMES
from boards.choices import MembershipRole
from boards.models import Membership
from performance.demo import PERSONAS
from swp.models import Organisation, RoleAssignment, User

# How many regulars each board has: they sit on it, own its actions and attend its meetings.
REGULARS_PER_BOARD = 25


def _organisation_of_kind(world: World, kind: str) -> Organisation:
    return next((item for item in world.organisations if item.kind == kind), world.organisations[0])


def people_create(world: World) -> None:
    # One hash for everyone: hashing is deliberately slow, and the bench signs people in without it.
    password = make_password(settings.DEMO_PASSWORD)
    personas = [
        User(
            username=persona.username,
            first_name=persona.first_name,
            last_name=persona.last_name,
            email=f"{persona.username}@example.org",
            job_title=persona.job_title,
            organisation=_organisation_of_kind(world, persona.organisation_kind),
            clearance=persona.clearance,
            is_staff=persona.superuser,
            is_superuser=persona.superuser,
            password=password,
        )
        for persona in PERSONAS
    ]
    rng = world.rng
    officers = [
        User(
            username=f"officer-{number:04d}",
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            email=f"officer-{number:04d}@example.org",
            job_title=rng.choice(JOB_TITLES),
            organisation=rng.choice(world.organisations),
            password=password,
        )
        for number in range(1, world.scale.people + 1)
    ]
    User.objects.bulk_create([*personas, *officers], batch_size=1000)
    world.personas = {user.username: user for user in personas}

    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=world.personas[persona.username], role=role)
            for persona in PERSONAS
            for role in persona.roles
        ]
    )
    seats: dict[tuple[int, int, str], Membership] = {}

    def seat(board_id: int, user: User, role: str) -> None:
        seats.setdefault((board_id, user.pk, role), Membership(board_id=board_id, user=user, role=role))

    for persona in PERSONAS:
        if persona.chair_of in world.boards:
            seat(world.boards[persona.chair_of].pk, world.personas[persona.username], MembershipRole.CHAIR)
    executive = world.boards["executive"]
    for member_board in executive.member_boards.all():
        for persona in PERSONAS:
            if persona.chair_of == member_board.slug:
                seat(executive.pk, world.personas[persona.username], MembershipRole.MEMBER)
    for slug in ("victim", "location"):
        seat(world.boards[slug].pk, world.personas["owner"], MembershipRole.ACTION_OWNER)
    for board in world.planning_boards:
        regulars = rng.sample(officers, min(REGULARS_PER_BOARD, len(officers)))
        world.board_people[board.pk] = regulars
        for index, user in enumerate(regulars):
            seat(board.pk, user, MembershipRole.MEMBER if index % 3 == 0 else MembershipRole.ACTION_OWNER)
        if board.is_confidential:
            # Nobody works on a confidential board without its clearance.
            User.objects.filter(pk__in=[user.pk for user in regulars]).update(clearance=board.required_clearance)
    Membership.objects.bulk_create(list(seats.values()), batch_size=1000)
