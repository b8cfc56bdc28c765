from django.contrib import admin
from django.http import HttpRequest

from sporskifte.audit.models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: entries can be looked at, never added, changed or deleted here."""

    list_display = (
        "at",
        "actor",
        "action",
        "object_type",
        "object_id",
        "citizen_id",
        "unit",
        "purpose",
    )
    list_filter = ("action", "object_type")
    list_select_related = ("actor", "unit")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
