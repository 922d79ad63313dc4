"""A quarter's data as the scrutiny committee may see it, gathered once into plain JSON.

The pack's files are rendered from this snapshot and from nothing else. Every detail is read as a
signed-in person without security clearance would see it, through the models' visible_to
methods, so the one definition of what is confidential applies here too. A confidential board
still appears, as its aim and its actions counted by RAG status, and never with more.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from actions.choices import ActionStatus
from actions.models import PLAN_ORDER, Action, ActionPlan
from actions.selectors import (
    CLOSED_STATUSES,
    action_lineages,
    latest_updates,
    plans_current,
    rag_summaries,
)
from boards.choices import BoardKind, EscalationState, MeetingKind
from boards.models import Board, Escalation, EscalationEvent, MeetingOutcome
from performance.choices import PackStatus, Travel
from performance.models import ChairRating, Indicator, PerformancePack
from performance.packs.completions import quarter_ends
from performance.rag import Standard, assess
from performance.selectors import headline_series
from priorities.models import Aim, Objective
from swp.choices import Clearance
from swp.models import Partnership, User
from swp.quarters import FinancialQuarter

Snapshot = dict[str, Any]

# Bumped when the snapshot's shape changes, so a renderer can tell an old pack's snapshot apart.
# Version 2: "completed" holds only the actions completed in the quarter, each with its date.
SCHEMA_VERSION = 2
# The trend charts show the pack's quarter and the four before it: a year on year comparison.
TREND_QUARTERS = 5
RAG_KEYS = ("red", "amber", "green", "not_rated")
TASKING_KINDS = (MeetingKind.PARTNERSHIP_TASKING, MeetingKind.PROBLEM_SOLVING)


def general_release_reader() -> User:
    """The reader a pack is written for: signed in, holding no clearance. Never saved."""
    return User(username="general-release", clearance=Clearance.NONE)


def quarter_bounds(quarter: FinancialQuarter) -> tuple[datetime.datetime, datetime.datetime]:
    """The quarter as [start, end) in local time, for comparing with timestamps."""
    start = timezone.make_aware(datetime.datetime.combine(quarter.start, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(quarter.next().start, datetime.time.min))
    return start, end


def quarter_json(quarter: FinancialQuarter) -> dict[str, Any]:
    return {
        "label": quarter.label,
        "slug": quarter.slug,
        "key": quarter.key,
        "start": quarter.start.isoformat(),
        "end": quarter.end.isoformat(),
    }


def _local_date(moment: datetime.datetime | None) -> str | None:
    return timezone.localdate(moment).isoformat() if moment else None


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def snapshot_gather(*, partnership: Partnership, quarter: FinancialQuarter) -> Snapshot:
    """Everything the pack says about `quarter`, as it stands now, fit for general release."""
    reader = general_release_reader()
    start, end = quarter_bounds(quarter)
    # Overdue is judged at the quarter's end, or today for a pack of a quarter still running.
    as_of = min(quarter.end, timezone.localdate())
    trend = [quarter]
    while len(trend) < TREND_QUARTERS:
        trend.insert(0, trend[0].previous())

    boards = list(partnership.boards.exclude(kind=BoardKind.EXTERNAL).order_by("order", "name"))
    plans = plans_current(boards=boards)
    aims = dict(Aim.objects.filter(board__in=boards).values_list("board_id", "text"))
    sections: dict[int, dict[str, Any]] = {
        board.pk: {
            "slug": board.slug,
            "name": board.name,
            "confidential": board.is_confidential,
            "aim": aims.get(board.pk, ""),
            "objectives": [],
            "plan": None,
            # Open actions by RAG status; completed and cancelled ones are not rated any more.
            "rag_counts": dict.fromkeys(RAG_KEYS, 0),
            "open_total": 0,
            "overdue": [],
            "completed": [],
            "indicators": [],
            "outcomes": [],
            "escalations": [],
        }
        for board in boards
    }
    _add_rag_counts(sections, plans)
    _add_objectives(sections, Objective.objects.visible_to(reader).filter(board__in=boards))
    _add_plans_and_actions(sections, plans, reader=reader, as_of=as_of, start=start, end=end)
    _add_indicators(sections, Indicator.objects.visible_to(reader).filter(board__in=boards), trend=trend)
    _add_outcomes(sections, reader=reader, partnership=partnership, start=start, end=end)
    _add_escalations(sections, reader=reader, boards=boards, start=start, end=end)

    # A board with nothing to report (the SWP itself, often) is left out of the pack.
    board_sections = [sections[board.pk] for board in boards if board.pk in plans or _has_content(sections[board.pk])]
    snapshot: Snapshot = {
        "schema": SCHEMA_VERSION,
        "partnership": {"name": partnership.name, "short_name": partnership.short_name},
        "quarter": quarter_json(quarter),
        "previous_quarter": quarter_json(quarter.previous()),
        "trend_quarters": [item.label for item in trend],
        "taken_at": timezone.localtime().isoformat(timespec="seconds"),
        "as_of": as_of.isoformat(),
        "boards": board_sections,
    }
    snapshot["summary"] = _summary(board_sections)
    snapshot["changes"] = _changes(snapshot, previous=_previous_snapshot(partnership, quarter))
    return snapshot


def _has_content(section: dict[str, Any]) -> bool:
    return bool(section["aim"] or section["indicators"] or section["outcomes"] or section["escalations"])


def _add_rag_counts(sections: dict[int, dict[str, Any]], plans: dict[int, ActionPlan]) -> None:
    # Counted for every board, confidential ones included: the counts are all they contribute.
    summaries = rag_summaries(plan_ids=[plan.pk for plan in plans.values()])
    for board_id, plan in plans.items():
        summary = summaries[plan.pk]
        sections[board_id]["rag_counts"] = {
            "red": summary.red,
            "amber": summary.amber,
            "green": summary.green,
            "not_rated": summary.unrated,
        }
        sections[board_id]["open_total"] = summary.open


def _add_objectives(sections: dict[int, dict[str, Any]], objectives: QuerySet[Objective]) -> None:
    for objective in objectives.order_by("board", "order"):
        sections[objective.board_id]["objectives"].append(objective.text)


def _add_plans_and_actions(
    sections: dict[int, dict[str, Any]],
    plans: dict[int, ActionPlan],
    *,
    reader: User,
    as_of: datetime.date,
    start: datetime.datetime,
    end: datetime.datetime,
) -> None:
    visible_plans = [plan for plan in plans.values() if not sections[plan.board_id]["confidential"]]
    for plan in visible_plans:
        sections[plan.board_id]["plan"] = {
            "title": plan.title or f"{sections[plan.board_id]['name']} action plan",
            "version": plan.version,
            "status": plan.get_status_display(),
        }
    plan_actions = Action.objects.visible_to(reader).filter(plan__in=visible_plans)
    as_they_stand = list(plan_actions.only("pk", "lineage", "status", "due_date"))
    # An action carried into a newer version keeps the history and updates of the versions before it.
    lineages = action_lineages(actions=as_they_stand)
    ends = quarter_ends(as_they_stand, lineages=lineages, end=end)
    completed = {
        pk
        for pk, standing in ends.items()
        if standing.then.status == ActionStatus.COMPLETED
        and standing.then.since is not None
        and start <= standing.then.since < end
    }
    # Open when the quarter ended, whatever it did since: overdue then if the date it had then had passed.
    overdue_at_end = [
        pk
        for pk, standing in ends.items()
        if standing.existed
        and standing.then.status not in CLOSED_STATUSES
        and standing.due_then is not None
        and standing.due_then < as_of
    ]
    actions = list(
        plan_actions.filter(pk__in=[*completed, *overdue_at_end])
        .select_related("plan", "owner", "lead_organisation", "objective")
        .prefetch_related("places")
        .order_by("plan__board__order", *PLAN_ORDER)
    )
    latest = latest_updates(lineages={action.pk: lineages[action.pk] for action in actions}, before=end)
    for action in actions:
        update, at_end = latest.get(action.pk), ends[action.pk]
        row = {
            "id": action.pk,
            # The ids of the versions it was carried from, so that last quarter's pack is compared with
            # the same action, not with its copy in a newer version of the plan.
            "carried_from": lineages[action.pk][1:],
            "title": action.title,
            "objective": action.objective.order if action.objective else None,
            "owner": str(action.owner) if action.owner else "",
            "lead_organisation": action.lead_organisation.name if action.lead_organisation else "",
            "places": [place.name for place in action.places.all()],
            # Due date, status, rating and latest update as they stood when the quarter ended.
            "due_date": at_end.due_then.isoformat() if at_end.due_then else None,
            "status": ActionStatus(at_end.then.status).label,
            # A rating is a progress update's: the one the latest update before the end gave.
            "rag": update.rag if update and update.rag else "not_rated",
            "latest_update": update.narrative if update else "",
            "latest_update_on": _local_date(update.recorded_at if update else None),
        }
        now = at_end.now
        if action.pk in completed:
            sections[action.plan.board_id]["completed"].append({**row, "completed_on": _local_date(at_end.then.since)})
        elif now.status in CLOSED_STATUSES:
            # Overdue at the quarter's end and closed since: the pack says how and when, beside its due date.
            sections[action.plan.board_id]["overdue"].append(
                {**row, "closed_as": ActionStatus(now.status).label, "closed_on": _local_date(now.since)}
            )
        else:
            sections[action.plan.board_id]["overdue"].append({**row, "closed_as": "", "closed_on": None})


def _add_indicators(
    sections: dict[int, dict[str, Any]], indicators: QuerySet[Indicator], *, trend: list[FinancialQuarter]
) -> None:
    indicators = indicators.order_by("board__order", "code").prefetch_related("places")
    series = headline_series(indicator.pk for indicator in indicators)
    quarter = trend[-1]
    ratings = {
        rating.indicator_id: rating for rating in ChairRating.objects.filter(indicator__in=indicators, quarter=quarter)
    }
    for indicator in indicators:
        points = series.get(indicator.pk, {})
        values = [
            {
                "quarter": item.label,
                "value": _number(points[item].value) if item in points else None,
                "partial": item in points and points[item].is_partial,
            }
            for item in trend
        ]
        if quarter in points:
            # The same rule and words as the indicator's own page (performance/rag.py).
            assessment = assess(points, quarter, Standard.of(indicator))
            rag, explanation, travel = assessment.rag or "not_rated", assessment.sentence, assessment.previous.travel
        else:
            rag, explanation, travel = "not_rated", f"Not rated: no value for {quarter.label}.", Travel.NOT_COMPARED
        rating = ratings.get(indicator.pk)
        sections[indicator.board_id]["indicators"].append(
            {
                "code": indicator.code,
                "name": indicator.name,
                "unit": indicator.unit,
                "direction": indicator.get_direction_display(),
                "places": [place.name for place in indicator.places.all()],
                "baseline": _number(indicator.baseline_value),
                "baseline_quarter": indicator.baseline_quarter.label if indicator.baseline_quarter else "",
                "target": _number(indicator.target),
                "tolerance_percent": _number(indicator.tolerance_percent),
                "values": values,
                "current": values[-1]["value"],
                "previous": values[-2]["value"],
                "rag": rag,
                "rag_explanation": explanation,
                "travel": Travel(travel).label,
                "chair_rag": rating.rag if rating else "",
                "chair_reason": rating.reason if rating else "",
            }
        )


def _add_outcomes(
    sections: dict[int, dict[str, Any]],
    *,
    reader: User,
    partnership: Partnership,
    start: datetime.datetime,
    end: datetime.datetime,
) -> None:
    outcomes = (
        MeetingOutcome.objects.filter(
            meeting__in=partnership.meetings.visible_to(reader),
            meeting__kind__in=TASKING_KINDS,
            meeting__starts_at__gte=start,
            meeting__starts_at__lt=end,
        )
        .select_related("meeting")
        .prefetch_related("meeting__boards", "meeting__places")
        .order_by("meeting__starts_at", "meeting", "order", "pk")
    )
    for outcome in outcomes:
        meeting = outcome.meeting
        # An outcome addressed to a board belongs to it; any other belongs to every board the meeting fed.
        board_ids = [outcome.board_id] if outcome.board_id else [board.pk for board in meeting.boards.all()]
        row = {
            "id": outcome.pk,
            "meeting": meeting.title,
            "meeting_kind": meeting.get_kind_display(),
            "date": timezone.localdate(meeting.starts_at).isoformat(),
            "wards": [place.name for place in meeting.places.all()],
            "kind": outcome.get_kind_display(),
            "summary": outcome.summary,
        }
        for board_id in board_ids:
            if board_id in sections and not sections[board_id]["confidential"]:
                sections[board_id]["outcomes"].append(row)


def _add_escalations(
    sections: dict[int, dict[str, Any]],
    *,
    reader: User,
    boards: Iterable[Board],
    start: datetime.datetime,
    end: datetime.datetime,
) -> None:
    moved_in_quarter = EscalationEvent.objects.filter(escalation=OuterRef("pk"), at__gte=start, at__lt=end)
    state_at_end = (
        EscalationEvent.objects.filter(escalation=OuterRef("pk"), at__lt=end).order_by("-at", "-pk").values("to_state")
    )
    escalations = (
        Escalation.objects.visible_to(reader)
        .filter(Q(raised_at__gte=start, raised_at__lt=end) | Exists(moved_in_quarter), board__in=boards)
        .annotate(state_at_end=Subquery(state_at_end[:1]))
        .order_by("raised_at", "pk")
    )
    for escalation in escalations:
        sections[escalation.board_id]["escalations"].append(
            {
                "title": escalation.title,
                # Where it stood when the quarter ended: what happened to it since is next quarter's news.
                # One loaded without its events has only its state now to go by.
                "state": EscalationState(escalation.state_at_end or escalation.state).label,  # type: ignore[attr-defined]
                "raised_on": timezone.localdate(escalation.raised_at).isoformat(),
                "description": escalation.description,
            }
        )


def _summary(boards: list[dict[str, Any]]) -> dict[str, Any]:
    rag_counts: Counter[str] = Counter()
    indicator_rags: Counter[str] = Counter()
    for board in boards:
        rag_counts.update(board["rag_counts"])
        indicator_rags.update(indicator["rag"] for indicator in board["indicators"])
    return {
        "boards": len(boards),
        "open_actions": sum(board["open_total"] for board in boards),
        "rag_counts": {key: rag_counts[key] for key in RAG_KEYS},
        "overdue": sum(len(board["overdue"]) for board in boards),
        "completed": sum(len(board["completed"]) for board in boards),
        "indicators": sum(len(board["indicators"]) for board in boards),
        "indicator_rag_counts": {key: indicator_rags[key] for key in RAG_KEYS},
        # An outcome addressed to no board is listed under every board its meeting fed, and counted once.
        "outcomes": len({row["id"] for board in boards for row in board["outcomes"]}),
        "escalations": sum(len(board["escalations"]) for board in boards),
    }


def _previous_snapshot(partnership: Partnership, quarter: FinancialQuarter) -> tuple[str, Snapshot] | None:
    """The last quarter's pack to compare with: its published version, else its latest built one."""
    packs = list(
        PerformancePack.objects.filter(
            partnership=partnership, quarter=quarter.previous(), status__in=[PackStatus.PUBLISHED, PackStatus.READY]
        ).order_by("-version")
    )
    pack = next((pack for pack in packs if pack.status == PackStatus.PUBLISHED), packs[0] if packs else None)
    if pack is None or not pack.snapshot:
        return None
    return f"{pack.quarter.label} version {pack.version}", pack.snapshot


def _changes(snapshot: Snapshot, *, previous: tuple[str, Snapshot] | None) -> dict[str, Any]:
    """What moved since the last quarter: indicator values always, actions if a pack exists to compare."""
    earlier_boards = {board["slug"]: board for board in previous[1]["boards"]} if previous else {}
    boards = []
    for board in snapshot["boards"]:
        earlier = earlier_boards.get(board["slug"])
        change: dict[str, Any] = {
            "name": board["name"],
            "confidential": board["confidential"],
            "rag_now": board["rag_counts"],
            "rag_before": earlier["rag_counts"] if earlier else None,
        }
        if not board["confidential"]:
            # Without last quarter's pack nothing is "new since" it: every completed and overdue
            # action would be listed as such, as the workbook once did while the PDF said otherwise.
            completed_before = {row["id"] for row in earlier["completed"]} if earlier else set()
            overdue_before = {row["id"] for row in earlier["overdue"]} if earlier else set()
            change["newly_completed"] = [
                row["title"] for row in board["completed"] if earlier and not _listed_in(row, completed_before)
            ]
            change["newly_overdue"] = [
                row["title"] for row in board["overdue"] if earlier and not _listed_in(row, overdue_before)
            ]
            change["indicators"] = [_indicator_change(indicator) for indicator in board["indicators"]]
        boards.append(change)
    return {"compared_with": previous[0] if previous else "", "boards": boards}


def _listed_in(row: dict[str, Any], earlier_ids: set[int]) -> bool:
    """Whether last quarter's pack listed this action, as itself or as the version it was carried from."""
    return row["id"] in earlier_ids or not earlier_ids.isdisjoint(row.get("carried_from", []))


def _indicator_change(indicator: dict[str, Any]) -> dict[str, Any]:
    current, previous = indicator["current"], indicator["previous"]
    # A quarter with only some of its months in is not compared, as on the indicator's own page.
    partial = any(point["partial"] for point in indicator["values"][-2:])
    change = None if current is None or previous is None or partial else round(current - previous, 2)
    percent = None if change is None or not previous else round(100 * change / previous, 1)
    return {
        "name": indicator["name"],
        "unit": indicator["unit"],
        "previous": previous,
        "current": current,
        "change": change,
        "change_percent": percent,
        "direction": indicator["travel"],
    }
