"""Colours for the GOV.UK tag that shows an escalation's state.

The state's words always carry the meaning; the colour only repeats it.
"""

from django import template

from boards.choices import EscalationState

register = template.Library()

_ESCALATION_COLOURS = {
    EscalationState.RAISED: "yellow",
    EscalationState.ACCEPTED: "blue",
    EscalationState.ESCALATED: "red",
    EscalationState.RESOLVED: "green",
    EscalationState.DECLINED: "grey",
}


@register.filter
def escalation_state_colour(state: str) -> str:
    return _ESCALATION_COLOURS.get(EscalationState(state), "grey")
