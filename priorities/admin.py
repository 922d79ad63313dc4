from django.contrib import admin

from priorities.models import Aim, Cohort, Objective, Principle, StrategicAssessment, Strategy, Theme
from swp.admin import NeedToKnowAdmin, ServiceAdmin


@admin.register(Strategy)
class StrategyAdmin(ServiceAdmin):
    list_display = ["title", "partnership", "starts_on", "ends_on", "is_current"]
    list_filter = ["is_current", "partnership"]
    search_fields = ["title", "vision"]


@admin.register(Principle)
class PrincipleAdmin(ServiceAdmin):
    list_display = ["text", "order", "partnership"]
    list_filter = ["partnership"]
    search_fields = ["text"]


@admin.register(Theme)
class ThemeAdmin(ServiceAdmin):
    list_display = ["name", "partnership"]
    list_filter = ["partnership"]
    search_fields = ["name"]


@admin.register(StrategicAssessment)
class StrategicAssessmentAdmin(ServiceAdmin):
    list_display = ["title", "published_on", "partnership"]
    list_filter = ["partnership"]
    search_fields = ["title"]


@admin.register(Cohort)
class CohortAdmin(ServiceAdmin):
    list_display = ["name", "partnership"]
    list_filter = ["partnership"]
    search_fields = ["name"]


@admin.register(Aim)
class AimAdmin(ServiceAdmin):
    list_display = ["text", "board"]
    search_fields = ["text"]


@admin.register(Objective)
class ObjectiveAdmin(NeedToKnowAdmin):
    list_display = ["__str__", "board", "order"]
    list_filter = ["board", "themes", "cohorts"]
    search_fields = ["text"]
    filter_horizontal = ["principles", "themes", "cohorts", "places"]
