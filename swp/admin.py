from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from swp.models import Organisation, Partnership, Place, RoleAssignment, User


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "local_authority", "local_authority_code"]
    search_fields = ["name", "short_name", "local_authority"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "partnership"]
    list_filter = ["kind", "partnership"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "ons_code", "partnership"]
    list_filter = ["kind", "partnership"]
    search_fields = ["name", "ons_code"]
    filter_horizontal = ["wards"]
    prepopulated_fields = {"slug": ["name"]}


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "organisation", "clearance", "is_active"]
    list_filter = ["clearance", "organisation", "is_active", "is_staff", "role_assignments__role"]
    search_fields = ["username", "first_name", "last_name", "email"]
    inlines = [RoleAssignmentInline]
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        ("Partnership", {"fields": ["organisation", "job_title", "clearance"]}),
    )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "granted_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
