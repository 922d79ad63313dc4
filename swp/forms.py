"""Forms of the partnership layer: choosing what part of the audit log to export."""

from __future__ import annotations

import datetime
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError

from swp.choices import AuditEventKind


class _Date(DateInputField):
    """A GOV.UK date input whose messages name the date they are about."""

    def __init__(self, *, noun: str, **kwargs: Any) -> None:
        super().__init__(require_all_fields=False, **kwargs)
        self.noun = noun
        self.error_messages["required"] = self.error_messages["incomplete"] = f"Enter {noun}"

    def compress(self, data_list: Any) -> datetime.date | None:
        try:
            return super().compress(data_list)
        except ValidationError as error:
            raise ValidationError(f"Enter {self.noun} as a real date, for example 1 4 2026", code="invalid") from error


class AuditExportForm(forms.Form):
    start = _Date(noun="the first day", label="From", help_text="The first day to include, for example 1 4 2026")
    end = _Date(noun="the last day", label="To", help_text="The last day to include, for example 30 6 2026")
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
