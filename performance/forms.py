"""Forms for defining indicators, recording values, chairs' ratings and imports, on GOV.UK components."""

from __future__ import annotations

from typing import Any, cast

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms

from actions.choices import Rag
from boards.choices import BoardKind
from boards.models import Board
from performance.models import Indicator
from performance.services.indicators import INDICATOR_FIELDS
from performance.services.measurements import quarter_unrecordable
from performance.services.mps_feed import place_ward_codes
from performance.uploads import MAX_UPLOAD_BYTES
from priorities.models import Objective
from swp.forms import SUBMIT_ONCE
from swp.models import Partnership, Place, User
from swp.quarters import FinancialQuarter


def _size_messages(a_number: str, the_number: str) -> dict[str, str]:
    """What a figure field (14 digits, 2 of them decimal places, as the models store it) says of
    one too big or too precise, instead of Django's "no more than 14 digits in total"."""
    too_big = f"Enter {a_number} no bigger than 999,999,999,999.99"
    too_precise = f"Enter {the_number} with no more than 2 decimal places"
    return {"max_digits": too_big, "max_whole_digits": too_big, "max_decimal_places": too_precise}


def _quarter(text: str) -> FinancialQuarter:
    try:
        return FinancialQuarter.parse(text)
    except ValueError as error:
        raise forms.ValidationError("Enter a quarter like Q2 2025/26") from error


class ObjectiveChoiceField(forms.ModelChoiceField):
    """Objectives of several boards in one list: each is named with its board."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.board.name}: {obj}"


class IndicatorForm(forms.ModelForm):
    """Define or change an indicator. Choices hold only what the person may see."""

    objective = ObjectiveChoiceField(queryset=Objective.objects.none(), required=False, label="Objective (optional)")

    class Meta:
        model = Indicator
        # The service's list, so the form can never offer a field the service would refuse.
        fields = [*INDICATOR_FIELDS, "places"]
        labels = {
            "code": "Code",
            "objective": "Objective (optional)",
            "unit": "Unit (optional)",
            "direction": "Which way is better?",
            "baseline_value": "Baseline value (optional)",
            "baseline_quarter": "Baseline quarter (optional)",
            "target": "Target (optional)",
            "tolerance_percent": "Tolerance, in percent of the target",
            "source": "Where the values come from",
            "mps_major_category": "MPS major crime category (optional)",
            "places": "Places it is measured for (optional)",
            "description": "Description (optional)",
        }
        help_texts = {
            "code": "Lower-case letters, numbers and hyphens, for example crime-total-queens-park. "
            "Used in the CSV import and in the page's address; it cannot be changed later.",
            "tolerance_percent": "How far the wrong side of the target is still amber rather than red",
            "mps_major_category": "For MPS recorded crime: the category as the police file names it, "
            "for example VIOLENCE AGAINST THE PERSON. Leave empty for all crime.",
            "places": "Leave all unticked for the whole borough",
        }
        widgets = {
            "direction": forms.RadioSelect,
            "source": forms.RadioSelect,
            "places": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
            # GOV.UK asks for text inputs with a numeric keyboard rather than type="number".
            "baseline_value": forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
            "target": forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
            "tolerance_percent": forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        }
        error_messages = {
            "code": {"required": "Enter a code", "invalid": "Use lower-case letters, numbers and hyphens only"},
            "name": {"required": "Enter the indicator's name"},
            "board": {"required": "Select the board it belongs to"},
            "baseline_value": {
                "invalid": "Enter the baseline as a number, like 341 or 72.5",
                **_size_messages("a baseline", "the baseline"),
            },
            "target": {
                "invalid": "Enter the target as a number, like 341 or 72.5",
                **_size_messages("a target", "the target"),
            },
            "tolerance_percent": {
                "required": "Enter the tolerance, or 0 for none",
                "invalid": "Enter the tolerance as a number, like 5",
            },
        }

    def __init__(self, *args: Any, user: User, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        boards = Board.objects.visible_to(user).filter(partnership=partnership).exclude(kind=BoardKind.EXTERNAL)
        cast(forms.ModelChoiceField, self.fields["board"]).queryset = boards
        objective = cast(forms.ModelChoiceField, self.fields["objective"])
        objective.queryset = (
            Objective.objects.visible_to(user).filter(board__partnership=partnership).select_related("board")
        )
        cast(forms.ModelMultipleChoiceField, self.fields["places"]).queryset = partnership.places.all()
        self.fields["places"].required = False
        if self.instance.pk:
            self.fields["code"].disabled = True
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                Field.text("code", field_width=20),
                Field.text("name"),
                Field.textarea("description", rows=3),
                Field.select("board"),
                Field.select("objective"),
                legend="The indicator",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("unit", field_width=10),
                Field.radios("direction", legend_size=Size.SMALL),
                Field.text("baseline_value", field_width=10),
                Field.text("baseline_quarter", field_width=10),
                Field.text("target", field_width=10),
                Field.text("tolerance_percent", field_width=5),
                legend="Baseline and target",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("source", legend_size=Size.SMALL),
                Field.text("mps_major_category"),
                Field.checkboxes("places", legend_size=Size.SMALL, small=True),
                legend="Values",
                legend_size=Size.MEDIUM,
            ),
            Submit("save", "Save indicator", **SUBMIT_ONCE),
        )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().lower()
        if code == "new":
            raise forms.ValidationError("Choose another code: this one is used in the service's addresses")
        clash = Indicator.objects.filter(partnership=self.partnership, code=code).exclude(pk=self.instance.pk)
        if not self.instance.pk and clash.exists():
            raise forms.ValidationError("An indicator already has this code; choose another")
        return code

    def clean_tolerance_percent(self) -> Any:
        tolerance = self.cleaned_data["tolerance_percent"]
        if tolerance is not None and not 0 <= tolerance <= 100:
            raise forms.ValidationError("Tolerance must be between 0 and 100 percent")
        return tolerance

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        board, objective = cleaned.get("board"), cleaned.get("objective")
        if board and objective and objective.board_id != board.pk:
            self.add_error("objective", f"Choose one of the {board.name}'s objectives, or none")
        if cleaned.get("source") == "mps_crime":
            for place in cleaned.get("places") or []:
                if not place_ward_codes(place):
                    self.add_error("places", f"{place.name} has no ward ONS code, so MPS crime data cannot feed it")
        elif cleaned.get("mps_major_category"):
            self.add_error("mps_major_category", "Only an indicator fed by MPS recorded crime has a category")
        return cleaned


class MeasurementForm(forms.Form):
    """One quarter's value, typed in."""

    quarter = forms.CharField(
        max_length=20, help_text="For example, Q2 2025/26", error_messages={"required": "Enter the quarter"}
    )
    place = forms.ModelChoiceField(
        queryset=Place.objects.none(),
        required=False,
        empty_label="The indicator's own figure",
        label="Place (optional)",
    )
    value = forms.DecimalField(
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the value",
            "invalid": "Enter the value as a number, like 341 or 72.5",
            **_size_messages("a value", "the value"),
        },
    )
    is_partial = forms.BooleanField(required=False, label="This value covers only part of the quarter")

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        places = indicator.places.all()
        fields: list[Any] = [Field.text("quarter", field_width=10)]
        if len(places) > 1:
            cast(forms.ModelChoiceField, self.fields["place"]).queryset = places
            fields.append(Field.select("place"))
        else:
            del self.fields["place"]
        fields += [
            Field.text("value", field_width=10),
            Field.checkbox("is_partial"),
            Submit("save", "Save value", **SUBMIT_ONCE),
        ]
        self.helper = FormHelper()
        self.helper.layout = Layout(*fields)

    def clean_quarter(self) -> FinancialQuarter:
        quarter = _quarter(self.cleaned_data["quarter"])
        if unrecordable := quarter_unrecordable(quarter):
            raise forms.ValidationError(unrecordable)
        return quarter

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # A quarter still running, rated as if whole, would be a headline RAG on a few weeks' figures.
        if data.get("quarter") == FinancialQuarter.running() and not data.get("is_partial"):
            self.add_error(
                "is_partial",
                f"{data['quarter'].label} is not over yet: tick this box, as its value covers only part of it",
            )
        return data


class ChairRatingForm(forms.Form):
    """The chair's own RAG for a quarter, with the reason scrutiny will read."""

    quarter = forms.TypedChoiceField(
        coerce=FinancialQuarter.parse, label="Quarter", error_messages={"required": "Select the quarter"}
    )
    rag = forms.ChoiceField(
        choices=Rag.choices,
        widget=forms.RadioSelect,
        label="Your rating",
        error_messages={"required": "Select your rating"},
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        label="Why",
        help_text="Scrutiny members read this beside the computed rating",
        error_messages={"required": "Enter why you rate it so"},
    )

    def __init__(self, *args: Any, quarters: list[FinancialQuarter], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(quarter.slug, quarter.label) for quarter in quarters]
        cast(forms.TypedChoiceField, self.fields["quarter"]).choices = choices
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.select("quarter"),
            Field.radios("rag", legend_size=Size.SMALL),
            Field.textarea("reason", rows=4),
            Submit("save", "Save rating", **SUBMIT_ONCE),
        )


class UploadForm(forms.Form):
    """A CSV file, read in memory; its contents are checked by the import itself."""

    file = forms.FileField(label="CSV file")

    def __init__(self, *args: Any, label: str, button: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = label
        self.fields["file"].error_messages.update(
            {"required": "Select a CSV file", "empty": "The selected file is empty", "invalid": "Select a CSV file"}
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("file"), Submit("upload", button, **SUBMIT_ONCE))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("The selected file must be a CSV")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"The selected file must be smaller than {MAX_UPLOAD_BYTES // 1024 // 1024}MB")
        if upload.size == 0:
            raise forms.ValidationError("The selected file is empty")
        return upload
