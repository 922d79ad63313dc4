import pytest

from swp.tasks import ping
from tests.worker import running_worker

pytestmark = pytest.mark.worker


def test_a_real_worker_runs_a_task_sent_through_redis():
    with running_worker():
        assert ping.delay("hello").get(timeout=30) == "pong: hello"
