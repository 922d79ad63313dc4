"""Start and stop a real Celery worker for tests that must see tasks leave the test process.

The worker consumes a queue named for this run only, and the test process sends to that queue
while the worker runs, so two test runs sharing one Redis (or a developer's `make worker`) never
take each other's tasks.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest

from swp.celery import app

ROOT = Path(__file__).resolve().parent.parent


def require_redis() -> None:
    """Skip the calling test when no broker is configured: a real worker needs one."""
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set: a real Celery worker needs Redis as its broker (make test sets it)")


@contextmanager
def running_worker(extra_env: Mapping[str, str] | None = None, *, ready_timeout: float = 60) -> Iterator[str]:
    """Run a prefork worker for the duration of the block and yield its node name.

    `extra_env` overrides the worker's environment, e.g. DATABASE_URL naming the pytest test
    database so that the worker sees the rows a test created.
    """
    require_redis()
    run_id = uuid.uuid4().hex[:12]
    queue = f"swp-test-{run_id}"
    nodename = f"{queue}@{os.uname().nodename}"
    env = {**os.environ, **(extra_env or {})}
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "swp",
        "worker",
        "--pool=prefork",
        "--concurrency=1",
        "--loglevel=info",
        f"--hostname={nodename}",
        f"--queues={queue}",
        # Gossip and mingle talk to every other worker on the broker: slow to start and no use here.
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    previous_queue = app.conf.task_default_queue
    with tempfile.TemporaryFile(mode="w+") as log:
        # A session of its own lets shutdown reach the prefork children even if the parent hangs.
        worker = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        app.conf.task_default_queue = queue
        try:
            _wait_until_ready(worker, nodename, log, ready_timeout)
            yield nodename
        finally:
            app.conf.task_default_queue = previous_queue
            _stop(worker)
            _delete_queue(queue)


def _wait_until_ready(worker: subprocess.Popen[bytes], nodename: str, log: IO[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise RuntimeError(f"Celery worker exited with {worker.returncode} before it was ready:\n{_read(log)}")
        if app.control.ping(destination=[nodename], timeout=0.5):
            return
    raise RuntimeError(f"Celery worker {nodename} did not answer a ping within {timeout:.0f}s:\n{_read(log)}")


def _stop(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is not None:
        return
    # SIGTERM is Celery's warm shutdown: finish the current task, then stop the pool.
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)


def _delete_queue(queue: str) -> None:
    # Kombu keeps a binding for every queue ever declared; drop this run's so they do not pile up.
    # A channel only deletes bindings it knows of, hence the declare first.
    with app.connection_for_write() as connection:
        bound = app.amqp.queues[queue].bind(connection.default_channel)
        bound.declare()
        bound.delete()


def _read(log: IO[str]) -> str:
    log.seek(0)
    return log.read()
