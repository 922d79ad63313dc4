"""The quarterly calendar run by beat: reminders before the draft date, then one automatic draft."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from pytest_django.fixtures import Settings

from actions.choices import ActionStatus, Rag
from performance.choices import PackStatus
from performance.models import PerformancePack
from performance.packs.schedule import QuarterDates, packs_quarter_close
from swp.models import User
from tests.actions.factories import ActionFactory, ProgressUpdateFactory
from tests.performance.packs.conftest import QUARTER, SECRETS, MakePack, PackWorld, in_quarter

# Q2 2025/26 ends on 30 September 2025; the settings' defaults put the draft 21 days later and the
# reminders 7 days before that.
REMIND_ON = datetime.date(2025, 10, 14)
DRAFT_ON = datetime.date(2025, 10, 21)


@pytest.fixture(autouse=True)
def own_cache(settings: Settings) -> None:
    # The reminders' once-only mark lives in the cache; the tests' Redis outlives a test, this does not.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@pytest.fixture(autouse=True)
def calendar(settings: Settings) -> None:
    settings.PACK_DRAFT_DAYS_AFTER_QUARTER = 21
    settings.PACK_REMINDER_DAYS_BEFORE_DRAFT = 7


@pytest.fixture
def silent_actions(pack_world: PackWorld, action_owner: User, uncleared_member: User) -> dict[str, object]:
    """Open actions with no update since the quarter began, beside pack_world's updated ones."""
    victim_plan = pack_world.overdue_action.plan
    contest_plan = pack_world.contest_action.plan
    silent = ActionFactory(plan=victim_plan, title="Safe spaces scheme in the West End", owner=action_owner)
    old_news = ActionFactory(
        plan=victim_plan, title="Victim navigator pilot", owner=action_owner, status=ActionStatus.IN_PROGRESS
    )
    ProgressUpdateFactory(action=old_news, rag=Rag.AMBER, recorded_at=in_quarter(6, 20))
    secret = ActionFactory(plan=contest_plan, title="Nightjar follow-up visits", owner=pack_world.contest_owner)
    # Owned by someone without clearance: they may not open it, so they are not told of it.
    ActionFactory(plan=contest_plan, title="Nightjar uncleared", owner=uncleared_member)
    ActionFactory(plan=victim_plan, title="Finished already", owner=uncleared_member, status=ActionStatus.COMPLETED)
    return {"silent": silent, "old_news": old_news, "secret": secret}


def test_the_dates_follow_the_settings() -> None:
    dates = QuarterDates.last_closed(datetime.date(2025, 10, 2))
    assert (dates.quarter, dates.remind_on, dates.draft_on) == (QUARTER, REMIND_ON, DRAFT_ON)


def test_owners_without_an_update_in_the_quarter_are_reminded_before_the_draft(
    silent_actions: dict[str, object], action_owner: User, pack_world: PackWorld
) -> None:
    report = packs_quarter_close(today=REMIND_ON)

    assert report.reminders_sent == 2
    by_person = {message.to[0]: message for message in mail.outbox}
    assert set(by_person) == {action_owner.email, pack_world.contest_owner.email}
    owner_mail = by_person[action_owner.email]
    assert owner_mail.subject == "Progress update needed before the Q2 2025/26 performance pack"
    assert "Safe spaces scheme in the West End" in owner_mail.body
    assert "Victim navigator pilot" in owner_mail.body
    assert "21 October 2025" in owner_mail.body
    # Updated in the quarter, so not asked again.
    assert pack_world.overdue_action.title not in owner_mail.body


def test_a_confidential_action_is_named_in_no_email(silent_actions: dict[str, object], pack_world: PackWorld) -> None:
    packs_quarter_close(today=REMIND_ON)
    (contest_mail,) = [message for message in mail.outbox if message.to == [pack_world.contest_owner.email]]
    assert "An action on the CONTEST Board" in contest_mail.body
    assert "Nightjar" not in contest_mail.body
    for message in mail.outbox:
        assert SECRETS["action title"] not in message.body
        assert "Nightjar uncleared" not in message.body


def test_reminders_go_once_however_often_the_job_runs(silent_actions: dict[str, object]) -> None:
    packs_quarter_close(today=REMIND_ON)
    sent = len(mail.outbox)
    assert packs_quarter_close(today=REMIND_ON).reminders_sent == 0
    assert len(mail.outbox) == sent


@pytest.mark.parametrize("today", [REMIND_ON - datetime.timedelta(days=1), REMIND_ON + datetime.timedelta(days=1)])
def test_no_reminders_on_other_days(silent_actions: dict[str, object], today: datetime.date) -> None:
    assert packs_quarter_close(today=today).reminders_sent == 0
    assert mail.outbox == []


def test_the_draft_is_queued_on_its_day_once(pack_world: PackWorld) -> None:
    assert packs_quarter_close(today=DRAFT_ON - datetime.timedelta(days=1)).drafts_requested == []

    (draft_id,) = packs_quarter_close(today=DRAFT_ON).drafts_requested
    assert packs_quarter_close(today=DRAFT_ON).drafts_requested == []
    assert packs_quarter_close(today=DRAFT_ON + datetime.timedelta(days=3)).drafts_requested == []

    draft = PerformancePack.objects.get(pk=draft_id)
    assert (draft.quarter, draft.version, draft.status, draft.requested_by) == (QUARTER, 1, PackStatus.QUEUED, None)


def test_a_late_run_still_queues_the_draft(pack_world: PackWorld) -> None:
    assert len(packs_quarter_close(today=DRAFT_ON + datetime.timedelta(days=5)).drafts_requested) == 1


def test_no_draft_once_someone_has_started_a_pack_for_the_quarter(make_pack: MakePack) -> None:
    make_pack(status=PackStatus.READY)
    assert packs_quarter_close(today=DRAFT_ON).drafts_requested == []
    assert PerformancePack.objects.count() == 1


def test_the_draft_takes_the_last_packs_cover(make_pack: MakePack) -> None:
    make_pack(status=PackStatus.PUBLISHED, quarter=QUARTER.previous())
    (draft_id,) = packs_quarter_close(today=DRAFT_ON).drafts_requested
    cover = PerformancePack.objects.get(pk=draft_id).cover
    assert (cover["committee"], cover["classification"]) == ("Scrutiny Committee", "General Release")
