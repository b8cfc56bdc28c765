from django.contrib.admin.apps import AdminConfig


class SporskifteAdminConfig(AdminConfig):
    """Django's admin with Sporskifte's site (accounts.admin_site), which asks the access
    policy who may open it. Kept apart from apps.py: this module loads before the models."""

    default_site = "sporskifte.accounts.admin_site.SporskifteAdminSite"
