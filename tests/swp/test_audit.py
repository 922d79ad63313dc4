"""The audit log: append-only, written by every layer, read and filtered by administrators in the
admin, and exported as CSV for the council's information governance team."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import serializers
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from boards.choices import MembershipRole
from boards.models import Board, Membership
from swp.choices import AuditEventKind, Clearance, PartnershipRole
from swp.models import AuditEvent, AuditLogAppendOnlyError, RoleAssignment, User
from swp.services import audit_record
from tests.actions.factories import ActionFactory
from tests.boards.factories import EscalationFactory, MeetingFactory, MembershipFactory
from tests.browser import assert_no_axe_violations, sign_in
from tests.performance.factories import IndicatorFactory
from tests.responses import without_csrf_token

SignedInClient = Callable[[User], Client]
LONDON = ZoneInfo("Europe/London")


def _events(kind: AuditEventKind) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=kind).order_by("pk"))


class TestAppendOnly:
    @pytest.fixture
    def event(self, victim_chair: User) -> AuditEvent:
        return audit_record(kind=AuditEventKind.SIGNED_IN, actor=victim_chair, method="test")

    def test_an_event_cannot_be_changed(self, event: AuditEvent) -> None:
        event.kind = AuditEventKind.SIGN_IN_FAILED
        with pytest.raises(AuditLogAppendOnlyError):
            event.save()
        with pytest.raises(AuditLogAppendOnlyError):
            AuditEvent.objects.filter(pk=event.pk).update(kind=AuditEventKind.SIGN_IN_FAILED)
        event.refresh_from_db()
        assert event.kind == AuditEventKind.SIGNED_IN

    def test_an_event_cannot_be_deleted(self, event: AuditEvent) -> None:
        with pytest.raises(AuditLogAppendOnlyError):
            event.delete()
        with pytest.raises(AuditLogAppendOnlyError):
            AuditEvent.objects.all().delete()
        assert AuditEvent.objects.filter(pk=event.pk).exists()

    def test_deleting_the_person_keeps_their_events_under_their_username(
        self, event: AuditEvent, victim_chair: User
    ) -> None:
        victim_chair.delete()

        event.refresh_from_db()
        assert (event.actor, event.actor_username, event.kind) == (None, "victim-chair", AuditEventKind.SIGNED_IN)

    def test_an_anonymous_actor_is_recorded_as_nobody(self, db: None) -> None:
        event = audit_record(kind=AuditEventKind.SIGN_IN_FAILED, actor=AnonymousUser(), actor_username="guess")
        assert (event.actor, event.actor_username) == (None, "guess")


class TestAdmin:
    @pytest.fixture
    def admin(self, admin_user: User) -> Client:
        client = Client()
        client.force_login(admin_user)
        return client

    @pytest.fixture
    def event(self, victim_chair: User) -> AuditEvent:
        return audit_record(kind=AuditEventKind.SIGN_IN_FAILED, actor=None, actor_username="victim-chair")

    def test_administrators_read_and_filter_the_log(self, admin: Client, event: AuditEvent) -> None:
        audit_record(kind=AuditEventKind.PUBLISHED, actor=None, actor_username="analyst")

        by_kind = admin.get("/admin/swp/auditevent/", {"kind__exact": AuditEventKind.SIGN_IN_FAILED})
        by_search = admin.get("/admin/swp/auditevent/", {"q": "analyst"})

        assert [row.pk for row in by_kind.context["cl"].result_list] == [event.pk]
        assert [row.kind for row in by_search.context["cl"].result_list] == [AuditEventKind.PUBLISHED]

    def test_nobody_adds_changes_or_deletes_an_event_in_the_admin(self, admin: Client, event: AuditEvent) -> None:
        assert admin.get("/admin/swp/auditevent/add/").status_code == 403
        assert admin.get(f"/admin/swp/auditevent/{event.pk}/delete/").status_code == 403
        admin.post(f"/admin/swp/auditevent/{event.pk}/change/", {"kind": AuditEventKind.SIGNED_IN})
        listing = admin.get("/admin/swp/auditevent/").content.decode()

        event.refresh_from_db()
        assert event.kind == AuditEventKind.SIGN_IN_FAILED
        assert "delete_selected" not in listing
        assert "Add audit event" not in listing

    def test_the_admin_downloads_chosen_events_as_csv(self, admin: Client, event: AuditEvent) -> None:
        response = admin.post("/admin/swp/auditevent/", {"action": "export_csv", "_selected_action": [event.pk]})

        rows = _csv_rows(response)
        assert [row["event code"] for row in rows] == [AuditEventKind.SIGN_IN_FAILED]
        assert _events(AuditEventKind.AUDIT_EXPORTED)[0].details == {"events": 1}

    def test_a_clearance_change_in_the_admin_is_logged_with_who_made_it(
        self, admin: Client, admin_user: User, victim_chair: User
    ) -> None:
        response = admin.post(
            f"/admin/swp/user/{victim_chair.pk}/change/", _user_form(victim_chair, clearance=Clearance.CTC)
        )
        assert response.status_code == 302, response.context["adminform"].form.errors

        (event,) = _events(AuditEventKind.CLEARANCE_CHANGED)
        assert (event.actor, event.object_type, event.object_id, event.ip_address) == (
            admin_user,
            "swp.user",
            str(victim_chair.pk),
            "127.0.0.1",
        )
        assert event.details == {"previous": "None", "clearance": "Counter-Terrorist Check (CTC)"}


def _user_form(user: User, **changes: object) -> dict[str, object]:
    """The admin's change form for a person, as posted back unchanged apart from `changes`."""
    joined = timezone.localtime(user.date_joined)
    data: dict[str, object] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": joined.date().isoformat(),
        "date_joined_1": joined.time().isoformat(timespec="seconds"),
        "clearance": user.clearance,
        "job_title": user.job_title,
        "role_assignments-TOTAL_FORMS": 0,
        "role_assignments-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


class TestAccessChanges:
    def test_deactivation_and_reactivation_are_logged(self, victim_chair: User) -> None:
        victim_chair.is_active = False
        victim_chair.save()
        victim_chair.is_active = True
        victim_chair.save()

        kinds = AuditEvent.objects.filter(object_id=str(victim_chair.pk), object_type="swp.user")
        assert list(kinds.order_by("pk").values_list("kind", flat=True))[-2:] == [
            AuditEventKind.ACCOUNT_DEACTIVATED,
            AuditEventKind.ACCOUNT_REACTIVATED,
        ]

    def test_partnership_roles_granted_and_revoked(self, analyst: User) -> None:
        role = RoleAssignment.objects.create(user=analyst, role=PartnershipRole.SCRUTINY)
        role.role = PartnershipRole.EXECUTIVE
        role.save()
        role.delete()

        events = AuditEvent.objects.filter(
            object_id=str(analyst.pk), kind__in=[AuditEventKind.ROLE_GRANTED, AuditEventKind.ROLE_REVOKED]
        )
        assert list(events.order_by("pk").values_list("kind", "details"))[-4:] == [
            (AuditEventKind.ROLE_GRANTED, {"role": "Scrutiny committee member"}),
            (AuditEventKind.ROLE_REVOKED, {"role": "Scrutiny committee member"}),
            (AuditEventKind.ROLE_GRANTED, {"role": "Executive board member"}),
            (AuditEventKind.ROLE_REVOKED, {"role": "Executive board member"}),
        ]

    def test_board_seats_given_changed_and_taken_away(self, victim_board: Board, analyst: User) -> None:
        seat = MembershipFactory(board=victim_board, user=analyst, role=MembershipRole.MEMBER)
        seat.role = MembershipRole.VICE_CHAIR
        seat.save()
        Membership.objects.get(pk=seat.pk).delete()

        events = AuditEvent.objects.filter(
            object_id=str(analyst.pk), kind__in=[AuditEventKind.ROLE_GRANTED, AuditEventKind.ROLE_REVOKED]
        )
        board = victim_board.name
        assert list(events.order_by("pk").values_list("kind", "details")) == [
            (AuditEventKind.ROLE_GRANTED, {"role": "Performance analyst"}),
            (AuditEventKind.ROLE_GRANTED, {"role": "Member", "board": board}),
            (AuditEventKind.ROLE_REVOKED, {"role": "Member", "board": board}),
            (AuditEventKind.ROLE_GRANTED, {"role": "Vice-chair", "board": board}),
            (AuditEventKind.ROLE_REVOKED, {"role": "Vice-chair", "board": board}),
        ]

    def test_rows_restored_from_a_backup_are_not_logged_as_new_changes(self, analyst: User) -> None:
        backup = serializers.serialize("json", analyst.role_assignments.all())
        analyst.role_assignments.all().delete()
        logged = AuditEvent.objects.count()

        for row in serializers.deserialize("json", backup):
            row.save()

        assert analyst.role_assignments.get().role == PartnershipRole.ANALYST
        assert AuditEvent.objects.count() == logged


class TestRefusedAccess:
    """Each app's access helper logs a look at a hidden object, and answers exactly as for a missing one."""

    @pytest.fixture
    def hidden_urls(self, contest_board: Board) -> dict[str, tuple[str, str]]:
        meeting = MeetingFactory(partnership=contest_board.partnership, boards=[contest_board])
        escalation = EscalationFactory(board=contest_board)
        action = ActionFactory(plan__board=contest_board)
        indicator = IndicatorFactory(
            partnership=contest_board.partnership, board=contest_board, code="prevent-referrals"
        )
        return {
            "/boards/contest/": ("boards.board", str(contest_board.pk)),
            f"/meetings/{meeting.pk}/": ("boards.meeting", str(meeting.pk)),
            f"/escalations/{escalation.pk}/": ("boards.escalation", str(escalation.pk)),
            f"/actions/{action.pk}/": ("actions.action", str(action.pk)),
            "/performance/indicators/prevent-referrals/": ("performance.indicator", str(indicator.pk)),
        }

    MISSING = {
        "/boards/contest/": "/boards/no-such-board/",
        "/performance/indicators/prevent-referrals/": "/performance/indicators/no-such-indicator/",
    }

    def test_each_hidden_object_is_logged_and_looks_missing(
        self, client_for: SignedInClient, uncleared_member: User, hidden_urls: dict[str, tuple[str, str]]
    ) -> None:
        client = client_for(uncleared_member)
        for url, (object_type, object_id) in hidden_urls.items():
            missing_url = self.MISSING.get(url, re.sub(r"\d+", "999999", url))
            hidden, missing = client.get(url), client.get(missing_url)

            assert hidden.status_code == missing.status_code == 404, url
            assert without_csrf_token(hidden.content) == without_csrf_token(missing.content), url
            refused = AuditEvent.objects.filter(kind=AuditEventKind.ACCESS_REFUSED).latest("pk")
            assert (refused.actor, refused.object_type, refused.object_id) == (uncleared_member, object_type, object_id)
            assert refused.object_repr == "", "a hidden object's name must not reach the log"

        assert AuditEvent.objects.filter(kind=AuditEventKind.ACCESS_REFUSED).count() == len(hidden_urls)

    def test_someone_cleared_opens_them_and_nothing_is_logged(
        self, client_for: SignedInClient, contest_chair: User, hidden_urls: dict[str, tuple[str, str]]
    ) -> None:
        client = client_for(contest_chair)
        for url in hidden_urls:
            assert client.get(url).status_code == 200, url
        assert not AuditEvent.objects.filter(kind=AuditEventKind.ACCESS_REFUSED).exists()


def _csv_rows(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


class TestExport:
    URL = "/audit/export/"

    @staticmethod
    def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)

    @pytest.fixture
    def quarter_events(self, admin_user: User) -> None:
        q1_start, q1_end = datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)
        for at, kind, username in [
            (self._at(q1_start, 0, 0), AuditEventKind.SIGNED_IN, "first-in"),
            (self._at(q1_start, 0, 0) - datetime.timedelta(seconds=1), AuditEventKind.SIGNED_IN, "too-early"),
            (self._at(q1_end, 23, 59), AuditEventKind.SIGN_IN_FAILED, '=HYPERLINK("http://evil")'),
            (self._at(q1_end + datetime.timedelta(days=1), 0, 30), AuditEventKind.SIGNED_IN, "too-late"),
        ]:
            AuditEvent.objects.create(at=at, kind=kind, actor_username=username)

    @staticmethod
    def _query(**fields: str) -> dict[str, str]:
        return {
            "start_0": "1",
            "start_1": "4",
            "start_2": "2026",
            "end_0": "30",
            "end_1": "6",
            "end_2": "2026",
            "kind": "",
            "username": "",
            **fields,
        }

    def test_only_administrators_may_export(
        self, client_for: SignedInClient, victim_chair: User, analyst: User, admin_user: User
    ) -> None:
        assert client_for(victim_chair).get(self.URL).status_code == 403
        assert client_for(analyst).get(self.URL, self._query()).status_code == 403
        assert Client().get(self.URL)["Location"] == f"/accounts/login/?next={self.URL}"
        page = client_for(admin_user).get(self.URL)
        assert page.status_code == 200
        assert '<h1 class="govuk-heading-l">Export the audit log</h1>' in page.content.decode()
        assert not _events(AuditEventKind.AUDIT_EXPORTED)

    def test_the_header_links_to_it_for_administrators_only(
        self, client_for: SignedInClient, victim_chair: User, admin_user: User
    ) -> None:
        link = f'href="{self.URL}"'
        assert link in client_for(admin_user).get("/").content.decode()
        assert link not in client_for(victim_chair).get("/").content.decode()

    def test_the_export_holds_the_days_chosen_in_uk_time_and_is_itself_logged(
        self, client_for: SignedInClient, admin_user: User, quarter_events: None
    ) -> None:
        response = client_for(admin_user).get(self.URL, self._query())

        assert response["Content-Disposition"] == 'attachment; filename="audit-log-2026-04-01-to-2026-06-30.csv"'
        rows = _csv_rows(response)
        assert [(row["username"], row["event"]) for row in rows] == [
            ("first-in", "Signed in"),
            ('\'=HYPERLINK("http://evil")', "Sign-in failed"),
        ]
        assert rows[0]["time"] == "2026-04-01T00:00:00+01:00"
        (exported,) = _events(AuditEventKind.AUDIT_EXPORTED)
        assert (exported.actor, exported.details) == (
            admin_user,
            {"start": "2026-04-01", "end": "2026-06-30", "event_kind": "", "username": ""},
        )

    def test_filtering_by_kind_and_username(
        self, client_for: SignedInClient, admin_user: User, quarter_events: None
    ) -> None:
        client = client_for(admin_user)
        by_kind = _csv_rows(client.get(self.URL, self._query(kind=AuditEventKind.SIGNED_IN)))
        by_name = _csv_rows(client.get(self.URL, self._query(username="first-in")))

        assert [row["username"] for row in by_kind] == ["first-in"]
        assert [row["username"] for row in by_name] == ["first-in"]

    def test_a_range_that_ends_before_it_starts_is_explained(
        self, client_for: SignedInClient, admin_user: User
    ) -> None:
        response = client_for(admin_user).get(self.URL, self._query(end_0="31", end_1="3"))

        html = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in html
        assert html.count("The last day must be the same as or after the first day") == 2
        assert not _events(AuditEventKind.AUDIT_EXPORTED)

    def test_a_range_to_the_last_day_there_is_holds_everything_since_its_start(
        self, client_for: SignedInClient, admin_user: User, quarter_events: None
    ) -> None:
        response = client_for(admin_user).get(self.URL, self._query(end_0="31", end_1="12", end_2="9999"))

        assert response.status_code == 200
        names = [row["username"] for row in _csv_rows(response)]
        assert {"first-in", "too-late"} <= set(names)
        assert "too-early" not in names

    def test_a_date_that_does_not_exist_is_explained(self, client_for: SignedInClient, admin_user: User) -> None:
        html = client_for(admin_user).get(self.URL, self._query(start_0="31", start_1="2")).content.decode()
        assert "Enter the first day as a real date, for example 1 4 2026" in html


@pytest.mark.browser
def test_the_export_page_passes_axe_with_and_without_errors(
    browser_page: Page, browser_errors: list[str], live_server: LiveServer, admin_user: User, test_password: str
) -> None:
    page = browser_page
    sign_in(page, live_server.url, admin_user.username, test_password)
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Export the audit log")
    assert_no_axe_violations(page)

    page.locator("#id_end_0").fill("")
    page.get_by_role("button", name="Download CSV").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The last day must include a day")
    assert_no_axe_violations(page)
    assert browser_errors == []
