"""Services run at the same moment on two connections, as two people's requests do on a real server."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, transaction

from actions import services
from actions.choices import Rag
from actions.models import ActionPlan
from swp.models import User

pytestmark = pytest.mark.django_db(transaction=True)

# Long enough for the second request to reach the lock the first one holds.
REACH_THE_LOCK_SECONDS = 1.0


def _in_a_thread(work: Callable[[], object]) -> threading.Thread:
    def run() -> None:
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_an_update_posted_while_a_revision_is_being_made_reaches_the_revisions_copy(
    approved_plan: ActionPlan, executive_chair: User
) -> None:
    original = approved_plan.actions.get()
    revision_started, finish_revision = threading.Event(), threading.Event()

    def revise() -> None:
        with transaction.atomic():
            services.plan_revise(plan=approved_plan, by=executive_chair)
            revision_started.set()
            finish_revision.wait(timeout=10)

    reviser = _in_a_thread(revise)
    assert revision_started.wait(timeout=10)
    poster = _in_a_thread(
        lambda: services.progress_update_create(action=original, by=executive_chair, rag=Rag.GREEN, narrative="Done.")
    )
    poster.join(timeout=REACH_THE_LOCK_SECONDS)
    finish_revision.set()
    reviser.join(timeout=10)
    poster.join(timeout=10)

    copy = ActionPlan.objects.get(board=approved_plan.board, version=approved_plan.version + 1).actions.get()
    original.refresh_from_db()
    assert (original.rag, copy.rag) == (Rag.GREEN, Rag.GREEN)
