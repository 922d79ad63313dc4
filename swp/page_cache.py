"""Key pages kept for a person's repeat visits, until anything in the database changes.

The busiest pages (the board page, the plan, the Executive view...) are read far more often than
anything is written, and rendering them costs up to twenty-five times a bare request (`make bench`).
`@cached_page` keeps a page's HTML for the person, session and URL that asked for it, under a
generation: a random token in the shared cache (Redis) that every committed write replaces. So:

- No page outlives a change. The token is replaced by a database execute wrapper, which sees every
  statement the application runs (the ORM's saves and deletes, `update()`, `bulk_create`, raw SQL,
  the admin, Celery tasks), not by model signals that some of those skip. It is replaced once the
  transaction commits, so a page rendered from data being changed is kept under a token no one
  asks for any more. Nothing is worked out about what a write touched: any write ends every page.
- Nobody sees anyone else's page. The key holds the person, their session and their CSRF cookie, so
  a page is only ever served to the session it was rendered for, with a CSRF token that session's
  forms accept. Losing access (clearance, membership, role, deactivation) is a write like any other.
- The token is read first, by a middleware before the sessions, so everything a page is made of
  (the person included) is read after it. Only requests for a kept view read it.
- Only committed data is kept: a request whose connection has writes not yet committed neither reads
  nor fills the cache (which also keeps the cache out of tests that run inside one transaction).
- Pages carrying a message ("Action saved") are never kept, nor served while one is waiting.
- What changes with the clock alone (an escalation's age in days, a meeting moving into the past)
  shows at most PAGE_CACHE_SECONDS late.

The HTML is kept in each process's own memory, as the filter forms are: a restart empties it, so
a release's new templates are in force at once. Only the token is shared. docs/adr/0007 records
the decision and what it costs.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from swp.models import AuditEvent, User

logger = logging.getLogger(__name__)

GENERATION_KEY = "pages:generation"
GENERATION_ATTRIBUTE = "page_generation"
KEPT_VIEW_ATTRIBUTE = "page_kept"
# Written by every request (sessions), failed sign-ins (django-axes) and the audit log's events
# (sign-ins, refused looks at hidden records), and shown on no kept page: were they to end the kept
# pages, anyone could keep them ended by failing to sign in.
UNSHOWN_TABLES = ("django_session", "axes_", AuditEvent._meta.db_table)
# Every sign-in stamps the person's last_login, which no kept page shows either; this statement,
# setting that column alone, is Django's (django.contrib.auth.models.update_last_login).
SIGN_IN_STAMP = f'UPDATE "{User._meta.db_table}" SET "last_login" = %s WHERE '  # noqa: S608 - compared with, never run
_READS = frozenset({"SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT", "BEGIN", "SET", "SHOW"})

# Sent once every kept page has been ended, with the new generation: swp/sections.py's shared
# sections are rendered again for it.
pages_forgotten = Signal()

P = ParamSpec("P")
R = TypeVar("R", bound=HttpRequest)


def pages_forget() -> None:
    """End every kept page, in every process: replace the generation."""
    for attempt in (1, 2):
        try:
            generation = uuid.uuid4().hex
            caches["default"].set(GENERATION_KEY, generation, timeout=None)
        except Exception:
            logger.exception("Could not end the kept pages after a write (attempt %d of 2)", attempt)
        else:
            pages_forgotten.send(sender=None, generation=generation)
            return
    # The write has been committed and must not fail now. This process forgets its own pages; while
    # the shared cache is down no other serves any either (generation_current fails too), and a blip
    # they survive leaves their pages at most PAGE_CACHE_SECONDS old.
    caches["pages"].clear()


def generation_current() -> str | None:
    """The token pages are kept under now; None if the shared cache cannot be read."""
    cache = caches["default"]
    try:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            # A Redis that lost its data starts a new token, never an old one.
            cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
            generation = cache.get(GENERATION_KEY)
    except Exception:
        logger.exception("Could not read the kept pages' generation; rendering afresh")
        return None
    return generation


def _forget_after_commit() -> None:
    """pages_forget under a name of its own, so _writes_pending can tell it among the callbacks."""
    pages_forget()


def _writes_shown_rows(sql: str) -> bool:
    text = str(sql)
    if ";" in text.rstrip("; \n\t"):
        return True  # several statements in one: taken for a write, to be safe
    if text.startswith(SIGN_IN_STAMP):
        return False
    # The verb and the table come first; the rest of a long statement is never copied.
    words = text[:300].lstrip(" (\n\t").split(None, 3)
    if not words:
        return True  # nothing recognisable: taken for a write, to be safe
    verb = words[0].upper()
    if verb in _READS:
        return False
    table = {"INSERT": 2, "DELETE": 2, "UPDATE": 1}.get(verb)
    if table is None or len(words) <= table:
        return True  # DDL, TRUNCATE, a CTE...: taken for a write, to be safe
    return not words[table].strip('"`').startswith(UNSHOWN_TABLES)


def _writes_pending(connection: BaseDatabaseWrapper) -> bool:
    # Entries are (savepoint ids, callback, robust): those of a rolled-back savepoint are gone.
    return any(entry[1] is _forget_after_commit for entry in connection.run_on_commit)


def writes_watch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    """Execute wrapper on every connection (SwpConfig.ready): after a statement that writes rows a
    page may show, end the kept pages once its transaction commits (at once, outside one)."""
    result = execute(sql, params, many, context)
    if _writes_shown_rows(sql):
        connection = context["connection"]
        if not connection.in_atomic_block:
            pages_forget()
        elif not _writes_pending(connection):
            connection.on_commit(_forget_after_commit)
    return result


def writes_watch_install(*, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """connection_created receiver. First in the list: Django's execute_wrapper() context manager
    removes the last wrapper when it ends, which must never be this one."""
    if writes_watch not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, writes_watch)


def _kept_view(request: HttpRequest) -> bool:
    # Resolving the URL again costs far less than reading the token for every other page.
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return getattr(match.func, KEPT_VIEW_ATTRIBUTE, False)


def generation_read_first(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """Middleware, before the person is loaded: read the token before anything a page is made of,
    the person's own row included. Read later, a write committed in between (say, a role taken away)
    could be kept under the token it had just replaced."""

    def middleware(request: HttpRequest) -> HttpResponse:
        signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES
        if settings.PAGE_CACHE_SECONDS and request.method == "GET" and signed_in and _kept_view(request):
            setattr(request, GENERATION_ATTRIBUTE, generation_current())
        return get_response(request)

    return middleware


def generation_of(request: HttpRequest) -> str | None:
    """The generation this request may read and keep shared content under: the token read first
    (generation_read_first), unless its connection has writes not yet committed."""
    generation = getattr(request, GENERATION_ATTRIBUTE, None)
    if not generation or _writes_pending(connections[DEFAULT_DB_ALIAS]):
        return None
    return generation


def _key(request: HttpRequest) -> str | None:
    """Where this request's page is kept, or None if it must be rendered and not kept."""
    # Read only where the cache is on, for a GET of a kept view (generation_read_first).
    generation = generation_of(request)
    if not generation or not request.user.is_authenticated:
        return None
    session_key = request.session.session_key
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    # A cookie CsrfViewMiddleware did not accept is replaced after this response, so the token a
    # kept page carries would not match it.
    csrf_accepted = request.META.get("CSRF_COOKIE") == csrf_cookie and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    if not session_key or not csrf_cookie or not csrf_accepted or get_messages(request):
        return None
    parts = (generation, request.user.pk, session_key, csrf_cookie, request.scheme, request.get_host())
    digest = hashlib.sha256("\n".join(map(str, (*parts, request.get_full_path()))).encode()).hexdigest()
    return f"page:{digest}"


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    # A cookie the view set, or a message it added, belongs to this response only.
    return response.status_code == 200 and not response.streaming and not response.cookies and not get_messages(request)


def cached_page(view: Callable[Concatenate[R, P], HttpResponse]) -> Callable[Concatenate[R, P], HttpResponse]:
    """Serve a GET page's HTML from memory on a repeat visit by the same session, if nothing has
    been written since it was rendered (see the module's docstring)."""

    @wraps(view)
    def wrapped(request: R, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        key = _key(request)
        if key is None:
            return view(request, *args, **kwargs)
        pages = caches["pages"]
        kept = pages.get(key)
        if kept is not None:
            content, headers = kept
            return HttpResponse(content, headers=headers)
        response = view(request, *args, **kwargs)
        if _keepable(request, response):
            pages.set(key, (response.content, dict(response.headers)), timeout=settings.PAGE_CACHE_SECONDS)
        return response

    setattr(wrapped, KEPT_VIEW_ATTRIBUTE, True)
    return wrapped
