"""Demo action plans in every state, with actions in every status and a few weeks of updates."""

from __future__ import annotations

import datetime

from django.utils import timezone

from actions.choices import ActionStatus, PlanStatus, Rag
from actions.models import Action, ActionPlan, PlanTransition, ProgressUpdate
from performance.demo.notes import BEFORE_THE_DEMO, DEMO_NOTE
from swp.models import Partnership, User

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


def plans_load(partnership: Partnership, users: dict[str, User], today: datetime.date) -> None:
    now = timezone.now()
    drafted_at = now - BEFORE_THE_DEMO
    for slug, (status, actions) in PLANS.items():
        board = partnership.boards.filter(slug=slug).first()
        objectives = list(board.objectives.all()) if board else []
        if board is None or not objectives:
            continue
        plan, created = ActionPlan.objects.get_or_create(
            board=board, version=1, defaults={"status": status, "title": f"{board.name} action plan"}
        )
        if created:
            ActionPlan.objects.filter(pk=plan.pk).update(created_at=drafted_at, status_changed_at=drafted_at)
            for from_status, to_status in _path_to(status):
                PlanTransition.objects.create(
                    plan=plan,
                    from_status=from_status,
                    to_status=to_status,
                    at=drafted_at,
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
                Action.objects.filter(pk=action.pk).update(created_at=drafted_at)
                action.history.update(history_date=drafted_at)
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
