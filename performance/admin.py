from django.contrib import admin

from performance.models import (
    ChairRating,
    CrimeCount,
    CrimeCountRevision,
    ImportBatch,
    Indicator,
    Measurement,
    MeasurementRevision,
    PackDownload,
    PerformancePack,
)
from swp.admin import NeedToKnowAdmin, ReadOnlyAdmin, ServiceAdmin


@admin.register(Indicator)
class IndicatorAdmin(NeedToKnowAdmin):
    list_display = ["code", "name", "board", "direction", "target", "tolerance_percent", "source"]
    list_filter = ["board", "source", "direction"]
    search_fields = ["code", "name"]
    filter_horizontal = ["places"]


@admin.register(Measurement)
class MeasurementAdmin(NeedToKnowAdmin):
    visible_through = ("indicator", Indicator)
    list_display = ["indicator", "quarter", "place", "value", "is_partial", "recorded_at"]
    list_filter = ["indicator__board", "is_partial", "place"]
    search_fields = ["indicator__code", "indicator__name"]
    list_select_related = ["indicator", "place"]
    autocomplete_fields = ["recorded_by"]


@admin.register(MeasurementRevision)
class MeasurementRevisionAdmin(NeedToKnowAdmin):
    visible_through = ("measurement__indicator", Indicator)
    list_display = ["measurement", "old_value", "new_value", "revised_by", "revised_at"]
    list_select_related = ["measurement__indicator", "measurement__place", "revised_by"]
    raw_id_fields = ["measurement", "batch"]
    autocomplete_fields = ["revised_by"]


@admin.register(ChairRating)
class ChairRatingAdmin(NeedToKnowAdmin):
    visible_through = ("indicator", Indicator)
    list_display = ["indicator", "quarter", "rag", "rated_by", "rated_at"]
    list_select_related = ["indicator", "rated_by"]
    autocomplete_fields = ["rated_by"]
    list_filter = ["rag"]


@admin.register(ImportBatch)
class ImportBatchAdmin(NeedToKnowAdmin):
    list_display = ["imported_at", "kind", "file_name", "imported_by", "rows_read"]
    list_select_related = ["imported_by"]
    autocomplete_fields = ["imported_by"]
    list_filter = ["kind"]
    readonly_fields = ["file_sha256", "summary"]


@admin.register(CrimeCount)
class CrimeCountAdmin(ServiceAdmin):
    """Figures come from the MPS files; change them by importing a newer file, so they can be traced."""

    list_display = ["area_name", "area_code", "category", "month", "count", "level"]
    raw_id_fields = ["batch"]
    list_filter = ["level", "category"]
    search_fields = ["area_name", "area_code"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(CrimeCountRevision)
class CrimeCountRevisionAdmin(ServiceAdmin):
    list_display = ["crime_count", "old_count", "new_count", "batch", "revised_at"]
    list_select_related = ["crime_count", "batch"]
    raw_id_fields = ["crime_count", "batch"]


@admin.register(PerformancePack)
class PerformancePackAdmin(ReadOnlyAdmin):
    """Packs are built and published through their own pages; here they can be read, never edited,
    so that a published pack stays exactly what scrutiny downloaded."""

    list_display = ["__str__", "status", "progress_percent", "requested_by", "built_at", "published_at"]
    list_select_related = ["requested_by"]
    list_filter = ["status"]


@admin.register(PackDownload)
class PackDownloadAdmin(ServiceAdmin):
    list_display = ["pack", "user", "file_kind", "at", "allowed"]
    list_select_related = ["pack", "user"]
    autocomplete_fields = ["user"]
    list_filter = ["file_kind", "allowed"]
