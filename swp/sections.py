"""Pages that gather content from several layers, without a lower layer importing a higher one.

The home page lives in swp and the board page in boards, yet they show priorities, action plans
and indicators. Each higher app registers a section for such a page in its AppConfig.ready();
the page's view asks for its sections and includes each one's template with its context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

SectionContext = Callable[..., dict[str, Any] | None]


@dataclass(frozen=True)
class Section:
    template: str
    context: SectionContext
    order: int = 100


@dataclass(frozen=True)
class RenderedSection:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


_sections: dict[str, list[Section]] = {}


def section_register(*, page: str, template: str, context: SectionContext, order: int = 100) -> None:
    sections = _sections.setdefault(page, [])
    if any(existing.template == template for existing in sections):
        return
    sections.append(Section(template=template, context=context, order=order))
    sections.sort(key=lambda section: section.order)


def sections_for(*, page: str, request: HttpRequest, **objects: Any) -> list[RenderedSection]:
    """The page's sections in order; a section whose context function returns None is left out."""
    rendered = []
    for section in _sections.get(page, []):
        context = section.context(request=request, **objects)
        if context is not None:
            rendered.append(RenderedSection(template=section.template, context=context))
    return rendered
