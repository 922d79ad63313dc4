"""The audit log as a CSV file, for the council's information governance team."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone

from swp.models import AuditEvent

COLUMNS = [
    "time",
    "event",
    "event code",
    "username",
    "user id",
    "object type",
    "object id",
    "object",
    "ip address",
    "details",
]
# A spreadsheet runs a cell that starts with one of these as a formula; a username typed into a
# failed sign-in is anybody's text, so such cells are written with a leading apostrophe.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def audit_csv_response(*, events: Iterable[AuditEvent], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A byte order mark, so that Excel reads the file as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    for event in events:
        writer.writerow(
            _cell(value)
            for value in (
                timezone.localtime(event.at).isoformat(timespec="seconds"),
                event.get_kind_display(),
                event.kind,
                event.actor_username,
                event.actor_id,
                event.object_type,
                event.object_id,
                event.object_repr,
                event.ip_address,
                json.dumps(event.details, cls=DjangoJSONEncoder, sort_keys=True) if event.details else "",
            )
        )
    return response
