"""Importing figures: a CSV of indicator values, or the Metropolitan Police's crime files."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from performance.forms import UploadForm
from performance.selectors import import_batch_get, import_batches, import_report
from performance.services import (
    CsvImportError,
    MpsFileError,
    measurements_csv_import,
    measurements_csv_template,
    mps_crime_import,
)
from performance.uploads import uploads_in_memory
from swp.quarters import FinancialQuarter
from swp.selectors import partnership_current
from swp.types import AuthenticatedRequest


def _require_importer(request: AuthenticatedRequest) -> None:
    if not request.user.has_perm("performance.import_figures"):
        raise PermissionDenied


@require_GET
def import_list(request: AuthenticatedRequest) -> HttpResponse:
    _require_importer(request)
    batches = import_batches(partnership=partnership_current(), user=request.user, limit=50)
    return render(request, "performance/import_list.html", {"page_title": "Imports", "batches": batches})


@require_GET
def import_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _require_importer(request)
    batch = import_batch_get(partnership=partnership_current(), pk=pk, user=request.user)
    report = import_report(batch=batch, user=request.user)
    return render(
        request,
        "performance/import_detail.html",
        {"page_title": f"Import of {batch.file_name or 'a file'}", "batch": batch, "report": report},
    )


@require_GET
def import_csv_template(request: AuthenticatedRequest) -> HttpResponse:
    _require_importer(request)
    quarter = FinancialQuarter.running().previous()
    text = measurements_csv_template(partnership=partnership_current(), user=request.user, quarter=quarter)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="indicator-values-{quarter.slug}.csv"'
    return response


@uploads_in_memory
@require_http_methods(["GET", "POST"])
def import_csv(request: AuthenticatedRequest) -> HttpResponse:
    _require_importer(request)
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        label="CSV file of indicator values",
        button="Import values",
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = measurements_csv_import(
                partnership=partnership_current(), data=upload.read(), file_name=upload.name, by=request.user
            )
        except CsvImportError as error:
            problems = [str(problem) for problem in error.problems]
            form.add_error("file", _problems_message(len(problems)))
        else:
            return redirect("import-detail", pk=batch.pk)
    return render(
        request,
        "performance/import_csv.html",
        {"page_title": "Import indicator values", "form": form, "problems": problems},
    )


@uploads_in_memory
@require_http_methods(["GET", "POST"])
def import_mps(request: AuthenticatedRequest) -> HttpResponse:
    _require_importer(request)
    partnership = partnership_current()
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        label="MPS crime file (CSV)",
        button="Import crime figures",
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = mps_crime_import(
                partnership=partnership, data=upload.read(), file_name=upload.name, by=request.user
            )
        except MpsFileError as error:
            problems = error.problems
            form.add_error("file", _problems_message(error.total))
        else:
            return redirect("import-detail", pk=batch.pk)
    return render(
        request,
        "performance/import_mps.html",
        {"page_title": "Import MPS crime figures", "form": form, "problems": problems, "partnership": partnership},
    )


def _problems_message(count: int) -> str:
    found = "a problem" if count == 1 else f"{count} problems"
    return f"The file has {found}, listed below. Nothing was imported: correct the file and import it again"
