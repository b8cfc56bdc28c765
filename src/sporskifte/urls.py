from django.contrib import admin
from django.urls import include, path

from sporskifte.api.api import api
from sporskifte.core.views import healthz
from sporskifte.courses.views import calendar_feed

urlpatterns = [
    path("", include("sporskifte.organisation.urls")),
    path("", include("sporskifte.accounts.urls")),
    path("access-log/", include("sporskifte.access.urls")),
    path("citizens/", include("sporskifte.citizens.urls")),
    path("courses/", include("sporskifte.courses.urls")),
    path("plans/", include("sporskifte.plans.urls")),
    path("assessments/", include("sporskifte.assessments.urls")),
    path("reports/", include("sporskifte.reports.urls")),
    path("calendar/<str:secret>.ics", calendar_feed, name="calendar_feed"),
    path("", include("sporskifte.referrals.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
