"""Performance pack pages: the list, starting a build, a pack's progress and files, publishing, downloads."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from boards.selectors import NOT_FOUND_MESSAGE
from performance.choices import PackFileKind, PackStatus
from performance.models import PerformancePack
from performance.packs.forms import PackRequestForm
from performance.packs.presenters import cover_rows
from performance.packs.rules import WITH_FILES_STATUSES
from performance.packs.selectors import (
    pack_cover_defaults,
    pack_file_name,
    pack_get_any,
    pack_get_visible,
    pack_quarter_choices,
    pack_versions,
    packs_visible_to,
)
from performance.packs.services import PackError, pack_download_record, pack_publish, pack_request
from swp.page_cache import cached_page
from swp.selectors import partnership_current
from swp.types import AuthenticatedRequest

logger = logging.getLogger(__name__)

IN_PROGRESS = (PackStatus.QUEUED, PackStatus.BUILDING)
# Seconds between refreshes of a building pack's page when the browser runs no JavaScript.
REFRESH_SECONDS = 5


def _require(request: AuthenticatedRequest, permission: str, pack: PerformancePack | None = None) -> None:
    if not request.user.has_perm(permission, pack):
        raise PermissionDenied


@require_GET
@cached_page
def pack_list(request: AuthenticatedRequest) -> HttpResponse:
    _require(request, "performance.view_packs")
    partnership = partnership_current()
    packs = packs_visible_to(user=request.user, partnership=partnership).select_related("requested_by")
    return render(request, "performance/packs/pack_list.html", {"page_title": "Performance packs", "packs": packs})


@require_http_methods(["GET", "POST"])
def pack_request_view(request: AuthenticatedRequest) -> HttpResponse:
    _require(request, "performance.request_pack")
    partnership = partnership_current()
    correcting = request.GET.get("quarter", "")
    quarters = pack_quarter_choices(today=timezone.localdate(), partnership=partnership, correcting=correcting)
    # A new version names its quarter; otherwise the quarter just ended, which a pack nearly always reports.
    asked = [quarter for quarter in quarters if quarter.slug == correcting]
    chosen = asked[0] if asked else quarters[1]
    initial = PackRequestForm.initial_for(cover=pack_cover_defaults(partnership=partnership), quarter=chosen)
    form = PackRequestForm(request.POST if request.method == "POST" else None, initial=initial, quarters=quarters)
    if request.method == "POST" and form.is_valid():
        try:
            pack = pack_request(
                partnership=partnership,
                quarter=form.cleaned_data["quarter"],
                cover=form.cover(),
                requested_by=request.user,
            )
        except PackError as error:
            form.add_error("quarter", str(error))
        else:
            messages.success(request, f"Version {pack.version} of the {pack.quarter.label} pack has been started.")
            return redirect("pack-detail", pk=pack.pk)
    return render(
        request,
        "performance/packs/pack_request.html",
        {"page_title": "Start a performance pack", "form": form, "quality_quarter": chosen},
    )


@require_GET
def pack_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pack = pack_get_visible(user=request.user, partnership=partnership_current(), pack_id=pk)
    building = pack.status in IN_PROGRESS
    files = []
    files_missing = False
    # Superusers hold every permission, so the state is checked too: only these states have files.
    if pack.status in WITH_FILES_STATUSES and request.user.has_perm("performance.download_pack", pack):
        for kind in PackFileKind:
            try:
                size = default_storage.size(getattr(pack, f"{kind.value}_file").name)
            except OSError:  # storage restored without its files, say: the page says so, not a 500
                files_missing = True
                continue
            files.append(
                {
                    "kind": kind,
                    "label": kind.label,
                    "name": pack_file_name(pack=pack, kind=kind),
                    "size": size,
                    "sha256": getattr(pack, f"{kind.value}_sha256"),
                }
            )
    versions = [
        version for version in pack_versions(pack=pack) if request.user.has_perm("performance.view_pack", version)
    ]
    return render(
        request,
        "performance/packs/pack_detail.html",
        {
            "page_title": f"Performance pack {pack.quarter.label}, version {pack.version}",
            "pack": pack,
            "building": building,
            # Refreshing stops when asked (WCAG 2.2.2): the page offers a link that adds ?refresh=off.
            "auto_refresh": building and request.GET.get("refresh") != "off",
            "refresh_seconds": REFRESH_SECONDS,
            "files": files,
            "files_missing": files_missing,
            "cover": cover_rows(pack.cover),
            "versions": versions,
            # pack_publish refuses a version older than one already published: offer no button for it.
            "newer_published": next(
                (v for v in versions if v.version > pack.version and v.status == PackStatus.PUBLISHED), None
            ),
            # What publishing this one replaces, as its warning says.
            "published_now": any(v.status == PackStatus.PUBLISHED for v in versions),
        },
    )


@require_GET
def pack_status(request: AuthenticatedRequest, pk: int) -> JsonResponse:
    """The build's progress for the page's script, which polls it while the pack builds."""
    pack = pack_get_visible(user=request.user, partnership=partnership_current(), pack_id=pk)
    return JsonResponse(
        {
            "status": pack.status,
            "status_label": pack.get_status_display(),
            "progress_percent": pack.progress_percent,
            "finished": pack.status not in IN_PROGRESS,
        }
    )


@require_POST
def pack_publish_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pack = pack_get_visible(user=request.user, partnership=partnership_current(), pack_id=pk)
    _require(request, "performance.publish_pack", pack)
    try:
        pack = pack_publish(pack=pack, by=request.user)
    except PackError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Version {pack.version} of the {pack.quarter.label} pack is published.")
    return redirect("pack-detail", pk=pack.pk)


@require_GET
def pack_download(request: AuthenticatedRequest, pk: int, kind: str) -> FileResponse:
    pack = pack_get_any(partnership=partnership_current(), pack_id=pk)
    allowed = pack.status in WITH_FILES_STATUSES and request.user.has_perm("performance.download_pack", pack)
    if not allowed:
        # Logged, and answered as if the pack did not exist: a draft is nobody else's business.
        pack_download_record(pack=pack, user=request.user, file_kind=kind, allowed=False)
        raise Http404(NOT_FOUND_MESSAGE)
    stored = getattr(pack, f"{kind}_file")
    try:
        opened = stored.open("rb")
    except OSError as missing:
        # Not a download, so not logged as one: a file gone from storage is for whoever runs the service.
        logger.error("Pack %s has no %s file in storage: %s", pack.pk, kind, missing)
        raise Http404(NOT_FOUND_MESSAGE) from missing
    pack_download_record(pack=pack, user=request.user, file_kind=kind, allowed=True)
    return FileResponse(opened, as_attachment=True, filename=pack_file_name(pack=pack, kind=kind))
