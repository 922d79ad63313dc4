"""The demo loader: personas of every role, content in every state, and no duplicates on a rerun."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from actions.choices import ActionStatus, PlanStatus
from actions.models import Action, ActionPlan, ProgressUpdate
from boards.models import Escalation, Meeting, Membership
from performance.choices import PackStatus
from performance.models import Indicator, Measurement, PerformancePack
from swp.choices import Clearance, PartnershipRole
from swp.models import User
from swp.quarters import FinancialQuarter

pytestmark = pytest.mark.django_db

PERSONAS = {
    "admin",
    "swp-chair",
    "executive-chair",
    "victim-chair",
    "offender-chair",
    "location-chair",
    "contest-chair",
    "officer",
    "owner",
    "analyst",
    "scrutiny",
}


@pytest.fixture
def westminster():
    call_command(
        "load_partnership", str(Path(settings.BASE_DIR) / "partnerships" / "westminster.yaml"), stdout=StringIO()
    )


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def test_personas_sign_in_with_the_demo_password(westminster, debug_on):
    output = load_demo()
    assert set(User.objects.values_list("username", flat=True)) == PERSONAS
    for username in PERSONAS:
        assert username in output
        assert authenticate(username=username, password=settings.DEMO_PASSWORD) is not None
    assert settings.DEMO_PASSWORD in output


def test_personas_hold_their_roles(westminster, debug_on):
    load_demo()
    assert User.objects.get(username="contest-chair").clearance == Clearance.CTC
    assert User.objects.get(username="scrutiny").clearance == Clearance.NONE
    assert Membership.objects.filter(user__username="victim-chair", board__slug="victim", role="chair").exists()
    assert Membership.objects.filter(user__username="executive-chair", board__slug="executive", role="chair").exists()
    executive_members = set(
        Membership.objects.filter(board__slug="executive", role="member").values_list("user__username", flat=True)
    )
    assert executive_members == {"victim-chair", "offender-chair", "location-chair", "contest-chair"}
    assert User.objects.get(username="analyst").has_partnership_role(PartnershipRole.ANALYST)
    assert User.objects.get(username="owner").organisation.kind == "police"


def test_content_covers_every_state(westminster, debug_on):
    load_demo()
    assert {PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.APPROVED} <= set(
        ActionPlan.objects.values_list("status", flat=True)
    )
    assert set(Action.objects.values_list("status", flat=True)) == set(ActionStatus.values)
    assert ProgressUpdate.objects.exists()
    assert Meeting.objects.count() >= 2
    assert Escalation.objects.exists()
    quarters_per_indicator = {
        indicator.code: indicator.measurements.values("quarter").distinct().count()
        for indicator in Indicator.objects.all()
    }
    assert quarters_per_indicator
    assert all(count == 4 for count in quarters_per_indicator.values())
    assert all("demo" in meeting.title.lower() for meeting in Meeting.objects.all())


def test_the_scrutiny_committee_has_a_published_pack_of_the_last_quarter_to_open(westminster, debug_on):
    load_demo()
    last_quarter = FinancialQuarter.containing(timezone.localdate()).previous()
    pack = PerformancePack.objects.get()
    assert (pack.quarter, pack.status) == (last_quarter, PackStatus.PUBLISHED)
    assert "demo" in pack.cover["title"].lower()
    with default_storage.open(pack.pdf_file.name) as pdf, default_storage.open(pack.xlsx_file.name) as xlsx:
        assert pdf.read(5) == b"%PDF-"
        assert xlsx.read(2) == b"PK"


def test_second_run_duplicates_nothing(westminster, debug_on):
    load_demo()
    models = (
        User,
        Membership,
        ActionPlan,
        Action,
        ProgressUpdate,
        Meeting,
        Escalation,
        Indicator,
        Measurement,
        PerformancePack,
    )
    counts = {model: model.objects.count() for model in models}
    load_demo()
    assert {model: model.objects.count() for model in models} == counts


def test_refuses_with_debug_off_unless_told(westminster, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production"):
        load_demo()
    assert not User.objects.exists()
    call_command("load_demo", "--allow-production", stdout=StringIO())
    assert User.objects.filter(username="analyst").exists()


def test_refuses_without_a_partnership(debug_on):
    with pytest.raises(CommandError, match="load_partnership"):
        load_demo()
