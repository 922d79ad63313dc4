"""Indicator pages: the list by board, one indicator's quarters, and the forms that change them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from performance.forms import ChairRatingForm, IndicatorForm, MeasurementForm
from performance.models import Indicator
from performance.selectors import (
    indicator_detail,
    indicator_get_visible,
)
from performance.services import (
    IndicatorFeedError,
    chair_rating_record,
    indicator_create,
    indicator_update,
    measurement_record,
)
from swp.page_cache import cached_page
from swp.sections import sections_for, sections_value
from swp.selectors import partnership_current
from swp.types import AuthenticatedRequest


def _require(request: AuthenticatedRequest, permission: str, indicator: Indicator | None = None) -> None:
    if not request.user.has_perm(permission, indicator):
        raise PermissionDenied


@require_GET
@cached_page
def indicator_list(request: AuthenticatedRequest) -> HttpResponse:
    # The list is the same for everyone of a clearance (performance/sections.py); the filters a
    # request asked for come back from it for the page's title and error summary.
    sections = sections_for(page="indicators", request=request, partnership=partnership_current())
    return render(
        request,
        "performance/indicator_list.html",
        {"page_title": "Indicators", "sections": sections, "filter": sections_value(sections, "filter")},
    )


@require_http_methods(["GET", "POST"])
def indicator_create_view(request: AuthenticatedRequest) -> HttpResponse:
    _require(request, "performance.add_indicator")
    partnership = partnership_current()
    form = IndicatorForm(request.POST if request.method == "POST" else None, user=request.user, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "places"}
        indicator = indicator_create(
            partnership=partnership, places=form.cleaned_data["places"], by=request.user, **fields
        )
        messages.success(request, f"Indicator {indicator.name} added.")
        return redirect("indicator-detail", code=indicator.code)
    return render(request, "performance/indicator_form.html", {"page_title": "Add an indicator", "form": form})


@require_GET
@cached_page
def indicator_detail_view(request: AuthenticatedRequest, code: str) -> HttpResponse:
    indicator = indicator_get_visible(user=request.user, code=code)
    # What the figures show is the same for everyone who may see the indicator (performance/sections.py).
    sections = sections_for(page="indicator", request=request, indicator=indicator)
    return render(
        request,
        "performance/indicator_detail.html",
        {"page_title": indicator.name, "indicator": indicator, "sections": sections},
    )


@require_http_methods(["GET", "POST"])
def indicator_update_view(request: AuthenticatedRequest, code: str) -> HttpResponse:
    indicator = indicator_get_visible(user=request.user, code=code)
    _require(request, "performance.change_indicator", indicator)
    form = IndicatorForm(
        request.POST if request.method == "POST" else None,
        instance=indicator,
        user=request.user,
        partnership=indicator.partnership,
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name not in ("places", "code")}
        try:
            indicator_update(indicator=indicator, places=form.cleaned_data["places"], by=request.user, **fields)
        except IndicatorFeedError as refused:
            form.add_error("mps_major_category", str(refused))
        else:
            messages.success(request, f"Indicator {indicator.name} saved.")
            return redirect("indicator-detail", code=indicator.code)
    return render(
        request,
        "performance/indicator_form.html",
        {"page_title": f"Change {indicator.name}", "form": form, "indicator": indicator},
    )


@require_http_methods(["GET", "POST"])
def measurement_create_view(request: AuthenticatedRequest, code: str) -> HttpResponse:
    indicator = indicator_get_visible(user=request.user, code=code)
    _require(request, "performance.record_measurement", indicator)
    if indicator.is_fed_by_mps:  # for the administrator too, whom Django grants every permission
        raise PermissionDenied
    form = MeasurementForm(request.POST if request.method == "POST" else None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = measurement_record(
            indicator=indicator,
            quarter=data["quarter"],
            place=data.get("place"),
            value=data["value"],
            is_partial=data["is_partial"],
            by=request.user,
        )
        if result.values_changed:
            verb = "changed; the old value is kept in the list of changes"
        elif result.revised:
            verb = "now marked as covering " + (
                "part of the quarter only" if data["is_partial"] else "the whole quarter"
            )
        elif result.unchanged:
            verb = "was already recorded as that; nothing changed"
        else:
            verb = "recorded"
        messages.success(request, f"{data['quarter'].label} value {verb}.")
        return redirect("indicator-detail", code=indicator.code)
    return render(
        request,
        "performance/measurement_form.html",
        {"page_title": f"Record a value: {indicator.name}", "form": form, "indicator": indicator},
    )


@require_http_methods(["GET", "POST"])
def chair_rating_view(request: AuthenticatedRequest, code: str) -> HttpResponse:
    indicator = indicator_get_visible(user=request.user, code=code)
    _require(request, "performance.rate_indicator", indicator)
    detail = indicator_detail(indicator=indicator)
    # Whole quarters only: a part-quarter value is not rated, so a chair's rating of it could only differ.
    quarters = [row.assessment.quarter for row in detail.rows_newest_first if not row.assessment.point.is_partial]
    initial = {"quarter": request.GET.get("quarter")} if request.method == "GET" else None
    form = ChairRatingForm(request.POST if request.method == "POST" else None, initial=initial, quarters=quarters)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chair_rating_record(
            indicator=indicator, quarter=data["quarter"], rag=data["rag"], reason=data["reason"], by=request.user
        )
        messages.success(request, f"Your rating for {data['quarter'].label} is saved.")
        return redirect("indicator-detail", code=indicator.code)
    return render(
        request,
        "performance/chair_rating_form.html",
        {"page_title": f"Rate {indicator.name}", "form": form, "indicator": indicator, "detail": detail},
    )
