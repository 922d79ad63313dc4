"""When an action was completed or cancelled, read from its history: a pack lists the actions
completed in its quarter, and counts as overdue at the quarter's end one closed only after it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Min

from actions.choices import ActionStatus
from actions.models import Action


def closing_moments(action_ids: Iterable[int]) -> dict[int, dict[str, datetime.datetime]]:
    """When each action was first recorded as completed, and as cancelled, in its history or in that
    of the earlier plan versions it was carried from: a revision copies a closed action as it stands,
    so the copy's own first record is the revision's date, not the closing's.

    An action with no record of its status (loaded in bulk, say) has no moment for it, and so is not
    reported as closed in any quarter. One query per plan version in the longest carry chain.
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
        history.objects.filter(id__in=current, status__in=[ActionStatus.COMPLETED, ActionStatus.CANCELLED])
        .values("id", "status")
        .annotate(first=Min("history_date"))
        .values_list("id", "status", "first")
    )
    moments: dict[int, dict[str, datetime.datetime]] = {}
    for pk, status, first in firsts:
        reached = moments.setdefault(current[pk], {})
        reached[status] = min(first, reached.get(status, first))
    return moments
