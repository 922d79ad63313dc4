"""The quarterly calendar run by beat: reminders before the draft date, then one automatic draft."""

from __future__ import annotations

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.cache import cache
from pytest_django.fixtures import Settings

from actions.choices import ActionStatus, PlanStatus, Rag
from performance.choices import PackStatus
from performance.models import PerformancePack
from performance.packs.schedule import QuarterDates, packs_quarter_close
from swp.models import User
from tests.actions.factories import ActionFactory, ActionPlanFactory, ProgressUpdateFactory
from tests.mail import FlakyMailServer
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


@pytest.mark.parametrize("today", [REMIND_ON - datetime.timedelta(days=1), DRAFT_ON])
def test_no_reminders_before_their_day_or_once_the_draft_is_due(
    silent_actions: dict[str, object], today: datetime.date
) -> None:
    assert packs_quarter_close(today=today).reminders_sent == 0
    assert mail.outbox == []


def test_a_day_the_job_missed_is_made_up_the_next_day(silent_actions: dict[str, object]) -> None:
    assert packs_quarter_close(today=REMIND_ON + datetime.timedelta(days=1)).reminders_sent == 2
    assert packs_quarter_close(today=REMIND_ON + datetime.timedelta(days=2)).reminders_sent == 0


def test_reminders_the_mail_server_refused_go_on_the_next_run(
    settings: Settings, silent_actions: dict[str, object]
) -> None:
    settings.EMAIL_BACKEND = "tests.mail.FlakyMailServer"
    FlakyMailServer.failures_left = 1

    with pytest.raises(smtplib.SMTPServerDisconnected):
        packs_quarter_close(today=REMIND_ON)
    assert packs_quarter_close(today=REMIND_ON).reminders_sent == 2


def test_after_a_failure_partway_the_next_run_reminds_only_those_not_yet_reminded(
    settings: Settings, silent_actions: dict[str, object]
) -> None:
    settings.EMAIL_BACKEND = "tests.mail.FlakyMailServer"
    FlakyMailServer.failures_left, FlakyMailServer.deliveries_before_failure = 1, 1

    with pytest.raises(smtplib.SMTPServerDisconnected):
        packs_quarter_close(today=REMIND_ON)
    (reached,) = mail.outbox
    assert packs_quarter_close(today=REMIND_ON).reminders_sent == 1
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to != reached.to


def test_the_email_links_to_each_action_and_the_service(
    settings: Settings, silent_actions: dict[str, object], action_owner: User
) -> None:
    settings.SITE_URL = "https://swp.example.org"
    packs_quarter_close(today=REMIND_ON)

    (owner_mail,) = [message for message in mail.outbox if message.to == [action_owner.email]]
    silent = silent_actions["silent"]
    assert f"Safe spaces scheme in the West End (Victim Board): https://swp.example.org/actions/{silent.pk}/" in (
        owner_mail.body
    )
    assert "sign in to SWP Governance at https://swp.example.org and post" in owner_mail.body


def test_an_update_on_any_earlier_version_of_an_action_counts(
    silent_actions: dict[str, object], action_owner: User, pack_world: PackWorld
) -> None:
    # Updated this quarter on its first version, then carried through two revisions (ADR 0002).
    first = ActionFactory(
        plan=ActionPlanFactory(board=pack_world.victim_board, version=7, status=PlanStatus.SUPERSEDED),
        title="Carried twice",
        owner=action_owner,
    )
    ProgressUpdateFactory(action=first, rag=Rag.GREEN, recorded_at=in_quarter(8, 1))
    second = ActionFactory(
        plan=ActionPlanFactory(board=pack_world.victim_board, version=8, status=PlanStatus.SUPERSEDED),
        carried_from=first,
        title="Carried twice",
        owner=action_owner,
    )
    pack_world.overdue_action.plan.status = PlanStatus.SUPERSEDED
    pack_world.overdue_action.plan.save()
    in_force = ActionPlanFactory(board=pack_world.victim_board, version=9, status=PlanStatus.APPROVED)
    ActionFactory(plan=in_force, carried_from=second, title="Carried twice", owner=action_owner)
    ActionFactory(plan=in_force, carried_from=silent_actions["silent"], title="Still silent", owner=action_owner)

    packs_quarter_close(today=REMIND_ON)

    (owner_mail,) = [message for message in mail.outbox if message.to == [action_owner.email]]
    assert "Still silent" in owner_mail.body
    assert "Carried twice" not in owner_mail.body


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
