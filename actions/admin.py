from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from actions.models import Action, ActionPlan, PlanTransition, ProgressUpdate
from swp.admin import NeedToKnowAdmin, NeedToKnowRelations


class PlanTransitionInline(NeedToKnowRelations, admin.TabularInline):
    model = PlanTransition
    extra = 0
    autocomplete_fields = ["by"]


@admin.register(ActionPlan)
class ActionPlanAdmin(NeedToKnowAdmin):
    list_display = ["__str__", "board", "version", "status", "status_changed_at"]
    list_filter = ["status", "board"]
    inlines = [PlanTransitionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ActionPlan]:
        # A plan is named by its board ("Victim Board action plan v3"), here and in the choice of
        # plan that other pages (an action's, a transition's) offer from this query set.
        return super().get_queryset(request).select_related("board")


@admin.register(PlanTransition)
class PlanTransitionAdmin(NeedToKnowAdmin):
    visible_through = ("plan", ActionPlan)
    list_display = ["plan", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status"]
    list_select_related = ["plan__board", "by"]
    autocomplete_fields = ["by"]


class ProgressUpdateInline(NeedToKnowRelations, admin.TabularInline):
    model = ProgressUpdate
    extra = 0
    autocomplete_fields = ["recorded_by"]


@admin.register(Action)
class ActionAdmin(NeedToKnowAdmin, SimpleHistoryAdmin):
    # The outcome by id, with a look-up that lists only outcomes of meetings the administrator may see.
    raw_id_fields = ["source_outcome"]
    # Which version an action was carried from is plan_revise's to say, with the lineage that goes
    # with it (docs/adr/0002); relinking one by hand would split or merge an action's versions.
    readonly_fields = ["carried_from"]
    list_display = ["title", "plan", "owner", "lead_organisation", "due_date", "status", "rag"]
    list_filter = ["status", "rag", "plan__board", "lead_organisation"]
    search_fields = ["title", "description"]
    list_select_related = ["plan__board", "owner", "lead_organisation"]
    autocomplete_fields = ["owner"]
    filter_horizontal = ["places", "cohorts"]
    inlines = [ProgressUpdateInline]

    # django-simple-history's pages read an action's history records without asking get_queryset
    # whether the action itself is shown: a hidden one is answered as a missing one, as its page is.
    def history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> HttpResponse:
        return self._missing(request, object_id) or super().history_view(request, object_id, extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        missing = self._missing(request, object_id)
        return missing or super().history_form_view(request, object_id, version_id, extra_context)

    def _missing(self, request: HttpRequest, object_id: str) -> HttpResponse | None:
        if self.get_object(request, unquote(object_id)) is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return None


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(NeedToKnowAdmin):
    visible_through = ("action", Action)
    list_display = ["action", "rag", "recorded_by", "recorded_at"]
    list_filter = ["rag"]
    list_select_related = ["action", "recorded_by"]
    # Newest first, by the index on when they were recorded: the model's own order (by action, as
    # an action's timeline reads them) sorted all 100,000 rows of `make bench` by a join, 132 ms.
    ordering = ["-recorded_at", "-pk"]
    raw_id_fields = ["action"]
    autocomplete_fields = ["recorded_by"]
    search_fields = ["narrative", "action__title"]
