"""Meetings as an iCalendar (RFC 5545) feed: the handful of properties calendar apps need.

Written here rather than with a library because a feed of events needs only a few lines: text
escaping (3.3.11), UTC date-times (3.3.5), CRLF line endings and folding at 75 octets (3.1).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from boards.models import Meeting

CRLF = "\r\n"
_MAX_OCTETS = 75


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, never inside a UTF-8 character.

    Each continuation line starts with a space, which counts towards its 75 octets.
    """
    parts: list[str] = []
    current, size, limit = "", 0, _MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, _MAX_OCTETS - 1
        current += char
        size += width
    parts.append(current)
    return (CRLF + " ").join(parts)


def _event(meeting: Meeting, *, host: str, url: str) -> list[str]:
    boards = ", ".join(board.name for board in meeting.boards.all())
    description = f"{meeting.get_kind_display()} feeding {boards}.\n{url}"
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{host}",
        f"DTSTAMP:{_utc(meeting.updated_at)}",
        f"LAST-MODIFIED:{_utc(meeting.updated_at)}",
        f"SEQUENCE:{meeting.lock_version}",
        f"DTSTART:{_utc(meeting.starts_at)}",
    ]
    if meeting.ends_at is not None:
        lines.append(f"DTEND:{_utc(meeting.ends_at)}")
    lines.append(f"SUMMARY:{_escape(meeting.title)}")
    if meeting.location:
        lines.append(f"LOCATION:{_escape(meeting.location)}")
    lines += [f"DESCRIPTION:{_escape(description)}", f"URL:{url}", "END:VEVENT"]
    return lines


def meetings_calendar(*, name: str, meetings: Iterable[Meeting], host: str, url_for: Callable[[Meeting], str]) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//SWP Governance//Board meetings//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for meeting in meetings:
        lines += _event(meeting, host=host, url=url_for(meeting))
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + CRLF for line in lines)
