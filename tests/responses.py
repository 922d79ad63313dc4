"""Comparing pages as a person would see them, and posting their forms as a browser would."""

from __future__ import annotations

import re
from typing import Any

# Django masks the CSRF token afresh for every response; it is the only part of two pages for the
# same person that may differ.
CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]*)"')


def without_csrf_token(content: bytes) -> bytes:
    return CSRF_TOKEN.sub(b"", content)


def csrf_token_of(content: bytes) -> str:
    """The CSRF token the page's first form posts."""
    found = CSRF_TOKEN.search(content)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1).decode()


def section_context(response: Any, template: str) -> dict[str, Any]:
    """What a page's section was rendered with (swp/sections.py): a shared section reaches the page
    as HTML, so its context is found where its template was rendered."""
    rendered = [each.name for each in response.templates].index(template)
    return response.context[rendered]["section"]


def shown(response: Any, name: str) -> Any:
    """A value the page was rendered with, from the view or from one of its sections (shared list
    sections hand the view only their filters)."""
    for context in response.context:
        if name in context and context[name] is not None:
            return context[name]
        section = context.get("section")
        if isinstance(section, dict) and name in section:
            return section[name]
    raise KeyError(name)
