"""Importing indicators' quarterly values from a CSV file an analyst filled in.

Columns, found by name in any order: indicator (its code), quarter ("Q2 2025/26"), ward (an ONS
code or place slug; empty for the indicator's own figure) and value. Every row is checked before
anything is written, and a file with any bad row saves nothing: the analyst gets every problem
with its line number, fixes the file and imports it again.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from performance.choices import ImportKind, IndicatorSource
from performance.csv_text import NotCsvError, csv_rows, csv_text_decode, header_key
from performance.models import ImportBatch, Indicator
from performance.services.measurements import MeasurementInput, measurements_record, quarter_unrecordable
from swp.models import Partnership, Place, User
from swp.quarters import FinancialQuarter

COLUMNS = ("indicator", "quarter", "ward", "value")
REQUIRED_COLUMNS = ("indicator", "quarter", "value")
# Other spellings people give these columns; keys are header_key() forms.
_ALIASES = {"indicatorcode": "indicator", "code": "indicator", "wardcode": "ward", "place": "ward"}
# Measurement.value holds 14 digits, 2 after the point.
_LARGEST = Decimal("999999999999.99")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line else self.message


class CsvImportError(ValueError):
    """The file was not imported; every problem found is listed, and nothing was saved."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def _value(text: str) -> Decimal | str:
    """The value, or what is wrong with it."""
    cleaned = text.strip()
    if "," in cleaned:
        # Only as thousands are written (12,345.6): "1,5" is one and a half in much of Europe, not 15.
        if not _THOUSANDS.match(cleaned):
            return f"value {cleaned!r} is not a number: a comma may only separate thousands, as in 12,345"
        cleaned = cleaned.replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return f"value {text.strip()!r} is not a number"
    if not value.is_finite():
        return f"value {text.strip()!r} is not a number"
    # Size first, by its exponent before anything else: quantizing 1e100 to hundredths is itself an
    # error, and so is even abs() of 1e999999999.
    if (value and value.adjusted() > _LARGEST.adjusted()) or abs(value) > _LARGEST:
        return f"value {text.strip()} is too large"
    if value != value.quantize(Decimal("0.01")):
        return f"value {text.strip()} has more than 2 decimal places"
    return value


class _Checker:
    """Reads rows against the indicators and places the importer may use."""

    def __init__(self, indicators: list[Indicator], places: list[Place]) -> None:
        self.indicators = {indicator.code.lower(): indicator for indicator in indicators}
        self.places = {place.ons_code.upper(): place for place in places if place.ons_code}
        self.places.update({place.slug.lower(): place for place in places})
        self.seen: dict[tuple[int, FinancialQuarter, int | None], int] = {}

    def place(self, indicator: Indicator, text: str) -> Place | str | None:
        if not text:
            return None
        place = self.places.get(text.upper()) or self.places.get(text.lower())
        if place is None:
            return f"no ward or place has the code or name {text!r}"
        measured_for = list(indicator.places.all())
        if place not in measured_for:
            return f"{place.name} is not one of the places {indicator.code!r} is measured for"
        # With one place, that place's figure is the indicator's own figure.
        return None if len(measured_for) == 1 else place

    def row(self, line: int, cells: dict[str, str]) -> MeasurementInput | list[str] | None:
        """The value to record, None for a row left blank, or the row's problems."""
        problems = []
        code = cells.get("indicator", "")
        indicator = self.indicators.get(code.lower())
        if not code:
            problems.append("no indicator code")
        elif indicator is None:
            problems.append(f"no indicator has the code {code!r}")
        elif indicator.source == IndicatorSource.MPS_CRIME:
            problems.append(f"{indicator.code!r} is fed by MPS crime data: import the MPS file instead")
            indicator = None
        try:
            quarter: FinancialQuarter | None = FinancialQuarter.parse(cells.get("quarter", ""))
        except ValueError as error:
            quarter = None
            problems.append(f"quarter: {error}")
        if quarter is not None and (unrecordable := quarter_unrecordable(quarter)):
            problems.append(f"quarter: {unrecordable}")
        place = self.place(indicator, cells.get("ward", "")) if indicator is not None else None
        if isinstance(place, str):
            problems.append(place)
        if not cells.get("value", "") and not problems:
            return None
        value = _value(cells.get("value", "")) if cells.get("value", "") else "no value"
        if isinstance(value, str):
            problems.append(value)
        if problems or indicator is None or quarter is None or isinstance(place, str) or isinstance(value, str):
            return problems
        key = (indicator.pk, quarter, place.pk if place else None)
        if key in self.seen:
            return [f"repeats line {self.seen[key]} (the same indicator, quarter and ward)"]
        self.seen[key] = line
        # The quarter still running has only part of its figures: recorded so, it is never rated.
        return MeasurementInput(indicator.pk, quarter, key[2], value, is_partial=quarter == FinancialQuarter.running())


def _read(text: str, checker: _Checker) -> tuple[list[MeasurementInput], int, int]:
    """The values in the file, the number of data rows and of rows left blank; raise on any problem."""
    rows = csv_rows(text)
    first = next(rows, None)
    if first is None:
        raise CsvImportError([RowProblem(0, "The file has no rows.")])
    _, header = first
    columns = [_ALIASES.get(header_key(name), header_key(name)) for name in header]
    doubled = {
        column: [name.strip() for name, same in zip(header, columns, strict=True) if same == column]
        for column in COLUMNS
        if columns.count(column) > 1
    }
    if doubled:
        # Read silently, the last of two "ward" columns would win and put a value on the wrong ward.
        named = {column: " and ".join(repr(name) for name in names) for column, names in doubled.items()}
        raise CsvImportError(
            [RowProblem(1, f"the columns {names} both give the {column}; keep one") for column, names in named.items()]
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise CsvImportError(
            [RowProblem(1, f"the first row must name the columns {', '.join(COLUMNS)}; it lacks {', '.join(missing)}")]
        )
    problems: list[RowProblem] = []
    values: list[MeasurementInput] = []
    data_rows = blank = 0
    for line, row in rows:
        data_rows += 1
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            problems.append(RowProblem(line, f"has {len(row)} values where the first row names {len(header)}"))
            continue
        cells = {column: cell.strip() for column, cell in zip(columns, row, strict=False) if column in COLUMNS}
        checked = checker.row(line, cells)
        if checked is None:
            blank += 1
        elif isinstance(checked, list):
            problems.extend(RowProblem(line, message) for message in checked)
        else:
            values.append(checked)
    if problems:
        raise CsvImportError(problems)
    if not values:
        raise CsvImportError([RowProblem(0, "The file has no values to import: every row's value is empty.")])
    return values, data_rows, blank


def measurements_csv_import(*, partnership: Partnership, data: bytes, file_name: str, by: User) -> ImportBatch:
    """Record every value in the file, revising those already held; all or nothing."""
    try:
        text = csv_text_decode(data)
    except NotCsvError as error:
        raise CsvImportError([RowProblem(0, str(error))]) from error
    indicators = list(
        Indicator.objects.visible_to(by).filter(partnership=partnership).prefetch_related("places").order_by()
    )
    try:
        values, data_rows, blank = _read(text, _Checker(indicators, list(partnership.places.all())))
    except NotCsvError as error:
        raise CsvImportError([RowProblem(0, str(error))]) from error
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            partnership=partnership,
            kind=ImportKind.CSV,
            file_name=file_name[-200:],
            file_sha256=hashlib.sha256(data).hexdigest(),
            rows_read=data_rows,
            imported_by=by,
            imported_at=timezone.now(),
        )
        recorded = measurements_record(rows=values, by=by, reason=f"CSV import: {file_name}"[:200], batch=batch)
        batch.summary = {
            "rows_blank": blank,
            "indicators": {str(pk): tally for pk, tally in recorded.by_indicator.items()},
            "quarters": [{"key": key} for key in sorted({value.quarter.key for value in values})],
        }
        batch.save(update_fields=["summary"])
    return batch


def measurements_csv_template(*, partnership: Partnership, user: User, quarter: FinancialQuarter) -> str:
    """A CSV to fill in: a row for each figure the person can import for the quarter, values empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    indicators = (
        Indicator.objects.visible_to(user)
        .filter(partnership=partnership)
        .exclude(source=IndicatorSource.MPS_CRIME)
        .prefetch_related("places")
        .order_by("board__order", "code")
    )
    for indicator in indicators:
        writer.writerow([indicator.code, quarter.label, "", ""])
        places = list(indicator.places.all())
        if len(places) > 1:
            for place in places:
                writer.writerow([indicator.code, quarter.label, place.ons_code or place.slug, ""])
    return buffer.getvalue()
