"""UK local-government financial quarters: the one place that knows Q1 runs April to June.

A financial year is named by the calendar year it starts in: 2017/18 runs from 1 April 2017 to
31 March 2018, and its Q4 is January to March 2018.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

_LABEL = re.compile(r"^\s*Q([1-4])\s+(\d{4})\s*/\s*(\d{2}|\d{4})\s*$", re.IGNORECASE)
_COMPACT = re.compile(r"^\s*(\d{4})\s*[-/]?\s*Q([1-4])\s*$", re.IGNORECASE)
_SLUG = re.compile(r"^\s*(\d{4})-(\d{2})-q([1-4])\s*$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class FinancialQuarter:
    """Quarter `number` (1-4) of the financial year starting 1 April `year`."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if self.number not in (1, 2, 3, 4):
            raise ValueError(f"A financial quarter is 1 to 4, not {self.number}.")
        if not 1900 <= self.year <= 2999:
            raise ValueError(f"{self.year} is not a plausible financial year.")

    @classmethod
    def containing(cls, day: datetime.date) -> FinancialQuarter:
        if day.month >= 4:
            return cls(day.year, (day.month - 4) // 3 + 1)
        return cls(day.year - 1, 4)

    @classmethod
    def running(cls) -> FinancialQuarter:
        """The quarter today falls in: still going, so any figure for it covers part of it only."""
        return cls.containing(timezone.localdate())

    @classmethod
    def from_month(cls, year: int, month: int) -> FinancialQuarter:
        return cls.containing(datetime.date(year, month, 1))

    @classmethod
    def parse(cls, text: str) -> FinancialQuarter:
        """Read "Q1 2017/18", "Q1 2017/2018" or "2017-18-q1"; refuse "2017 Q1", which names no financial year."""
        if match := _LABEL.match(text):
            number, year, end = int(match[1]), int(match[2]), match[3]
            expected_end = (year + 1) % 100 if len(end) == 2 else year + 1
            if int(end) != expected_end:
                raise ValueError(f"{text!r}: a financial year runs into the next year, e.g. 2017/18.")
            return cls(year, number)
        if match := _COMPACT.match(text):
            # Most sources mean calendar quarters by this (2017 Q1 as January to March 2017): read as
            # the financial year's, a figure would land a quarter late without a word.
            year, number = int(match[1]), int(match[2])
            financial = cls(year, number)
            raise ValueError(
                f"{text!r} could mean the calendar quarter or the financial one ({financial.label}, "
                f"{financial.start:%B} to {financial.end:%B %Y}); write it like {financial.label}."
            )
        if match := _SLUG.match(text):
            year, end, number = int(match[1]), int(match[2]), int(match[3])
            if end != (year + 1) % 100:
                raise ValueError(f"{text!r}: a financial year runs into the next year, e.g. 2017-18.")
            return cls(year, number)
        raise ValueError(f"{text!r} is not a financial quarter; write it like Q1 2017/18.")

    @classmethod
    def from_key(cls, key: int) -> FinancialQuarter:
        return cls(key // 10, key % 10)

    @property
    def key(self) -> int:
        """A sortable integer (2017 Q1 is 20171) used to store the quarter in the database."""
        return self.year * 10 + self.number

    @property
    def start(self) -> datetime.date:
        month = 4 + (self.number - 1) * 3
        if month > 12:
            return datetime.date(self.year + 1, month - 12, 1)
        return datetime.date(self.year, month, 1)

    @property
    def end(self) -> datetime.date:
        year, month = self.months[-1]
        return datetime.date(year, month, calendar.monthrange(year, month)[1])

    @property
    def months(self) -> tuple[tuple[int, int], ...]:
        """The (year, month) pairs of the quarter's three months, in order."""
        first = self.start
        return tuple(
            (first.year + (first.month - 1 + offset) // 12, (first.month - 1 + offset) % 12 + 1) for offset in range(3)
        )

    @property
    def financial_year_label(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def label(self) -> str:
        return f"Q{self.number} {self.financial_year_label}"

    @property
    def slug(self) -> str:
        return f"{self.year}-{(self.year + 1) % 100:02d}-q{self.number}"

    def next(self) -> FinancialQuarter:
        return FinancialQuarter(self.year + 1, 1) if self.number == 4 else FinancialQuarter(self.year, self.number + 1)

    def previous(self) -> FinancialQuarter:
        return FinancialQuarter(self.year - 1, 4) if self.number == 1 else FinancialQuarter(self.year, self.number - 1)

    def same_quarter_last_year(self) -> FinancialQuarter:
        return FinancialQuarter(self.year - 1, self.number)

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label


class FinancialQuarterField(models.IntegerField):
    """Stores a FinancialQuarter as its sortable key, so ordering and ranges work in SQL."""

    description = "UK financial quarter"
    # For django-stubs (annotations only): the field gives back a FinancialQuarter, and takes one, its
    # key or its label, where IntegerField would promise an int.
    _pyi_private_set_type: FinancialQuarter | int | str | models.expressions.Combinable  # type: ignore[assignment]
    _pyi_private_get_type: FinancialQuarter  # type: ignore[assignment]
    _pyi_lookup_exact_type: FinancialQuarter | int | str  # type: ignore[assignment]

    def from_db_value(self, value: int | None, expression: Any, connection: Any) -> FinancialQuarter | None:
        return None if value is None else FinancialQuarter.from_key(value)

    def to_python(self, value: Any) -> FinancialQuarter | None:
        if value is None or isinstance(value, FinancialQuarter):
            return value
        try:
            if isinstance(value, int):
                return FinancialQuarter.from_key(value)
            return FinancialQuarter.parse(str(value))
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from error

    def get_prep_value(self, value: Any) -> int | None:
        quarter = self.to_python(value)
        return None if quarter is None else quarter.key

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else str(value)

    @cached_property
    def validators(self) -> list[Any]:
        # IntegerField's database-range validators would compare a FinancialQuarter with an int;
        # the quarter's own constructor already bounds it.
        return [*self.default_validators, *self._validators]  # type: ignore[attr-defined]

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        # People type quarters as they say them ("Q2 2025/26"); to_python turns the text into one.
        defaults: dict[str, Any] = {"form_class": forms.CharField, "max_length": 20}
        if self.null:
            defaults["empty_value"] = None
        if not self.help_text:
            defaults["help_text"] = "For example, Q1 2025/26"
        return models.Field.formfield(self, **{**defaults, **kwargs})
