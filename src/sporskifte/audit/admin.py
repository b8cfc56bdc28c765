from django.contrib import admin
from django.http import HttpRequest

from sporskifte.audit.models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only: sign-ins and refused accesses for the administrator. The access log is not
    here: it is about citizens, and an administrator reads no citizen data (leaders browse it
    for their units at /access-log/)."""

    list_display = ("at", "kind", "username", "user", "address", "method", "path", "detail")
    list_filter = ("kind",)
    search_fields = ("username",)
    list_select_related = ("user",)
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
