"""Colours for the GOV.UK tags that show a plan's or an action's status.

The words always carry the meaning; the colours only repeat it, so nobody depends on telling
them apart.
"""

from django import template

from actions.choices import ActionStatus, PlanStatus

register = template.Library()

_PLAN_COLOURS = {
    PlanStatus.DRAFT: "grey",
    PlanStatus.SUBMITTED: "blue",
    PlanStatus.APPROVED: "green",
    PlanStatus.RETURNED: "orange",
    PlanStatus.SUPERSEDED: "grey",
}
_ACTION_COLOURS = {
    ActionStatus.NOT_STARTED: "grey",
    ActionStatus.IN_PROGRESS: "light-blue",
    ActionStatus.COMPLETED: "green",
    ActionStatus.CANCELLED: "grey",
}


@register.filter
def plan_status_colour(status: str) -> str:
    return _PLAN_COLOURS.get(PlanStatus(status), "grey")


@register.filter
def action_status_colour(status: str) -> str:
    return _ACTION_COLOURS.get(ActionStatus(status), "grey")
