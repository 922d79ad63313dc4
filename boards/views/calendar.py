import datetime

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from boards.ical import meetings_calendar
from boards.selectors import NOT_FOUND_MESSAGE, board_get_visible, board_meetings_for_calendar, calendar_feed_user

# Calendar apps keep a year of past meetings: enough to look back on, bounded however long the
# partnership runs.
CALENDAR_HISTORY = datetime.timedelta(days=366)


@login_not_required
@require_GET
def board_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """A board's meetings as an iCalendar feed, for the person whose token is in the link.

    Calendar apps cannot sign in, so the token stands for the person, and they see exactly the
    meetings they would see signed in. A bad or revoked token looks like a missing board.
    """
    token = request.GET.get("token")
    if token is not None:
        user = calendar_feed_user(token=token)
        if user is None:
            raise Http404(NOT_FOUND_MESSAGE)
    elif request.user.is_authenticated:
        user = request.user  # type: ignore[assignment]
    else:
        return redirect_to_login(request.get_full_path())
    board = board_get_visible(user=user, slug=slug)
    meetings = board_meetings_for_calendar(board=board, user=user, since=timezone.now() - CALENDAR_HISTORY)
    body = meetings_calendar(
        name=f"{board.name} meetings",
        meetings=meetings,
        host=request.get_host(),
        url_for=lambda meeting: request.build_absolute_uri(reverse("meeting-detail", args=[meeting.pk])),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{board.slug}-meetings.ics"'
    # The link carries a personal token: no shared cache may keep the answer.
    response["Cache-Control"] = "private, max-age=900"
    return response
