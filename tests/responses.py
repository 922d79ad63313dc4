"""Comparing pages as a person would see them, and posting their forms as a browser would."""

from __future__ import annotations

import re

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
