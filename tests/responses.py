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
