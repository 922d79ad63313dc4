"""Filtering the indicator list; the choices offered are only what the person may see."""

from __future__ import annotations

from typing import Any

import django_filters
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit

from performance.choices import IndicatorSource
from performance.models import Indicator
from performance.selectors import boards_with_indicators
from swp.models import Partnership, User


class IndicatorFilter(django_filters.FilterSet):
    board = django_filters.ModelChoiceFilter(
        queryset=None, empty_label="All boards", label="Board", to_field_name="slug"
    )
    source = django_filters.ChoiceFilter(choices=IndicatorSource.choices, empty_label="Any source", label="Source")

    class Meta:
        model = Indicator
        fields = ["board", "source"]

    def __init__(self, *args: Any, user: User, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["board"].queryset = boards_with_indicators(user=user, partnership=partnership)
        self.form.helper = FormHelper()
        self.form.helper.form_method = "get"
        self.form.helper.layout = Layout(
            Field.select("board"),
            Field.select("source"),
            Submit("filter", "Apply filters", css_class="govuk-button--secondary"),
        )
