from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from swp.models import Partnership

# Each entry: the label, the URL name, and the permission (a django-rules name) that shows it.
NAVIGATION: list[tuple[str, str, str | None]] = [
    ("Overview", "home", None),
]


def service(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"service_name": settings.SERVICE_NAME}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    partnership = Partnership.objects.only("name").first()
    context["partnership_name"] = partnership.name if partnership else ""
    items = []
    for text, url_name, permission in NAVIGATION:
        if permission and not user.has_perm(permission):
            continue
        href = reverse(url_name)
        current = request.path == href if href == "/" else request.path.startswith(href)
        items.append({"text": text, "href": href, "current": current})
    context["navigation"] = items
    return context
