from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from swp.models import Partnership
from swp.navigation import navigation_items


def service(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"service_name": settings.SERVICE_NAME}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    partnership = Partnership.objects.only("name").order_by("pk").first()
    context["partnership_name"] = partnership.name if partnership else ""
    items = []
    for item in navigation_items():
        if item.permission and not user.has_perm(item.permission):
            continue
        href = reverse(item.url_name)
        current = request.path == href if href == "/" else request.path.startswith(href)
        items.append({"text": item.text, "href": href, "current": current})
    context["navigation"] = items
    return context
