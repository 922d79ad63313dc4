"""Celery tasks for actions: thin wrappers that take ids and call a service."""

from celery import shared_task

from actions import notifications
from swp.tasks import EMAIL_TASK


@shared_task(**EMAIL_TASK)
def action_assigned_notify(action_id: int, owner_id: int) -> int:
    return notifications.action_assigned_notify(action_id=action_id, owner_id=owner_id)
