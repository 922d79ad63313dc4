"""The pack pages, as data: who reaches every URL, what they see, CSRF on every POST, downloads logged."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from performance.choices import PackStatus
from performance.models import PackDownload, PerformancePack
from swp.models import User
from swp.quarters import FinancialQuarter
from tests.performance.packs.conftest import QUARTER, MakePack
from tests.responses import without_csrf_token

ClientFor = Callable[[User], Client]

READERS = ["analyst", "executive_chair", "admin_user", "swp_chair"]
# Signed in, but none of their roles has anything to do with packs.
OUTSIDERS = ["victim_chair", "uncleared_member", "contest_chair", "tasking_officer"]


@pytest.fixture
def packs(make_pack: MakePack) -> dict[str, PerformancePack]:
    return {
        "published": make_pack(status=PackStatus.PUBLISHED, quarter=QUARTER.previous()),
        "superseded": make_pack(status=PackStatus.SUPERSEDED, quarter=QUARTER.previous().previous()),
        "draft": make_pack(status=PackStatus.READY),
        "building": make_pack(status=PackStatus.BUILDING, quarter=QUARTER.next()),
        "failed": make_pack(status=PackStatus.FAILED, quarter=QUARTER.next().next()),
    }


def _url(what: str, packs: dict[str, PerformancePack]) -> str:
    page, *rest = what.split(":")
    if page == "list":
        return "/performance/packs/"
    if page == "new":
        return "/performance/packs/new/"
    pack = packs[rest[0]]
    return {
        "detail": f"/performance/packs/{pack.pk}/",
        "status": f"/performance/packs/{pack.pk}/status/",
        "publish": f"/performance/packs/{pack.pk}/publish/",
        "download": f"/performance/packs/{pack.pk}/download/{rest[-1]}/",
    }[page]


def _who(request: pytest.FixtureRequest, persona: str) -> User:
    return request.getfixturevalue(persona)


# (persona, method, URL, status code). Every URL the packs add, for every kind of person.
MATRIX = [
    *[(persona, "get", "list", 200) for persona in [*READERS, "scrutiny_member"]],
    *[(persona, "get", "list", 403) for persona in OUTSIDERS],
    *[(persona, "get", "new", 200) for persona in ["analyst", "admin_user"]],
    *[(persona, "get", "new", 403) for persona in ["executive_chair", "swp_chair", "scrutiny_member", *OUTSIDERS]],
    *[(persona, "post", "new", 403) for persona in ["executive_chair", "swp_chair", "scrutiny_member", *OUTSIDERS]],
    *[
        (persona, "get", f"{page}:{state}", 200)
        for persona in READERS
        for page in ("detail", "status")
        for state in ("draft", "building", "failed", "published", "superseded")
    ],
    *[
        ("scrutiny_member", "get", f"{page}:{state}", 200)
        for page in ("detail", "status")
        for state in ("published", "superseded")
    ],
    # A draft is to a scrutiny member exactly what a pack that does not exist is.
    *[
        ("scrutiny_member", "get", f"{page}:{state}", 404)
        for page in ("detail", "status")
        for state in ("draft", "building", "failed")
    ],
    *[(persona, "get", f"detail:{state}", 404) for persona in OUTSIDERS for state in ("draft", "published")],
    *[(persona, "post", "publish:draft", 302) for persona in ["executive_chair", "admin_user"]],
    *[(persona, "post", "publish:draft", 403) for persona in ["analyst", "swp_chair"]],
    *[(persona, "post", "publish:draft", 404) for persona in ["scrutiny_member", *OUTSIDERS]],
    *[
        (persona, "get", f"download:{state}:{kind}", 200)
        for persona in READERS
        for state in ("draft", "published", "superseded")
        for kind in ("pdf", "xlsx")
    ],
    *[
        ("scrutiny_member", "get", f"download:{state}:{kind}", 200)
        for state in ("published", "superseded")
        for kind in ("pdf", "xlsx")
    ],
    *[("scrutiny_member", "get", f"download:{state}:pdf", 404) for state in ("draft", "building", "failed")],
    *[(persona, "get", "download:published:pdf", 404) for persona in OUTSIDERS],
    *[(persona, "get", f"download:{state}:pdf", 404) for persona in READERS for state in ("building", "failed")],
]


@pytest.mark.parametrize(("persona", "method", "what", "expected"), MATRIX)
def test_who_reaches_each_url(
    request: pytest.FixtureRequest,
    client_for: ClientFor,
    packs: dict[str, PerformancePack],
    persona: str,
    method: str,
    what: str,
    expected: int,
) -> None:
    response = getattr(client_for(_who(request, persona)), method)(_url(what, packs))
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("method", "what"),
    [
        ("get", "list"),
        ("get", "new"),
        ("post", "new"),
        ("get", "detail:draft"),
        ("get", "detail:published"),
        ("get", "status:building"),
        ("post", "publish:draft"),
        ("get", "download:published:pdf"),
        ("get", "download:draft:xlsx"),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(
    client: Client, packs: dict[str, PerformancePack], method: str, what: str
) -> None:
    url = _url(what, packs)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"
    assert not PackDownload.objects.exists()


def test_a_draft_looks_to_scrutiny_exactly_like_a_missing_pack(
    client_for: ClientFor, scrutiny_member: User, packs: dict[str, PerformancePack]
) -> None:
    client = client_for(scrutiny_member)
    draft = client.get(f"/performance/packs/{packs['draft'].pk}/")
    missing = client.get("/performance/packs/999999/")
    assert draft.status_code == missing.status_code == 404
    assert without_csrf_token(draft.content) == without_csrf_token(missing.content)


class TestList:
    def test_scrutiny_sees_published_and_superseded_packs_only(
        self, client_for: ClientFor, scrutiny_member: User, packs: dict[str, PerformancePack]
    ) -> None:
        response = client_for(scrutiny_member).get("/performance/packs/")
        assert {pack.pk for pack in response.context["packs"]} == {packs["published"].pk, packs["superseded"].pk}
        assert f"/performance/packs/{packs['draft'].pk}/" not in response.content.decode()

    def test_the_people_who_run_the_partnership_see_every_pack(
        self, client_for: ClientFor, executive_chair: User, packs: dict[str, PerformancePack]
    ) -> None:
        response = client_for(executive_chair).get("/performance/packs/")
        assert {pack.pk for pack in response.context["packs"]} == {pack.pk for pack in packs.values()}
        # A failed build is not one still to come.
        assert response.content.decode().count("Not built: it failed") == 1

    def test_only_analysts_are_offered_a_new_pack(
        self, client_for: ClientFor, analyst: User, executive_chair: User, db: None
    ) -> None:
        assert "Start a pack" in client_for(analyst).get("/performance/packs/").content.decode()
        assert "Start a pack" not in client_for(executive_chair).get("/performance/packs/").content.decode()

    @pytest.mark.parametrize(
        ("persona", "shown"), [("analyst", True), ("scrutiny_member", True), ("victim_chair", False)]
    )
    def test_the_header_links_to_packs_for_those_who_may_read_them(
        self, request: pytest.FixtureRequest, client_for: ClientFor, persona: str, shown: bool
    ) -> None:
        html = client_for(_who(request, persona)).get("/").content.decode()
        assert ('href="/performance/packs/"' in html) is shown


class TestStartAPack:
    def test_the_form_starts_from_the_last_packs_cover_and_the_quarter_just_ended(
        self, client_for: ClientFor, analyst: User, packs: dict[str, PerformancePack]
    ) -> None:
        form = client_for(analyst).get("/performance/packs/new/").context["form"]
        assert form.initial["committee"] == "Scrutiny Committee"
        assert form["quarter"].value() == form.fields["quarter"].choices[1][0]

    def test_a_new_version_starts_from_its_packs_quarter(
        self, client_for: ClientFor, analyst: User, packs: dict[str, PerformancePack]
    ) -> None:
        client = client_for(analyst)
        page = client.get(f"/performance/packs/{packs['published'].pk}/").content.decode()
        assert f'href="/performance/packs/new/?quarter={QUARTER.previous().slug}"' in page
        form = client.get(f"/performance/packs/new/?quarter={QUARTER.previous().slug}").context["form"]
        assert form["quarter"].value() == QUARTER.previous().slug

    def test_a_new_version_of_a_quarter_older_than_those_offered_starts_from_it_too(
        self, client_for: ClientFor, analyst: User, make_pack: MakePack
    ) -> None:
        old = FinancialQuarter(2019, 2)
        pack = make_pack(status=PackStatus.PUBLISHED, quarter=old)
        client = client_for(analyst)
        assert (
            f'href="/performance/packs/new/?quarter={old.slug}"'
            in client.get(f"/performance/packs/{pack.pk}/").content.decode()
        )

        form = client.get(f"/performance/packs/new/?quarter={old.slug}").context["form"]

        assert form["quarter"].value() == old.slug
        assert old.slug in [value for value, _ in form.fields["quarter"].choices]
        # A quarter with no pack yet is not offered that way.
        blank = client.get(f"/performance/packs/new/?quarter={FinancialQuarter(2018, 1).slug}").context["form"]
        assert FinancialQuarter(2018, 1).slug not in [value for value, _ in blank.fields["quarter"].choices]

    def test_starting_a_pack_queues_it_and_shows_its_page(
        self, client_for: ClientFor, analyst: User, partnership: object
    ) -> None:
        response = client_for(analyst).post(
            "/performance/packs/new/",
            {"quarter": "2025-26-q2", "committee": "Scrutiny Committee", "title": "Quarterly performance"},
        )
        pack = PerformancePack.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/performance/packs/{pack.pk}/"
        assert (pack.quarter, pack.status, pack.requested_by) == (QUARTER, PackStatus.QUEUED, analyst)
        assert (pack.cover["committee"], pack.cover["classification"]) == ("Scrutiny Committee", "General Release")

    def test_missing_answers_are_explained_beside_each_field_and_nothing_is_queued(
        self, client_for: ClientFor, analyst: User, partnership: object
    ) -> None:
        response = client_for(analyst).post(
            "/performance/packs/new/", {"quarter": "1999-00-q1", "meeting_date_0": "31", "meeting_date_1": "2"}
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "govuk-error-summary" in html
        errors = response.context["form"].errors
        assert set(errors) == {"quarter", "committee", "title", "meeting_date"}
        assert errors["committee"] == ["Enter the committee the report goes to"]
        assert errors["title"] == ["Enter the title of the report"]
        assert not PerformancePack.objects.exists()

        impossible = client_for(analyst).post(
            "/performance/packs/new/", {"meeting_date_0": "31", "meeting_date_1": "2", "meeting_date_2": "2027"}
        )
        assert impossible.context["form"].errors["meeting_date"] == [
            "Enter the date of the meeting as a real date, for example 19 6 2026"
        ]

    def test_a_second_build_of_the_same_quarter_is_refused_with_a_reason(
        self, client_for: ClientFor, analyst: User, make_pack: MakePack
    ) -> None:
        make_pack(status=PackStatus.QUEUED)
        response = client_for(analyst).post(
            "/performance/packs/new/", {"quarter": QUARTER.slug, "committee": "Scrutiny", "title": "Performance"}
        )
        assert response.status_code == 200
        assert "already being built" in response.content.decode()
        assert PerformancePack.objects.count() == 1


class TestProgress:
    def test_a_building_pack_refreshes_itself_without_javascript_until_asked_to_stop(
        self, client_for: ClientFor, analyst: User, packs: dict[str, PerformancePack]
    ) -> None:
        client = client_for(analyst)
        url = f"/performance/packs/{packs['building'].pk}/"
        assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in client.get(url).content.decode()
        stopped = client.get(f"{url}?refresh=off").content.decode()
        assert 'http-equiv="refresh"' not in stopped
        assert "Refresh to see how the build is going" in stopped

    def test_a_finished_pack_does_not_refresh(
        self, client_for: ClientFor, analyst: User, packs: dict[str, PerformancePack]
    ) -> None:
        html = client_for(analyst).get(f"/performance/packs/{packs['draft'].pk}/").content.decode()
        assert 'http-equiv="refresh"' not in html
        assert "pack-progress.js" not in html

    def test_the_status_endpoint_reports_progress_for_the_script(
        self, client_for: ClientFor, analyst: User, packs: dict[str, PerformancePack]
    ) -> None:
        PerformancePack.objects.filter(pk=packs["building"].pk).update(progress_percent=40)
        status = client_for(analyst).get(f"/performance/packs/{packs['building'].pk}/status/").json()
        assert status == {"status": "building", "status_label": "Building", "progress_percent": 40, "finished": False}

    def test_a_failed_pack_says_why(
        self, client_for: ClientFor, analyst: User, packs: dict[str, PerformancePack]
    ) -> None:
        PerformancePack.objects.filter(pk=packs["failed"].pk).update(failure_reason="The worker stopped 3 times.")
        html = client_for(analyst).get(f"/performance/packs/{packs['failed'].pk}/").content.decode()
        assert "The worker stopped 3 times." in html


class TestPublish:
    def test_the_executive_publishes_a_draft(
        self, client_for: ClientFor, executive_chair: User, packs: dict[str, PerformancePack]
    ) -> None:
        client = client_for(executive_chair)
        page = client.get(f"/performance/packs/{packs['draft'].pk}/").content.decode()
        assert "Publish this pack" in page
        client.post(f"/performance/packs/{packs['draft'].pk}/publish/")
        assert PerformancePack.objects.get(pk=packs["draft"].pk).status == PackStatus.PUBLISHED

    def test_the_publish_warning_speaks_of_a_published_version_only_where_there_is_one(
        self, client_for: ClientFor, executive_chair: User, make_pack: MakePack
    ) -> None:
        client = client_for(executive_chair)
        first = make_pack(status=PackStatus.READY)
        second = make_pack(status=PackStatus.READY)
        replaced = "The version of this quarter published now will be marked as replaced."
        assert replaced not in client.get(f"/performance/packs/{second.pk}/").content.decode()

        client.post(f"/performance/packs/{first.pk}/publish/")

        assert replaced in client.get(f"/performance/packs/{second.pk}/").content.decode()

    def test_the_publish_button_shows_only_to_those_who_may_press_it(
        self, client_for: ClientFor, analyst: User, executive_chair: User, packs: dict[str, PerformancePack]
    ) -> None:
        assert (
            "Publish this pack"
            not in client_for(analyst).get(f"/performance/packs/{packs['draft'].pk}/").content.decode()
        )
        published = client_for(executive_chair).get(f"/performance/packs/{packs['published'].pk}/").content.decode()
        assert "Publish this pack" not in published

    def test_an_older_draft_than_the_published_version_offers_no_publish_button(
        self, client_for: ClientFor, executive_chair: User, packs: dict[str, PerformancePack], make_pack: MakePack
    ) -> None:
        make_pack(status=PackStatus.PUBLISHED)  # version 2 of the draft's quarter
        page = client_for(executive_chair).get(f"/performance/packs/{packs['draft'].pk}/").content.decode()
        assert "Publish this pack" not in page
        assert "Version 2 of this quarter's pack is published and newer" in page

    def test_a_refused_publish_leaves_the_pack_a_draft(
        self, client_for: ClientFor, analyst: User, packs: dict[str, PerformancePack]
    ) -> None:
        client_for(analyst).post(f"/performance/packs/{packs['draft'].pk}/publish/")
        assert PerformancePack.objects.get(pk=packs["draft"].pk).status == PackStatus.READY


class TestDownload:
    def test_a_pack_whose_files_are_missing_from_storage_says_so_rather_than_failing(
        self, client_for: ClientFor, scrutiny_member: User, packs: dict[str, PerformancePack]
    ) -> None:
        published = packs["published"]
        default_storage.delete(published.pdf_file.name)
        client = client_for(scrutiny_member)

        page = client.get(f"/performance/packs/{published.pk}/")

        assert page.status_code == 200
        assert "Some of this pack's files are missing from the service's storage." in page.content.decode()
        assert client.get(f"/performance/packs/{published.pk}/download/pdf/").status_code == 404
        assert client.get(f"/performance/packs/{published.pk}/download/xlsx/").status_code == 200
        # Only the file that was sent counts as downloaded.
        assert list(PackDownload.objects.values_list("file_kind", "allowed")) == [("xlsx", True)]

    def test_the_file_comes_with_a_name_the_server_chose(
        self, client_for: ClientFor, scrutiny_member: User, packs: dict[str, PerformancePack]
    ) -> None:
        pack = packs["published"]
        response = client_for(scrutiny_member).get(f"/performance/packs/{pack.pk}/download/pdf/")
        assert response["Content-Disposition"] == 'attachment; filename="swp-performance-pack-2025-26-q1-v1.pdf"'
        assert b"".join(response.streaming_content) == b"%PDF-1.7 stand-in"

    def test_each_download_is_logged(
        self, client_for: ClientFor, scrutiny_member: User, packs: dict[str, PerformancePack]
    ) -> None:
        client_for(scrutiny_member).get(f"/performance/packs/{packs['published'].pk}/download/xlsx/")
        record = PackDownload.objects.get()
        assert (record.pack, record.user, record.file_kind, record.allowed) == (
            packs["published"],
            scrutiny_member,
            "xlsx",
            True,
        )

    @pytest.mark.parametrize(("persona", "state"), [("scrutiny_member", "draft"), ("victim_chair", "published")])
    def test_a_refused_download_is_logged_too(
        self,
        request: pytest.FixtureRequest,
        client_for: ClientFor,
        packs: dict[str, PerformancePack],
        persona: str,
        state: str,
    ) -> None:
        person = _who(request, persona)
        response = client_for(person).get(f"/performance/packs/{packs[state].pk}/download/pdf/")
        assert response.status_code == 404
        record = PackDownload.objects.get()
        assert (record.pack, record.user, record.allowed) == (packs[state], person, False)

    def test_an_unknown_file_kind_is_no_url_at_all(
        self, client_for: ClientFor, analyst: User, packs: dict[str, PerformancePack]
    ) -> None:
        response = client_for(analyst).get(f"/performance/packs/{packs['draft'].pk}/download/snapshot/")
        assert response.status_code == 404
        assert not PackDownload.objects.exists()


class TestCsrf:
    @pytest.fixture
    def strict(self, executive_chair: User) -> Client:
        client = Client(enforce_csrf_checks=True)
        client.force_login(executive_chair)
        return client

    def test_publishing_needs_the_forms_token(self, strict: Client, packs: dict[str, PerformancePack]) -> None:
        assert strict.post(f"/performance/packs/{packs['draft'].pk}/publish/").status_code == 403
        assert PerformancePack.objects.get(pk=packs["draft"].pk).status == PackStatus.READY

    def test_starting_a_pack_needs_the_forms_token(self, analyst: User, partnership: object) -> None:
        strict = Client(enforce_csrf_checks=True)
        strict.force_login(analyst)
        response = strict.post(
            "/performance/packs/new/", {"quarter": QUARTER.slug, "committee": "Scrutiny", "title": "Performance"}
        )
        assert response.status_code == 403
        assert not PerformancePack.objects.exists()
