"""What every view of the actions app does the same way."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.forms import Form
from django.http import HttpResponse, QueryDict
from django.shortcuts import render

from swp.types import AuthenticatedRequest


def posted(request: AuthenticatedRequest) -> QueryDict | None:
    """The form data of a POST, even an empty one (an empty QueryDict is falsy, which `or None` misses)."""
    return request.POST if request.method == "POST" else None


def deny_unless(request: AuthenticatedRequest, permission: str, obj: Model) -> None:
    """403 for an object the person may see but not act on (hidden ones are already a 404)."""
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def form_page(
    request: AuthenticatedRequest,
    form: Form,
    *,
    heading: str,
    caption: str,
    back_url: str,
    template: str = "actions/form_page.html",
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    """A one-question-per-page GOV.UK form: error summary, caption, heading, the form, a way back."""
    title = f"Error: {heading}" if form.errors else heading
    return render(
        request,
        template,
        {"page_title": title, "form": form, "heading": heading, "caption": caption, "back_url": back_url, **context},
        status=status,
    )
