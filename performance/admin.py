from django.contrib import admin

from performance.models import ChairRating, Indicator, Measurement, MeasurementRevision, PackDownload, PerformancePack


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "board", "direction", "target", "tolerance_percent", "source"]
    list_filter = ["board", "source", "direction"]
    search_fields = ["code", "name"]
    filter_horizontal = ["places"]


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = ["indicator", "quarter", "place", "value", "is_partial", "recorded_at"]
    list_filter = ["indicator__board", "is_partial", "place"]
    search_fields = ["indicator__code", "indicator__name"]
    list_select_related = ["indicator", "place"]


@admin.register(MeasurementRevision)
class MeasurementRevisionAdmin(admin.ModelAdmin):
    list_display = ["measurement", "old_value", "new_value", "revised_by", "revised_at"]


@admin.register(ChairRating)
class ChairRatingAdmin(admin.ModelAdmin):
    list_display = ["indicator", "quarter", "rag", "rated_by", "rated_at"]
    list_filter = ["rag"]


@admin.register(PerformancePack)
class PerformancePackAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "progress_percent", "requested_by", "built_at", "published_at"]
    list_filter = ["status"]
    readonly_fields = ["pdf_sha256", "xlsx_sha256", "snapshot"]


@admin.register(PackDownload)
class PackDownloadAdmin(admin.ModelAdmin):
    list_display = ["pack", "user", "file_kind", "at", "allowed"]
    list_filter = ["file_kind", "allowed"]
