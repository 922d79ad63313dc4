"""Celery tasks for boards: thin wrappers that take ids and call a service."""

from celery import Task, shared_task

from boards import notifications, services
from swp.tasks import EMAIL_TASK


@shared_task
def escalations_escalate_overdue() -> int:
    """Scheduled daily (swp/celery.py): send up escalations left unresolved too long."""
    return services.escalations_escalate_overdue()


# bind=True for the task's id, which names its emails so that a retry sends only those not yet sent.
@shared_task(bind=True, **EMAIL_TASK)
def escalation_notify(self: Task, escalation_id: int, event: str) -> int:
    return notifications.escalation_notify(escalation_id=escalation_id, event=event, batch=self.request.id)


@shared_task(bind=True, **EMAIL_TASK)
def escalations_sent_up_notify(self: Task, escalation_ids: list[int]) -> int:
    return notifications.escalations_sent_up_notify(escalation_ids=escalation_ids, batch=self.request.id)
