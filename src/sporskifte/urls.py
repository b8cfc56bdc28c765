from django.contrib import admin
from django.urls import include, path

from sporskifte.api.api import api
from sporskifte.core.views import healthz

admin.site.site_header = "Sporskifte"
admin.site.site_title = "Sporskifte"

urlpatterns = [
    path("", include("sporskifte.core.urls")),
    path("", include("sporskifte.accounts.urls")),
    path("units/", include("sporskifte.organisation.urls")),
    path("access-log/", include("sporskifte.audit.urls")),
    path("citizens/", include("sporskifte.citizens.urls")),
    path("", include("sporskifte.referrals.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
