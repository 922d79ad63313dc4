"""Importing the Metropolitan Police's published recorded-crime files.

Two of the publisher's files are understood: "MPS Ward Level Crime (most recent 24 months)"
(MajorText, MinorText, WardName, WardCode, LookUp_BoroughName, then a column per month named
YYYYMM) and "MPS Borough Level Crime (most recent 24 months)" (MajorText, MinorText, BoroughName,
then the months). Columns are found by name, in any order and letter case, so the publisher's
reshuffles between releases do not matter. Rows are kept only for the partnership's borough;
minor categories are summed into their major category; each month is stored, so that a newer
release revises exactly the months it holds and records every figure it changes.

A file with any row that cannot be read saves nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from performance.choices import CrimeLevel, ImportKind
from performance.csv_text import NotCsvError, csv_rows, csv_text_decode, header_key
from performance.models import CrimeCount, CrimeCountRevision, ImportBatch
from performance.services.measurements import EARLIEST_RECORDED, quarter_unrecordable
from performance.services.mps_feed import mps_indicators_refresh
from swp.models import Partnership, User
from swp.quarters import FinancialQuarter

_MONTH_COLUMN = re.compile(r"^(\d{4})(\d{2})$")
# The publisher's own spelling of each column, for messages; keys are header_key() forms.
_COLUMN_NAMES = {
    "majortext": "MajorText",
    "minortext": "MinorText",
    "wardname": "WardName",
    "wardcode": "WardCode",
    "lookupboroughname": "LookUp_BoroughName",
    "boroughname": "BoroughName",
}
_BOROUGH_COLUMN = {CrimeLevel.WARD: "lookupboroughname", CrimeLevel.BOROUGH: "boroughname"}
# Enough to see what is wrong with a file without burying the page.
MAX_PROBLEMS = 100
# London as a whole records under 100,000 crimes a month; a bigger count in one cell is a broken file.
MAX_MONTHLY_COUNT = 1_000_000


class MpsFileError(ValueError):
    """The file cannot be imported; each problem says where and what, and nothing was saved."""

    def __init__(self, problems: list[str], *, total: int | None = None) -> None:
        self.problems = problems
        # How many there were, when only the first MAX_PROBLEMS are listed.
        self.total = total if total is not None else len(problems)
        super().__init__("\n".join(problems))


def category_normalise(text: str) -> str:
    """The publisher has written categories in capitals and in title case; compare them in capitals."""
    return " ".join(text.split()).upper()


@dataclass
class MpsFile:
    """An MPS file's figures for one borough, summed to major category and month."""

    level: CrimeLevel
    months: list[datetime.date]
    counts: dict[tuple[str, str, datetime.date], int] = field(default_factory=dict)
    area_names: dict[str, str] = field(default_factory=dict)
    area_rows: Counter[str] = field(default_factory=Counter)
    rows_read: int = 0
    # The line each (area, major, minor category) was first read on.
    rows_seen: dict[tuple[str, str, str], int] = field(default_factory=dict)

    @property
    def quarters(self) -> dict[FinancialQuarter, int]:
        """Each financial quarter the file touches, with how many of its three months it holds."""
        return dict(sorted(Counter(FinancialQuarter.from_month(m.year, m.month) for m in self.months).items()))


def _not_this_format(keys: set[str], header: list[str], has_months: bool) -> MpsFileError:
    lacks = []
    if "majortext" not in keys:
        lacks.append("a MajorText column (the crime's major category)")
    if "wardcode" not in keys and "boroughname" not in keys:
        lacks.append("a WardCode column (in the ward-level file) or a BoroughName column (in the borough-level file)")
    elif "wardcode" in keys and "lookupboroughname" not in keys:
        lacks.append("a LookUp_BoroughName column (the ward-level file names each ward's borough)")
    if not has_months:
        lacks.append("month columns named YYYYMM, such as 202401")
    found = ", ".join(name.strip() for name in header if name.strip()) or "nothing"
    return MpsFileError(
        [
            "This is not an MPS ward-level or borough-level crime file. It lacks " + "; ".join(lacks) + ".",
            f"Its first row has: {found}.",
        ],
        total=1,  # one problem, which the second line explains
    )


def _month_unrecordable(year: int, month: int) -> str:
    if year < EARLIEST_RECORDED.start.year:  # before any quarter there is to name
        return f"{year} is before {EARLIEST_RECORDED.label}, the earliest quarter the service records"
    return quarter_unrecordable(FinancialQuarter.from_month(year, month))


@dataclass
class _Layout:
    """Where each column the import needs is in this file's header."""

    level: CrimeLevel
    width: int
    borough_at: int
    category_at: int
    minor_at: int | None
    code_at: int | None
    name_at: int | None
    months: list[tuple[int, datetime.date]]


def _layout(header: list[str], problems: list[str]) -> _Layout:
    keys = [header_key(name) for name in header]
    position: dict[str, int] = {}
    for index, key in enumerate(keys):
        position.setdefault(key, index)
    months: list[tuple[int, datetime.date]] = []
    for index, name in enumerate(header):
        if match := _MONTH_COLUMN.match(name.strip()):
            year, month = int(match[1]), int(match[2])
            if not 1 <= month <= 12:
                problems.append(f"Line 1: column {name.strip()} is not a month (YYYYMM).")
            elif refused := _month_unrecordable(year, month):
                problems.append(f"Line 1: column {name.strip()}: {refused}.")
            else:
                months.append((index, datetime.date(year, month, 1)))
    level = CrimeLevel.WARD if "wardcode" in position else CrimeLevel.BOROUGH
    # Each level names its borough in its own column: a ward file headed BoroughName is not a ward file.
    if "majortext" not in position or not months or _BOROUGH_COLUMN[level] not in position:
        raise _not_this_format(set(position), header, bool(months))
    if len({month for _, month in months}) != len(months):
        problems.append("Line 1: a month has more than one column.")
    return _Layout(
        level=level,
        width=len(header),
        borough_at=position[_BOROUGH_COLUMN[level]],
        category_at=position["majortext"],
        minor_at=position.get("minortext"),
        code_at=position.get("wardcode"),
        name_at=position.get("wardname"),
        months=months,
    )


# As long as the columns that keep them (CrimeCount.area_code, category, area_name) allow.
_LONGEST_CODE, _LONGEST_TEXT = 9, 200


def _read_row(layout: _Layout, line: int, row: list[str], parsed: MpsFile, problems: list[str]) -> None:
    """Add one of the borough's rows to the totals, or its problems to the list."""
    found: list[str] = []
    category = category_normalise(row[layout.category_at])
    if not category:
        found.append(f"Line {line}: MajorText is empty.")
    elif len(category) > _LONGEST_TEXT:
        found.append(f"Line {line}: MajorText is longer than {_LONGEST_TEXT} characters, which no category is.")
    code, name = "", row[layout.borough_at].strip()
    if layout.code_at is not None:
        code = row[layout.code_at].strip().upper()
        name = row[layout.name_at].strip() if layout.name_at is not None else code
        if not code:
            found.append(f"Line {line}: WardCode is empty.")
        elif len(code) > _LONGEST_CODE:
            found.append(f"Line {line}: WardCode {code[:20]!r} is not an ONS ward code (E05 and six digits).")
    if len(name) > _LONGEST_TEXT:
        found.append(f"Line {line}: the area's name is longer than {_LONGEST_TEXT} characters.")
    # The same minor category of the same area twice would be added into its major one twice.
    minor = category_normalise(row[layout.minor_at]) if layout.minor_at is not None else ""
    if (first := parsed.rows_seen.setdefault((code, category, minor), line)) != line:
        found.append(f"Line {line}: repeats line {first} (the same area and crime category).")
    counts: list[tuple[datetime.date, int]] = []
    for index, month in layout.months:
        cell = row[index].strip()
        if cell.isascii() and cell.isdigit() and int(cell) <= MAX_MONTHLY_COUNT:
            counts.append((month, int(cell)))
        elif cell.isascii() and cell.isdigit():
            found.append(f"Line {line}: {month:%Y%m} is {int(cell):,}, far more crimes than any area has in a month.")
        else:
            found.append(f"Line {line}: {month:%Y%m} is {repr(cell) if cell else 'empty'}, not a count of crimes.")
    if found:
        problems.extend(found)
        return
    parsed.area_names[code] = name
    parsed.area_rows[code] += 1
    for month, count in counts:
        parsed.counts[(code, category, month)] = parsed.counts.get((code, category, month), 0) + count


def mps_file_read(*, text: str, borough: str) -> MpsFile:
    """Check and read an MPS file, keeping the borough's rows; raise with every problem found."""
    rows = csv_rows(text)
    first = next(rows, None)
    if first is None:
        raise MpsFileError(["The file has no rows."])
    problems: list[str] = []
    layout = _layout(first[1], problems)
    parsed = MpsFile(level=layout.level, months=sorted({month for _, month in layout.months}))
    wanted = borough.strip().casefold()
    other_areas: set[str] = set()
    for line, row in rows:
        parsed.rows_read += 1
        # Another borough's row is left alone whatever is wrong with it: only the partnership's own count.
        area = row[layout.borough_at].strip() if layout.borough_at < len(row) else None
        if area is not None and area.casefold() != wanted:
            if area:  # a row naming no borough (a London total, say) is no borough's
                other_areas.add(area)
        elif len(row) != layout.width:
            problems.append(f"Line {line}: has {len(row)} values where the first row names {layout.width} columns.")
        else:
            _read_row(layout, line, row, parsed, problems)
    if not parsed.rows_read and not problems:
        problems.append("The file has its header row but no rows of figures.")
    elif not parsed.area_rows and not problems:
        column = _COLUMN_NAMES[_BOROUGH_COLUMN[layout.level]]
        problems.append(
            f"No row is for {borough}: the {column} column names other areas only, such as "
            f"{', '.join(sorted(other_areas)[:3])}. Check this is the right file, and that the partnership's "
            "local authority is named as the police name it."
        )
    if problems:
        listed = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            listed.append(f"... and {len(problems) - MAX_PROBLEMS} more problems.")
        raise MpsFileError(listed, total=len(problems))
    return parsed


def _store_counts(partnership: Partnership, parsed: MpsFile, batch: ImportBatch) -> dict[str, object]:
    """Create, revise or zero the month counts the file holds, in bulk; say what changed."""
    places = {place.ons_code.upper(): place for place in partnership.places.exclude(ons_code="")}
    held = CrimeCount.objects.filter(partnership=partnership, level=parsed.level)
    categories_before = set(held.order_by().values_list("category", flat=True).distinct())
    latest_held = held.order_by("-month").values_list("month", flat=True).first()
    existing = {(count.area_code, count.category, count.month): count for count in held.filter(month__in=parsed.months)}
    now = timezone.now()
    new, changed, revisions = [], [], []
    unchanged = 0
    for (code, category, month), value in parsed.counts.items():
        place = places.get(code) if parsed.level == CrimeLevel.WARD else None
        count = existing.pop((code, category, month), None)
        if count is None:
            new.append(
                CrimeCount(
                    partnership=partnership,
                    level=parsed.level,
                    area_code=code,
                    area_name=parsed.area_names[code],
                    place=place,
                    category=category,
                    month=month,
                    quarter=FinancialQuarter.from_month(month.year, month.month),
                    count=value,
                    batch=batch,
                )
            )
            continue
        if count.count != value:
            revisions.append(
                CrimeCountRevision(
                    crime_count=count, old_count=count.count, new_count=value, batch=batch, revised_at=now
                )
            )
        elif count.place_id == (place.pk if place else None) and count.area_name == parsed.area_names[code]:
            unchanged += 1
            continue
        count.count, count.place, count.area_name, count.batch = value, place, parsed.area_names[code], batch
        changed.append(count)
    # What is left was held for a month this file covers, yet the file no longer has it: the
    # publisher renamed the category or the ward went. Counting it as well would count twice.
    zeroed = 0
    for count in existing.values():
        if count.count:
            revisions.append(
                CrimeCountRevision(crime_count=count, old_count=count.count, new_count=0, batch=batch, revised_at=now)
            )
            count.count, count.batch = 0, batch
            changed.append(count)
            zeroed += 1
    CrimeCount.objects.bulk_create(new, batch_size=2000)
    CrimeCount.objects.bulk_update(changed, ["count", "place", "area_name", "batch"], batch_size=2000)
    CrimeCountRevision.objects.bulk_create(revisions, batch_size=2000)

    in_file = {category for _, category, _ in parsed.counts}
    unknown = sorted(code for code in parsed.area_rows if parsed.level == CrimeLevel.WARD and code not in places)
    return {
        "figures_created": len(new),
        "figures_revised": len(revisions) - zeroed,
        "figures_zeroed": zeroed,
        "figures_unchanged": unchanged,
        # A file older than what is held replaces newer figures for the months it covers; say so.
        "newer_held": f"{latest_held:%Y-%m}" if latest_held and latest_held > parsed.months[-1] else "",
        "categories": sorted(in_file),
        "categories_new": sorted(in_file - categories_before) if categories_before else [],
        "categories_gone": sorted(categories_before - in_file),
        "areas_matched": len(
            [code for code in parsed.area_rows if code in places or parsed.level == CrimeLevel.BOROUGH]
        ),
        "unknown_wards": [
            {"code": code, "name": parsed.area_names[code], "rows": parsed.area_rows[code]} for code in unknown
        ],
    }


def mps_crime_import(*, partnership: Partnership, data: bytes, file_name: str, by: User | None) -> ImportBatch:
    """Import an MPS ward-level or borough-level file for the partnership's borough; all or nothing."""
    try:
        text = csv_text_decode(data)
        parsed = mps_file_read(text=text, borough=partnership.local_authority)
    except NotCsvError as error:
        raise MpsFileError([str(error)]) from error
    with transaction.atomic():
        # One import at a time per partnership, so two overlapping files cannot interleave revisions.
        Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
        batch = ImportBatch.objects.create(
            partnership=partnership,
            kind=ImportKind.MPS_WARD if parsed.level == CrimeLevel.WARD else ImportKind.MPS_BOROUGH,
            file_name=file_name[-200:],
            file_sha256=hashlib.sha256(data).hexdigest(),
            rows_read=parsed.rows_read,
            imported_by=by,
            imported_at=timezone.now(),
        )
        stored = _store_counts(partnership, parsed, batch)
        feed = mps_indicators_refresh(partnership=partnership, by=by, batch=batch)
        batch.summary = {
            "level": parsed.level,
            "first_month": f"{parsed.months[0]:%Y-%m}",
            "last_month": f"{parsed.months[-1]:%Y-%m}",
            "quarters": [
                {"key": quarter.key, "months": months, "partial": months < 3}
                for quarter, months in parsed.quarters.items()
            ],
            "borough_rows": sum(parsed.area_rows.values()),
            **stored,
            "indicators": {str(pk): tally for pk, tally in feed.record.by_indicator.items()},
            "indicators_unfed": {str(pk): reason for pk, reason in feed.unfed.items()},
        }
        batch.save(update_fields=["summary"])
    return batch
