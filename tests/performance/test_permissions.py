"""Who may reach each performance URL: the matrix as data, so a later security pass can extend it.

Analysts and administrators change figures; everyone signed in reads; a board's chair rates; the
uncleared get, for anything of a CONTEST indicator, exactly the page a missing one gives; and a
refused POST changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from boards.models import Board
from performance.choices import IndicatorSource
from performance.models import ChairRating, ImportBatch, Indicator, Measurement, MeasurementRevision
from swp.models import User
from tests.performance.conftest import sample
from tests.performance.factories import IndicatorFactory, MeasurementFactory
from tests.responses import without_csrf_token

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Case:
    url: str  # with {victim}, {contest}, {mps} and {batch} for the objects made below
    user: str  # a persona fixture's name, or ANONYMOUS
    status: int
    method: str = "get"

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.url} as {self.user} -> {self.status}"


READERS = ["analyst", "admin_user", "victim_chair", "offender_chair", "scrutiny_member", "uncleared_member"]
NOT_FIGURE_CHANGERS = ["victim_chair", "offender_chair", "scrutiny_member", "uncleared_member"]
FIGURE_CHANGERS = ["analyst", "admin_user"]
INDICATOR_PAGES = ["/performance/indicators/{victim}/"]
ANALYST_PAGES = [
    "/performance/indicators/new/",
    "/performance/indicators/{victim}/edit/",
    "/performance/indicators/{victim}/values/new/",
    "/performance/imports/",
    "/performance/imports/csv/",
    "/performance/imports/csv/template/",
    "/performance/imports/mps/",
    "/performance/imports/{batch}/",
]
EVERY_PAGE = [
    "/performance/indicators/",
    *INDICATOR_PAGES,
    *ANALYST_PAGES,
    "/performance/indicators/{victim}/rating/",
    "/performance/quality/",
    "/performance/quality/2025-26-q2/",
]
CONTEST_PAGES = [
    "/performance/indicators/{contest}/",
    "/performance/indicators/{contest}/edit/",
    "/performance/indicators/{contest}/values/new/",
    "/performance/indicators/{contest}/rating/",
]

CASES = [
    *(Case(url, ANONYMOUS, 302) for url in EVERY_PAGE),
    *(
        Case(url, user, 200)
        for url in ["/performance/indicators/", *INDICATOR_PAGES, "/performance/quality/"]
        for user in READERS
    ),
    *(Case(url, user, 200) for url in ANALYST_PAGES for user in FIGURE_CHANGERS),
    *(Case(url, user, 403) for url in ANALYST_PAGES for user in NOT_FIGURE_CHANGERS),
    # A value typed over an MPS-fed one would be lost at the next import: refused to the
    # administrator too, whom Django grants every permission.
    *(
        Case("/performance/indicators/{mps}/values/new/", user, 403, method)
        for user in ["analyst", "admin_user"]
        for method in ["get", "post"]
    ),
    Case("/performance/indicators/{victim}/rating/", "victim_chair", 200),
    *(
        Case("/performance/indicators/{victim}/rating/", user, 403)
        for user in ["offender_chair", "analyst", "scrutiny_member", "uncleared_member"]
    ),
    Case("/performance/indicators/{contest}/", "contest_chair", 200),
    Case("/performance/indicators/{contest}/rating/", "contest_chair", 200),
    *(
        Case(url, user, 404)
        for url in CONTEST_PAGES
        for user in ["analyst", "admin_user", "victim_chair", "scrutiny_member", "uncleared_member"]
    ),
    Case("/performance/indicators/no-such-indicator/", "analyst", 404),
    Case("/performance/imports/999999/", "analyst", 404),
    Case("/performance/quality/not-a-quarter/", "analyst", 404),
    # Refused writes.
    *(
        Case(url, user, 403, "post")
        for url in ANALYST_PAGES
        if "template" not in url and "{batch}" not in url and url != "/performance/imports/"
        for user in NOT_FIGURE_CHANGERS
    ),
    *(
        Case("/performance/indicators/{victim}/rating/", user, 403, "post")
        for user in ["offender_chair", "analyst", "scrutiny_member"]
    ),
    *(Case(url, "analyst", 404, "post") for url in CONTEST_PAGES[1:]),
]


@pytest.fixture
def objects(victim_board: Board, contest_board: Board, analyst: User) -> dict[str, str]:
    victim = IndicatorFactory(
        partnership=victim_board.partnership, board=victim_board, code="repeat-victims", target=Decimal(70)
    )
    MeasurementFactory(indicator=victim, value=Decimal(72))
    contest = IndicatorFactory(partnership=victim_board.partnership, board=contest_board, code="prevent-training")
    MeasurementFactory(indicator=contest, value=Decimal(300))
    mps = IndicatorFactory(
        partnership=victim_board.partnership, board=victim_board, code="crime-total", source=IndicatorSource.MPS_CRIME
    )
    batch = ImportBatch.objects.create(
        partnership=victim_board.partnership,
        kind="csv",
        file_sha256="0" * 64,
        imported_at=victim.measurements.get().recorded_at,
    )
    return {"victim": victim.code, "contest": contest.code, "mps": mps.code, "batch": str(batch.pk)}


def post_data(url: str) -> dict:
    """A valid submission for each form, so a refusal is the permission's doing, not the form's."""
    if url.endswith("/values/new/"):
        return {"quarter": "Q1 2026/27", "value": "99"}
    if url.endswith("/rating/"):
        return {"quarter": "2017-18-q1", "rag": "red", "reason": "Because."}
    if "/imports/csv/" in url:
        return {"file": SimpleUploadedFile("v.csv", b"indicator,quarter,value\nrepeat-victims,Q1 2026/27,5\n")}
    if "/imports/mps/" in url:
        return {"file": SimpleUploadedFile("w.csv", sample("mps-wards-sample.csv"))}
    return {
        "code": "new-one",
        "name": "New",
        "board": "",
        "direction": "lower",
        "tolerance_percent": "5",
        "source": "entered",
    }


def written() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Indicator, Measurement, MeasurementRevision, ChairRating, ImportBatch)
    }


@pytest.mark.parametrize("case", CASES, ids=str)
def test_permission_matrix(case: Case, objects: dict[str, str], request: pytest.FixtureRequest) -> None:
    client = Client()
    if case.user != ANONYMOUS:
        client.force_login(request.getfixturevalue(case.user))
    url = case.url.format(**objects)
    before = written()

    response = client.post(url, post_data(url)) if case.method == "post" else client.get(url)

    assert response.status_code == case.status, response.content[:500]
    if case.status == 302:
        assert response["Location"] == f"/accounts/login/?next={url}"
    if case.method == "post":
        assert written() == before


@pytest.mark.parametrize("path", ["", "edit/", "values/new/", "rating/"])
def test_a_confidential_indicator_answers_exactly_like_a_missing_one(
    path: str, objects: dict[str, str], client_for: Callable[[User], Client], uncleared_member: User, analyst: User
) -> None:
    for user in (uncleared_member, analyst):
        client = client_for(user)
        hidden = client.get(f"/performance/indicators/{objects['contest']}/{path}")
        missing = client.get(f"/performance/indicators/no-such-indicator/{path}")
        assert hidden.status_code == missing.status_code == 404
        assert without_csrf_token(hidden.content) == without_csrf_token(missing.content)


POSTS = [
    ("/performance/indicators/new/", "analyst"),
    ("/performance/indicators/{victim}/edit/", "analyst"),
    ("/performance/indicators/{victim}/values/new/", "analyst"),
    ("/performance/indicators/{victim}/rating/", "victim_chair"),
    ("/performance/imports/csv/", "analyst"),
    ("/performance/imports/mps/", "analyst"),
]


@pytest.mark.parametrize(("url", "user"), POSTS)
def test_every_post_needs_the_csrf_token(
    url: str, user: str, objects: dict[str, str], request: pytest.FixtureRequest
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(request.getfixturevalue(user))
    url = url.format(**objects)
    before = written()
    response = client.post(url, post_data(url))
    assert response.status_code == 403
    assert written() == before
