"""GOV.UK tags for a plan's or an action's status and for a RAG rating, actions' and indicators' alike.

The words always carry the meaning; the colours only repeat it, so nobody depends on telling
them apart.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from actions.choices import ActionStatus, PlanStatus, Rag

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


@register.simple_tag
def rag_tag(rag: str | None) -> SafeString:
    """`{% rag_tag action.rag %}`: a rating ("red", "amber", "green", or empty for not rated) as a
    tag that always says the word; app.scss's .app-rag--* classes colour it."""
    modifier, label = (rag, Rag(rag).label) if rag else ("none", "Not rated")
    return format_html('<strong class="govuk-tag app-rag--{}">{}</strong>', modifier, label)
