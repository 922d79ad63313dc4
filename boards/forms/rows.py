"""The rows of the meeting form: who attended and what was concluded, as "add another" formsets."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, cast

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils.html import format_html

from boards.choices import OutcomeKind
from boards.forms.common import Draft
from boards.models import Board, Meeting, MeetingAttendee, MeetingOutcome
from boards.selectors import boards_for_choosing
from boards.services import AttendeeRow, OutcomeRow, outcome_kept, outcome_removal_problem, outcome_row_problems
from swp.fields import GovukDateField
from swp.models import Organisation, Partnership, User
from swp.widgets import LongSelect

# What an outcome that agreed an action agreed, which the action keeps from then on.
AGREED = ("kind", "board", "owner", "due_date")


def people_to_choose() -> QuerySet[User]:
    """People who may be chosen: those with an active account (see ReadOnce.offer for whoever a row
    already names)."""
    return User.objects.filter(is_active=True).select_related("organisation")


class ReadOnce:
    """Choices every row of a formset offers, read from the database once for all the rows.

    A select reads its choices each time it is drawn: a meeting of seven attendees and five
    outcomes read the partnership's several hundred people fourteen times, and built 8,900 model
    objects from them (`make bench`'s data)."""

    def __init__(self, queryset: QuerySet[Any]) -> None:
        self.queryset = queryset

    @cached_property
    def rows(self) -> list[Any]:
        return list(self.queryset)

    @cached_property
    def listed(self) -> set[Any]:
        return {row.pk for row in self.rows}

    def offer(self, field: forms.Field, *, keeping: int | None = None) -> None:
        """Offer these through the field, and the record with the id `keeping` too: one the row
        already names that they leave out (a departed attendee still attended), listed after them,
        so that saving the row again keeps it. The field's query set judges what is posted."""
        field = cast(forms.ModelChoiceField, field)
        field.queryset = self.queryset
        rows = self.rows
        if keeping is not None and keeping not in self.listed:
            field.queryset = self.queryset | self.queryset.model._default_manager.filter(pk=keeping)
            rows = [*rows, field.queryset.get(pk=keeping)]
        empty = [] if field.empty_label is None else [("", field.empty_label)]
        field.choices = [*empty, *map(ModelChoiceIterator(field).choice, rows)]


@dataclass(frozen=True)
class RowChoices:
    """What the rows of one meeting's form offer to choose from, each read once."""

    people: ReadOnce
    organisations: ReadOnce
    boards: ReadOnce

    @classmethod
    def for_meeting(cls, *, user: User, partnership: Partnership) -> RowChoices:
        return cls(
            people=ReadOnce(people_to_choose()),
            organisations=ReadOnce(Organisation.objects.filter(partnership=partnership)),
            boards=ReadOnce(boards_for_choosing(user=user, partnership=partnership)),
        )


class _RowHelper(FormHelper):
    """Lays out one row inside the page's own form, ending with its "Remove" box."""

    def __init__(self, *fields: Any) -> None:
        super().__init__()
        self.form_tag = False
        self.disable_csrf = True
        # A saved row's hidden id is in no layout; without it, saving the meeting again failed.
        self.render_hidden_fields = True
        self.layout = Layout(*fields, Field.checkbox("DELETE", small=True))


class AttendeeForm(Draft, forms.ModelForm):
    user = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label="Not listed: enter their name",
        label="Person",
        widget=LongSelect,
    )
    name = forms.CharField(
        max_length=200, required=False, label="Name (if they have no account)", help_text="For example, Jo Bloggs"
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Their own organisation",
        label="Organisation they came for",
    )

    class Meta:
        model = MeetingAttendee
        fields = ["user", "name", "organisation"]

    def __init__(self, *args: Any, choices: RowChoices, draft: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.draft = draft
        choices.people.offer(self.fields["user"], keeping=self.instance.user_id)
        choices.organisations.offer(self.fields["organisation"])
        self.helper = _RowHelper(Field.select("user"), Field.text("name"), Field.select("organisation"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("user") is None and not data.get("name", "").strip():
            self.add_error("user", "Choose the person, or enter the name of someone without an account")
        return data

    def row(self) -> AttendeeRow:
        user = self.cleaned_data["user"]
        return AttendeeRow(
            user=user,
            # A person with an account is known by it; a name typed as well would only disagree with it.
            name="" if user else self.cleaned_data["name"].strip(),
            organisation=self.cleaned_data["organisation"] or (user.organisation if user else None),
            existing=self.instance if self.instance.pk else None,
        )


class OutcomeForm(Draft, forms.ModelForm):
    kind = forms.ChoiceField(
        choices=OutcomeKind.choices,
        widget=forms.RadioSelect,
        label="Kind of outcome",
        error_messages={"required": "Select the kind of outcome"},
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What was concluded",
        error_messages={"required": "Enter what was concluded"},
        help_text="For an agreed action or an escalation, its first line is its title",
    )
    board = forms.ModelChoiceField(
        queryset=Board.objects.none(),
        required=False,
        empty_label="No board",
        label="Board it goes to",
        help_text="Needed for an agreed action or an escalation",
    )
    owner = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody yet",
        label="Owner of the agreed action",
        widget=LongSelect,
    )
    due_date = GovukDateField(
        noun="the due date", required=False, label="Due date of the agreed action", help_text="For example, 30 6 2026"
    )

    class Meta:
        model = MeetingOutcome
        fields = ["kind", "summary", "board", "owner", "due_date"]

    def __init__(
        self,
        *args: Any,
        user: User,
        choices: RowChoices,
        meeting_boards: list[Board] | None = None,
        draft: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.draft = draft
        self.meeting_boards = meeting_boards
        self.user = user
        kept = outcome_kept(outcome=self.instance, by=user)
        if kept is not None:
            # What it agreed is kept on the plan now (ADR 0003): only its wording is the meeting's.
            for name in AGREED:
                del self.fields[name]
            self.fields["summary"].help_text = format_html(
                "This outcome agreed {}. Its board, owner and due date stay as agreed; the board's chair "
                "changes the action itself on the plan.",
                kept,
            )
            self.helper = _RowHelper(Field.textarea("summary"))
            return
        choices.boards.offer(self.fields["board"])
        choices.people.offer(self.fields["owner"], keeping=self.instance.owner_id)
        self.helper = _RowHelper(
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.textarea("summary"),
            Field.select("board"),
            Field.select("owner"),
            Field("due_date", context={"legend_size": Size.for_legend(Size.SMALL)}),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "summary" in data and ("kind" in data or "kind" not in self.fields):
            problems = outcome_row_problems(row=self._row_from(data), meeting_boards=self.meeting_boards, by=self.user)
            for field, message in problems.items():
                if field in self.errors:
                    continue  # a date typed wrongly is missing to the service too: one message says so
                # A refusal about what an outcome agreed goes beside its wording, the one input it keeps.
                self.add_error(field if field in self.fields else "summary", message)
        return data

    def _row_from(self, data: dict[str, Any]) -> OutcomeRow:
        # A row that agreed an action has no inputs for what it agreed: those stay as saved.
        agreed: dict[str, Any] = {
            name: data.get(name) if name in self.fields else getattr(self.instance, name) for name in AGREED
        }
        existing = self.instance if self.instance.pk else None
        return OutcomeRow(summary=data["summary"].strip(), existing=existing, **agreed)

    def row(self) -> OutcomeRow:
        return self._row_from(self.cleaned_data)


class DraftFormSet(forms.BaseInlineFormSet):  # type: ignore[type-arg]
    """Rows that "Add another" can post back unjudged (see Draft), each with a "Remove" box."""

    draft: bool = False
    noun = "row"

    def add_fields(self, form: forms.BaseForm, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["DELETE"].label = f"Remove this {self.noun}"

    def removing(self, form: forms.BaseForm) -> bool:
        """Whether the row's "Remove" box is ticked; asked before validation, unlike `deleted_forms`."""
        return bool(self._should_delete_form(form))  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        if self.draft:
            self._errors: list[Any] = []
            self._non_form_errors = self.error_class(error_class="nonform", renderer=self.renderer)  # type: ignore[attr-defined]
            return
        super().full_clean()

    def kept_forms(self) -> list[Any]:
        """Rows to save: those saved before or filled in now, unless marked for removal."""
        return [form for form in self.forms if (form.instance.pk or form.has_changed()) and not self.removing(form)]


class AttendeeFormSet(DraftFormSet):
    noun = "attendee"


class OutcomeFormSet(DraftFormSet):
    noun = "outcome"

    def clean(self) -> None:
        super().clean()
        problems = []
        for number, form in enumerate(self.forms, start=1):
            removing = form.instance.pk and self.removing(form)
            if removing and (problem := outcome_removal_problem(outcome=form.instance, by=self.form_kwargs["user"])):
                problems.append(ValidationError(f"Outcome {number}: {problem}", code=f"row-{number - 1}"))
        if problems:
            raise ValidationError(problems)


def formset_class(model: type, form: type, formset: type, *, extra: int) -> Any:
    return forms.inlineformset_factory(Meeting, model, form=form, formset=formset, extra=extra, can_delete=True)
