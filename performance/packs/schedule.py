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
from django.template.loader import render_to_string

from actions.models import Action
from actions.selectors import CLOSED_STATUSES, action_lineages, actions_updated_since, live_actions
from performance.models import PerformancePack
from performance.packs.selectors import pack_cover_defaults
from performance.packs.services import pack_request
from performance.packs.snapshot import quarter_bounds
from swp.links import site_address
from swp.mail import Email, emails_send
from swp.models import Partnership, User
from swp.quarters import FinancialQuarter

# Long enough to outlast the days the reminders may go on (up to the draft), so no later run repeats them.
REMINDER_MARK_SECONDS = 62 * 24 * 60 * 60


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
        # cache.add is atomic and refuses an existing key: the mark that the reminders went. Any day
        # from remind_on to the draft will do, so that a day the job did not run loses nothing.
        mark = f"pack-reminders:{partnership.pk}:{dates.quarter.slug}"
        if dates.remind_on <= today < dates.draft_on and cache.add(mark, today.isoformat(), REMINDER_MARK_SECONDS):
            try:
                sent += progress_reminders_send(
                    partnership=partnership, quarter=dates.quarter, draft_on=dates.draft_on, batch=mark
                )
            except Exception:
                # Unsent, so not marked: the next run tries again.
                cache.delete(mark)
                raise
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


def progress_reminders_send(
    *, partnership: Partnership, quarter: FinancialQuarter, draft_on: datetime.date, batch: str
) -> int:
    """Email each owner whose open actions have had no progress update since the quarter began;
    owners this batch reached before a failure are not emailed again (swp.mail.emails_send)."""
    start, _end = quarter_bounds(quarter)
    owners = (
        User.objects.filter(is_active=True, owned_actions__plan__board__partnership=partnership)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    owned: dict[User, list[Action]] = {}
    for owner in owners:
        # Through live_actions(user=owner): nobody is reminded of an action they may not open.
        owned[owner] = list(
            live_actions(user=owner)
            .filter(owner=owner, plan__board__partnership=partnership)
            .exclude(status__in=CLOSED_STATUSES)
            .select_related("plan__board")
            .order_by("plan__board__order", "due_date", "pk")
        )
    # An update on any version an action was carried from counts: it is the same work (ADR 0002).
    lineages = action_lineages(actions=[action for actions in owned.values() for action in actions])
    updated = actions_updated_since(lineages=lineages, since=start)
    messages: list[Email] = []
    for owner, actions in owned.items():
        waiting = [action for action in actions if action.pk not in updated]
        if not waiting:
            continue
        body = render_to_string(
            "performance/packs/email/progress_reminder.txt",
            {
                "recipient": owner,
                "quarter": quarter,
                "draft_on": draft_on,
                "actions": [(action, site_address("action-detail", action.pk)) for action in waiting],
                "service_name": settings.SERVICE_NAME,
                "site_url": settings.SITE_URL,
            },
        )
        subject = f"Progress update needed before the {quarter.label} performance pack"
        messages.append((subject, body, None, [owner.email]))
    return emails_send(emails=messages, batch=batch)
