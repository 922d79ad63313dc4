"""Reading packs: which a person may see, one pack by id, and what a new pack's form starts with."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from boards.selectors import NOT_FOUND_MESSAGE
from performance.choices import PackFileKind
from performance.models import PerformancePack
from performance.packs.presenters import COVER_FIELDS, GENERAL_RELEASE, pack_file_stem
from performance.packs.rules import RELEASED_STATUSES, reads_every_pack
from swp.models import Partnership, User
from swp.quarters import FinancialQuarter
from swp.rules import is_scrutiny

# How far back the "start a pack" form offers quarters: two years covers any correction.
QUARTERS_OFFERED = 8


def packs_visible_to(*, user: User, partnership: Partnership) -> QuerySet[PerformancePack]:
    """The packs the person may list; the snapshot, which can be large, is left unread."""
    packs = PerformancePack.objects.filter(partnership=partnership).defer("snapshot")
    if reads_every_pack(user):
        return packs
    if is_scrutiny(user):
        return packs.filter(status__in=RELEASED_STATUSES)
    return packs.none()


def pack_get_visible(*, user: User, partnership: Partnership, pack_id: int) -> PerformancePack:
    """One pack the person may see; a draft shown to scrutiny answers exactly like a missing pack."""
    pack = (
        packs_visible_to(user=user, partnership=partnership)
        .select_related("partnership", "requested_by", "published_by")
        .filter(pk=pack_id)
        .first()
    )
    if pack is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return pack


def pack_get_any(*, partnership: Partnership, pack_id: int) -> PerformancePack:
    """Any pack of the partnership, for the download view: a refused download is logged against it."""
    pack = (
        PerformancePack.objects.filter(partnership=partnership, pk=pack_id)
        .select_related("partnership")
        .defer("snapshot")
        .first()
    )
    if pack is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return pack


def pack_file_name(*, pack: PerformancePack, kind: str) -> str:
    """The name a file downloads under, chosen here and never taken from the request."""
    stem = pack_file_stem(
        short_name=pack.partnership.short_name or pack.partnership.slug,
        quarter_slug=pack.quarter.slug,
        version=pack.version,
    )
    return f"{stem}.{PackFileKind(kind).value}"


def pack_versions(*, pack: PerformancePack) -> list[PerformancePack]:
    """The other versions of the pack's quarter that the same person could list, newest first."""
    return list(
        PerformancePack.objects.filter(partnership_id=pack.partnership_id, quarter=pack.quarter)
        .exclude(pk=pack.pk)
        .defer("snapshot")
        .order_by("-version")
    )


def pack_quarter_choices(
    *, today: datetime.date, partnership: Partnership, correcting: str = ""
) -> list[FinancialQuarter]:
    """Quarters a pack may be started for, newest first: the one under way and those before it, and
    the quarter `correcting` names (by slug) where it already has a pack, however old: its new version."""
    quarters = [FinancialQuarter.containing(today)]
    while len(quarters) < QUARTERS_OFFERED:
        quarters.append(quarters[-1].previous())
    older = _quarter_named(correcting)
    packed = PerformancePack.objects.filter(partnership=partnership)
    if older is not None and older < quarters[-1] and packed.filter(quarter=older).exists():
        quarters.append(older)
    return quarters


def _quarter_named(slug: str) -> FinancialQuarter | None:
    try:
        return FinancialQuarter.parse(slug) if slug else None
    except ValueError:
        return None


def pack_cover_defaults(*, partnership: Partnership) -> dict[str, Any]:
    """A new pack's cover block: the latest pack's, since a committee's details rarely change."""
    latest = PerformancePack.objects.filter(partnership=partnership).exclude(cover={}).order_by("-requested_at").first()
    if latest is not None:
        cover = {key: latest.cover.get(key, "") for key, _label in COVER_FIELDS}
        # Each report goes to its own meeting, so that date is never carried over.
        cover["meeting_date"] = ""
    else:
        # The first pack: only what any partnership's report would say; the rest is for people to fill in.
        cover = {key: "" for key, _label in COVER_FIELDS}
        cover.update(
            title=f"Performance of the {partnership.name}",
            wards_involved="All",
            policy_context="Community Safety",
        )
    cover["classification"] = GENERAL_RELEASE
    return cover
