"""The GOV.UK date field every form shares: messages that name the date and say what is wrong."""

from __future__ import annotations

import datetime

import pytest
from django import forms

from swp.fields import GovukDateField


class DueForm(forms.Form):
    due = GovukDateField(noun="the due date", example="31 3 2027")


def _errors(day: str, month: str, year: str) -> list[str]:
    form = DueForm({"due_0": day, "due_1": month, "due_2": year})
    return [] if form.is_valid() else form.errors["due"]


def test_a_real_date_is_taken() -> None:
    form = DueForm({"due_0": "31", "due_1": "3", "due_2": "2027"})
    assert form.is_valid()
    assert form.cleaned_data["due"] == datetime.date(2027, 3, 31)


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [("31", "2", "2027"), ("99999999999999999999", "1", "2027"), ("1", "99999999999999999999", "2027")],
)
def test_an_impossible_date_or_a_huge_number_asks_for_a_real_date(day: str, month: str, year: str) -> None:
    assert _errors(day, month, year) == ["Enter the due date as a real date, for example 31 3 2027"]


@pytest.mark.parametrize("year", ["26", "1", "02027"])
def test_a_year_without_four_digits_is_refused(year: str) -> None:
    assert _errors("1", "1", year) == ["Enter the due date with a 4-digit year, for example 31 3 2027"]


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "3", "2027", "The due date must include a day"),
        ("31", "", "2027", "The due date must include a month"),
        ("31", "3", "", "The due date must include a year"),
    ],
)
def test_a_date_with_a_box_left_empty_says_which(day: str, month: str, year: str, message: str) -> None:
    assert _errors(day, month, year) == [message]
