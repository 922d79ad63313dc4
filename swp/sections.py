"""Pages that gather content from several layers, without a lower layer importing a higher one.

The home page lives in swp and the board page in boards, yet they show priorities, action plans
and indicators. Each higher app registers a section for such a page in its AppConfig.ready();
the page's view asks for its sections and includes each one's template with its context.

A section registered as shared shows nothing that depends on who is looking but what their
clearance lets them see. Its HTML is rendered once for everyone holding that clearance, kept in
the shared cache under the kept pages' generation (swp/page_cache.py), so that no write is ever
missed, and rendered again by a Celery worker as soon as a write ends that generation. The first
visit after a write then finds the busiest pages' sections ready, instead of paying for them
(`make bench` times both). What makes sharing safe is what a shared section is given: not the
request, but a reader: a person no one is, never saved, holding the visitor's clearance and
nothing else (no id, name, organisation, roles or memberships). A shared section that asks after
the person's roles or memberships fails loudly (an unsaved person has no relations to look up),
for every visitor alike; and since every confidentiality rule of the service decides by clearance
alone, a reader sees exactly what the visitor may.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from swp.models import User
from swp.page_cache import generation_current, generation_of
from swp.types import AuthenticatedRequest

logger = logging.getLogger(__name__)

# Set while a worker has been asked to render the shared sections and has not started: one queued
# is enough however many writes follow, since it renders for the generation current when it starts.
PREBUILD_QUEUED_KEY = "sections:prebuild-queued"
SectionContext = Callable[..., dict[str, Any] | None]
# The objects a page is shown for (say, {"board": board}), each set of which has its own sections.
PageObjects = dict[str, Any]


@dataclass(frozen=True)
class Section:
    template: str
    context: SectionContext
    order: int = 100
    shared: bool = False


@dataclass(frozen=True)
class RenderedSection:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    # A shared section's HTML, rendered already; the page shows it as it is.
    html: SafeString | None = None


_sections: dict[str, list[Section]] = {}
# For each page with shared sections: every set of objects it can be shown for to a reader.
_shown_for: dict[str, Callable[[User], Iterable[PageObjects]]] = {}


def section_register(
    *, page: str, template: str, context: SectionContext, order: int = 100, shared: bool = False
) -> None:
    """Add a section to a page. A shared section's context function is given `reader` (see the
    module's docstring) where any other is given `request`."""
    sections = _sections.setdefault(page, [])
    if any(existing.template == template for existing in sections):
        return
    sections.append(Section(template=template, context=context, order=order, shared=shared))
    sections.sort(key=lambda section: section.order)


def shared_page_register(*, page: str, shown_for: Callable[[User], Iterable[PageObjects]]) -> None:
    """Say, for the worker rendering shared sections ahead, which objects a page can be shown for
    to a reader: the board page, every board the reader may see."""
    _shown_for[page] = shown_for


def reader(*, clearance: int) -> User:
    """A person no one is, signed in and holding this clearance (see the module's docstring)."""
    return User(clearance=clearance)


def _shared_prefix(*, generation: str, page: str, objects: PageObjects, clearance: int) -> str:
    """Where a page's shared sections for these objects and this clearance are kept, but for each
    section's template name."""
    shown_for = ",".join(f"{name}={value.pk}" for name, value in sorted(objects.items()))
    return f"section:{generation}:{page}:{shown_for}:{clearance}:"


def _shared_html(section: Section, *, clearance: int, objects: PageObjects) -> SafeString:
    """The section as everyone holding this clearance sees it; empty where it is left out."""
    context = section.context(reader=reader(clearance=clearance), **objects)
    # Rendered without the request, so a shared template cannot show the person or their CSRF token.
    return mark_safe(render_to_string(section.template, {"section": context}) if context is not None else "")  # noqa: S308 - rendered by the template engine, which escaped it


def sections_for(*, page: str, request: AuthenticatedRequest, **objects: Any) -> list[RenderedSection]:
    """The page's sections in order; a section whose context function returns None is left out."""
    sections = _sections.get(page, [])
    generation = generation_of(request)
    clearance = request.user.clearance
    prefix = generation and _shared_prefix(generation=generation, page=page, objects=objects, clearance=clearance)
    keys = {section: prefix + section.template for section in sections if section.shared and prefix}
    kept = _kept(list(keys.values())) if keys else {}
    rendered, made = [], {}
    for section in sections:
        if section.shared:
            key = keys.get(section)
            html = kept.get(key) if key else None
            if html is None:
                html = _shared_html(section, clearance=clearance, objects=objects)
                if key:
                    made[key] = html
            if html:
                rendered.append(RenderedSection(template=section.template, html=mark_safe(html)))  # noqa: S308 - see _shared_html
            continue
        context = section.context(request=request, **objects)
        if context is not None:
            rendered.append(RenderedSection(template=section.template, context=context))
    if made:
        _keep(made)
    return rendered


def _kept(keys: list[str]) -> dict[str, Any]:
    try:
        return caches["default"].get_many(keys)
    except Exception:
        logger.exception("Could not read the shared sections; rendering them afresh")
        return {}


def _keep(made: dict[str, SafeString]) -> None:
    try:
        caches["default"].set_many(made, timeout=settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.exception("Could not keep the shared sections; the next visit renders them again")


def sections_prebuild_wanted() -> bool:
    """After a write: whether to ask a worker to render the shared sections, that is, whether kept
    pages are on, a worker (not the web process) would do it, and none is already waiting to."""
    if not settings.PAGE_CACHE_SECONDS or settings.CELERY_TASK_ALWAYS_EAGER or not _shown_for:
        return False
    return bool(caches["default"].add(PREBUILD_QUEUED_KEY, True, timeout=settings.PAGE_CACHE_SECONDS))


def sections_prebuild() -> int:
    """Render every shared section, for every clearance an active person holds, under the current
    generation: what a Celery worker does after each write. Returns how many it rendered."""
    # Writes from now on ask for another run, which will see them.
    caches["default"].delete(PREBUILD_QUEUED_KEY)
    generation = generation_current()
    if not generation:
        return 0
    clearances = sorted(set(User.objects.filter(is_active=True).values_list("clearance", flat=True)))
    made = {}
    for page, shown_for in _shown_for.items():
        shared = [section for section in _sections.get(page, []) if section.shared]
        for clearance in clearances:
            for objects in shown_for(reader(clearance=clearance)):
                prefix = _shared_prefix(generation=generation, page=page, objects=objects, clearance=clearance)
                for section in shared:
                    made[prefix + section.template] = _shared_html(section, clearance=clearance, objects=objects)
    caches["default"].set_many(made, timeout=settings.PAGE_CACHE_SECONDS)
    return len(made)
