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

    def compress(self, data_list: Any) -> datetime.date | None:
        try:
            return super().compress(data_list)
        except ValidationError as error:
            raise ValidationError(
                f"Enter {self.noun} as a real date, for example {self.example}", code="invalid"
            ) from error
