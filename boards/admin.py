from django.contrib import admin

from boards.models import Board, Escalation, EscalationEvent, Meeting, MeetingAttendee, MeetingOutcome, Membership
from swp.admin import NeedToKnowAdmin, NeedToKnowRelations


class MembershipInline(NeedToKnowRelations, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Board)
class BoardAdmin(NeedToKnowAdmin):
    list_display = ["name", "slug", "kind", "parent", "required_clearance", "order"]
    list_select_related = ["parent"]
    list_filter = ["kind", "required_clearance", "partnership"]
    search_fields = ["name", "slug"]
    filter_horizontal = ["member_boards"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(NeedToKnowAdmin):
    visible_through = ("board", Board)
    list_display = ["user", "board", "role", "organisation"]
    list_select_related = ["user", "board", "organisation"]
    list_filter = ["role", "board"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]


class AttendeeInline(NeedToKnowRelations, admin.TabularInline):
    model = MeetingAttendee
    extra = 0
    autocomplete_fields = ["user"]


class OutcomeInline(NeedToKnowRelations, admin.StackedInline):
    model = MeetingOutcome
    extra = 0
    autocomplete_fields = ["owner"]


@admin.register(Meeting)
class MeetingAdmin(NeedToKnowAdmin):
    list_display = ["title", "kind", "starts_at", "created_by"]
    list_select_related = ["created_by"]
    autocomplete_fields = ["created_by"]
    list_filter = ["kind", "boards", "starts_at"]
    search_fields = ["title", "problems_discussed"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["boards", "places"]
    inlines = [AttendeeInline, OutcomeInline]


@admin.register(MeetingOutcome)
class MeetingOutcomeAdmin(NeedToKnowAdmin):
    visible_through = ("meeting", Meeting)
    list_display = ["summary", "kind", "meeting", "board", "owner", "due_date"]
    list_select_related = ["meeting", "board", "owner"]
    raw_id_fields = ["meeting"]
    autocomplete_fields = ["owner"]
    list_filter = ["kind", "board"]
    search_fields = ["summary"]


class EscalationEventInline(NeedToKnowRelations, admin.TabularInline):
    model = EscalationEvent
    extra = 0
    autocomplete_fields = ["by"]


@admin.register(Escalation)
class EscalationAdmin(NeedToKnowAdmin):
    # Its outcome by id, with a look-up that lists only outcomes of meetings the administrator may see.
    raw_id_fields = ["source_outcome"]
    autocomplete_fields = ["raised_by"]
    list_display = ["title", "board", "state", "raised_at", "state_changed_at", "escalated_at"]
    list_filter = ["state", "board"]
    search_fields = ["title", "description"]
    inlines = [EscalationEventInline]


@admin.register(EscalationEvent)
class EscalationEventAdmin(NeedToKnowAdmin):
    visible_through = ("escalation", Escalation)
    list_display = ["escalation", "from_state", "to_state", "by", "at"]
    list_select_related = ["escalation", "by"]
    raw_id_fields = ["escalation"]
    autocomplete_fields = ["by"]
    list_filter = ["to_state"]
