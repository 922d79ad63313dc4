"""Pages that gather content from several layers, without a lower layer importing a higher one.

The home page lives in swp and the board page in boards, yet they show priorities, action plans
and indicators. Each app lists the sections it adds to pages (PAGE_SECTIONS in its sections.py)
and registers them in its AppConfig.ready(); the page's view asks for its sections and includes
each one's template with its context.

A section registered as shared shows nothing that depends on who is looking but what their clearance
lets them see. Its HTML is rendered once for everyone holding that clearance, kept in the shared
cache under the kept pages' generation (swp/page_cache.py), so that no write is ever missed. As soon
as a write ends that generation, a Celery worker renders again what anyone looked at in the last
LOOKED_AT_SECONDS, so the first visit after a write finds those sections ready instead of paying for
them (`make bench` times both); Celery beat has it do the same every REFRESH_SECONDS, so that they
neither expire in a quiet hour nor fall behind the clock. A shared section may depend on some of the
page's GET parameters (`asked`, say ?all=updates): the values it knows of are part of its key, so no
one can make a page's sections be kept, or rendered ahead, once for every value they type.

What makes sharing safe is what a shared section is given: not the request, but a reader: a person
no one is, never saved, holding the visitor's clearance and nothing else (no id, name, organisation,
roles or memberships). A shared section that asks after the person's roles or memberships fails
loudly (an unsaved person has no relations to look up), for every visitor alike; and since every
confidentiality rule of the service decides by clearance alone, a reader sees exactly what the
visitor may.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from swp.models import User
from swp.page_cache import generation_current, generation_of
from swp.types import AuthenticatedRequest

logger = logging.getLogger(__name__)

# Set while a worker has been asked to render the shared sections and has not started: one queued
# is enough however many writes follow, since it renders for the generation current when it starts.
PREBUILD_QUEUED_KEY = "sections:prebuild-queued"
# What was looked at lately (Showing -> when), which the worker renders ahead after a write. A look
# is recorded again once the last record of it is a minute old, so most visits write nothing.
LOOKED_AT_KEY = "sections:looked-at"
LOOKED_AT_SECONDS = 15 * 60
# The newest looks kept, however many there were: the worker's run after a write stays bounded.
LOOKED_AT_MOST = 300
LOOK_RECORDED_AGAIN_AFTER = 60
# How often Celery beat has the worker render them again with no write (swp/celery.py). They are kept
# this much longer than the kept pages, so that each refresh finds the last one's still there.
REFRESH_SECONDS = 60

SectionContext = Callable[..., dict[str, Any] | None]
# The objects a page is shown for (say, {"board": board}), each set of which has its own sections.
PageObjects = dict[str, Any]


@dataclass(frozen=True)
class Section:
    template: str
    context: SectionContext
    order: int = 100
    shared: bool = False
    # The GET parameters a shared section depends on, each with the values it knows of, given to it
    # as `asked` ({name: the values asked for among those, sorted}).
    asked: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # A shared section that reads the whole query string (a list's filters and page number), given
    # to it as `query`: kept, and rendered ahead, only for an address asking nothing but the values
    # `asked` names (none, for most lists).
    whole_query: bool = False


@dataclass(frozen=True)
class RenderedSection:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    # A shared section's HTML, rendered already; the page shows it as it is. Its context is kept
    # beside it only where it was rendered for this request (sections_value).
    html: SafeString | None = None


@dataclass(frozen=True)
class Showing:
    """What a page's shared sections are rendered for: the page, its objects (by name, model and
    id), the clearance, and the values of the GET parameters they depend on."""

    page: str
    objects: tuple[tuple[str, str, Any], ...]
    clearance: int
    asked: tuple[tuple[str, tuple[str, ...]], ...]

    def __post_init__(self) -> None:
        # One key for a level read from the database (an int) and one given as Clearance.CTC.
        object.__setattr__(self, "clearance", int(self.clearance))

    def key(self, *, generation: str, section: Section) -> str:
        digest = hashlib.sha256(repr((self, section.template)).encode()).hexdigest()
        return f"section:{generation}:{digest}"

    def objects_load(self) -> PageObjects | None:
        """The objects afresh from the database (for the worker); None if one is gone."""
        loaded = {}
        for name, label, pk in self.objects:
            found = apps.get_model(label)._meta.default_manager.filter(pk=pk).first()
            if found is None:
                return None
            loaded[name] = found
        return loaded


_sections: dict[str, list[Section]] = {}


def sections_register(page_sections: Iterable[tuple[str, Section]]) -> None:
    """Add sections to pages, each (page, section). A shared section's context function is given
    `reader` (see the module's docstring), and `query` (whole_query) or else `asked` if it depends
    on GET parameters, where any other is given `request`."""
    for page, section in page_sections:
        sections = _sections.setdefault(page, [])
        if any(existing.template == section.template for existing in sections):
            continue
        sections.append(section)
        sections.sort(key=lambda kept: kept.order)


def reader(*, clearance: int) -> User:
    """A person no one is, signed in and holding this clearance (see the module's docstring)."""
    return User(clearance=clearance)


def _showing(*, page: str, request: AuthenticatedRequest, objects: PageObjects) -> Showing:
    known: dict[str, set[str]] = {}
    for section in _sections.get(page, []):
        for name, values in section.asked if section.shared else ():
            known.setdefault(name, set()).update(values)
    return Showing(
        page=page,
        objects=tuple((name, value._meta.label, value.pk) for name, value in sorted(objects.items())),
        clearance=request.user.clearance,
        asked=tuple(
            (name, tuple(sorted(set(request.GET.getlist(name)) & values))) for name, values in sorted(known.items())
        ),
    )


def _query_known(query: QueryDict, section: Section) -> bool:
    known = dict(section.asked)
    return all(name in known and set(query.getlist(name)) <= set(known[name]) for name in query)


def _query_of(showing: Showing) -> QueryDict:
    """The query string a look asked, as far as the sections keep it: for the worker."""
    query = QueryDict(mutable=True)
    for name, values in showing.asked:
        if values:
            query.setlist(name, list(values))
    return query


def _shared_render(
    section: Section, *, showing: Showing, objects: PageObjects, query: QueryDict
) -> tuple[dict[str, Any], SafeString]:
    """The section as everyone holding this clearance sees it, and its context; empty where it is
    left out."""
    given: dict[str, Any] = {}
    if section.whole_query:
        given["query"] = query
    elif section.asked:
        names = {name for name, _ in section.asked}
        given["asked"] = {name: values for name, values in showing.asked if name in names}
    context = section.context(reader=reader(clearance=showing.clearance), **objects, **given)
    if context is None:
        return {}, SafeString()
    # Rendered without the request, so a shared template cannot show the person or their CSRF token.
    return context, mark_safe(render_to_string(section.template, {"section": context}))  # noqa: S308 - rendered by the template engine, which escaped it


def sections_for(*, page: str, request: AuthenticatedRequest, **objects: Any) -> list[RenderedSection]:
    """The page's sections in order; a section whose context function returns None is left out."""
    sections = _sections.get(page, [])
    generation = generation_of(request)
    showing = _showing(page=page, request=request, objects=objects)
    keys = {
        section: showing.key(generation=generation, section=section)
        for section in sections
        if section.shared and generation and not (section.whole_query and not _query_known(request.GET, section))
    }
    kept = _kept([*keys.values(), LOOKED_AT_KEY]) if keys else {}
    rendered, made = [], {}
    for section in sections:
        if section.shared:
            key = keys.get(section)
            html = kept.get(key) if key else None
            shown: dict[str, Any] = {}
            if html is None:
                shown, html = _shared_render(section, showing=showing, objects=objects, query=request.GET)
                if key:
                    made[key] = html
            if html:
                rendered.append(RenderedSection(template=section.template, context=shown, html=mark_safe(html)))  # noqa: S308 - see _shared_render
            continue
        context = section.context(request=request, **objects)
        if context is not None:
            rendered.append(RenderedSection(template=section.template, context=context))
    if made:
        _keep(made, timeout=_kept_for())
    if keys:
        _look_record(showing, looked=kept.get(LOOKED_AT_KEY) or {})
    return rendered


def _kept_for() -> int:
    return settings.PAGE_CACHE_SECONDS + REFRESH_SECONDS


def sections_value(sections: list[RenderedSection], name: str) -> Any:
    """A value the page itself needs from a section rendered for this request (a list's filter
    form, for the page's title and error summary); None where none has it."""
    return next((section.context[name] for section in sections if name in section.context), None)


def _look_record(showing: Showing, *, looked: dict[Showing, float]) -> None:
    now = time.time()
    if now - looked.get(showing, 0) < LOOK_RECORDED_AGAIN_AFTER:
        return
    # Another process recording a look at the same moment may lose one of the two: that page is
    # then recorded on its next visit.
    recent = [(at, seen) for seen, at in looked.items() if now - at < LOOKED_AT_SECONDS and seen != showing]
    newest = {seen: at for at, seen in sorted(recent, key=lambda look: look[0])[-(LOOKED_AT_MOST - 1) :]}
    _keep({LOOKED_AT_KEY: {**newest, showing: now}}, timeout=LOOKED_AT_SECONDS)


def _kept(keys: list[str]) -> dict[str, Any]:
    try:
        return caches["default"].get_many(keys)
    except Exception:
        logger.exception("Could not read the shared sections; rendering them afresh")
        return {}


def _keep(made: dict[str, Any], *, timeout: int) -> None:
    try:
        caches["default"].set_many(made, timeout=timeout)
    except Exception:
        logger.exception("Could not keep the shared sections; the next visit renders them again")


def sections_prebuild_wanted() -> bool:
    """After a write: whether to ask a worker to render the shared sections, that is, whether kept
    pages are on, a worker (not the web process) would do it, and none is already waiting to."""
    if not settings.PAGE_CACHE_SECONDS or settings.CELERY_TASK_ALWAYS_EAGER:
        return False
    return bool(caches["default"].add(PREBUILD_QUEUED_KEY, True, timeout=settings.PAGE_CACHE_SECONDS))


def sections_prebuild() -> int:
    """Render the shared sections of what was looked at in the last LOOKED_AT_SECONDS, under the
    current generation: what a Celery worker does after each write. Returns how many it rendered."""
    # Writes from now on ask for another run, which will see them.
    caches["default"].delete(PREBUILD_QUEUED_KEY)
    generation = generation_current()
    if not generation:
        return 0
    since = time.time() - LOOKED_AT_SECONDS
    made = {}
    # Read as a page reads it: a list a release before this one kept, and cannot load, is skipped.
    for showing, at in (_kept([LOOKED_AT_KEY]).get(LOOKED_AT_KEY) or {}).items():
        objects = showing.objects_load() if at > since else None
        if objects is None:
            continue
        for section in _sections.get(showing.page, []):
            if section.shared:
                _, html = _shared_render(section, showing=showing, objects=objects, query=_query_of(showing))
                made[showing.key(generation=generation, section=section)] = html
    caches["default"].set_many(made, timeout=_kept_for())
    return len(made)
