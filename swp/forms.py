"""Forms of the partnership layer: choosing what part of the audit log to export."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from swp.choices import AuditEventKind
from swp.fields import GovukDateField

# On a button that saves: govuk-frontend ignores a second click within a second, so a double-click
# does not record the same thing twice.
SUBMIT_ONCE = {"data_prevent_double_click": "true"}


class AuditExportForm(forms.Form):
    start = GovukDateField(
        noun="the first day",
        example="1 4 2026",
        label="From",
        help_text="The first day to include, for example 1 4 2026",
    )
    end = GovukDateField(
        noun="the last day", example="30 6 2026", label="To", help_text="The last day to include, for example 30 6 2026"
    )
    kind = forms.ChoiceField(
        label="Kind of event (optional)", required=False, choices=[("", "All kinds"), *AuditEventKind.choices]
    )
    username = forms.CharField(
        label="Username (optional)",
        required=False,
        max_length=150,
        help_text="Only events by this person, or failed sign-ins that tried this username",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field("start"),
            Field("end"),
            Field.select("kind"),
            Field.text("username", field_width=Fluid.ONE_HALF),
            Submit("export", "Download CSV"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The last day must be the same as or after the first day")
        return cleaned


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with messages that say which answer is missing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
