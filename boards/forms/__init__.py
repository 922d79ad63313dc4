"""Forms for recording a meeting (with its attendees and outcomes) and for answering an escalation."""

from boards.forms.escalations import EscalationResponseForm
from boards.forms.meetings import MeetingForm, MeetingForms

__all__ = ["EscalationResponseForm", "MeetingForm", "MeetingForms"]
