from django.urls import path

from sporskifte.organisation import views

app_name = "organisation"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("<slug:slug>/", views.unit_detail, name="unit_detail"),
]
