"""The partnership's data as a Django fixture: everything but secrets, for backups and hand-overs.

`python manage.py export_partnership FILE` writes it; `python manage.py import_partnership_export
FILE` restores it into an empty, migrated database. Primary keys are kept, so every link between
records survives.

Left out, because they are secrets or belong to one running installation rather than to the
partnership: password hashes (restored people set a new password through "Forgotten your
password?"), calendar feed keys, sessions, sign-in throttling records, Django's permission and
content-type tables and the admin's own log. The audit log stays out too: a file that loads audit
events would be a way to write them, and nobody may; pg_dump backs it up with the rest. Uploaded
and generated files (pack PDFs and spreadsheets) are referred to by name; back up the media
directory alongside.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any, TextIO

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.test.utils import override_settings

from boards.models import CalendarFeedKey
from swp.models import AuditEvent, User

# The apps that hold the partnership's own data; every model in them is exported unless listed
# below, so a model added later is backed up without anyone remembering to add it here.
PARTNERSHIP_APPS = ("swp", "boards", "priorities", "actions", "performance")

LEFT_OUT_MODELS: frozenset[type[models.Model]] = frozenset({CalendarFeedKey, AuditEvent})

# Fields left out of a model's records: secrets, and links into tables that are not exported.
SECRET_FIELDS: dict[type[models.Model], frozenset[str]] = {
    User: frozenset({"password", "groups", "user_permissions"}),
}


def exported_models() -> list[type[models.Model]]:
    """The exported models, each after the models it refers to, so the fixture loads in order."""
    app_list = [(apps.get_app_config(label), None) for label in PARTNERSHIP_APPS]
    ordered = serializers.sort_dependencies(app_list, allow_cycles=True)
    return [model for model in ordered if model not in LEFT_OUT_MODELS]


def _field_names(model: type[models.Model]) -> list[str]:
    hidden = SECRET_FIELDS.get(model, frozenset())
    return [
        field.name
        for field in [*model._meta.local_fields, *model._meta.local_many_to_many]
        if not field.primary_key and field.name not in hidden
    ]


class _ExportEncoder(DjangoJSONEncoder):
    """Django's encoder, writing a time the way it reads back.

    Django keeps milliseconds and writes 15.000500 s as "15.000", but loads that back as a whole
    15 s, which it then writes as "15": so an export of the restored database would differ from the
    export it was restored from. Dropping the sub-millisecond part first writes "15" both times.
    """

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time) and o.microsecond:
            o = o.replace(microsecond=o.microsecond // 1000 * 1000)
        return super().default(o)


def partnership_export(*, stream: TextIO) -> int:
    """Write the export to `stream` as a JSON fixture; returns the number of records written."""
    records = []
    for model in exported_models():
        queryset = model._base_manager.order_by("pk")
        records.extend(serializers.serialize("python", queryset, fields=_field_names(model)))
    json.dump(records, stream, cls=_ExportEncoder, indent=1, ensure_ascii=False)
    return len(records)


def partnership_import(*, path: Path) -> None:
    """Load an export into an empty, migrated database, exactly as it was written.

    django-simple-history records a new history row whenever a many-to-many field is set, even
    while a fixture loads; the export already holds the history, so recording it again would
    duplicate it and collide with the exported history ids.
    """
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        call_command("loaddata", str(path), verbosity=0)
