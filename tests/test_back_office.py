"""The back office (the Django admin over the service's own records) stays usable as the records grow.

A form's choice of a record the service keeps thousands of (people, actions, progress updates,
measurements, meetings, escalations, crime counts, imports) is a search box (autocomplete_fields)
or an id with a look-up (raw_id_fields), never a list of every row: drawn as a list, the choice of
measurement on a revision's page named each of 38,000 measurements with a query of its own and took
47 seconds to open on the benchmark's data (`make bench`). How long its lists are is pinned in
tests/test_query_counts.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteMixin, ForeignKeyRawIdWidget, ManyToManyRawIdWidget
from django.db.models import Model
from django.http import HttpRequest
from django.test import RequestFactory

from actions.models import Action, ProgressUpdate
from boards.models import Escalation, EscalationEvent, Meeting, MeetingOutcome
from performance.models import CrimeCount, ImportBatch, Measurement, MeasurementRevision
from swp.models import User
from tests.admin_pages import service_admins

GROWING: set[type[Model]] = {
    User,
    Action,
    ProgressUpdate,
    Meeting,
    MeetingOutcome,
    Escalation,
    EscalationEvent,
    Measurement,
    MeasurementRevision,
    CrimeCount,
    ImportBatch,
}
LOOK_UPS = (AutocompleteMixin, ForeignKeyRawIdWidget, ManyToManyRawIdWidget)


def _choices_drawn(model_admin: admin.ModelAdmin, request: HttpRequest) -> Iterator[tuple[str, forms.Field]]:
    """The fields of the forms the admin draws for adding and changing a record, and of its inlines'
    forms, named for a failure message."""
    name = type(model_admin).__name__
    drawn = []
    if model_admin.has_add_permission(request):
        drawn.append(model_admin.get_form(request, change=False))
    if model_admin.has_change_permission(request):
        drawn.append(model_admin.get_form(request, change=True))
    for form in drawn:
        for field_name, field in form.base_fields.items():
            yield f"{name}.{field_name}", field
    for inline in model_admin.get_inline_instances(request):
        formset = inline.get_formset(request)
        for field_name, field in formset.form.base_fields.items():
            # The record the inline belongs to is a hidden input in the formset, never a choice.
            if field_name != formset.fk.name:
                yield f"{type(inline).__name__}.{field_name}", field


@pytest.mark.django_db
@pytest.mark.parametrize("model", service_admins(), ids=lambda model: model._meta.label)
def test_a_choice_of_records_that_grow_with_use_is_looked_up_not_listed(
    rf: RequestFactory, admin_user: User, model: type[Model]
) -> None:
    request = rf.get("/admin/")
    request.user = admin_user
    listed = []
    for name, field in _choices_drawn(service_admins()[model], request):
        if isinstance(field, forms.ModelChoiceField) and field.queryset.model in GROWING:
            # The admin wraps a relation's widget to add its "add another" links.
            widget = getattr(field.widget, "widget", field.widget)
            if not isinstance(widget, LOOK_UPS):
                listed.append(name)
    assert not listed, f"{', '.join(sorted(set(listed)))} would list every record there is as a choice"
