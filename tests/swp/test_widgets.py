"""Form widgets every layer's forms share."""

from __future__ import annotations

from typing import Any

import pytest
from crispy_forms.utils import render_crispy_form
from django import forms

from swp.widgets import LongSelect

CHOICES: list[Any] = [
    ("", "Nobody yet"),
    (1, "Jo Bloggs (Metropolitan Police)"),
    (2, "Sam O'Brien & <Partners>"),
    ("Housing", [(3, "Ali Khan"), (4, 'Chris "CJ" Jones')]),
    (5, "Pat Lee"),
]


@pytest.mark.parametrize("value", [None, "", 2, "4", [1, 5]])
@pytest.mark.parametrize(
    "attrs",
    [
        None,
        {"id": "id_owner", "class": "govuk-select", "aria-describedby": "id_owner_hint", "required": True},
        {"disabled": True, "data-module": "people", "hidden": False},
    ],
)
def test_a_long_select_writes_what_djangos_select_template_writes(value: Any, attrs: dict[str, Any] | None) -> None:
    templated = forms.Select(choices=CHOICES).render("owner", value, attrs)
    assert LongSelect(choices=CHOICES).render("owner", value, attrs) == templated


def test_a_long_select_is_what_a_bound_field_draws() -> None:
    class OwnerForm(forms.Form):
        owner = forms.ChoiceField(choices=CHOICES, widget=LongSelect, help_text="Who answers for it")

    drawn = str(OwnerForm({"owner": "3"})["owner"])
    assert '<option value="3" selected>Ali Khan</option>' in drawn
    assert 'aria-describedby="id_owner_helptext"' in drawn
    assert "Sam O&#x27;Brien &amp; &lt;Partners&gt;" in drawn


def test_a_long_select_is_styled_as_a_govuk_select() -> None:
    class OwnerForm(forms.Form):
        owner = forms.ChoiceField(choices=CHOICES, widget=LongSelect)

    assert 'class="govuk-select"' in render_crispy_form(OwnerForm())
