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
