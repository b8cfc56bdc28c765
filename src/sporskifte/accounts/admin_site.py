from django.contrib import admin
from django.http import HttpRequest

from sporskifte.access.principals import may_administer, principal_of


class SporskifteAdminSite(admin.AdminSite):
    """The administration of the organisation and users. The access policy decides who may
    open it; it holds nothing about citizens."""

    site_header = "Sporskifte"
    site_title = "Sporskifte"

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active) and may_administer(principal_of(request))
