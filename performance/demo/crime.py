"""Demo MPS crime figures, made up but fed through the real import, so MPS-fed indicators,
the import history and the ward-against-borough check all have something to show.

The figures are written as the publisher's ward-level and borough-level CSV files and imported
like an analyst's upload. Each ward's counts are shaped so that the indicators reading it drift
from green to red over the four quarters, which shows RAG and its explanation at work.
"""

from __future__ import annotations

import csv
import io
import random
from collections import defaultdict
from decimal import Decimal

from performance.choices import IndicatorSource
from performance.models import CrimeCount, Indicator
from performance.services.mps_feed import place_ward_codes
from performance.services.mps_import import mps_crime_import
from swp.models import Partnership, User
from swp.quarters import FinancialQuarter

# Major categories and a ward's typical share of its crime in each, roughly London's mix.
CATEGORIES = {
    "THEFT": 40,
    "VIOLENCE AGAINST THE PERSON": 22,
    "VEHICLE OFFENCES": 8,
    "PUBLIC ORDER OFFENCES": 7,
    "BURGLARY": 6,
    "ROBBERY": 6,
    "ARSON AND CRIMINAL DAMAGE": 5,
    "DRUG OFFENCES": 4,
    "SEXUAL OFFENCES": 2,
}
# Crimes the police record with no ward: the borough file counts them, the ward file cannot.
UNWARDED_PERCENT = 3


def _monthly_bases(partnership: Partnership) -> dict[str, dict[str, Decimal]]:
    """Each ward's typical month, by category; wards an indicator reads are scaled to its target."""
    wards = {place.ons_code.upper(): place for place in partnership.places.exclude(ons_code="")}
    bases = {}
    for code in sorted(wards):
        size = Decimal(random.Random(code).randint(60, 600))  # noqa: S311 - demo figures, not security
        bases[code] = {category: size * share / 100 for category, share in CATEGORIES.items()}
    indicators = Indicator.objects.filter(partnership=partnership, source=IndicatorSource.MPS_CRIME)
    for indicator in indicators.exclude(target=None).prefetch_related("places__wards"):
        codes = [code for place in indicator.places.all() for code in place_ward_codes(place) if code in bases]
        category = indicator.mps_major_category
        read = Decimal(0)
        for code in codes:
            read += sum((value for name, value in bases[code].items() if name == category or not category), Decimal(0))
        if read and indicator.target is not None:
            scale = indicator.target / 3 / read
            for code in codes:
                bases[code] = {name: value * scale for name, value in bases[code].items()}
    return bases


def _files(
    bases: dict[str, dict[str, Decimal]], names: dict[str, str], borough: str, quarters: list[FinancialQuarter]
) -> tuple[str, str]:
    """The publisher's ward-level and borough-level files for the quarters' months."""
    months = [(quarter, step, month) for step, quarter in enumerate(quarters) for month in quarter.months]
    columns = [f"{year}{month:02d}" for _, _, (year, month) in months]
    ward_file, borough_file = io.StringIO(), io.StringIO()
    ward_writer, borough_writer = csv.writer(ward_file), csv.writer(borough_file)
    ward_writer.writerow(["MajorText", "MinorText", "WardName", "WardCode", "LookUp_BoroughName", *columns])
    borough_writer.writerow(["MajorText", "MinorText", "BoroughName", *columns])
    borough_totals: dict[str, list[int]] = defaultdict(lambda: [0] * len(months))
    for code, base in bases.items():
        for category, typical in base.items():
            counts = []
            for index, (_, step, _) in enumerate(months):
                # The same drift as the demo's entered indicators, with a little month-to-month wobble.
                drift = 1 + Decimal(step - 1) * Decimal("0.04") + Decimal((index % 3) - 1) / 100
                counts.append(int((typical * drift).quantize(Decimal(1))))
            ward_writer.writerow([category, category, names[code], code, borough, *counts])
            totals = borough_totals[category]
            borough_totals[category] = [total + count for total, count in zip(totals, counts, strict=True)]
    for category, totals in borough_totals.items():
        borough_writer.writerow(
            [category, category, borough, *(total + total * UNWARDED_PERCENT // 100 for total in totals)]
        )
    return ward_file.getvalue(), borough_file.getvalue()


def demo_crime_load(*, partnership: Partnership, analyst: User, quarters: list[FinancialQuarter]) -> None:
    """Import demo ward and borough files, unless crime figures are already held (real ones, say)."""
    if CrimeCount.objects.filter(partnership=partnership).exists():
        return
    bases = _monthly_bases(partnership)
    if not bases:
        return
    names = {
        code.upper(): name for code, name in partnership.places.exclude(ons_code="").values_list("ons_code", "name")
    }
    ward_text, borough_text = _files(bases, names, partnership.local_authority, quarters)
    for name, text in (("demo-mps-ward-crime.csv", ward_text), ("demo-mps-borough-crime.csv", borough_text)):
        mps_crime_import(partnership=partnership, data=text.encode(), file_name=name, by=analyst)
