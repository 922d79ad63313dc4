"""Paging the service's long lists, 25 to a page, by the page number in the address."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import QueryDict

PAGE_SIZE = 25


def page_asked(query: QueryDict, items: Any, *, per_page: int = PAGE_SIZE) -> Page:
    """The page the address's query asks for: the first for a missing, mistyped, zero or negative
    number, the last for one past the end (Django's own get_page sends zero and below to the last)."""
    number = query.get("page", "")
    # isascii: "²" is a digit to isdigit() but not to int().
    if number.isascii() and number.lstrip("-").isdigit() and int(number) < 1:
        number = "1"
    return Paginator(items, per_page).get_page(number)
