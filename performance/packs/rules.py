"""Who may see, build, publish and download performance packs.

Analysts build packs, the Executive (or an administrator) publishes them, and the people who run
the partnership read every version. Scrutiny committee members read only what has been
published, and a draft is to them as if it did not exist. Loaded by performance/rules.py, which
django-rules discovers.
"""

from __future__ import annotations

import rules

from performance.choices import PackStatus
from performance.models import PerformancePack
from swp.rules import is_admin, is_analyst, is_executive, is_scrutiny, is_swp_approver

# Published packs and the published versions that a correction replaced: both stay readable.
RELEASED_STATUSES = (PackStatus.PUBLISHED, PackStatus.SUPERSEDED)
WITH_FILES_STATUSES = (PackStatus.READY, *RELEASED_STATUSES)

reads_every_pack = is_analyst | is_executive | is_admin | is_swp_approver


@rules.predicate
def pack_is_released(user, pack: PerformancePack | None) -> bool:  # type: ignore[no-untyped-def]
    return pack is not None and pack.status in RELEASED_STATUSES


@rules.predicate
def pack_has_files(user, pack: PerformancePack | None) -> bool:  # type: ignore[no-untyped-def]
    return pack is not None and pack.status in WITH_FILES_STATUSES


@rules.predicate
def pack_is_ready(user, pack: PerformancePack | None) -> bool:  # type: ignore[no-untyped-def]
    return pack is not None and pack.status == PackStatus.READY


can_see_pack = reads_every_pack | (is_scrutiny & pack_is_released)

rules.add_perm("performance.view_packs", reads_every_pack | is_scrutiny)
rules.add_perm("performance.view_pack", can_see_pack)
rules.add_perm("performance.download_pack", can_see_pack & pack_has_files)
rules.add_perm("performance.request_pack", is_analyst | is_admin)
rules.add_perm("performance.publish_pack", (is_executive | is_admin) & pack_is_ready)
