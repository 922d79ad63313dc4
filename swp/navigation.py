"""The service navigation: each app adds its own entries in AppConfig.ready(), in layer order."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NavigationItem:
    text: str
    url_name: str
    # A django-rules permission name; the entry shows only to people who hold it.
    permission: str | None = None
    order: int = 100


_items: list[NavigationItem] = []


def navigation_register(*, text: str, url_name: str, permission: str | None = None, order: int = 100) -> None:
    if any(item.url_name == url_name for item in _items):
        return
    _items.append(NavigationItem(text=text, url_name=url_name, permission=permission, order=order))
    _items.sort(key=lambda item: item.order)


def navigation_items() -> list[NavigationItem]:
    return list(_items)
