"""When an action was completed, read from its history: a pack lists the actions completed in its quarter."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Min

from actions.choices import ActionStatus
from actions.models import Action


def completion_moments(action_ids: Iterable[int]) -> dict[int, datetime.datetime]:
    """When each action was first recorded as completed, in its history or in that of the earlier
    plan versions it was carried from: a revision copies a completed action as it stands, so the
    copy's own first record is the revision's date, not the completion's.

    An action with no record of being completed (loaded in bulk, say) has no moment and so is not
    reported as completed in any quarter. One query per plan version in the longest carry chain.
    """
    # Each action or ancestor, mapped to the action in the current plan that it became.
    current = {pk: pk for pk in action_ids}
    frontier = list(current)
    while frontier:
        parents = Action.objects.filter(pk__in=frontier).values_list("pk", "carried_from")
        frontier = []
        for pk, parent in parents:
            if parent is not None and parent not in current:
                current[parent] = current[pk]
                frontier.append(parent)
    history = Action.history.model  # type: ignore[attr-defined]
    firsts = (
        history.objects.filter(id__in=current, status=ActionStatus.COMPLETED)
        .values("id")
        .annotate(first=Min("history_date"))
        .values_list("id", "first")
    )
    moments: dict[int, datetime.datetime] = {}
    for pk, first in firsts:
        action = current[pk]
        moments[action] = min(first, moments.get(action, first))
    return moments
