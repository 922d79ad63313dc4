"""The pack's quarterly calendar, run each morning by Celery beat.

PACK_DRAFT_DAYS_AFTER_QUARTER days after a quarter ends a draft pack is built for it, so the
analyst starts from a draft rather than a blank; PACK_REMINDER_DAYS_BEFORE_DRAFT days before that,
owners of open actions with no progress update in the quarter are asked for one, so that the
draft has their news. Running the job twice on a day, or late, does neither twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from actions.selectors import CLOSED_STATUSES, live_actions
from performance.models import PerformancePack
from performance.packs.selectors import pack_cover_defaults
from performance.packs.services import pack_request
from performance.packs.snapshot import quarter_bounds
from swp.models import Partnership, User
from swp.quarters import FinancialQuarter

# Long enough to outlast the day the reminders go on, so a second run that day finds the mark.
REMINDER_MARK_SECONDS = 3 * 24 * 60 * 60


@dataclass(frozen=True)
class QuarterDates:
    quarter: FinancialQuarter
    remind_on: datetime.date
    draft_on: datetime.date

    @classmethod
    def last_closed(cls, today: datetime.date) -> QuarterDates:
        """The dates for the quarter that ended most recently before today."""
        quarter = FinancialQuarter.containing(today).previous()
        draft_on = quarter.end + datetime.timedelta(days=settings.PACK_DRAFT_DAYS_AFTER_QUARTER)
        remind_on = draft_on - datetime.timedelta(days=settings.PACK_REMINDER_DAYS_BEFORE_DRAFT)
        return cls(quarter=quarter, remind_on=remind_on, draft_on=draft_on)


@dataclass(frozen=True)
class QuarterCloseReport:
    reminders_sent: int
    drafts_requested: list[int]


def packs_quarter_close(*, today: datetime.date) -> QuarterCloseReport:
    dates = QuarterDates.last_closed(today)
    sent, drafts = 0, []
    for partnership in Partnership.objects.order_by("pk"):
        # cache.add is atomic and refuses an existing key: the mark that the reminders went.
        mark = f"pack-reminders:{partnership.pk}:{dates.quarter.slug}"
        if today == dates.remind_on and cache.add(mark, today.isoformat(), REMINDER_MARK_SECONDS):
            sent += progress_reminders_send(partnership=partnership, quarter=dates.quarter, draft_on=dates.draft_on)
        # One automatic draft per quarter, and none once anybody has started a pack for it.
        exists = PerformancePack.objects.filter(partnership=partnership, quarter=dates.quarter).exists()
        if today >= dates.draft_on and not exists:
            pack = pack_request(
                partnership=partnership,
                quarter=dates.quarter,
                cover=pack_cover_defaults(partnership=partnership),
                requested_by=None,
            )
            drafts.append(pack.pk)
    return QuarterCloseReport(reminders_sent=sent, drafts_requested=drafts)


def progress_reminders_send(*, partnership: Partnership, quarter: FinancialQuarter, draft_on: datetime.date) -> int:
    """Email each owner whose open actions have had no progress update since the quarter began."""
    start, _end = quarter_bounds(quarter)
    updated_since_start = Q(progress_updates__recorded_at__gte=start) | Q(
        carried_from__progress_updates__recorded_at__gte=start
    )
    owners = (
        User.objects.filter(is_active=True, owned_actions__plan__board__partnership=partnership)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    messages = []
    for owner in owners:
        # Through live_actions(user=owner): nobody is reminded of an action they may not open.
        actions = list(
            live_actions(user=owner)
            .filter(owner=owner, plan__board__partnership=partnership)
            .exclude(status__in=CLOSED_STATUSES)
            .exclude(updated_since_start)
            .select_related("plan__board")
            .order_by("plan__board__order", "due_date", "pk")
        )
        if not actions:
            continue
        body = render_to_string(
            "performance/packs/email/progress_reminder.txt",
            {
                "recipient": owner,
                "quarter": quarter,
                "draft_on": draft_on,
                "actions": [(action, reverse("action-detail", args=[action.pk])) for action in actions],
                "service_name": settings.SERVICE_NAME,
            },
        )
        subject = f"Progress update needed before the {quarter.label} performance pack"
        messages.append((subject, body, None, [owner.email]))
    return send_mass_mail(messages, fail_silently=False)
