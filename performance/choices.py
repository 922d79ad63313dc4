from django.db import models


class Direction(models.TextChoices):
    """Which way is better for an indicator's values."""

    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class IndicatorSource(models.TextChoices):
    ENTERED = "entered", "Entered by hand"
    CSV = "csv", "CSV import"
    MPS_CRIME = "mps_crime", "MPS recorded crime"


class PackStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    BUILDING = "building", "Building"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"


class PackFileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Excel workbook"


class ImportKind(models.TextChoices):
    CSV = "csv", "Indicator values (CSV)"
    MPS_WARD = "mps_ward", "MPS ward-level crime"
    MPS_BOROUGH = "mps_borough", "MPS borough-level crime"


class CrimeLevel(models.TextChoices):
    """The geography of an MPS crime file: one row per ward, or one per borough."""

    WARD = "ward", "Ward"
    BOROUGH = "borough", "Borough"


class Travel(models.TextChoices):
    """Direction of travel: how a value compares with an earlier one, given which way is better."""

    BETTER = "better", "Better"
    WORSE = "worse", "Worse"
    SAME = "same", "No change"
    NOT_COMPARED = "not_compared", "Not compared"
