"""The Django admin's pages of the service's own records, for tests that hold every one of them to a rule."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model

SERVICE_APPS = {"swp", "boards", "priorities", "actions", "performance"}


def service_admins() -> dict[type[Model], admin.ModelAdmin]:
    """Each model of the service's own apps registered with the admin, and its admin, by label."""
    registered = admin.site._registry.items()
    ours = ((model, model_admin) for model, model_admin in registered if model._meta.app_label in SERVICE_APPS)
    return dict(sorted(ours, key=lambda item: item[0]._meta.label))
