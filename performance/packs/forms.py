"""The "start a pack" form: which quarter, and the committee report's cover block."""

from __future__ import annotations

import datetime
from typing import Any, cast

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Fluid, Layout, Size, Submit
from django import forms

from performance.packs.presenters import GENERAL_RELEASE
from swp.fields import GovukDateField
from swp.forms import SUBMIT_ONCE
from swp.quarters import FinancialQuarter


class PackRequestForm(forms.Form):
    quarter = forms.ChoiceField(
        label="Quarter",
        help_text="The financial quarter the pack reports on",
        error_messages={"required": "Select the quarter the pack reports on"},
    )
    committee = forms.CharField(
        max_length=200,
        label="Committee",
        help_text="The committee the report goes to",
        error_messages={"required": "Enter the committee the report goes to"},
    )
    meeting_date = GovukDateField(
        noun="the date of the meeting",
        example="19 6 2026",
        label="Date of the meeting (optional)",
        help_text="For example, 19 6 2026. Leave it empty if the meeting is not set yet.",
        required=False,
    )
    title = forms.CharField(max_length=200, label="Title", error_messages={"required": "Enter the title of the report"})
    report_of = forms.CharField(
        max_length=200, required=False, label="Report of (optional)", help_text="For example, Head of Community Safety"
    )
    cabinet_member_portfolio = forms.CharField(
        max_length=200, required=False, label="Cabinet member portfolio (optional)"
    )
    wards_involved = forms.CharField(max_length=200, required=False, label="Wards involved (optional)")
    policy_context = forms.CharField(max_length=200, required=False, label="Policy context (optional)")
    author = forms.CharField(max_length=200, required=False, label="Report author (optional)")
    contact = forms.CharField(
        max_length=300,
        required=False,
        label="Contact details (optional)",
        help_text="How readers reach the author: a phone number, an email address or both",
    )

    def __init__(self, *args: Any, quarters: list[FinancialQuarter], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.quarters = {quarter.slug: quarter for quarter in quarters}
        cast(forms.ChoiceField, self.fields["quarter"]).choices = [
            (quarter.slug, quarter.label) for quarter in quarters
        ]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.select("quarter"),
            Fieldset(
                HTML(
                    '<p class="govuk-body">Classification: <strong>'
                    f"{GENERAL_RELEASE}</strong>. A pack holds only what may be released generally.</p>"
                ),
                Field.text("committee"),
                Field("meeting_date"),
                Field.text("title"),
                Field.text("report_of", field_width=Fluid.TWO_THIRDS),
                Field.text("cabinet_member_portfolio", field_width=Fluid.TWO_THIRDS),
                Field.text("wards_involved", field_width=Fluid.TWO_THIRDS),
                Field.text("policy_context", field_width=Fluid.TWO_THIRDS),
                Field.text("author", field_width=Fluid.TWO_THIRDS),
                Field.text("contact"),
                legend="The report's cover",
                legend_size=Size.MEDIUM,
            ),
            Submit("start", "Start building the pack", **SUBMIT_ONCE),
        )

    def clean_quarter(self) -> FinancialQuarter:
        return self.quarters[self.cleaned_data["quarter"]]

    def cover(self) -> dict[str, str]:
        data = dict(self.cleaned_data)
        meeting_date: datetime.date | None = data.pop("meeting_date", None)
        data.pop("quarter", None)
        return {**data, "meeting_date": meeting_date.isoformat() if meeting_date else ""}

    @classmethod
    def initial_for(cls, *, cover: dict[str, Any], quarter: FinancialQuarter) -> dict[str, Any]:
        initial = {key: value for key, value in cover.items() if key not in ("classification", "meeting_date")}
        if cover.get("meeting_date"):
            initial["meeting_date"] = datetime.date.fromisoformat(cover["meeting_date"])
        return {**initial, "quarter": quarter.slug}
