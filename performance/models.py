from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models

from actions.choices import Rag
from boards.models import Board
from performance.choices import CrimeLevel, Direction, ImportKind, IndicatorSource, PackFileKind, PackStatus
from priorities.models import Objective
from swp.models import Partnership, Place, User
from swp.quarters import FinancialQuarterField


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def visible_to(self, user: User | AnonymousUser) -> IndicatorQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(board__required_clearance__lte=user.clearance)


class Indicator(models.Model):
    """A measure a board is judged by, with its baseline, target and the band that makes amber."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="indicators")
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="indicators"
    )
    unit = models.CharField(max_length=40, blank=True, help_text="For example, crimes or %")
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.LOWER)
    baseline_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_quarter = FinancialQuarterField(null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    tolerance_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=5,
        help_text="How far from target, in percent of the target, is still amber rather than red",
    )
    source = models.CharField(max_length=20, choices=IndicatorSource.choices, default=IndicatorSource.ENTERED)
    mps_major_category = models.CharField(
        max_length=200, blank=True, help_text="For MPS crime indicators: the major category, or empty for all crime"
    )
    places = models.ManyToManyField(Place, blank=True, related_name="indicators")

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["board", "code"]
        constraints = [models.UniqueConstraint(fields=["partnership", "code"], name="unique_indicator_code")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_fed_by_mps(self) -> bool:
        """Its values come from the police's files; one typed over them would be lost at the next import."""
        return self.source == IndicatorSource.MPS_CRIME


class Measurement(models.Model):
    """An indicator's value for one financial quarter.

    Without a place it is the indicator's own figure, over the whole area the indicator covers (the
    borough, its one place, or its places together): the figure RAG is judged on. With a place it is
    that place's share, kept only for indicators measured for several places.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    quarter = FinancialQuarterField()
    place = models.ForeignKey(Place, on_delete=models.PROTECT, null=True, blank=True, related_name="measurements")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    is_partial = models.BooleanField(
        default=False, help_text="Covers only part of the quarter; never compared as if whole"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["indicator", "quarter", "place"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "quarter", "place"], name="unique_measurement_with_place"),
            models.UniqueConstraint(
                fields=["indicator", "quarter"], condition=models.Q(place=None), name="unique_measurement_borough"
            ),
        ]

    def __str__(self) -> str:
        where = f", {self.place}" if self.place_id else ""
        return f"{self.indicator.code} {self.quarter}{where}: {self.value}"


class MeasurementRevision(models.Model):
    """A change to a quarter's value after it was first recorded: old, new, who, when."""

    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="revisions")
    old_value = models.DecimalField(max_digits=14, decimal_places=2)
    new_value = models.DecimalField(max_digits=14, decimal_places=2)
    revised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    revised_at = models.DateTimeField()
    reason = models.CharField(max_length=200, blank=True)
    batch = models.ForeignKey(
        "ImportBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measurement_revisions",
        help_text="The import that brought the new value, if it was imported",
    )

    class Meta:
        ordering = ["measurement", "-revised_at"]

    def __str__(self) -> str:
        return f"{self.measurement}: {self.old_value} to {self.new_value}"


class ChairRating(models.Model):
    """A board chair's own RAG for an indicator's quarter, with their reason, beside the computed one."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="chair_ratings")
    quarter = FinancialQuarterField()
    rag = models.CharField(max_length=10, choices=Rag.choices)
    reason = models.TextField()
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    rated_at = models.DateTimeField()

    class Meta:
        ordering = ["indicator", "quarter"]
        constraints = [models.UniqueConstraint(fields=["indicator", "quarter"], name="unique_chair_rating")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.quarter}: {self.get_rag_display()}"


class ImportBatchQuerySet(models.QuerySet["ImportBatch"]):
    def visible_to(self, user: User | AnonymousUser) -> ImportBatchQuerySet:
        """Imports the person may know of: one that fed only indicators hidden from them is hidden
        too, as its file name and rows would tell of them (CONTEST figures, say)."""
        if not user.is_authenticated:
            return self.none()
        return self.feeding_any(set(Indicator.objects.visible_to(user).values_list("pk", flat=True)))

    def feeding_any(self, indicators: set[int]) -> ImportBatchQuerySet:
        """Imports that fed (or tried to feed) one of `indicators`, or none at all: visible_to for a
        caller that has read the person's indicators already."""
        known = [pk for pk, summary in self.values_list("pk", "summary") if _fed_any(summary, indicators)]
        return self.filter(pk__in=known)


def indicators_fed(summary: dict[str, Any]) -> set[int]:
    """The indicators an import fed or tried to feed, as its summary names them."""
    return {int(pk) for key in ("indicators", "indicators_unfed") for pk in summary.get(key, {})}


def _fed_any(summary: dict[str, Any], indicators: set[int]) -> bool:
    fed = indicators_fed(summary)
    return not fed or bool(fed & indicators)


class ImportBatch(models.Model):
    """One file an analyst imported (indicator values or an MPS crime file) and what it changed."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="import_batches")
    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    # As the person's computer named it, for them to recognise; never used to name anything on disk.
    file_name = models.CharField(max_length=200, blank=True)
    file_sha256 = models.CharField(max_length=64)
    rows_read = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True, help_text="What the import found and changed")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField()

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name} ({self.imported_at:%d %b %Y %H:%M})"


class CrimeCount(models.Model):
    """Crimes the Metropolitan Police recorded in one month, in one major category, in one ward of
    the borough (ward file) or in the whole borough (borough file), as the latest import has it.

    Months rather than quarters are kept so that a newer file, which overlaps the last one by most
    of its months, revises exactly the months it holds and leaves the older ones alone.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="crime_counts")
    level = models.CharField(max_length=10, choices=CrimeLevel.choices)
    area_code = models.CharField(max_length=9, blank=True, help_text="The ward's ONS code; empty for the borough")
    area_name = models.CharField(max_length=200)
    place = models.ForeignKey(
        Place,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="crime_counts",
        help_text="The partnership's ward with this ONS code; empty when no ward has it",
    )
    category = models.CharField(max_length=200, help_text="The publisher's major category, in capitals")
    month = models.DateField(help_text="The first day of the month counted")
    quarter = FinancialQuarterField(help_text="The financial quarter the month falls in")
    count = models.PositiveIntegerField()
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, related_name="crime_counts", help_text="Last set by"
    )

    class Meta:
        ordering = ["level", "area_name", "category", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "level", "area_code", "category", "month"], name="unique_crime_count"
            )
        ]
        indexes = [models.Index(fields=["partnership", "level", "quarter"], name="crime_count_quarter")]

    def __str__(self) -> str:
        return f"{self.area_name} {self.category} {self.month:%Y-%m}: {self.count}"


class CrimeCountRevision(models.Model):
    """A month's count that a newer MPS file changed: the publisher revises figures between releases."""

    crime_count = models.ForeignKey(CrimeCount, on_delete=models.CASCADE, related_name="revisions")
    old_count = models.PositiveIntegerField()
    new_count = models.PositiveIntegerField()
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="crime_count_revisions")
    revised_at = models.DateTimeField()

    class Meta:
        ordering = ["crime_count", "-revised_at"]

    def __str__(self) -> str:
        return f"{self.crime_count}: {self.old_count} to {self.new_count}"


class PerformancePack(models.Model):
    """The quarterly report to scrutiny for one financial quarter: a PDF and an Excel workbook."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="packs")
    quarter = FinancialQuarterField()
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=20, choices=PackStatus.choices, default=PackStatus.QUEUED)
    progress_percent = models.PositiveSmallIntegerField(default=0)
    failure_reason = models.TextField(blank=True)
    cover = models.JSONField(default=dict, blank=True, help_text="The committee report's cover block")
    snapshot = models.JSONField(default=dict, blank=True, help_text="The data the pack was built from")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField()
    build_started_at = models.DateTimeField(null=True, blank=True)
    build_attempts = models.PositiveSmallIntegerField(default=0)
    built_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    pdf_file = models.FileField(upload_to="packs/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    xlsx_file = models.FileField(upload_to="packs/", blank=True)
    xlsx_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-quarter", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "quarter", "version"], name="unique_pack_version")
        ]

    def __str__(self) -> str:
        return f"Performance pack {self.quarter} v{self.version}"


class PackDownload(models.Model):
    """A record that someone downloaded, or was refused, one of a pack's files."""

    pack = models.ForeignKey(PerformancePack, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    file_kind = models.CharField(max_length=10, choices=PackFileKind.choices)
    at = models.DateTimeField()
    allowed = models.BooleanField(default=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} {self.file_kind} {self.pack} at {self.at:%Y-%m-%d %H:%M}"
