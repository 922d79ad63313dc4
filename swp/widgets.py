"""Form widgets every layer's forms share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.forms.renderers import BaseRenderer
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def _attributes(attrs: Mapping[str, Any]) -> SafeString:
    """As django/forms/widgets/attrs.html writes them: True alone, False not at all."""
    shown = ((name, value) for name, value in attrs.items() if value is not False)
    return format_html_join(
        "", " {}{}", ((name, "" if value is True else format_html('="{}"', value)) for name, value in shown)
    )


class LongSelect(forms.Select):
    """A select of hundreds of choices, such as the people who may own an action or attend a
    meeting, written out here in the very HTML Django's select template writes.

    The template includes another template for every option: for the dozen selects of people on a
    meeting's form that was some 9,000 includes, and a third of the 370 ms the page took to draw
    for a partnership of 300 officers (`make bench`'s data)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: BaseRenderer | None = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts: list[str] = [format_html('<select name="{}"{}>', widget["name"], _attributes(widget["attrs"]))]
        for group_name, options, _ in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',
                        option["value"],
                        _attributes(option["attrs"]),
                        option["label"],
                    )
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        # Every part was escaped by format_html as it was written.
        return mark_safe("".join(parts))  # noqa: S308
