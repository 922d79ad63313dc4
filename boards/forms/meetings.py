"""The form for a meeting itself, and the bundle that shows, checks and saves it with its rows."""

from __future__ import annotations

import datetime
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Fixed, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone

from boards.choices import MeetingKind
from boards.forms.common import Draft, field_errors, first_input_id, parse_time
from boards.forms.rows import AttendeeForm, AttendeeFormSet, OutcomeForm, OutcomeFormSet, RowChoices, formset_class
from boards.models import Board, Meeting, MeetingAttendee, MeetingOutcome
from boards.selectors import boards_for_choosing
from boards.services import STALE_MEETING_MESSAGE, AttendeeRow, MeetingDetails, OutcomeRow
from swp.fields import GovukDateField
from swp.models import Partnership, Place, User


class MeetingForm(Draft, forms.Form):
    title = forms.CharField(
        max_length=200,
        label="Title",
        help_text="For example, Partnership tasking: West End",
        error_messages={"required": "Enter the title of the meeting"},
    )
    kind = forms.ChoiceField(
        choices=MeetingKind.choices,
        widget=forms.RadioSelect,
        label="Kind of meeting",
        error_messages={"required": "Select the kind of meeting"},
    )
    date = GovukDateField(noun="the date of the meeting", label="Date", help_text="For example, 27 3 2026")
    start_time = forms.CharField(
        max_length=10,
        label="Start time",
        help_text="For example, 10:00 or 14:30",
        error_messages={"required": "Enter the time the meeting started"},
    )
    end_time = forms.CharField(
        max_length=10, required=False, label="End time (optional)", help_text="For calendars. For example, 12:00"
    )
    location = forms.CharField(max_length=200, required=False, label="Location (optional)")
    boards = forms.ModelMultipleChoiceField(
        queryset=Board.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Boards it feeds",
        help_text="Outcomes can go only to these boards",
        error_messages={"required": "Select the boards the meeting feeds"},
    )
    places = forms.ModelMultipleChoiceField(
        queryset=Place.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Wards and areas covered (optional)",
    )
    problems_discussed = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    agenda = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    minutes = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        user: User,
        partnership: Partnership,
        meeting: Meeting | None = None,
        draft: bool = False,
        **kwargs: Any,
    ) -> None:
        if meeting is not None and meeting.pk:
            kwargs.setdefault("initial", _meeting_initial(meeting))
        super().__init__(*args, **kwargs)
        self.user = user
        self.draft = draft
        self.fields["boards"].queryset = boards_for_choosing(user=user, partnership=partnership)  # type: ignore[attr-defined]
        self.fields["places"].queryset = partnership.places.all()  # type: ignore[attr-defined]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.text("title"),
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field("date", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Field.text("start_time", field_width=Fixed.FIVE),
            Field.text("end_time", field_width=Fixed.FIVE),
            Field.text("location"),
            Field.checkboxes("boards", legend_size=Size.SMALL, small=True),
            Field.checkboxes("places", legend_size=Size.SMALL, small=True),
            Field.textarea("problems_discussed"),
            Fieldset(
                HTML('<p class="govuk-body">Board meetings keep their agenda and minutes here.</p>'),
                Field.textarea("agenda"),
                Field.textarea("minutes"),
                legend="Agenda and minutes",
                legend_size=Size.SMALL,
            ),
            Field("lock_version"),
        )

    def clean_start_time(self) -> datetime.time:
        value = parse_time(self.cleaned_data["start_time"])
        if value is None:
            raise ValidationError("Enter the start time like 10:00 or 14:30")
        return value

    def clean_end_time(self) -> datetime.time | None:
        text = self.cleaned_data["end_time"].strip()
        if not text:
            return None
        value = parse_time(text)
        if value is None:
            raise ValidationError("Enter the end time like 12:00 or 16:30")
        return value

    def clean_boards(self) -> list[Board]:
        boards = list(self.cleaned_data["boards"])
        if not self.user.has_perm("boards.record_meeting_for", boards):  # type: ignore[arg-type]
            raise ValidationError("Choose at least one board you chair: you can record meetings for those")
        return boards

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end and end <= start:
            self.add_error("end_time", "The end time must be after the start time")
        for name, time in (("start_time", start), ("end_time", end)):
            # Through UTC: astimezone() to the zone a time already has gives it back unchanged.
            if day and time and timezone.localtime(_on_the_clock(day, time).astimezone(datetime.UTC)).time() != time:
                self.add_error(
                    name, "The clocks go forward an hour that night, so that time never comes: enter another"
                )
        return data

    def details(self) -> MeetingDetails:
        data = self.cleaned_data

        def at(time: datetime.time) -> datetime.datetime:
            return _on_the_clock(data["date"], time)

        return MeetingDetails(
            kind=data["kind"],
            title=data["title"],
            starts_at=at(data["start_time"]),
            ends_at=at(data["end_time"]) if data["end_time"] else None,
            location=data["location"],
            boards=data["boards"],
            places=list(data["places"]),
            problems_discussed=data["problems_discussed"],
            agenda=data["agenda"],
            minutes=data["minutes"],
        )


def _on_the_clock(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """The moment a London clock reads `time` on `day`, summer time or not (the first, in the hour
    the clocks go back; one past the gap, in the hour that never comes when they go forward)."""
    return timezone.make_aware(datetime.datetime.combine(day, time))


def _meeting_initial(meeting: Meeting) -> dict[str, Any]:
    starts = timezone.localtime(meeting.starts_at)
    ends = timezone.localtime(meeting.ends_at) if meeting.ends_at else None
    return {
        "title": meeting.title,
        "kind": meeting.kind,
        "date": starts.date(),
        "start_time": f"{starts:%H:%M}",
        "end_time": f"{ends:%H:%M}" if ends else "",
        "location": meeting.location,
        "boards": list(meeting.boards.all()),
        "places": list(meeting.places.all()),
        "problems_discussed": meeting.problems_discussed,
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "lock_version": meeting.lock_version,
    }


def _total_forms(data: QueryDict, prefix: str) -> int:
    try:
        return max(int(data.get(f"{prefix}-TOTAL_FORMS", "0")), 0)
    except ValueError:
        return 0


class MeetingForms:
    """The meeting form with its attendee and outcome formsets, validated, shown and saved as one.

    A post with `add=attendees` or `add=outcomes` is the "Add another" button working without
    JavaScript: everything comes back as typed with one more empty row, and nothing is saved.
    """

    prefixes = ("attendees", "outcomes")

    def __init__(
        self, *, user: User, partnership: Partnership, meeting: Meeting | None = None, data: QueryDict | None = None
    ) -> None:
        self.adding = data.get("add") if data is not None else None
        if self.adding not in self.prefixes:
            self.adding = None
        if data is not None and self.adding:
            data = data.copy()
            data[f"{self.adding}-TOTAL_FORMS"] = str(_total_forms(data, self.adding) + 1)
        draft = self.adding is not None
        self.meeting = meeting
        parent = meeting or Meeting(partnership=partnership)
        # A new meeting starts with one empty row of each, as does an edit that has none yet.
        extra = {prefix: 0 if parent.pk and getattr(parent, prefix).exists() else 1 for prefix in self.prefixes}
        self.form = MeetingForm(data, user=user, partnership=partnership, meeting=meeting, draft=draft)
        choices = RowChoices.for_meeting(user=user, partnership=partnership)
        self.attendees = formset_class(MeetingAttendee, AttendeeForm, AttendeeFormSet, extra=extra["attendees"])(
            data, instance=parent, prefix="attendees", form_kwargs={"choices": choices, "draft": draft}
        )
        self.outcomes = formset_class(MeetingOutcome, OutcomeForm, OutcomeFormSet, extra=extra["outcomes"])(
            data,
            instance=parent,
            prefix="outcomes",
            form_kwargs={"choices": choices, "user": user, "draft": draft},
        )
        self.attendees.draft = self.outcomes.draft = draft

    def is_valid(self) -> bool:
        if self.adding or not self.form.is_bound:
            return False
        form_valid = self.form.is_valid()
        if self.meeting is not None and self.lock_version != self.meeting.lock_version:
            # Rows someone else removed would fail as "not a valid choice"; say what really happened.
            self.form.add_error(None, STALE_MEETING_MESSAGE)
            return False
        # The outcome rows are checked against the boards the meeting feeds; the formset builds
        # its forms on first use, so the boards must be in its form arguments before validation.
        self.outcomes.form_kwargs["meeting_boards"] = self.form.cleaned_data.get("boards")
        attendees_valid = self.attendees.is_valid()
        outcomes_valid = self.outcomes.is_valid()
        return form_valid and attendees_valid and outcomes_valid

    def details(self) -> MeetingDetails:
        return self.form.details()

    def attendee_rows(self) -> list[AttendeeRow]:
        return [form.row() for form in self.attendees.kept_forms()]

    def outcome_rows(self) -> list[OutcomeRow]:
        return [form.row() for form in self.outcomes.kept_forms()]

    @property
    def lock_version(self) -> int:
        return self.form.cleaned_data.get("lock_version") or 0

    def add_errors(self, error: ValidationError) -> None:
        """Show what the save refused (such as someone else's change in between) above the form."""
        for message in error.messages:
            self.form.add_error(None, message)

    def error_summary(self) -> list[tuple[str, str]]:
        """Every error as (the id of the field to jump to, the message), in the order of the page."""
        if self.adding or not self.form.is_bound:
            return []
        errors = [(f"#{first_input_id(self.form, None)}", str(error)) for error in self.form.non_field_errors()]
        errors += field_errors(self.form)
        if STALE_MEETING_MESSAGE in self.form.non_field_errors():
            return errors
        for formset in (self.attendees, self.outcomes):
            for error in formset.non_form_errors().as_data():
                row = int(error.code.removeprefix("row-")) if error.code and error.code.startswith("row-") else 0
                target = f"#id_{formset.prefix}-{row}-DELETE" if formset.forms else f"#{formset.prefix}"
                errors.extend((target, message) for message in error.messages)
            for form in formset.forms:
                if not formset.removing(form):
                    errors += field_errors(form)
        return errors
