"""The board's, or the Executive's, answer to an escalation."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from boards.choices import EscalationState
from boards.forms.common import field_errors, first_input_id


class EscalationResponseForm(forms.Form):
    """The board's (or the Executive's) answer to an escalation: the next state and a note."""

    LABELS = {
        EscalationState.ACCEPTED: "Accept it onto the agenda",
        EscalationState.DECLINED: "Decline it",
        EscalationState.RESOLVED: "Mark it resolved",
        EscalationState.ESCALATED: "Send it to the Executive",
    }

    to_state = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="What do you want to do?",
        error_messages={"required": "Select what you want to do with the escalation"},
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Note or reason",
        help_text="Needed when you decline it, so that whoever raised it can see why",
    )

    def __init__(self, *args: Any, allowed: frozenset[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_state"].choices = [(state, label) for state, label in self.LABELS.items() if state in allowed]  # type: ignore[attr-defined]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.radios("to_state", legend_size=Size.MEDIUM, small=True),
            Field.textarea("note"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("to_state") == EscalationState.DECLINED and not data.get("note", "").strip():
            self.add_error("note", "Enter the reason for declining the escalation")
        return data

    def error_summary(self) -> list[tuple[str, str]]:
        return field_errors(self) + [(f"#{first_input_id(self, None)}", str(e)) for e in self.non_field_errors()]
