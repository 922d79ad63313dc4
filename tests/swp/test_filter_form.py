"""`{% filter_form %}`: a filter form's HTML is kept, and is exactly what crispy renders for the
form as it stands, so no one is shown choices, values or errors that are not theirs."""

from __future__ import annotations

from typing import Any
from unittest import mock
from urllib.parse import urlencode

import pytest
from crispy_forms.utils import render_crispy_form
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.core.cache import caches
from django.db import connection
from django.http import QueryDict
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from swp.models import Organisation
from tests.swp.factories import OrganisationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


class LeadFilterForm(forms.Form):
    lead = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False, empty_label="Any")
    older_than = forms.IntegerField(required=False, min_value=0, label="Older than (days)")

    def __init__(self, *args: Any, leads: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = leads
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.select("lead"), Field.text("older_than"))


def _rendered(form: forms.Form) -> str:
    return Template("{% load component_tags %}{% filter_form form %}").render(Context({"form": form}))


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    caches["filter_forms"].clear()


def test_it_renders_what_crispy_renders_unbound_and_with_errors() -> None:
    OrganisationFactory(name="Metropolitan Police")
    leads = Organisation.objects.all()
    for data in (None, {"older_than": "-3", "lead": "999999"}):
        form = LeadFilterForm(data, leads=leads)
        expected = render_crispy_form(LeadFilterForm(data, leads=leads), helper=form.helper)
        # Twice: once rendered, once kept.
        assert _rendered(form) == expected
        assert _rendered(LeadFilterForm(data, leads=leads)) == expected
    assert "Ensure this value is greater than or equal to 0" in expected
    assert "Metropolitan Police" in expected


def test_the_same_form_with_the_same_choices_is_rendered_once() -> None:
    OrganisationFactory(name="Metropolitan Police")
    with mock.patch("swp.templatetags.component_tags.render_crispy_form", wraps=render_crispy_form) as crispy:
        first = _rendered(LeadFilterForm({"older_than": "5"}, leads=Organisation.objects.all()))
        again = _rendered(LeadFilterForm({"older_than": "5"}, leads=Organisation.objects.all()))
        other_value = _rendered(LeadFilterForm({"older_than": "6"}, leads=Organisation.objects.all()))
    assert first == again
    assert 'value="6"' in other_value
    assert crispy.call_count == 2


def test_a_renamed_choice_is_shown_at_once() -> None:
    police = OrganisationFactory(name="Metropolitan Police")
    assert "Metropolitan Police" in _rendered(LeadFilterForm(None, leads=Organisation.objects.all()))
    Organisation.objects.filter(pk=police.pk).update(name="Met Police")
    html = _rendered(LeadFilterForm(None, leads=Organisation.objects.all()))
    assert "Met Police" in html
    assert "Metropolitan Police" not in html


def test_people_offered_different_choices_never_see_each_others() -> None:
    westminster, camden = PartnershipFactory(slug="westminster"), PartnershipFactory(slug="camden")
    OrganisationFactory(partnership=westminster, name="Westminster Council")
    OrganisationFactory(partnership=camden, name="Camden Council")
    westminster_html = _rendered(LeadFilterForm(None, leads=Organisation.objects.filter(partnership=westminster)))
    camden_html = _rendered(LeadFilterForm(None, leads=Organisation.objects.filter(partnership=camden)))
    assert "Westminster Council" in westminster_html
    assert "Westminster Council" not in camden_html
    assert "Camden Council" in camden_html


def test_the_choices_are_read_once_whether_the_html_is_kept_or_not() -> None:
    OrganisationFactory(name="Metropolitan Police")

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            _rendered(LeadFilterForm(None, leads=Organisation.objects.all()))
        return [query["sql"] for query in captured.captured_queries]

    rendered, kept = queries(), queries()
    assert len(rendered) == 1
    assert rendered == kept
    assert "COUNT" not in rendered[0]


def test_the_page_number_and_other_parameters_the_form_does_not_read_share_its_html() -> None:
    OrganisationFactory(name="Metropolitan Police")
    leads = Organisation.objects.all()
    with mock.patch("swp.templatetags.component_tags.render_crispy_form", wraps=render_crispy_form) as crispy:
        for query in ({"older_than": "5"}, {"older_than": "5", "page": "2"}, {"older_than": "5", "junk": "x"}):
            _rendered(LeadFilterForm(QueryDict(urlencode(query)), leads=leads))
    assert crispy.call_count == 1
