from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import F
from simple_history.models import HistoricalRecords

from actions.choices import ActionStatus, PlanStatus, Rag
from boards.models import Board, MeetingOutcome
from priorities.models import Cohort, Objective
from swp.models import Organisation, Place, User

# A plan's actions may be added, changed and cancelled only in these states; approval freezes it.
EDITABLE_PLAN_STATUSES = (PlanStatus.DRAFT, PlanStatus.RETURNED)


class ActionPlanQuerySet(models.QuerySet["ActionPlan"]):
    def visible_to(self, user: User | AnonymousUser) -> ActionPlanQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(board__required_clearance__lte=user.clearance)


class ActionPlan(models.Model):
    """One version of a board's action plan, drafted at a workshop and approved by the SWP."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="action_plans")
    version = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    revised_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="revisions")
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["board", "-version"]
        constraints = [models.UniqueConstraint(fields=["board", "version"], name="unique_plan_version")]

    def __str__(self) -> str:
        return f"{self.board} action plan v{self.version}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_PLAN_STATUSES


class PlanTransition(models.Model):
    """A step in a plan's life cycle: who submitted, approved, returned or superseded it, and when."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=PlanStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=PlanStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    at = models.DateTimeField()
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.plan}: {self.from_status or 'new'} to {self.to_status}"


# Kept in a name so that services can write one history record after an action's fields and its
# places and cohorts are all saved, rather than one record per step (see actions/services.py).
ACTION_HISTORY = HistoricalRecords(
    excluded_fields=["updated_at", "rag", "lineage"],
    m2m_fields=["places", "cohorts"],
    history_change_reason_field=models.TextField(null=True),
)


class ActionQuerySet(models.QuerySet["Action"]):
    def visible_to(self, user: User | AnonymousUser) -> ActionQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(plan__board__required_clearance__lte=user.clearance)


# Actions agreed at meetings arrive without an objective (a meeting cannot choose one) and come
# first on the plan, where the chair links each to an objective; see docs/adr/0003.
PLAN_ORDER = (F("objective__order").asc(nulls_first=True), "order", "pk")


class Action(models.Model):
    """Something a board has agreed to do against one of its objectives, with an owner and a date."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    objective = models.ForeignKey(
        Objective,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        help_text="Empty only for an action agreed at a meeting that the chair has not yet linked to an objective",
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="owned_actions"
    )
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="led_actions"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    rag = models.CharField(
        max_length=10, choices=Rag.choices, blank=True, help_text="The latest progress update's RAG status"
    )
    places = models.ManyToManyField(Place, blank=True, related_name="actions")
    cohorts = models.ManyToManyField(Cohort, blank=True, related_name="actions")
    source_outcome = models.OneToOneField(
        MeetingOutcome,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreed_action",
        help_text="The meeting outcome that agreed this action",
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_into",
        help_text="The same action in the plan version this one was revised from",
    )
    # Every version of one action shares it, so that reading a version's forebears, or all the
    # updates reported on them, is one indexed lookup rather than a walk along carried_from.
    lineage = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    order = models.PositiveIntegerField(default=0)
    # Bumped on every save; a form posts the version it was opened at, so a stale save is refused.
    lock_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # History keeps lock_version so that a conflict can be explained from the version the editor
    # opened; it leaves out rag, which only mirrors the progress updates (records of their own), and
    # lineage, which no edit changes.
    history = ACTION_HISTORY
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", *PLAN_ORDER]
        # The Executive page finds each recent progress update's board through its action's plan:
        # with the plan beside the key, PostgreSQL reads the pairs from this index rather than every
        # action's whole row, which grows with the years kept (6.6 ms to 4.3 ms on the bench's data).
        indexes = [models.Index(fields=["id"], include=["plan"], name="action_plan_by_id")]

    def __str__(self) -> str:
        return self.title

    @property
    def takes_progress_updates(self) -> bool:
        """Progress is reported on the action in force; see docs/adr/0002-plan-revisions.md.

        A superseded plan's actions live on in the newer version; a draft revision's copy of an
        approved action mirrors the approved one's updates until the revision itself is approved.
        """
        if self.status == ActionStatus.CANCELLED or self.plan.status == PlanStatus.SUPERSEDED:
            return False
        return self.carried_from_id is None or self.plan.status == PlanStatus.APPROVED


class ProgressUpdate(models.Model):
    """A dated report on an action: its RAG status and what has happened. Never overwritten."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress_updates")
    rag = models.CharField(max_length=10, choices=Rag.choices)
    narrative = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["action", "-recorded_at", "-pk"]
        get_latest_by = "recorded_at"
        # The Executive page and the board pages read updates by when they were recorded.
        indexes = [models.Index(fields=["recorded_at"], name="progress_update_recorded_at")]

    def __str__(self) -> str:
        return f"{self.action}: {self.get_rag_display()} on {self.recorded_at:%d %b %Y}"
