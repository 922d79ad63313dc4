"""Comparing pages as a person would see them."""

from __future__ import annotations

import re

# Django masks the CSRF token afresh for every response; it is the only part of two pages for the
# same person that may differ.
CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def without_csrf_token(content: bytes) -> bytes:
    return CSRF_TOKEN.sub(b"", content)
