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
    # Up to the last instant of `end` rather than before the day after: there is none after 31 12 9999.
    until = datetime.datetime.combine(end, datetime.time.max, tzinfo=london)
    events = AuditEvent.objects.filter(at__gte=since, at__lte=until)
    if kind:
        events = events.filter(kind=kind)
    if username:
        events = events.filter(actor_username=username)
    return events.order_by("at", "pk")
