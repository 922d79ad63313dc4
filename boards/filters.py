"""The filters above the meetings list and the escalation ledger.

Their choices come from what the person may see, so a hidden board is neither offered nor
accepted: asking for it by id gives the same "not a valid choice" as asking for a missing one.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fixed, Layout, Submit
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from boards.choices import EscalationState, MeetingKind
from boards.models import Escalation, EscalationQuerySet, Meeting
from boards.selectors import boards_for_choosing
from swp.fields import GovukDateField
from swp.filters import AppliedFilterSet
from swp.models import Partnership, User


class _FilterForm(forms.Form):
    """A GET form in the GOV.UK style whose layout the filter set gives it."""

    layout: Layout

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = False
        self.helper.layout = self.layout


class _DateFilter(django_filters.DateFilter):
    """A date typed as day, month and year in three boxes, the GOV.UK date input."""

    field_class = GovukDateField


class MeetingFilterForm(_FilterForm):
    layout = Layout(
        Field.select("kind"),
        Field.select("board"),
        Field.select("ward"),
        Field("date_from"),
        Field("date_to"),
        Submit("filter", "Filter meetings", css_class="govuk-button--secondary"),
    )


class MeetingFilter(AppliedFilterSet):
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, empty_label="Any kind", label="Kind of meeting")
    board = django_filters.ModelChoiceFilter(
        field_name="boards", queryset=None, empty_label="Any board", label="Board it feeds"
    )
    ward = django_filters.ModelChoiceFilter(
        field_name="places", queryset=None, empty_label="Any ward or area", label="Ward or area covered"
    )
    date_from = _DateFilter(
        field_name="starts_at",
        lookup_expr="date__gte",
        label="From",
        help_text="For example, 1 4 2026",
        noun="the first date",
    )
    date_to = _DateFilter(
        field_name="starts_at",
        lookup_expr="date__lte",
        label="To",
        help_text="For example, 30 6 2026",
        noun="the last date",
    )

    class Meta:
        model = Meeting
        fields: list[str] = []
        form = MeetingFilterForm

    def __init__(self, *args: Any, user: User, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["board"].queryset = boards_for_choosing(user=user, partnership=partnership)
        self.filters["ward"].queryset = partnership.places.all()

    def filter_queryset(self, queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
        # Filtering by board or ward joins a many-to-many table, which could list a meeting twice.
        return super().filter_queryset(queryset).distinct()


class EscalationFilterForm(_FilterForm):
    layout = Layout(
        Field.select("board"),
        Field.select("state"),
        Field.text("older_than", field_width=Fixed.FIVE),
        Submit("filter", "Filter escalations", css_class="govuk-button--secondary"),
    )


# The ledger's state filter also offers every open state at once, which the board page and the
# Executive's view link to when they list only the oldest.
OPEN = "open"


class EscalationFilter(AppliedFilterSet):
    board = django_filters.ModelChoiceFilter(queryset=None, empty_label="Any board", label="Board")
    state = django_filters.ChoiceFilter(
        choices=[(OPEN, "Open (not resolved or declined)"), *EscalationState.choices],
        method="filter_state",
        empty_label="Any state",
        label="State",
    )
    older_than = django_filters.NumberFilter(
        method="filter_older_than",
        label="Older than (days)",
        help_text="Raised at least this many days ago",
        min_value=0,
        max_value=3650,
    )

    class Meta:
        model = Escalation
        fields: list[str] = []
        form = EscalationFilterForm

    def __init__(self, *args: Any, user: User, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["board"].queryset = boards_for_choosing(user=user, partnership=partnership)

    def filter_state(self, queryset: EscalationQuerySet, name: str, value: str) -> QuerySet[Escalation]:
        return queryset.open() if value == OPEN else queryset.filter(state=value)

    def filter_older_than(self, queryset: QuerySet[Escalation], name: str, value: Any) -> QuerySet[Escalation]:
        if value is None:
            return queryset
        return queryset.filter(raised_at__lte=timezone.now() - datetime.timedelta(days=int(value)))
