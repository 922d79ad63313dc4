"""Full addresses of the service's pages, for emails that people open outside it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse


def site_address(view_name: str, *args: Any, query: str = "") -> str:
    """The page's address at SITE_URL, with `query` (without its "?") if given."""
    address = settings.SITE_URL + reverse(view_name, args=args)
    return f"{address}?{query}" if query else address
