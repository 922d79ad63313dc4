"""GOV.UK forms for plans, actions and progress updates (crispy-forms with the gds pack).

Querysets are limited to what belongs to the plan's board and partnership, and the messages for a
choice outside them say what is allowed, since that is what a person needs to put it right.
"""

from __future__ import annotations

import datetime
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from actions.choices import REPORTED_STATUSES, ActionStatus, Rag
from actions.history import Values
from actions.models import Action, ActionPlan
from actions.services import ActionFields
from priorities.models import Cohort, Objective
from swp.fields import GovukDateField
from swp.forms import SUBMIT_ONCE
from swp.models import Organisation, Place, User
from swp.widgets import LongSelect


def _helper(*layout: Any, submit: str, warning: bool = False) -> FormHelper:
    helper = FormHelper()
    helper.attrs = {"novalidate": ""}
    helper.layout = Layout(*layout, (Button.warning if warning else Button)("submit", submit, **SUBMIT_ONCE))
    return helper


class ObjectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Objective) -> str:
        return f"{obj.order}. {obj.text}"


class OwnerChoiceField(forms.ModelChoiceField):
    widget = LongSelect

    def label_from_instance(self, obj: User) -> str:
        return f"{obj} ({obj.organisation})" if obj.organisation else str(obj)


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


def owners_for(plan: ActionPlan) -> QuerySet[User]:
    """People who may own an action on the plan: partner officers who are cleared for its board."""
    return User.objects.filter(
        is_active=True,
        organisation__partnership_id=plan.board.partnership_id,
        clearance__gte=plan.board.required_clearance,
    ).select_related("organisation")


class ActionForm(forms.Form):
    """Add an action to a plan, or (with `action`) change one, posting the version it was opened at."""

    objective = ObjectiveChoiceField(queryset=Objective.objects.none(), widget=forms.RadioSelect)
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title for the action"})
    description = forms.CharField(
        widget=forms.Textarea, required=False, help_text="What will be done, and how you will know it worked"
    )
    owner = OwnerChoiceField(queryset=User.objects.none(), empty_label="Choose an owner")
    lead_organisation = OrganisationChoiceField(
        queryset=Organisation.objects.none(),
        label="Lead partner organisation",
        empty_label="Choose an organisation",
    )
    due_date = GovukDateField(noun="the due date", label="Due date", help_text="For example, 27 3 2026")
    status = forms.ChoiceField(
        choices=[choice for choice in ActionStatus.choices if choice[0] != ActionStatus.CANCELLED],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the action's status"},
    )
    places = forms.ModelMultipleChoiceField(
        queryset=Place.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The wards or areas the action is about. Leave empty for the whole borough.",
    )
    cohorts = forms.ModelMultipleChoiceField(
        queryset=Cohort.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The groups of people the action is for",
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, plan: ActionPlan, action: Action | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.action = action
        board = plan.board
        fields = self.fields
        has_objectives = board.objectives.exists()
        if not has_objectives:
            # A board without objectives (the Executive's, say) links its actions to none.
            del fields["objective"]
        else:
            fields["objective"].queryset = board.objectives.order_by("order")  # type: ignore[attr-defined]
            fields["objective"].error_messages.update(
                required="Choose the objective this action serves",
                invalid_choice=f"Choose one of the {board.name}'s objectives",
            )
        fields["owner"].queryset = owners_for(plan)  # type: ignore[attr-defined]
        owner_rule = "who works for one of the partnership's organisations"
        if board.is_confidential:
            owner_rule += f" and holds {board.get_required_clearance_display()} clearance"
        fields["owner"].error_messages.update(
            required="Choose who owns the action", invalid_choice=f"Choose an owner {owner_rule}"
        )
        fields["lead_organisation"].queryset = Organisation.objects.filter(partnership_id=board.partnership_id)  # type: ignore[attr-defined]
        fields["lead_organisation"].error_messages.update(
            required="Choose the partner organisation that leads the action",
            invalid_choice="Choose one of the partnership's organisations",
        )
        fields["places"].queryset = Place.objects.filter(partnership_id=board.partnership_id)  # type: ignore[attr-defined]
        fields["places"].error_messages["invalid_choice"] = "Choose places from the list"
        fields["cohorts"].queryset = Cohort.objects.filter(partnership_id=board.partnership_id)  # type: ignore[attr-defined]
        fields["cohorts"].error_messages["invalid_choice"] = "Choose cohorts from the list"
        if action is None:
            del fields["status"], fields["lock_version"]
        else:
            fields["lock_version"].initial = action.lock_version
        layout: list[Any] = [
            *([Field.radios("objective", legend_size=Size.SMALL)] if has_objectives else []),
            Field.text("title"),
            Field.textarea("description", rows=4),
            Field.select("owner"),
            Field.select("lead_organisation"),
            Field("due_date"),
        ]
        if action is not None:
            layout += [Field.radios("status", legend_size=Size.SMALL, small=True), Field("lock_version")]
        layout += [
            Field.checkboxes("places", legend_size=Size.SMALL, small=True),
            Field.checkboxes("cohorts", legend_size=Size.SMALL, small=True),
        ]
        self.helper = _helper(*layout, submit="Save action" if action else "Add action")

    def clean_due_date(self) -> datetime.date | None:
        due = self.cleaned_data.get("due_date")
        unchanged = self.action is not None and due == self.action.due_date
        if due is not None and due < timezone.localdate() and not unchanged:
            raise ValidationError("The due date must be today or in the future", code="past")
        return due

    def action_fields(self) -> ActionFields:
        data = self.cleaned_data
        return ActionFields(
            objective=data.get("objective"),
            title=data["title"],
            description=data["description"],
            owner=data["owner"],
            lead_organisation=data["lead_organisation"],
            due_date=data["due_date"],
            places=data["places"],
            cohorts=data["cohorts"],
        )

    def values(self) -> Values:
        """The edit as the history compares it: ids for related objects, sets for places and cohorts."""
        data = self.cleaned_data
        return {
            "objective": data["objective"].pk if data.get("objective") else None,
            "title": data["title"],
            "description": data["description"],
            "owner": data["owner"].pk,
            "lead_organisation": data["lead_organisation"].pk,
            "due_date": data["due_date"],
            "status": data["status"],
            "places": frozenset(place.pk for place in data["places"]),
            "cohorts": frozenset(cohort.pk for cohort in data["cohorts"]),
        }


class CancelActionForm(forms.Form):
    reason = forms.CharField(
        label="Why is the action being cancelled?",
        widget=forms.Textarea,
        error_messages={"required": "Enter why the action is being cancelled"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.textarea("reason", rows=3, label_size=Size.SMALL), submit="Cancel the action", warning=True
        )


RAG_CHOICES = [
    Choice(Rag.GREEN, "Green", hint="On track"),
    Choice(Rag.AMBER, "Amber", hint="At risk: some slippage, but it can be recovered"),
    Choice(Rag.RED, "Red", hint="Off track: it will not be delivered as planned without help"),
]


REPORTED_STATUS_CHOICES = [(status.value, status.label) for status in REPORTED_STATUSES]


class ProgressUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="Where is the work now?",
        choices=REPORTED_STATUS_CHOICES,
        widget=forms.RadioSelect,
        help_text="Choose Completed when the work is done: the action then stops counting as overdue",
        # Left out, the status stays as it is; the page always offers it, set to where it stands.
        required=False,
    )
    # Where the status stood when the page was opened: only a status the person changed is applied.
    status_opened = forms.ChoiceField(choices=REPORTED_STATUS_CHOICES, required=False, widget=forms.HiddenInput)
    rag = forms.ChoiceField(
        label="How is the action doing?",
        choices=RAG_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose red, amber or green"},
    )
    narrative = forms.CharField(
        label="What has happened since the last update?",
        widget=forms.Textarea,
        help_text="Say what was done, what is next, and any help the board needs to give",
        error_messages={"required": "Enter what has happened since the last update"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("status", legend_size=Size.SMALL),
            Field("status_opened"),
            Field.radios("rag", legend_size=Size.SMALL),
            Field.textarea("narrative", rows=5, label_size=Size.SMALL),
            submit="Record the update",
        )


class ReturnPlanForm(forms.Form):
    reason = forms.CharField(
        label="Why is the plan being returned?",
        widget=forms.Textarea,
        help_text="The board's chair sees this, and changes the plan before submitting it again",
        error_messages={"required": "Enter why the plan is being returned"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason", rows=4, label_size=Size.SMALL), submit="Return the plan")
