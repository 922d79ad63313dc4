from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from actions.models import Action, ActionPlan, PlanTransition, ProgressUpdate
from swp.admin import NeedToKnowAdmin


class PlanTransitionInline(admin.TabularInline):
    model = PlanTransition
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(NeedToKnowAdmin):
    list_display = ["__str__", "board", "version", "status", "status_changed_at"]
    list_filter = ["status", "board"]
    inlines = [PlanTransitionInline]


@admin.register(PlanTransition)
class PlanTransitionAdmin(NeedToKnowAdmin):
    visible_through = ("plan", ActionPlan)
    list_display = ["plan", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status"]


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    extra = 0


@admin.register(Action)
class ActionAdmin(NeedToKnowAdmin, SimpleHistoryAdmin):
    # The outcome by id, with a look-up that lists only outcomes of meetings the administrator may see.
    raw_id_fields = ["source_outcome", "carried_from"]
    list_display = ["title", "plan", "owner", "lead_organisation", "due_date", "status", "rag"]
    list_filter = ["status", "rag", "plan__board", "lead_organisation"]
    search_fields = ["title", "description"]
    list_select_related = ["plan__board", "owner", "lead_organisation"]
    autocomplete_fields = ["owner"]
    filter_horizontal = ["places", "cohorts"]
    inlines = [ProgressUpdateInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(NeedToKnowAdmin):
    visible_through = ("action", Action)
    list_display = ["action", "rag", "recorded_by", "recorded_at"]
    list_filter = ["rag"]
    search_fields = ["narrative", "action__title"]
