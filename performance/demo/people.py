"""The demo personas of DESIGN.md: one person for each role, all with the one demo password."""

from __future__ import annotations

from dataclasses import dataclass

from boards.choices import MembershipRole
from boards.models import Membership
from swp.choices import Clearance, OrganisationKind, PartnershipRole
from swp.models import Organisation, Partnership, RoleAssignment, User


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    job_title: str
    organisation_kind: str
    roles: tuple[str, ...] = ()
    chair_of: str = ""
    clearance: int = Clearance.NONE
    superuser: bool = False


# Board slugs here are the ones DESIGN names for a partnership's boards; a partnership file
# without one of them simply gets no chair for it.
PERSONAS = (
    Persona(
        "admin",
        "Ada",
        "Admin",
        "Systems administrator",
        OrganisationKind.COUNCIL,
        roles=(PartnershipRole.ADMIN,),
        superuser=True,
    ),
    Persona(
        "swp-chair",
        "Sam",
        "Patel",
        "Chair of the partnership",
        OrganisationKind.COUNCIL,
        roles=(PartnershipRole.SWP_APPROVER,),
        chair_of="swp",
    ),
    Persona(
        "executive-chair",
        "Erin",
        "Walsh",
        "Fire Service Borough Commander",
        OrganisationKind.FIRE,
        roles=(PartnershipRole.EXECUTIVE,),
        chair_of="executive",
    ),
    Persona(
        "victim-chair",
        "Vera",
        "Okafor",
        "Head of Victim Services",
        OrganisationKind.COUNCIL,
        roles=(PartnershipRole.EXECUTIVE,),
        chair_of="victim",
    ),
    Persona(
        "offender-chair",
        "Owen",
        "Clarke",
        "Head of Probation",
        OrganisationKind.PROBATION,
        roles=(PartnershipRole.EXECUTIVE,),
        chair_of="offender",
    ),
    Persona(
        "location-chair",
        "Lena",
        "Novak",
        "Superintendent, Neighbourhoods",
        OrganisationKind.POLICE,
        roles=(PartnershipRole.EXECUTIVE,),
        chair_of="location",
    ),
    Persona(
        "contest-chair",
        "Connor",
        "Reid",
        "Prevent Coordinator",
        OrganisationKind.COUNCIL,
        roles=(PartnershipRole.EXECUTIVE,),
        chair_of="contest",
        clearance=Clearance.CTC,
    ),
    Persona(
        "officer",
        "Tariq",
        "Hussain",
        "Partnership Tasking Officer",
        OrganisationKind.COUNCIL,
        roles=(PartnershipRole.TASKING_OFFICER,),
    ),
    Persona("owner", "Priya", "Shah", "Detective Inspector", OrganisationKind.POLICE),
    Persona(
        "analyst",
        "Alex",
        "Morgan",
        "Community Safety Analyst",
        OrganisationKind.COUNCIL,
        roles=(PartnershipRole.ANALYST,),
    ),
    Persona(
        "scrutiny",
        "Sophie",
        "Grant",
        "Councillor, scrutiny committee",
        OrganisationKind.COUNCIL,
        roles=(PartnershipRole.SCRUTINY,),
    ),
)


def _organisation(partnership: Partnership, kind: str) -> Organisation:
    organisation = partnership.organisations.filter(kind=kind).order_by("pk").first()
    if organisation is None:
        organisation, _ = Organisation.objects.get_or_create(
            partnership=partnership, slug=f"demo-{kind}", defaults={"name": f"Demo {kind} partner", "kind": kind}
        )
    return organisation


def personas_load(partnership: Partnership, password: str) -> dict[str, User]:
    boards = {board.slug: board for board in partnership.boards.all()}
    users = {}
    for persona in PERSONAS:
        user, created = User.objects.get_or_create(
            username=persona.username,
            defaults={
                "first_name": persona.first_name,
                "last_name": persona.last_name,
                "email": f"{persona.username}@example.org",
                "job_title": f"{persona.job_title} (demo)",
                "organisation": _organisation(partnership, persona.organisation_kind),
                "clearance": persona.clearance,
                "is_staff": persona.superuser,
                "is_superuser": persona.superuser,
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        for role in persona.roles:
            RoleAssignment.objects.get_or_create(user=user, role=role)
        if persona.chair_of in boards:
            Membership.objects.get_or_create(board=boards[persona.chair_of], user=user, role=MembershipRole.CHAIR)
        users[persona.username] = user
    executive = boards.get("executive")
    if executive is not None:
        for member_board in executive.member_boards.all():
            for chair in member_board.memberships.filter(role=MembershipRole.CHAIR):
                Membership.objects.get_or_create(board=executive, user=chair.user, role=MembershipRole.MEMBER)
    for slug in ("victim", "location"):
        if slug in boards:
            Membership.objects.get_or_create(board=boards[slug], user=users["owner"], role=MembershipRole.ACTION_OWNER)
    return users
