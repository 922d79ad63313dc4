"""Template components: those that wrap content, which `{% include %}` cannot do, and the small
ones repeated on every row of a long list, where an include per row costs more than the row."""

from __future__ import annotations

from django import template
from django.core.paginator import Page
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


@register.simple_tag
def page_numbers(page: Page) -> list[int | str]:
    """`{% page_numbers page as numbers %}`: the first and last page, and the pages either side of
    this one, with an ellipsis for each gap, as GOV.UK pagination asks for long lists."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
