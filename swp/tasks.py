from celery import shared_task


@shared_task
def ping(payload: str) -> str:
    """Answer with what it was given: lets a health check and the tests see a worker is alive."""
    return f"pong: {payload}"
