from collections import defaultdict
from itertools import chain
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.db import router
from django.db.models import Model, Q, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from swp.choices import AuditEventKind
from swp.exports import audit_csv_response
from swp.models import AuditEvent, Organisation, Partnership, Place, RoleAssignment, User
from swp.services import audit_record, user_sign_in_unlock

# What an uncleared administrator is told instead of what a deletion would reach.
HIDDEN_DEPENDANTS = (
    "Records you are not cleared to see, which only an administrator cleared for them may delete or keep"
)


def _shown_in_admin(request: HttpRequest, admin_site: admin.AdminSite, model: type[Model]) -> QuerySet[Any] | None:
    """The rows of `model` the back office shows the person, or None where it shows every row."""
    model_admin = admin_site._registry.get(model)
    if isinstance(model_admin, NeedToKnowAdmin):
        return model_admin.get_queryset(request)
    return None


class NeedToKnowRawIdWidget(ForeignKeyRawIdWidget):
    """A related record's id, named beside the box only if the person may see that record."""

    def __init__(self, rel: Any, admin_site: admin.AdminSite, *, shown: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(rel, admin_site, **kwargs)
        self.shown = shown

    def label_and_url_for_value(self, value: Any) -> tuple[str, str]:
        try:
            named = value not in (None, "") and self.shown.filter(pk=value).exists()
        except (ValueError, ValidationError):
            named = False
        return super().label_and_url_for_value(value) if named else ("", "")


class NeedToKnowRelations:
    """For every admin page: what it shows of *other* records stays need-to-know. A form's choices
    offer only records the person may see, and a deletion that would reach a record hidden from
    them (a place's CONTEST figures, an organisation's CONTEST actions) is refused, in words that
    name none of it, where Django would list every record it reaches."""

    admin_site: admin.AdminSite
    model: type[Model]

    def _choices_shown(self, db_field: Any, request: HttpRequest, kwargs: dict[str, Any]) -> dict[str, Any]:
        shown = _shown_in_admin(request, self.admin_site, db_field.related_model)
        if shown is None:
            return kwargs
        if db_field.name in getattr(self, "raw_id_fields", ()):
            # An id typed in a box links only a record the person may see; the hidden one a record
            # holds already stays linked (get_form), with its name kept from the person.
            widget = NeedToKnowRawIdWidget(
                db_field.remote_field, self.admin_site, shown=shown, using=kwargs.get("using")
            )
            return {"widget": widget, "queryset": shown, **kwargs}
        return {"queryset": shown, **kwargs}

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]
        for name in getattr(self, "raw_id_fields", ()) if obj is not None else ():
            field = form.base_fields.get(name)
            relation = obj._meta.get_field(name)
            # Hidden many-to-many links are put back after saving (save_related); a foreign key
            # holds its one record here.
            held = None if relation.many_to_many else getattr(obj, relation.attname)
            if isinstance(field, ModelChoiceField) and field.queryset is not None and held is not None:
                # Saving a shown record never unlinks the hidden one it holds.
                shown_or_held = Q(pk__in=field.queryset.values("pk")) | Q(pk=held)
                field.queryset = field.queryset.model._default_manager.filter(shown_or_held)
        return form

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        choices = self._choices_shown(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **choices)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        choices = self._choices_shown(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **choices)  # type: ignore[misc]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The form offered only what the person may see, and saving sets what it posted: the links
        # to hidden records (the Executive's CONTEST member board) are put back as they were.
        kept: dict[str, list[Model]] = {}
        for field in form.instance._meta.many_to_many if change else []:
            shown = _shown_in_admin(request, self.admin_site, field.related_model)
            if shown is not None and field.name in form.cleaned_data:
                kept[field.name] = list(getattr(form.instance, field.name).exclude(pk__in=shown.values("pk")))
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        for name, hidden in kept.items():
            getattr(form.instance, name).add(*hidden)

    def get_deleted_objects(
        self, objs: Any, request: HttpRequest
    ) -> tuple[list[Any], dict[Any, int], set[str], list[Any]]:
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objs)
        reached: dict[type[Model], set[Any]] = defaultdict(set)
        for instance in chain(*collector.model_objs.values(), collector.protected):
            reached[type(instance)].add(instance.pk)
        for model, pks in reached.items():
            shown = _shown_in_admin(request, self.admin_site, model)
            if shown is not None and shown.filter(pk__in=pks).count() < len(pks):
                return [], {}, set(), [HIDDEN_DEPENDANTS]
        return super().get_deleted_objects(objs, request)  # type: ignore[misc]


class ServiceAdmin(NeedToKnowRelations, admin.ModelAdmin):
    """The base of every admin page of the service's own records.

    A choice of a record the service keeps thousands of (a person, an action, a measurement...) is
    looked up (autocomplete_fields, raw_id_fields), never listed whole; a list's columns naming
    related records are joined (list_select_related). tests/test_back_office.py and
    tests/test_query_counts.py hold every admin page to both."""


class NeedToKnowAdmin(ServiceAdmin):
    """For a board's work (its meetings, plans, actions, escalations, indicators...): the back office
    shows an administrator what the service shows them, so a CONTEST record stays need-to-know here
    too, in lists, searches, pages and choice lists (README, How confidentiality works).

    A model whose query set has visible_to() is filtered by it; any other names the relation to one
    that has, in `visible_through` ("action", Action). Raising one's own clearance to see more is a
    change the audit log records.
    """

    visible_through: tuple[str, type[Model]] | None = None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if self.visible_through is None:
            return queryset.visible_to(request.user)  # type: ignore[attr-defined]
        relation, model = self.visible_through
        return queryset.filter(**{f"{relation}__in": model._default_manager.visible_to(request.user)})  # type: ignore[attr-defined]


class ReadOnlyAdmin(ServiceAdmin):
    """Records that are evidence (audit events, published packs): readable in the admin, never
    added, changed or deleted there, superusers included."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Partnership)
class PartnershipAdmin(ServiceAdmin):
    list_display = ["name", "short_name", "local_authority", "local_authority_code"]
    search_fields = ["name", "short_name", "local_authority"]


@admin.register(Organisation)
class OrganisationAdmin(ServiceAdmin):
    list_display = ["name", "short_name", "kind", "partnership"]
    list_filter = ["kind", "partnership"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Place)
class PlaceAdmin(ServiceAdmin):
    list_display = ["name", "kind", "ons_code", "partnership"]
    list_filter = ["kind", "partnership"]
    search_fields = ["name", "ons_code"]
    filter_horizontal = ["wards"]
    prepopulated_fields = {"slug": ["name"]}


class RoleAssignmentInline(NeedToKnowRelations, admin.TabularInline):
    model = RoleAssignment
    extra = 0


@admin.register(User)
class UserAdmin(NeedToKnowRelations, BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "organisation", "clearance", "is_active"]
    list_select_related = ["organisation"]
    list_filter = ["clearance", "organisation", "is_active", "is_staff", "role_assignments__role"]
    search_fields = ["username", "first_name", "last_name", "email"]
    inlines = [RoleAssignmentInline]
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        ("Partnership", {"fields": ["organisation", "job_title", "clearance"]}),
    )
    actions = ["unlock_sign_in"]

    @admin.action(description="Unlock signing in for the selected people")
    def unlock_sign_in(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """The early way out of a sign-in lockout (django-axes), recorded in the audit log."""
        for user in queryset:
            user_sign_in_unlock(user=user, by=request.user)  # type: ignore[arg-type]
        self.message_user(request, f"Signing in is unlocked for {len(queryset)} people.", messages.SUCCESS)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ServiceAdmin):
    list_display = ["user", "role", "granted_at"]
    autocomplete_fields = ["user"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: nobody adds, changes or deletes audit events, superusers included."""

    list_display = ["at", "kind", "actor_username", "object_type", "object_repr", "ip_address"]
    list_filter = ["kind", ("at", admin.DateFieldListFilter), ("actor", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["actor_username", "object_repr", "object_id", "ip_address"]
    date_hierarchy = "at"
    actions = ["export_csv"]
    list_select_related = ["actor"]

    @admin.action(description="Download the selected events as CSV")
    def export_csv(self, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> HttpResponse:
        events = queryset.order_by("at", "pk")
        response = audit_csv_response(events=events, filename=f"audit-log-{timezone.localdate():%Y-%m-%d}.csv")
        audit_record(kind=AuditEventKind.AUDIT_EXPORTED, actor=request.user, request=request, events=len(events))
        return response
