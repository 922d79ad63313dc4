"""Demo personas and plausible demo content for a loaded partnership, so that every page has
something to show. Everything made here says it is demo data, and running it again changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from actions.choices import ActionStatus, PlanStatus, Rag
from actions.models import Action, ActionPlan, PlanTransition, ProgressUpdate
from boards.choices import EscalationState, MeetingKind, MembershipRole, OutcomeKind
from boards.models import Escalation, EscalationEvent, Meeting, MeetingAttendee, MeetingOutcome, Membership
from performance.choices import Direction, IndicatorSource
from performance.models import Indicator, Measurement
from swp.choices import Clearance, OrganisationKind, PartnershipRole
from swp.models import Organisation, Partnership, Place, RoleAssignment, User
from swp.quarters import FinancialQuarter

DEMO_NOTE = "Demo data, made up to show how the service works."


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


def _personas(partnership: Partnership, password: str) -> dict[str, User]:
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


# (board slug, plan status, [(title, status, rag, due in days from today, owner persona)])
PLANS: dict[str, tuple[PlanStatus, list[tuple[str, ActionStatus, str, int, str]]]] = {
    "victim": (
        PlanStatus.DRAFT,
        [
            ("Single referral pathway for repeat victims", ActionStatus.IN_PROGRESS, Rag.AMBER, 45, "owner"),
            ("MARAC case review for high-risk domestic violence", ActionStatus.IN_PROGRESS, Rag.RED, -20, "owner"),
            ("Youth violence victim navigators in A&E", ActionStatus.NOT_STARTED, "", 90, "victim-chair"),
            (
                "Map pan-London victim services used by Westminster residents",
                ActionStatus.COMPLETED,
                Rag.GREEN,
                -60,
                "victim-chair",
            ),
            ("Victims' code of practice compliance audit", ActionStatus.IN_PROGRESS, Rag.GREEN, 30, "owner"),
            ("Schools early-intervention sessions", ActionStatus.CANCELLED, "", 10, "victim-chair"),
        ],
    ),
    "offender": (
        PlanStatus.APPROVED,
        [
            (
                "Commission substance misuse treatment places for the prolific cohort",
                ActionStatus.IN_PROGRESS,
                Rag.GREEN,
                60,
                "offender-chair",
            ),
            ("Youth offending mentoring scheme", ActionStatus.IN_PROGRESS, Rag.AMBER, -5, "offender-chair"),
            (
                "Integrated offender management roles and responsibilities",
                ActionStatus.COMPLETED,
                Rag.GREEN,
                -30,
                "offender-chair",
            ),
        ],
    ),
    "location": (
        PlanStatus.SUBMITTED,
        [
            ("Joint area action plan for Church Street", ActionStatus.IN_PROGRESS, Rag.AMBER, 20, "owner"),
            ("Night-time economy patrols in the West End", ActionStatus.IN_PROGRESS, Rag.RED, -10, "owner"),
            ("Queen's Park community safety walkabouts", ActionStatus.NOT_STARTED, "", 75, "location-chair"),
        ],
    ),
    "contest": (
        PlanStatus.APPROVED,
        [
            ("Prevent training for frontline council staff", ActionStatus.IN_PROGRESS, Rag.GREEN, 40, "contest-chair"),
            ("Channel panel referral review", ActionStatus.IN_PROGRESS, Rag.AMBER, -15, "contest-chair"),
        ],
    ),
}


def _plans(partnership: Partnership, users: dict[str, User], today: datetime.date) -> None:
    now = timezone.now()
    for slug, (status, actions) in PLANS.items():
        board = partnership.boards.filter(slug=slug).first()
        objectives = list(board.objectives.all()) if board else []
        if board is None or not objectives:
            continue
        plan, created = ActionPlan.objects.get_or_create(
            board=board, version=1, defaults={"status": status, "title": f"{board.name} action plan"}
        )
        if created:
            for from_status, to_status in _path_to(status):
                PlanTransition.objects.create(
                    plan=plan,
                    from_status=from_status,
                    to_status=to_status,
                    at=now,
                    by=users["swp-chair"] if to_status == PlanStatus.APPROVED else users.get(f"{slug}-chair"),
                )
        for order, (title, action_status, rag, due_in, owner) in enumerate(actions, start=1):
            objective = objectives[(order - 1) % len(objectives)]
            action, created = Action.objects.get_or_create(
                plan=plan,
                title=title,
                defaults={
                    "objective": objective,
                    "description": DEMO_NOTE,
                    "owner": users[owner],
                    "lead_organisation": users[owner].organisation,
                    "due_date": today + datetime.timedelta(days=due_in),
                    "status": action_status,
                    "rag": rag,
                    "order": order,
                },
            )
            if created:
                action.places.set(objective.places.all())
                action.cohorts.set(objective.cohorts.all())
                if rag:
                    for weeks_ago, update_rag in ((10, Rag.GREEN), (4, rag)):
                        ProgressUpdate.objects.create(
                            action=action,
                            rag=update_rag,
                            recorded_by=users[owner],
                            recorded_at=now - datetime.timedelta(weeks=weeks_ago),
                            narrative=f"{DEMO_NOTE} Progress reviewed at the board; status {update_rag}.",
                        )


def _path_to(status: PlanStatus) -> list[tuple[str, str]]:
    steps = [
        ("", PlanStatus.DRAFT),
        (PlanStatus.DRAFT, PlanStatus.SUBMITTED),
        (PlanStatus.SUBMITTED, PlanStatus.APPROVED),
    ]
    until = {PlanStatus.DRAFT: 1, PlanStatus.SUBMITTED: 2, PlanStatus.APPROVED: 3}[status]
    return [(str(a), str(b)) for a, b in steps[:until]]


def _meetings(partnership: Partnership, users: dict[str, User], today: datetime.date) -> None:
    boards = {board.slug: board for board in partnership.boards.all()}
    wards = {place.slug: place for place in partnership.places.all()}
    meetings = [
        (
            "Partnership tasking: West End and Church Street",
            MeetingKind.PARTNERSHIP_TASKING,
            7,
            ["location", "victim"],
            ["west-end", "church-street"],
            "Rise in phone snatches around Leicester Square; street drinking in Church Street market.",
            [
                (OutcomeKind.DECISION, "Extend the dispersal zone in the West End for four weeks.", None),
                (
                    OutcomeKind.ESCALATION,
                    "Emerging trend: moped-enabled phone snatches moving into Marylebone.",
                    "location",
                ),
            ],
        ),
        (
            "Problem-solving: Queen's Park youth violence",
            MeetingKind.PROBLEM_SOLVING,
            21,
            ["victim", "offender"],
            ["queens-park"],
            "Three linked assaults on under-25s near the estate; victims reluctant to engage.",
            [
                (OutcomeKind.INFORMATION, "Youth service outreach hours extended on Friday nights.", None),
                (OutcomeKind.ESCALATION, "Victims under 25 not taking up support after A&E attendance.", "victim"),
            ],
        ),
    ]
    for title, kind, days_ago, board_slugs, ward_slugs, problems, outcomes in meetings:
        starts_at = timezone.make_aware(
            datetime.datetime.combine(today - datetime.timedelta(days=days_ago), datetime.time(10, 0))
        )
        meeting, created = Meeting.objects.get_or_create(
            partnership=partnership,
            title=f"{title} (demo)",
            defaults={
                "kind": kind,
                "starts_at": starts_at,
                "problems_discussed": problems,
                "location": "Council House",
                "created_by": users["officer"],
            },
        )
        if not created:
            continue
        meeting.boards.set([boards[slug] for slug in board_slugs if slug in boards])
        meeting.places.set([wards[slug] for slug in ward_slugs if slug in wards])
        for username in ("officer", "owner", "location-chair"):
            MeetingAttendee.objects.create(
                meeting=meeting, user=users[username], organisation=users[username].organisation
            )
        for order, (outcome_kind, summary, board_slug) in enumerate(outcomes, start=1):
            outcome = MeetingOutcome.objects.create(
                meeting=meeting, kind=outcome_kind, summary=summary, order=order, board=boards.get(board_slug or "")
            )
            if outcome_kind == OutcomeKind.ESCALATION and outcome.board is not None:
                escalation = Escalation.objects.create(
                    board=outcome.board,
                    title=summary,
                    description=DEMO_NOTE,
                    source_outcome=outcome,
                    raised_by=users["officer"],
                    raised_at=starts_at,
                    state_changed_at=starts_at,
                )
                EscalationEvent.objects.create(
                    escalation=escalation, to_state=EscalationState.RAISED, by=users["officer"], at=starts_at
                )


# (code, name, board slug, unit, direction, target, place slug or "", source, MPS major category)
INDICATORS = [
    (
        "crime-total-queens-park",
        "Total recorded crime, Queen's Park",
        "location",
        "crimes",
        Direction.LOWER,
        300,
        "queens-park",
        IndicatorSource.MPS_CRIME,
        "",
    ),
    (
        "vap-west-end",
        "Violence against the person, West End",
        "location",
        "crimes",
        Direction.LOWER,
        900,
        "west-end",
        IndicatorSource.MPS_CRIME,
        "VIOLENCE AGAINST THE PERSON",
    ),
    (
        "repeat-victims-supported",
        "Repeat victims referred who took up support",
        "victim",
        "%",
        Direction.HIGHER,
        70,
        "",
        IndicatorSource.ENTERED,
        "",
    ),
    (
        "prolific-in-treatment",
        "Prolific offenders engaged in treatment",
        "offender",
        "%",
        Direction.HIGHER,
        60,
        "",
        IndicatorSource.ENTERED,
        "",
    ),
    (
        "prevent-training",
        "Frontline staff trained in Prevent",
        "contest",
        "staff",
        Direction.HIGHER,
        400,
        "",
        IndicatorSource.ENTERED,
        "",
    ),
]


def _indicators(partnership: Partnership, analyst: User, today: datetime.date) -> None:
    boards = {board.slug: board for board in partnership.boards.all()}
    now = timezone.now()
    last_whole_quarter = FinancialQuarter.containing(today).previous()
    quarters = [last_whole_quarter]
    for _ in range(3):
        quarters.insert(0, quarters[0].previous())
    for code, name, board_slug, unit, direction, target, place_slug, source, category in INDICATORS:
        board = boards.get(board_slug)
        if board is None:
            continue
        place = Place.objects.filter(partnership=partnership, slug=place_slug).first() if place_slug else None
        indicator, created = Indicator.objects.get_or_create(
            partnership=partnership,
            code=code,
            defaults={
                "name": name,
                "board": board,
                "objective": board.objectives.first(),
                "unit": unit,
                "direction": direction,
                "target": Decimal(target),
                "tolerance_percent": Decimal(5),
                "baseline_value": Decimal(target) * Decimal("1.1" if direction == Direction.LOWER else "0.9"),
                "baseline_quarter": quarters[0].previous(),
                "source": source,
                "mps_major_category": category,
                "description": DEMO_NOTE,
            },
        )
        if created and place is not None:
            indicator.places.add(place)
        for step, quarter in enumerate(quarters):
            drift = Decimal(1) + Decimal(step - 1) * Decimal("0.04")
            value = (Decimal(target) * drift).quantize(Decimal(1))
            Measurement.objects.get_or_create(
                indicator=indicator,
                quarter=quarter,
                place=place,
                defaults={"value": value, "recorded_by": analyst, "recorded_at": now},
            )


def demo_load(*, partnership: Partnership, password: str, today: datetime.date | None = None) -> dict[str, User]:
    """Add the demo personas and content to a loaded partnership; safe to run again."""
    today = today or timezone.localdate()
    with transaction.atomic():
        users = _personas(partnership, password)
        _plans(partnership, users, today)
        _meetings(partnership, users, today)
        _indicators(partnership, users["analyst"], today)
    return users
