"""Filters and sorting for a plan's actions. Everything lives in the query string, so a filtered
plan can be bookmarked and shared, and the form works without JavaScript."""

from __future__ import annotations

from typing import Any

import django_filters
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django_filters.fields import ModelChoiceField as FilterModelChoiceField

from actions.choices import ActionStatus, Rag
from actions.models import Action, ActionPlan
from actions.selectors import open_q, overdue_q
from priorities.models import Cohort, Objective
from swp.filters import AppliedFilterSet
from swp.models import Organisation, Place, User

PROGRESS_CHOICES = [
    (Rag.RED, "Off track (red)"),
    (Rag.AMBER, "At risk (amber)"),
    (Rag.GREEN, "On track (green)"),
    ("unrated", "Not rated yet"),
    ("overdue", "Overdue"),
]

_RAG_FIRST = Case(
    When(rag=Rag.RED, then=Value(0)),
    When(rag=Rag.AMBER, then=Value(1)),
    When(rag=Rag.GREEN, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)
# The only orderings a URL may ask for. A sorted plan is one list across its objectives: "soonest
# due" means the soonest in the whole plan, not the soonest of each objective in turn.
SORTS: dict[str, tuple[str, tuple[Any, ...]]] = {
    "due_date": ("Due date, soonest first", ("due_date",)),
    "rag": ("RAG, red first", (_RAG_FIRST, "due_date")),
    "title": ("Title, A to Z", ("title",)),
    "owner": ("Owner, A to Z", ("owner__first_name", "owner__last_name")),
    "updated": ("Recently changed first", ("-updated_at",)),
}


class PlanFilterForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        # Crispy adds a CSRF token to any form it believes is posted, even without the <form> tag;
        # in this GET form it would land in the shareable URL, in history and in server logs.
        self.helper.form_method = "get"
        # The page writes the <form> itself, to carry the plan version being looked at.
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.checkboxes("progress", legend_size=Size.SMALL, small=True),
            Field.checkboxes("status", legend_size=Size.SMALL, small=True),
            Field.select("objective", css_class="govuk-!-width-full"),
            Field.select("owner", css_class="govuk-!-width-full"),
            Field.select("lead_organisation", css_class="govuk-!-width-full"),
            Field.select("place", css_class="govuk-!-width-full"),
            Field.select("cohort", css_class="govuk-!-width-full"),
            Field.text("due_before", field_width=10),
            Field.select("sort", css_class="govuk-!-width-full"),
            Button("apply", "Apply filters", css_class="govuk-button--secondary"),
        )


class ObjectiveFilterField(FilterModelChoiceField):
    def label_from_instance(self, obj: Objective) -> str:
        return f"{obj.order}. {obj}"


class ActionFilter(AppliedFilterSet):
    ordering_parameters = ("sort",)

    progress = django_filters.MultipleChoiceFilter(
        label="Progress",
        help_text="Open actions, by their latest rating",
        choices=PROGRESS_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        method="filter_progress",
    )
    status = django_filters.MultipleChoiceFilter(
        label="Status", choices=ActionStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    objective = django_filters.ModelChoiceFilter(
        label="Objective",
        queryset=Objective.objects.none(),
        empty_label="Any objective",
        null_label="Not linked to an objective yet",
    )
    owner = django_filters.ModelChoiceFilter(label="Owner", queryset=User.objects.none(), empty_label="Anyone")
    lead_organisation = django_filters.ModelChoiceFilter(
        label="Lead organisation", queryset=Organisation.objects.none(), empty_label="Any organisation"
    )
    place = django_filters.ModelChoiceFilter(
        label="Place", field_name="places", queryset=Place.objects.none(), empty_label="Any place"
    )
    cohort = django_filters.ModelChoiceFilter(
        label="Cohort", field_name="cohorts", queryset=Cohort.objects.none(), empty_label="Any cohort"
    )
    due_before = django_filters.DateFilter(
        label="Due on or before",
        field_name="due_date",
        lookup_expr="lte",
        help_text="For example, 31/3/2026",
        widget=forms.TextInput,
        error_messages={"invalid": "Enter a date like 31/3/2026"},
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        empty_label="Plan order",
        method="sort_actions",
    )

    class Meta:
        model = Action
        fields: list[str] = []
        form = PlanFilterForm

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        board = plan.board
        # Choices come from this plan and its board only, so no list names a board the person may not see.
        self.filters["objective"].queryset = board.objectives.order_by("order")
        self.filters["objective"].field_class = ObjectiveFilterField
        # Owners by key, not DISTINCT over whole user rows, which made this the page's second slowest query.
        self.filters["owner"].queryset = User.objects.filter(pk__in=plan.actions.values("owner_id"))
        partnership = {"partnership_id": board.partnership_id}
        self.filters["lead_organisation"].queryset = Organisation.objects.filter(**partnership)
        self.filters["place"].queryset = Place.objects.filter(**partnership)
        self.filters["cohort"].queryset = Cohort.objects.filter(**partnership)

    def filter_progress(self, queryset: QuerySet[Action], name: str, value: list[str]) -> QuerySet[Action]:
        """Ticked boxes widen the list: red or overdue shows actions that are either. A rating
        counts for open actions only, as in the plan's summary: a completed action is not off track."""
        wanted = Q()
        for choice in value:
            if choice == "overdue":
                wanted |= overdue_q()
            else:
                wanted |= Q(rag="" if choice == "unrated" else choice) & open_q()
        return queryset.filter(wanted)

    def sort_actions(self, queryset: QuerySet[Action], name: str, value: str) -> QuerySet[Action]:
        return queryset.order_by(*SORTS[value][1], "pk")

    @property
    def sorted_by(self) -> str:
        """The chosen order in words ("Due date, soonest first"), or "" for the plan's own order."""
        sort = self.applied().get("sort")
        return SORTS[sort][0] if sort else ""
