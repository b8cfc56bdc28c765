from django.urls import path

from sporskifte.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("indicators.csv", views.export_csv, name="csv"),
    path("indicators.xlsx", views.export_xlsx, name="xlsx"),
    path("trend.svg", views.trend_chart, name="trend_chart"),
]
