"""Every write to action plans, actions and progress updates.

Each plan transition is a PlanTransition row (who, when, why). Each change to an action is one
historical record (django-simple-history) written after the action's places and cohorts are in
place, so the history shows a whole edit as one step. An edit names the lock_version it was opened
at, and is refused with ActionConflict if someone saved the action in between. Whoever becomes an
action's owner is emailed once the change is committed.

An action agreed at a meeting (boards.signals.action_agreed) comes in through action_agree; which
plan it lands on is decided in docs/adr/0003-actions-agreed-at-meetings.md.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Q, Value
from django.db.models.functions import Replace
from django.utils import timezone

from actions.choices import REPORTED_STATUSES, ActionStatus, PlanStatus, Rag
from actions.history import values_of
from actions.models import ACTION_HISTORY, EDITABLE_PLAN_STATUSES, Action, ActionPlan, PlanTransition, ProgressUpdate
from actions.tasks import action_assigned_notify
from boards.models import Board, Meeting, MeetingOutcome
from priorities.models import Cohort, Objective
from swp.models import Organisation, Place, User


class PlanStateError(Exception):
    """The plan is not in a state that allows this, e.g. an approved plan is read only."""


class StatusChanged(Exception):
    """The action's status changed after the progress form was opened; nothing was recorded."""

    def __init__(self, *, current: Action) -> None:
        super().__init__(f"Action {current.pk} is now {current.status}.")
        self.current = current


class ActionConflict(Exception):
    """Someone saved the action after the editor opened it; nothing was saved."""

    def __init__(self, *, current: Action, opened_version: int) -> None:
        super().__init__(f"Action {current.pk} is at version {current.lock_version}, not {opened_version}.")
        self.current = current
        self.opened_version = opened_version


@dataclass(frozen=True)
class ActionFields:
    """What a chair sets on an action in the add and edit forms.

    The forms always give an objective; only an action agreed at a meeting starts without one.
    """

    objective: Objective | None
    title: str
    description: str
    owner: User | None
    lead_organisation: Organisation | None
    due_date: datetime.date | None
    places: Iterable[Place]
    cohorts: Iterable[Cohort]


def _transition(plan: ActionPlan, *, to_status: PlanStatus, by: User, reason: str = "") -> None:
    now = timezone.now()
    PlanTransition.objects.create(plan=plan, from_status=plan.status, to_status=to_status, by=by, at=now, reason=reason)
    plan.status = to_status
    plan.status_changed_at = now
    plan.save(update_fields=["status", "status_changed_at"])


def _locked_plan(plan: ActionPlan, *, allowed: Collection[str], doing: str) -> ActionPlan:
    locked = ActionPlan.objects.select_for_update(of=("self",)).select_related("board").get(pk=plan.pk)
    if locked.status not in allowed:
        raise PlanStateError(
            f"Version {locked.version} is {locked.get_status_display().lower()}, so it cannot be {doing}."
        )
    return locked


def _save_with_history(
    action: Action, *, by: User, places: Iterable[Place], cohorts: Iterable[Cohort], created: bool, reason: str = ""
) -> None:
    """Save the action, then its places and cohorts, and write a single history record for all of it."""
    action.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        action.save()
        action.places.set(places)
        action.cohorts.set(cohorts)
    finally:
        del action.skip_history_when_saving  # type: ignore[attr-defined]
    _history_record(action, by=by, reason=reason, created=created)


def _history_record(action: Action, *, by: User, reason: str, created: bool = False) -> None:
    _history_by(action, by=by, reason=reason)
    ACTION_HISTORY.create_historical_record(action, "+" if created else "~")


def _history_by(action: Action, *, by: User, reason: str) -> None:
    """Who made the change and why, for the history record that is written next."""
    action._history_user = by  # type: ignore[attr-defined]
    action._change_reason = reason or None  # type: ignore[attr-defined]


def _notify_owner_on_commit(action: Action) -> None:
    action_id, owner_id = action.pk, action.owner_id
    transaction.on_commit(lambda: action_assigned_notify.delay(action_id, owner_id))


# Plans ------------------------------------------------------------------------------------------


def plan_create(*, board: Board, by: User, reason: str = "") -> ActionPlan:
    """Start a board's first action plan, as a draft."""
    with transaction.atomic():
        # Locking the board makes a second, simultaneous "start" wait and then find this plan.
        Board.objects.select_for_update().get(pk=board.pk)
        if ActionPlan.objects.filter(board=board).exists():
            raise PlanStateError(f"The {board.name} already has an action plan.")
        plan = ActionPlan.objects.create(board=board, version=1, title=f"{board.name} action plan")
        PlanTransition.objects.create(plan=plan, to_status=PlanStatus.DRAFT, by=by, at=plan.created_at, reason=reason)
    return plan


def plan_submit(*, plan: ActionPlan, by: User) -> ActionPlan:
    """Send a draft (or returned) plan to the SWP for approval."""
    with transaction.atomic():
        plan = _locked_plan(plan, allowed=EDITABLE_PLAN_STATUSES, doing="submitted")
        live = plan.actions.exclude(status=ActionStatus.CANCELLED)
        if not live.exists():
            raise PlanStateError("Add at least one action before submitting the plan.")
        # A board without objectives (the Executive's, say) has none to link its actions to.
        unlinked = live.filter(objective__isnull=True).count() if plan.board.objectives.exists() else 0
        if unlinked:
            raise PlanStateError(
                f"Link every action to an objective before submitting the plan: {unlinked} agreed at "
                f"meetings {'is' if unlinked == 1 else 'are'} not linked yet."
            )
        _transition(plan, to_status=PlanStatus.SUBMITTED, by=by)
    return plan


def plan_approve(*, plan: ActionPlan, by: User) -> ActionPlan:
    """Approve a submitted plan; the version it revises (if any) is superseded by it."""
    with transaction.atomic():
        plan = _locked_plan(plan, allowed=(PlanStatus.SUBMITTED,), doing="approved")
        older = ActionPlan.objects.select_for_update().filter(
            board_id=plan.board_id, status=PlanStatus.APPROVED, version__lt=plan.version
        )
        for previous in older:
            _transition(previous, to_status=PlanStatus.SUPERSEDED, by=by, reason=f"Replaced by version {plan.version}.")
        _transition(plan, to_status=PlanStatus.APPROVED, by=by)
        # Whoever the revision made the owner of a carried action takes it on now.
        carried = (
            plan.actions.filter(carried_from__isnull=False, owner__isnull=False)
            .exclude(status=ActionStatus.CANCELLED)
            .select_related("carried_from")
        )
        for action in carried:
            if action.carried_from is not None and action.owner_id != action.carried_from.owner_id:
                _notify_owner_on_commit(action)
    return plan


def plan_return(*, plan: ActionPlan, by: User, reason: str) -> ActionPlan:
    """Send a submitted plan back to its board, saying why."""
    if not reason.strip():
        raise ValueError("A returned plan needs a reason.")
    with transaction.atomic():
        plan = _locked_plan(plan, allowed=(PlanStatus.SUBMITTED,), doing="returned")
        _transition(plan, to_status=PlanStatus.RETURNED, by=by, reason=reason.strip())
    return plan


def plan_revise(*, plan: ActionPlan, by: User, reason: str = "") -> ActionPlan:
    """Start a new draft version of an approved plan, carrying its open and completed actions.

    The approved version stays in force until the revision is approved. Each copy links to its
    original through carried_from and shares its lineage; see docs/adr/0002-plan-revisions.md.
    `reason` says why the revision was started, when the service (not a chair) starts it.
    """
    with transaction.atomic():
        plan = _locked_plan(plan, allowed=(PlanStatus.APPROVED,), doing="revised")
        newest = ActionPlan.objects.filter(board_id=plan.board_id).aggregate(newest=Max("version"))["newest"]
        if newest != plan.version:
            raise PlanStateError(f"Version {newest} is already a revision of this plan.")
        revision = ActionPlan.objects.create(
            board_id=plan.board_id, version=plan.version + 1, title=plan.title, revised_from=plan
        )
        PlanTransition.objects.create(
            plan=revision,
            to_status=PlanStatus.DRAFT,
            by=by,
            at=revision.created_at,
            reason=" ".join(filter(None, [f"Revision of version {plan.version}.", reason])),
        )
        originals = plan.actions.exclude(status=ActionStatus.CANCELLED).prefetch_related("places", "cohorts")
        for original in originals:
            copy = Action(
                plan=revision,
                objective_id=original.objective_id,
                title=original.title,
                description=original.description,
                owner_id=original.owner_id,
                lead_organisation_id=original.lead_organisation_id,
                due_date=original.due_date,
                status=original.status,
                rag=original.rag,
                order=original.order,
                carried_from=original,
                lineage=original.lineage,
            )
            _save_with_history(
                copy,
                by=by,
                places=original.places.all(),
                cohorts=original.cohorts.all(),
                created=True,
                reason=f"Carried into version {revision.version}.",
            )
    return revision


# Actions ----------------------------------------------------------------------------------------


def action_create(
    *,
    plan: ActionPlan,
    by: User,
    fields: ActionFields,
    source_outcome: MeetingOutcome | None = None,
    reason: str = "",
) -> Action:
    """Add an action to a draft or returned plan, after the plan's other actions."""
    with transaction.atomic():
        plan = _locked_plan(plan, allowed=EDITABLE_PLAN_STATUSES, doing="changed")
        last = plan.actions.aggregate(last=Max("order"))["last"]
        action = Action(
            plan=plan,
            objective=fields.objective,
            title=fields.title,
            description=fields.description,
            owner=fields.owner,
            lead_organisation=fields.lead_organisation,
            due_date=fields.due_date,
            order=(last or 0) + 1,
            source_outcome=source_outcome,
        )
        _save_with_history(action, by=by, places=fields.places, cohorts=fields.cohorts, created=True, reason=reason)
        if action.owner_id is not None:
            _notify_owner_on_commit(action)
    return action


def action_update(*, action: Action, by: User, opened_version: int, fields: ActionFields, status: str) -> Action:
    """Save a chair's edit, unless someone else saved the action since it was opened. An edit that
    changes nothing saves nothing: the action keeps its lock_version, which tells the caller."""
    with transaction.atomic():
        _locked_plan(action.plan, allowed=EDITABLE_PLAN_STATUSES, doing="changed")
        current = Action.objects.select_for_update(of=("self",)).select_related("plan__board").get(pk=action.pk)
        if current.lock_version != opened_version:
            raise ActionConflict(current=current, opened_version=opened_version)
        if status == ActionStatus.CANCELLED:
            raise ValueError("Cancel an action with action_cancel, which asks why.")
        places, cohorts = list(fields.places), list(fields.cohorts)
        before = values_of(current)
        owner_before = current.owner_id
        current.objective = fields.objective
        current.title = fields.title
        current.description = fields.description
        current.owner = fields.owner
        current.lead_organisation = fields.lead_organisation
        current.due_date = fields.due_date
        current.status = status
        wanted = {
            **values_of(current),
            "places": frozenset(place.pk for place in places),
            "cohorts": frozenset(cohort.pk for cohort in cohorts),
        }
        if wanted == before:
            # Saving the form unchanged changes nothing: no new version, no history record, and
            # nothing for the Executive's "changed since the last meeting" to count.
            return current
        current.lock_version += 1
        _save_with_history(current, by=by, places=places, cohorts=cohorts, created=False)
        # A draft revision's copy is not the owner's to report on yet: they hear when it is approved.
        if current.owner_id is not None and current.owner_id != owner_before and current.takes_progress_updates:
            _notify_owner_on_commit(current)
    return current


def action_cancel(*, action: Action, by: User, reason: str) -> Action:
    """Cancel an action on a draft or returned plan; it stays on the plan, marked cancelled."""
    if not reason.strip():
        raise ValueError("A cancelled action needs a reason.")
    with transaction.atomic():
        _locked_plan(action.plan, allowed=EDITABLE_PLAN_STATUSES, doing="changed")
        current = Action.objects.select_for_update(of=("self",)).select_related("plan__board").get(pk=action.pk)
        if current.status == ActionStatus.CANCELLED:
            raise PlanStateError("The action is already cancelled.")
        current.status = ActionStatus.CANCELLED
        current.lock_version += 1
        _save_with_history(
            current,
            by=by,
            places=current.places.all(),
            cohorts=current.cohorts.all(),
            created=False,
            reason=reason.strip(),
        )
    return current


def action_move(*, action: Action, by: User, up: bool) -> Action:
    """Move the action one place up or down among its objective's actions on a draft or returned plan.

    The objective's actions are numbered afresh in their new order. The move is in the action's
    history, but it is not an edit of its content: lock_version stays, so someone changing the
    action meanwhile loses nothing.
    """
    with transaction.atomic():
        _locked_plan(action.plan, allowed=EDITABLE_PLAN_STATUSES, doing="changed")
        current = Action.objects.get(pk=action.pk)
        if current.status == ActionStatus.CANCELLED:
            raise PlanStateError("A cancelled action stays where it is.")
        siblings = list(
            Action.objects.filter(plan_id=current.plan_id, objective=current.objective).order_by("order", "pk")
        )
        position = [sibling.pk for sibling in siblings].index(current.pk)
        target = position - 1 if up else position + 1
        if not 0 <= target < len(siblings):
            raise PlanStateError(f"“{current.title}” is already {'first' if up else 'last'} under its objective.")
        siblings[position], siblings[target] = siblings[target], siblings[position]
        for order, sibling in enumerate(siblings, start=1):
            sibling.order = order
        Action.objects.bulk_update(siblings, ["order"])
        moved = siblings[target]
        _history_record(moved, by=by, reason="Moved up the plan." if up else "Moved down the plan.")
    return moved


# Progress updates -------------------------------------------------------------------------------


def progress_update_create(
    *,
    action: Action,
    by: User,
    rag: Rag,
    narrative: str,
    status: str | None = None,
    status_opened: str | None = None,
) -> ProgressUpdate:
    """Record a dated progress report; the action (and its draft copy, if any) shows it as latest.

    Updates are never edited, and recording one is not an edit of the action: it neither bumps
    lock_version nor writes action history, so a chair editing the action meanwhile loses nothing.
    An update may also say where the work now is (`status`: not started, in progress, completed),
    on an approved plan too, since that is a fact about the work and not a change to the plan; a
    status that changes is in the action's history, and bumps lock_version as any edit does.

    `status_opened` is the status the person saw when they started writing: only a status they
    changed from it is applied, and only where it still stands (a draft copy the chair set to
    something else keeps it). If the action's own status has moved since, StatusChanged is raised
    and nothing is recorded, rather than the update quietly putting the old status back.
    """
    if status not in (None, *REPORTED_STATUSES):
        raise ValueError(f"A progress update cannot make an action {status}.")
    with transaction.atomic():
        # The plan is locked as plan_revise locks it, so a revision started meanwhile either copies
        # this update's RAG or is already there for the update to reach; never half of each.
        action.plan.status = (
            ActionPlan.objects.select_for_update().values_list("status", flat=True).get(pk=action.plan_id)
        )
        if not action.takes_progress_updates:
            raise PlanStateError("Progress on this action is reported on the version of the plan in force.")
        if status is not None:
            current = Action.objects.select_for_update(of=("self",)).get(pk=action.pk)
            status_opened = status_opened or current.status
            if current.status != status_opened:
                raise StatusChanged(current=current)
        update = ProgressUpdate.objects.create(
            action=action, rag=rag, narrative=narrative.strip(), recorded_by=by, recorded_at=timezone.now()
        )
        in_force_and_copies = Q(pk=action.pk) | Q(carried_from=action) & ~Q(plan__status=PlanStatus.SUPERSEDED)
        Action.objects.filter(in_force_and_copies).update(rag=rag)
        if status is not None and status != status_opened:
            moved_on = Action.objects.select_for_update(of=("self",)).filter(in_force_and_copies, status=status_opened)
            for changed in moved_on:
                changed.status = status
                changed.lock_version += 1
                _history_by(changed, by=by, reason=f"{changed.get_status_display()}, as a progress update said.")
                changed.save(update_fields=["status", "lock_version"])
    return update


# Actions agreed at meetings --------------------------------------------------------------------


def action_agree(*, outcome: MeetingOutcome, by: User) -> Action:
    """Put the action a meeting agreed on its board's plan as a draft action, once per outcome.

    It lands on the board's newest plan if that can still be changed, else on a revision of the
    approved plan started for it, else on the board's first plan; never on a plan awaiting approval
    (PlanStateError). It has no objective until the chair links one. See docs/adr/0003.
    """
    board = outcome.board
    if board is None:
        raise ValueError("An agreed action goes to a board.")
    with transaction.atomic():
        # One meeting at a time per board, so two cannot both start a plan or a revision for it.
        Board.objects.select_for_update().get(pk=board.pk)
        existing = Action.objects.filter(source_outcome=outcome).first()
        if existing is not None:
            return existing
        meeting = outcome.meeting
        # The meeting's name goes on the plan's record only where everyone who reads the plan may
        # know of the meeting, i.e. when it feeds no board more confidential than this one.
        hidden = meeting.clearance_needed() > board.required_clearance
        at = "a meeting" if hidden else meeting.title
        plan = _plan_taking_agreed_actions(board, by=by, reason=f"Action agreed at {at}.")
        owner = outcome.owner
        lead = owner.organisation if owner is not None else None
        title = outcome.title
        fields = ActionFields(
            objective=None,
            title=title,
            description=outcome.summary.strip() if outcome.summary.strip() != title else "",
            owner=owner,
            lead_organisation=lead if lead is not None and lead.partnership_id == board.partnership_id else None,
            due_date=outcome.due_date,
            places=meeting.places.all(),
            cohorts=[],
        )
        return action_create(plan=plan, by=by, fields=fields, source_outcome=outcome, reason=f"Agreed at {at}.")


def meeting_name_withdraw(*, meeting: Meeting) -> None:
    """Take the meeting's name off the records of the actions it agreed, and of their plans, where
    it now feeds a board more confidential than the action's: action_agree would have written "a
    meeting" there, and the readers of that plan may not know of it now."""
    agreed = Action.objects.filter(
        source_outcome__meeting=meeting, plan__board__required_clearance__lt=meeting.clearance_needed()
    )
    for action in agreed:
        # The record names the meeting by the title it had then, which an edit may since have changed.
        record = action.history.filter(history_type="+").first()  # type: ignore[attr-defined]
        reason = record.history_change_reason if record is not None else ""
        if not reason or not reason.startswith("Agreed at ") or reason == "Agreed at a meeting.":
            continue
        record.history_change_reason = "Agreed at a meeting."
        record.save(update_fields=["history_change_reason"])
        # Within whatever else the step says ("Revision of version 1. Action agreed at ...").
        named = f"Action agreed at {reason.removeprefix('Agreed at ')}"
        PlanTransition.objects.filter(plan_id=action.plan_id, reason__contains=named).update(
            reason=Replace("reason", Value(named), Value("Action agreed at a meeting."))
        )


def agreed_action_refusal(*, board: Board) -> str | None:
    """Why the board's plans cannot take an action agreed at a meeting now, or None if they can."""
    return _agreed_action_refusal(board, ActionPlan.objects.filter(board=board).order_by("-version").first())


def _agreed_action_refusal(board: Board, newest: ActionPlan | None) -> str | None:
    if newest is None or newest.is_editable or newest.status == PlanStatus.APPROVED:
        return None
    return (
        f"The {board.name}'s action plan (version {newest.version}) is with the partnership for approval, "
        "so no action can be added to it until it is approved or returned. "
        "Record the outcome as a decision for now, and as an agreed action once the plan can take it."
    )


def _plan_taking_agreed_actions(board: Board, *, by: User, reason: str) -> ActionPlan:
    newest = ActionPlan.objects.filter(board=board).order_by("-version").first()
    if refusal := _agreed_action_refusal(board, newest):
        raise PlanStateError(refusal)
    if newest is None:
        return plan_create(board=board, by=by, reason=reason)
    if newest.is_editable:
        return newest
    return plan_revise(plan=newest, by=by, reason=reason)
