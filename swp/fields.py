"""Form fields every layer's forms share."""

from __future__ import annotations

import datetime
from typing import Any

from crispy_forms_gds.fields import DateInputField
from django.core.exceptions import ValidationError


class GovukDateField(DateInputField):
    """The GOV.UK date input, with messages that name the date and say what is wrong with it.

    All three parts are optional to the widget so that a half-filled date gets our message
    ("Enter the due date") rather than the package's generic one.
    """

    def __init__(self, *, noun: str, example: str = "27 3 2026", **kwargs: Any) -> None:
        super().__init__(require_all_fields=False, **kwargs)
        self.noun = noun
        self.example = example
        self.error_messages["required"] = self.error_messages["incomplete"] = f"Enter {noun}"
        # A date with one box left empty says which, as GOV.UK asks: "The due date must include a month".
        for part, box in zip(("day", "month", "year"), self.fields, strict=True):
            box.error_messages["incomplete"] = f"{noun[0].upper()}{noun[1:]} must include a {part}"

    def compress(self, data_list: Any) -> datetime.date | None:
        not_a_date = ValidationError(f"Enter {self.noun} as a real date, for example {self.example}", code="invalid")
        year = data_list[2] if data_list else None
        # "26" would be the year 26, and a due date nearly two thousand years overdue.
        if year and len(str(year)) != 4:
            raise ValidationError(
                f"Enter {self.noun} with a 4-digit year, for example {self.example}", code="invalid_year"
            )
        try:
            return super().compress(data_list)
        except (ValidationError, OverflowError) as error:  # OverflowError: a day of 99999999999999999999
            raise not_a_date from error
