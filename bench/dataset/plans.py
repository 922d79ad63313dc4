"""Each board's plan through the years: versions revised from one another, their actions (carried
from version to version, as revisions do), each action's history, and the progress updates."""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection

from actions.choices import ActionStatus, PlanStatus, Rag
from actions.models import Action, ActionPlan, PlanTransition, ProgressUpdate
from bench.dataset import LONG_HISTORY_TITLE, World
from bench.dataset.words import ACTION_SUBJECTS, ACTION_VERBS, NARRATIVE_BODIES, NARRATIVE_OPENINGS
from boards.choices import MembershipRole
from boards.models import Board, MeetingOutcome, Membership
from swp.models import User

# Share of the actions each board holds; the others hold one share each.
BOARD_WEIGHTS = {"victim": 3.0, "offender": 3.0, "location": 3.0, "contest": 2.0, "executive": 1.5}
# Of a version's actions, how many a revision carries into the next version.
CARRIED_SHARE = 0.6
# Open actions of the current plans owned by the `owner` persona, on each board they serve.
OWNER_ACTIONS_PER_BOARD = 20
FINAL_STATUSES = {
    ActionStatus.NOT_STARTED: 25,
    ActionStatus.IN_PROGRESS: 50,
    ActionStatus.COMPLETED: 20,
    ActionStatus.CANCELLED: 5,
}
# How an action got to its status, one history record per step.
PATHS = {
    ActionStatus.NOT_STARTED: [ActionStatus.NOT_STARTED],
    ActionStatus.IN_PROGRESS: [ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS],
    ActionStatus.COMPLETED: [ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.COMPLETED],
    ActionStatus.CANCELLED: [ActionStatus.NOT_STARTED, ActionStatus.CANCELLED],
}
OPEN = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


@dataclass
class _Version:
    board: Board
    number: int
    starts: datetime.datetime
    ends: datetime.datetime
    plan: ActionPlan


@dataclass
class _Draft:
    """An action as it stands now, with the states it went through (one history record each)."""

    action: Action
    version: _Version
    states: list[dict[str, Any]]
    dates: list[datetime.datetime]
    places: list[int]
    cohorts: list[int]
    editor: User
    updates: list[ProgressUpdate] = field(default_factory=list)


def share(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights`, exactly (the remainder goes to the first ones)."""
    raw = [total * weight / sum(weights) for weight in weights]
    parts = [int(part) for part in raw]
    for index in range(total - sum(parts)):
        parts[index % len(parts)] += 1
    return parts


def _versions(world: World) -> list[list[_Version]]:
    """Every board's plan versions, as levels: level k holds each board's version k+1."""
    count = world.scale.plan_versions
    length = (world.now - world.start) / count
    levels: list[list[_Version]] = []
    for level in range(count):
        starts = world.start + length * level
        ends = world.start + length * (level + 1) if level < count - 1 else world.now
        levels.append(
            [
                _Version(
                    board=board,
                    number=level + 1,
                    starts=starts,
                    ends=ends,
                    plan=ActionPlan(
                        board=board,
                        version=level + 1,
                        title=f"{board.name} action plan {starts:%Y}",
                        status=PlanStatus.APPROVED if level == count - 1 else PlanStatus.SUPERSEDED,
                    ),
                )
                for board in world.planning_boards
            ]
        )
    for level, versions in enumerate(levels):
        for index, version in enumerate(versions):
            version.plan.revised_from = levels[level - 1][index].plan if level else None
        ActionPlan.objects.bulk_create([version.plan for version in versions])
    _transitions(world, [version for versions in levels for version in versions])
    return levels


def _transitions(world: World, versions: list[_Version]) -> None:
    chair = world.personas["swp-chair"]
    transitions = []
    for version in versions:
        steps = [
            ("", PlanStatus.DRAFT, version.starts),
            (PlanStatus.DRAFT, PlanStatus.SUBMITTED, version.starts + datetime.timedelta(days=10)),
            (PlanStatus.SUBMITTED, PlanStatus.APPROVED, version.starts + datetime.timedelta(days=21)),
        ]
        if version.plan.status == PlanStatus.SUPERSEDED:
            steps.append((PlanStatus.APPROVED, PlanStatus.SUPERSEDED, version.ends + datetime.timedelta(days=21)))
        transitions += [
            PlanTransition(plan=version.plan, from_status=old, to_status=new, by=chair, at=at) for old, new, at in steps
        ]
        version.plan.created_at, version.plan.status_changed_at = version.starts, steps[-1][2]
    PlanTransition.objects.bulk_create(transitions, batch_size=2000)
    ActionPlan.objects.bulk_update([version.plan for version in versions], ["created_at", "status_changed_at"])


def _state(action: Action) -> dict[str, Any]:
    return {
        name: getattr(action, name)
        for name in ("title", "description", "owner_id", "lead_organisation_id", "due_date", "status")
    }


def _new_draft(world: World, version: _Version, order: int, outcome: MeetingOutcome | None) -> _Draft:
    rng = world.rng
    objectives = world.objectives.get(version.board.pk, [])
    objective = rng.choice(objectives) if objectives and outcome is None else None
    owner: User = rng.choice(world.board_people[version.board.pk])
    final = world.rng.choices(list(FINAL_STATUSES), weights=list(FINAL_STATUSES.values()))[0]
    created = world.moment_between(version.starts, version.starts + (version.ends - version.starts) / 2)
    action = Action(
        plan=version.plan,
        objective=objective,
        title=outcome.summary[:200] if outcome else f"{rng.choice(ACTION_VERBS)} {rng.choice(ACTION_SUBJECTS)}",
        description=f"{rng.choice(NARRATIVE_BODIES)} {rng.choice(NARRATIVE_BODIES)}",
        owner=owner,
        lead_organisation_id=owner.organisation_id,
        due_date=(created + datetime.timedelta(days=rng.randint(60, 540))).date(),
        status=final,
        source_outcome=outcome,
        order=order,
    )
    places = [place.pk for place in objective.places.all()] if objective else []
    cohorts = [cohort.pk for cohort in objective.cohorts.all()] if objective else []
    if not places and rng.random() < 0.5:
        places = [place.pk for place in rng.sample(world.wards, rng.randint(1, 2))]
    path = PATHS[ActionStatus(final)]
    states = [{**_state(action), "status": status} for status in path]
    dates = sorted(world.moment_between(created, version.ends) for _ in path[1:])
    return _Draft(action, version, states, [created, *dates], places, cohorts, editor=owner)


def _carried_draft(world: World, version: _Version, order: int, earlier: _Draft) -> _Draft:
    """The copy a revision makes of an open action; its due date moves on if it has passed."""
    # Django copies a model's state and related-object cache with it, so the two stay apart.
    action = copy.copy(earlier.action)
    action.pk = None
    action._state.adding = True
    action.plan, action.carried_from, action.source_outcome, action.order = version.plan, earlier.action, None, order
    if action.due_date and action.due_date < (version.starts + datetime.timedelta(days=30)).date():
        action.due_date = (version.starts + datetime.timedelta(days=world.rng.randint(60, 365))).date()
    final = world.rng.choices(list(FINAL_STATUSES), weights=list(FINAL_STATUSES.values()))[0]
    if final == ActionStatus.NOT_STARTED or action.title == LONG_HISTORY_TITLE:
        final = ActionStatus.IN_PROGRESS
    action.status = final
    states = [{**_state(action), "status": ActionStatus.IN_PROGRESS}]
    dates = [version.starts]
    if action.status != ActionStatus.IN_PROGRESS:
        states.append(_state(action))
        dates.append(world.moment_between(version.starts, version.ends))
    return _Draft(action, version, states, dates, earlier.places, earlier.cohorts, editor=earlier.editor)


def _long_history_start(world: World, draft: _Draft) -> None:
    """The action that will have a long history starts in the first plan, on the board's first objective."""
    objective = world.objectives[draft.version.board.pk][0]
    action = draft.action
    action.title, action.status, action.objective, action.source_outcome = (
        LONG_HISTORY_TITLE,
        ActionStatus.IN_PROGRESS,
        objective,
        None,
    )
    draft.places = [place.pk for place in objective.places.all()] or [world.wards[0].pk]
    draft.cohorts = [cohort.pk for cohort in objective.cohorts.all()]
    draft.states, draft.dates = [_state(action)], draft.dates[:1]


def _long_history(world: World, draft: _Draft) -> None:
    """Give the action the history of a much-edited one: dates moved, owners changed, notes rewritten."""
    rng = world.rng
    people = world.board_people[draft.version.board.pk]
    draft.action.title, draft.action.status = LONG_HISTORY_TITLE, ActionStatus.IN_PROGRESS
    states = [{**_state(draft.action), "status": ActionStatus.NOT_STARTED}]
    for step in range(1, world.scale.long_history):
        state = dict(states[-1])
        change = step % 4
        if change == 0:
            state["due_date"] += datetime.timedelta(days=rng.choice((-14, 7, 14, 28)))
        elif change == 1:
            state["owner_id"] = rng.choice(people).pk
        elif change == 2:
            state["description"] = f"{rng.choice(NARRATIVE_BODIES)} (revised, step {step})"
        else:
            state["status"] = ActionStatus.IN_PROGRESS
        states.append(state)
    for name, value in states[-1].items():
        setattr(draft.action, name, value)
    draft.states = states
    draft.dates = sorted(world.moment_between(draft.version.starts, world.now) for _ in states)
    draft.editor = world.personas["victim-chair"]


def _drafts(world: World, levels: list[list[_Version]]) -> list[list[_Draft]]:
    rng = world.rng
    boards = world.planning_boards
    totals = share(world.scale.actions, [BOARD_WEIGHTS.get(board.slug, 1.0) for board in boards])
    sizes = {
        board.pk: share(total, [level + 2.0 for level in range(len(levels))])
        for board, total in zip(boards, totals, strict=True)
    }
    outcomes = {
        board_id: sorted(pool, key=lambda o: o.meeting.starts_at) for board_id, pool in world.agreed_outcomes.items()
    }
    drafted: list[list[_Draft]] = []
    previous: dict[int, list[_Draft]] = {}
    for level, versions in enumerate(levels):
        level_drafts = []
        for version in versions:
            size = sizes[version.board.pk][level]
            earlier = [draft for draft in previous.get(version.board.pk, []) if draft.action.status in OPEN]
            earlier.sort(key=lambda draft: draft.action.title != LONG_HISTORY_TITLE)
            carried = earlier[: min(size, round(CARRIED_SHARE * len(previous.get(version.board.pk, []))))]
            drafts = [_carried_draft(world, version, order, draft) for order, draft in enumerate(carried, start=1)]
            agreed = [
                o for o in outcomes.get(version.board.pk, []) if version.starts <= o.meeting.starts_at < version.ends
            ]
            agreed = agreed[: (size - len(drafts)) // 10]
            while len(drafts) < size:
                outcome = agreed.pop() if agreed else None
                drafts.append(_new_draft(world, version, len(drafts) + 1, outcome))
            if level == 0 and version.board.slug == "victim":
                _long_history_start(world, drafts[0])
            level_drafts += drafts
            previous[version.board.pk] = drafts
        drafted.append(level_drafts)
    current = drafted[-1]
    long = next(draft for draft in current if draft.action.title == LONG_HISTORY_TITLE)
    _long_history(world, long)
    owner = world.personas["owner"]
    for slug in ("victim", "location"):
        mine = [d for d in current if d.version.board.slug == slug and d.action.status in OPEN and d is not long]
        for draft in rng.sample(mine, min(OWNER_ACTIONS_PER_BOARD, len(mine))):
            draft.action.owner, draft.action.lead_organisation_id = owner, owner.organisation_id
            for state in draft.states:
                state["owner_id"], state["lead_organisation_id"] = owner.pk, owner.organisation_id
    return drafted


def _update_weight(draft: _Draft) -> float:
    """How many updates an action gets, relatively: few before work starts, weekly on the long one."""
    if draft.action.title == LONG_HISTORY_TITLE:
        return 2.0
    return 0.2 if draft.action.status == ActionStatus.NOT_STARTED else 1.0


def _updates(world: World, drafts: list[_Draft]) -> None:
    """Share the progress updates among the actions, mostly those under way; the latest sets the RAG."""
    rng = world.rng
    weights = [_update_weight(draft) for draft in drafts]
    for draft in rng.choices(drafts, weights=weights, k=world.scale.progress_updates):
        done = draft.action.status == ActionStatus.COMPLETED
        rag = Rag.GREEN if done and rng.random() < 0.8 else rng.choices(list(Rag), weights=(20, 35, 45))[0]
        draft.updates.append(
            ProgressUpdate(
                action=draft.action,
                rag=rag,
                narrative=f"{rng.choice(NARRATIVE_OPENINGS)} {rng.choice(NARRATIVE_BODIES)}",
                recorded_by_id=draft.action.owner_id,
                recorded_at=world.moment_between(draft.dates[0], draft.version.ends),
            )
        )
    for draft in drafts:
        if draft.updates:
            draft.action.rag = max(draft.updates, key=lambda update: update.recorded_at).rag


Relations = dict[str, dict[int, list[tuple[int, int]]]]


def _relations(drafts: list[_Draft]) -> Relations:
    """Save the actions' places and cohorts; by action, each one's (place or cohort, row id)."""
    rows: Relations = {}
    for name, column in (("places", "place_id"), ("cohorts", "cohort_id")):
        through = getattr(Action, name).through
        saved = through.objects.bulk_create(
            [through(action_id=draft.action.pk, **{column: item}) for draft in drafts for item in getattr(draft, name)],
            batch_size=5000,
        )
        for row in saved:
            rows.setdefault(name, {}).setdefault(row.action_id, []).append((getattr(row, column), row.pk))
    return rows


def _history(drafts: list[_Draft], relations: Relations) -> None:
    """One history record per state, and the places and cohorts each record had (simple-history's m2m tables)."""
    records = []
    for draft in drafts:
        for index, (state, moment) in enumerate(zip(draft.states, draft.dates, strict=True)):
            record = copy.copy(draft.action)
            for name, value in state.items():
                setattr(record, name, value)
            record.lock_version = index
            record._history_date = moment  # type: ignore[attr-defined]
            record._history_user = draft.editor  # type: ignore[attr-defined]
            records.append((index, record))
    history = Action.history  # type: ignore[attr-defined]
    created = history.bulk_history_create([record for index, record in records if index == 0], batch_size=2000)
    changed = history.bulk_history_create(
        [record for index, record in records if index > 0], batch_size=2000, update=True
    )
    for name, column in (("places", "place_id"), ("cohorts", "cohort_id")):
        model = apps.get_model("actions", f"HistoricalAction_{name}")
        model.objects.bulk_create(
            [
                model(id=row_id, history_id=historical.history_id, action_id=historical.id, **{column: item})
                for historical in [*created, *changed]
                for item, row_id in relations.get(name, {}).get(historical.id, [])
            ],
            batch_size=5000,
        )


def plans_create(world: World) -> None:
    levels = _versions(world)
    drafted = _drafts(world, levels)
    every = [draft for level in drafted for draft in level]
    _updates(world, every)
    for level in drafted:
        for draft in level:
            draft.action.lock_version = len(draft.states) - 1
        # Level by level: a carried action points at the one before it, which must have its id first.
        Action.objects.bulk_create([draft.action for draft in level], batch_size=2000)
    _history(every, _relations(every))
    ProgressUpdate.objects.bulk_create([update for draft in every for update in draft.updates], batch_size=5000)
    with connection.cursor() as cursor:
        # Inserting stamps every row with today; date each action from its own history instead.
        cursor.execute(
            "UPDATE actions_action AS a SET created_at = h.first, updated_at = h.last"
            " FROM (SELECT id, MIN(history_date) AS first, MAX(history_date) AS last"
            " FROM actions_historicalaction GROUP BY id) AS h WHERE h.id = a.id"
        )
    _owners_join_boards(every)


def _owners_join_boards(drafts: list[_Draft]) -> None:
    seats = {(draft.version.board.pk, draft.action.owner_id) for draft in drafts if draft.action.owner_id}
    Membership.objects.bulk_create(
        [
            Membership(board_id=board_id, user_id=user_id, role=MembershipRole.ACTION_OWNER)
            for board_id, user_id in seats
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )
