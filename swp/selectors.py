import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from swp.models import AuditEvent, Partnership


def partnership_current() -> Partnership:
    """The partnership this installation serves: one installation, one partnership."""
    partnership = Partnership.objects.order_by("pk").first()
    if partnership is None:
        raise Http404("No partnership has been loaded yet.")
    return partnership


def audit_events_between(
    *, start: datetime.date, end: datetime.date, kind: str = "", username: str = ""
) -> QuerySet[AuditEvent]:
    """Events from the start of `start` to the end of `end`, London time, oldest first."""
    london = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=london)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=london)
    events = AuditEvent.objects.filter(at__gte=since, at__lt=until)
    if kind:
        events = events.filter(kind=kind)
    if username:
        events = events.filter(actor_username=username)
    return events.order_by("at", "pk")
