"""The data-quality page: what is missing or doubtful for a quarter, before anyone builds a pack."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from boards.selectors import NOT_FOUND_MESSAGE
from performance.quality import (
    OUTLIER_DEVIATIONS,
    OUTLIER_HISTORY_QUARTERS,
    OUTLIER_MEDIAN_PERCENT,
    OUTLIER_MIN_HISTORY,
    RECONCILE_SHORTFALL_CRIMES,
    RECONCILE_SHORTFALL_PERCENT,
    STALE_ACTION_DAYS,
    quality_report,
)
from swp.quarters import FinancialQuarter
from swp.selectors import partnership_current
from swp.types import AuthenticatedRequest

QUARTERS_OFFERED = 8


@require_GET
def quality(request: AuthenticatedRequest, quarter_slug: str | None = None) -> HttpResponse:
    this_quarter = FinancialQuarter.running()
    chosen = quarter_slug or request.GET.get("quarter")
    try:
        # Until told otherwise, the quarter that has just ended: the one the next pack reports.
        quarter = FinancialQuarter.parse(chosen) if chosen else this_quarter.previous()
    except ValueError as error:
        raise Http404(NOT_FOUND_MESSAGE) from error
    offered = [this_quarter]
    while len(offered) < QUARTERS_OFFERED:
        offered.append(offered[-1].previous())
    if quarter not in offered:
        offered.append(quarter)
    report = quality_report(partnership=partnership_current(), quarter=quarter, user=request.user)
    return render(
        request,
        "performance/quality.html",
        {
            "page_title": f"Data quality, {quarter.label}",
            "report": report,
            "quarters": sorted(offered, reverse=True),
            "rules": {
                "history": OUTLIER_HISTORY_QUARTERS,
                "min_history": OUTLIER_MIN_HISTORY,
                "median_percent": OUTLIER_MEDIAN_PERCENT,
                "deviations": OUTLIER_DEVIATIONS,
                "stale_days": STALE_ACTION_DAYS,
                "shortfall_percent": RECONCILE_SHORTFALL_PERCENT,
                "shortfall_crimes": RECONCILE_SHORTFALL_CRIMES,
            },
        },
    )
