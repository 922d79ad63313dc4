"""The back office keeps need-to-know: an administrator without CONTEST clearance finds none of the
CONTEST Board's work in the Django admin, in a list, a page or a choice list."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client, RequestFactory
from django.utils import timezone

from actions.choices import PlanStatus
from actions.models import Action
from boards.choices import OutcomeKind
from boards.models import Board, Escalation, Meeting, MeetingOutcome
from performance.choices import ImportKind
from performance.models import ImportBatch, Indicator, Measurement
from swp.admin import HIDDEN_DEPENDANTS, NeedToKnowRelations
from swp.choices import Clearance
from swp.models import Place, User
from tests.actions.factories import ActionFactory, ActionPlanFactory, ProgressUpdateFactory
from tests.admin_pages import service_admins
from tests.boards.factories import EscalationFactory, MeetingFactory
from tests.performance.factories import IndicatorFactory, MeasurementFactory
from tests.priorities.factories import ObjectiveFactory
from tests.swp.factories import OrganisationFactory, PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET = "Nightjar"


@pytest.fixture
def secrets(contest_board: Board) -> dict[str, models.Model]:
    """One record of each kind of the CONTEST Board's work, each naming SECRET, by its admin page."""
    partnership = contest_board.partnership
    plan = ActionPlanFactory(board=contest_board, status=PlanStatus.APPROVED, title=f"{SECRET} plan")
    action = ActionFactory(plan=plan, title=f"{SECRET} visits")
    meeting = MeetingFactory(partnership=partnership, boards=[contest_board], title=f"{SECRET} review")
    outcome = MeetingOutcome.objects.create(meeting=meeting, kind=OutcomeKind.DECISION, summary=f"{SECRET} decided")
    indicator = IndicatorFactory(partnership=partnership, board=contest_board, name=f"{SECRET} referrals")
    records: list[models.Model] = [
        plan,
        action,
        ProgressUpdateFactory(action=action, narrative=f"{SECRET} progress"),
        meeting,
        outcome,
        EscalationFactory(board=contest_board, title=f"{SECRET} escalated"),
        indicator,
        MeasurementFactory(indicator=indicator),
        ObjectiveFactory(board=contest_board, text=f"{SECRET} objective"),
    ]
    return {_change_url(record): record for record in records}


def _change_url(record: models.Model) -> str:
    return f"/admin/{record._meta.app_label}/{record._meta.model_name}/{record.pk}/change/"


def _changelist(url: str) -> str:
    return url.rsplit("/", 3)[0] + "/"


def test_an_administrator_without_clearance_finds_none_of_it(
    admin_client: Client, secrets: dict[str, models.Model]
) -> None:
    for url in secrets:
        listed = admin_client.get(_changelist(url)).content.decode()
        assert url not in listed, url
        assert SECRET not in listed, _changelist(url)
        # The admin answers an object it cannot find by going back to its index.
        assert admin_client.get(url).status_code == 302, url

    # Nor in the choices of a form that points at such records.
    for add_url in ("/admin/actions/progressupdate/add/", "/admin/performance/measurement/add/"):
        assert SECRET not in admin_client.get(add_url).content.decode(), add_url


def test_an_administrator_cleared_for_it_sees_and_edits_it(
    admin_client: Client, admin_user: User, secrets: dict[str, models.Model]
) -> None:
    admin_user.clearance = Clearance.CTC
    admin_user.save()

    for url in secrets:
        assert url in admin_client.get(_changelist(url)).content.decode(), url
        assert SECRET in admin_client.get(url).content.decode(), url


def test_an_action_hidden_from_the_administrator_has_no_history_pages_for_them(
    admin_client: Client, admin_user: User, secrets: dict[str, models.Model]
) -> None:
    action = next(record for record in secrets.values() if isinstance(record, Action))
    record = action.history.get()  # type: ignore[attr-defined]
    pages = [f"/admin/actions/action/{action.pk}/history/", f"/admin/actions/action/{action.pk}/history/{record.pk}/"]

    for url in pages:
        answer = admin_client.get(url)
        assert answer.status_code == 302, url
        assert SECRET not in admin_client.get(answer["Location"]).content.decode(), url

    admin_user.clearance = Clearance.CTC
    admin_user.save()
    for url in pages:
        assert SECRET in admin_client.get(url).content.decode(), url


@pytest.fixture
def shared(contest_board: Board) -> dict[str, models.Model]:
    """Records every board shares (a place, an organisation, a person) that CONTEST work refers to."""
    partnership = contest_board.partnership
    place = PlaceFactory(partnership=partnership, name="Lisson Grove")
    organisation = OrganisationFactory(partnership=partnership, name="Probation")
    owner = UserFactory(username="nightjar-owner", organisation=organisation)
    plan = ActionPlanFactory(board=contest_board, status=PlanStatus.APPROVED)
    action = ActionFactory(plan=plan, title=f"{SECRET} visits", owner=owner, lead_organisation=organisation)
    action.places.add(place)
    indicator = IndicatorFactory(partnership=partnership, board=contest_board, code="nightjar-referrals")
    MeasurementFactory(indicator=indicator, place=place)
    return {"place": place, "organisation": organisation, "user": owner, "partnership": partnership}


def test_deleting_a_shared_record_names_none_of_the_hidden_work_it_reaches_and_is_refused(
    admin_client: Client, admin_user: User, shared: dict[str, models.Model]
) -> None:
    for name, record in shared.items():
        url = f"/admin/{record._meta.app_label}/{record._meta.model_name}/{record.pk}/delete/"
        page = admin_client.get(url).content.decode()
        assert SECRET.lower() not in page.lower(), name
        assert HIDDEN_DEPENDANTS in page, name
        admin_client.post(url, {"post": "yes"})
        assert type(record).objects.filter(pk=record.pk).exists(), name

    # Cleared for it, the administrator is shown what the deletion reaches, as Django shows it.
    admin_user.clearance = Clearance.CTC
    admin_user.save()
    place = shared["place"]
    page = admin_client.get(f"/admin/swp/place/{place.pk}/delete/").content.decode()
    assert "nightjar-referrals" in page
    assert HIDDEN_DEPENDANTS not in page


def test_a_deletion_that_reaches_nothing_hidden_goes_ahead(admin_client: Client, contest_board: Board) -> None:
    place = PlaceFactory(partnership=contest_board.partnership, name="Hyde Park")

    page = admin_client.get(f"/admin/swp/place/{place.pk}/delete/").content.decode()
    assert HIDDEN_DEPENDANTS not in page
    admin_client.post(f"/admin/swp/place/{place.pk}/delete/", {"post": "yes"})
    assert not Place.objects.filter(pk=place.pk).exists()


def test_imports_of_hidden_figures_are_not_in_the_back_office_lists_or_choices(
    admin_client: Client, contest_board: Board, secrets: dict[str, models.Model]
) -> None:
    indicator = next(record for record in secrets.values() if isinstance(record, Indicator))
    batch = ImportBatch.objects.create(
        partnership=contest_board.partnership,
        kind=ImportKind.CSV,
        file_name=f"{SECRET}.csv",
        file_sha256="0" * 64,
        summary={"indicators": {str(indicator.pk): {"created": 1, "revised": 0, "unchanged": 0}}},
        imported_at=timezone.now(),
    )

    assert SECRET not in admin_client.get("/admin/performance/importbatch/").content.decode()
    assert admin_client.get(f"/admin/performance/importbatch/{batch.pk}/change/").status_code == 302
    for add_url in ("/admin/performance/measurementrevision/add/", "/admin/performance/crimecountrevision/add/"):
        page = admin_client.get(add_url).content.decode()
        assert SECRET not in page, add_url
        assert indicator.code not in page, add_url


def test_every_admin_page_of_the_service_keeps_other_records_need_to_know() -> None:
    for model, model_admin in service_admins().items():
        assert isinstance(model_admin, NeedToKnowRelations), model
        for inline in model_admin.inlines:
            assert issubclass(inline, NeedToKnowRelations), inline


def test_an_inline_row_offers_no_hidden_board_and_saving_keeps_links_to_hidden_ones(
    admin_client: Client, executive_board: Board, victim_board: Board, contest_board: Board
) -> None:
    assert "CONTEST Board" not in admin_client.get("/admin/boards/meeting/add/").content.decode()

    executive_board.member_boards.set([victim_board, contest_board])
    answer = admin_client.post(
        f"/admin/boards/board/{executive_board.pk}/change/",
        {
            "partnership": executive_board.partnership_id,
            "slug": executive_board.slug,
            "name": executive_board.name,
            "kind": executive_board.kind,
            "parent": executive_board.parent_id or "",
            "description": "Edited in the back office",
            "chair_title": executive_board.chair_title,
            "member_boards": [victim_board.pk],
            "required_clearance": executive_board.required_clearance,
            "order": executive_board.order,
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
        },
    )

    assert answer.status_code == 302
    executive_board.refresh_from_db()
    assert executive_board.description == "Edited in the back office"
    assert set(executive_board.member_boards.all()) == {victim_board, contest_board}


def test_a_shown_record_linked_to_a_hidden_one_by_its_id_does_not_name_it(
    admin_client: Client, admin_user: User, contest_board: Board, victim_board: Board
) -> None:
    meeting = MeetingFactory(partnership=contest_board.partnership, boards=[victim_board, contest_board])
    outcome = MeetingOutcome.objects.create(meeting=meeting, kind=OutcomeKind.ACTION_AGREED, summary=f"{SECRET} agreed")
    action = ActionFactory(plan=ActionPlanFactory(board=victim_board), title="Joint visits", source_outcome=outcome)
    url = f"/admin/actions/action/{action.pk}/change/"

    page = admin_client.get(url).content.decode()
    assert "Joint visits" in page
    assert SECRET not in page

    admin_user.clearance = Clearance.CTC
    admin_user.save()
    assert SECRET in admin_client.get(url).content.decode()


@pytest.mark.parametrize(
    ("add_url", "field", "hidden_kind"),
    [
        ("/admin/actions/progressupdate/add/", "action", Action),
        ("/admin/boards/escalationevent/add/", "escalation", Escalation),
        ("/admin/boards/meetingoutcome/add/", "meeting", Meeting),
        ("/admin/performance/measurementrevision/add/", "measurement", Measurement),
    ],
)
def test_an_id_typed_in_a_box_links_no_hidden_record(
    admin_client: Client,
    secrets: dict[str, models.Model],
    add_url: str,
    field: str,
    hidden_kind: type[models.Model],
) -> None:
    """A hidden record's id is answered as an id of nothing at all, naming nothing."""
    hidden = next(record for record in secrets.values() if type(record) is hidden_kind)
    missing = hidden_kind._default_manager.order_by("-pk").values_list("pk", flat=True)[0] + 1000

    def refusal(pk: int) -> list[str]:
        answer = admin_client.post(add_url, {field: str(pk)})
        assert answer.status_code == 200, "the form was saved"
        assert SECRET not in answer.content.decode()
        return answer.context["adminform"].form.errors[field]

    assert refusal(hidden.pk) == refusal(missing)


def test_a_record_holding_a_hidden_one_keeps_it_and_links_no_other(
    rf: RequestFactory, admin_user: User, contest_board: Board, victim_board: Board
) -> None:
    meeting = MeetingFactory(partnership=contest_board.partnership, boards=[victim_board, contest_board])
    held, other = (
        MeetingOutcome.objects.create(meeting=meeting, kind=OutcomeKind.ACTION_AGREED, summary=f"{SECRET} {n}")
        for n in (1, 2)
    )
    action = ActionFactory(plan=ActionPlanFactory(board=victim_board), source_outcome=held)
    request = rf.get("/admin/")
    request.user = admin_user
    action_admin = service_admins()[Action]

    choice = action_admin.get_form(request, action, change=True).base_fields["source_outcome"]
    assert choice.clean(held.pk) == held
    with pytest.raises(ValidationError):
        choice.clean(other.pk)
    with pytest.raises(ValidationError):
        action_admin.get_form(request).base_fields["source_outcome"].clean(held.pk)
