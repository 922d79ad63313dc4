"""Template components: those that wrap content, which `{% include %}` cannot do, and the small
ones repeated on every row of a long list, where an include per row costs more than the row."""

from __future__ import annotations

import hashlib
from typing import Any

from crispy_forms.utils import render_crispy_form
from django import forms, template
from django.core.cache import caches
from django.core.paginator import Page
from django.forms.widgets import ChoiceWidget
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def tag(text: object, colour: str = "") -> SafeString:
    """`{% tag text "green" %}`: a GOV.UK tag in one of its colours (grey, green, blue, red...)."""
    return format_html('<strong class="govuk-tag{}">{}</strong>', f" govuk-tag--{colour}" if colour else "", text)


class TableRegionNode(template.Node):
    def __init__(self, label_parts: list[FilterExpression], nodelist: NodeList) -> None:
        self.label_parts = label_parts
        self.nodelist = nodelist

    def render(self, context: Context) -> str:
        label = " ".join(str(part.resolve(context)) for part in self.label_parts)
        # The table was rendered, and its variables escaped, by the engine just above.
        table = mark_safe(self.nodelist.render(context))  # noqa: S308
        return render_to_string("components/table_region.html", {"label": label, "table": table})


@register.tag
def table_region(parser: Parser, token: Token) -> TableRegionNode:
    """`{% table_region "Overdue actions of the" board.name %}<table>...</table>{% endtable_region %}`:
    a table that scrolls sideways in its own box, so that the page still reflows at 320 CSS pixels.
    The arguments, joined with spaces, name the box for screen readers; a page's names should differ."""
    tag_name, *label_bits = token.split_contents()
    if not label_bits:
        raise template.TemplateSyntaxError(f"{tag_name} needs the region's accessible name")
    nodelist = parser.parse(("endtable_region",))
    parser.delete_first_token()
    return TableRegionNode([parser.compile_filter(bit) for bit in label_bits], nodelist)


@register.simple_tag(takes_context=True)
def page_url(context: Context, number: int) -> str:
    """`{% page_url number %}`: another page of a list, keeping the rest of its query string. The
    query is the request's, or `list_query` where a shared section (swp/sections.py), rendered
    without a request, was given one."""
    query = context.get("list_query")
    if query is None:
        query = context["request"].GET
    query = query.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


@register.simple_tag
def page_numbers(page: Page) -> list[int | str]:
    """`{% page_numbers page as numbers %}`: the first and last page, and the pages either side of
    this one, with an ellipsis for each gap, as GOV.UK pagination asks for long lists."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))


# A filter form's HTML is a function of what _filter_form_inputs gathers, so it is kept under a
# digest of exactly that: whoever asks with the same inputs is shown the same HTML, and any change
# to a choice, a label, a value or an error is a new key. The time only bounds the cache's memory.
FILTER_FORM_SECONDS = 60 * 60


def _filter_form_inputs(form: forms.Form) -> list[Any]:
    inputs: list[Any] = [type(form).__module__, type(form).__qualname__, form.prefix, form.auto_id, repr(form.initial)]
    if form.is_bound:
        # What each widget reads of the query string, not all of it: the page number, or any other
        # parameter, changes nothing in the form.
        inputs += [[(field.html_name, field.data) for field in form], form.errors.get_json_data()]
    # In words, not as objects: a lazy text's repr names its address, a new key in every process.
    for name, field in form.fields.items():
        inputs += [name, str(field.label), str(field.help_text), field.required, field.disabled]
        inputs += [repr(field.initial), sorted((attr, str(value)) for attr, value in field.widget.attrs.items())]
        if isinstance(field.widget, ChoiceWidget):
            # Read once and kept on the widget, which would otherwise read a model choice field's again;
            # through iter(), as list() would first ask the iterator's length, a COUNT query.
            field.widget.choices = list(iter(field.widget.choices))
            inputs.append([(str(value), str(label)) for value, label in field.widget.choices])
    return inputs


@register.simple_tag
def filter_form(form: forms.Form) -> SafeString:
    """`{% filter_form filter.form %}`: a GET filter form, as `{% crispy %}` renders it through the
    form's own helper. Crispy takes a filter form of a dozen fields some twenty milliseconds, most
    of a list page's rendering, to produce the same HTML for everyone who opens the list with the
    same choices; the choices are read afresh on every request, the rendering only when they change.

    Only for forms whose layout is fixed by their class: the layout is not part of the key, and is
    new only with a new release, which starts with the cache empty (swp.settings, "filter_forms")."""
    kept = caches["filter_forms"]
    key = hashlib.sha256(repr(_filter_form_inputs(form)).encode()).hexdigest()
    html = kept.get(key)
    if html is None:
        html = render_crispy_form(form)
        kept.set(key, html, FILTER_FORM_SECONDS)
    # Crispy rendered it, and escaped what it holds, just above or when it was kept.
    return mark_safe(html)  # noqa: S308
