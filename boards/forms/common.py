"""Pieces every boards form uses: GOV.UK dates and times, "add another" drafts, error summary links."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.forms.utils import ErrorDict

_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


def parse_time(text: str) -> datetime.time | None:
    """Read 14:30, 14.30, 2:30pm or 2pm as people write times; None if it is not one."""
    match = _TIME.match(text)
    if match is None or (match[2] is None and match[3] is None):
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    if match[3]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match[3].lower() == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


class Draft:
    """Lets a form be shown again as typed without being judged yet.

    "Add another" posts the whole form so that it works without JavaScript; the rows filled in
    so far come back as they were, with no error messages, since the person has not finished.
    """

    draft: bool = False

    def full_clean(self) -> None:
        if self.draft:
            self._errors = ErrorDict()
            self.cleaned_data: dict[str, Any] = {}
            return
        super().full_clean()  # type: ignore[misc]


def first_input_id(form: forms.BaseForm, name: str | None) -> str:
    """The id of the input an error summary link should move focus to, as crispy-forms-gds renders it."""
    field = form[name] if name else next(iter(form.visible_fields()))
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"id_{field.html_name}_1"
    if isinstance(widget, forms.MultiWidget):
        return f"{field.auto_id}_0"
    return str(field.auto_id)


def field_errors(form: forms.BaseForm) -> list[tuple[str, str]]:
    return [
        (f"#{first_input_id(form, name)}", str(message))
        for name in form.fields
        if name in form.errors
        for message in form.errors[name]
    ]
