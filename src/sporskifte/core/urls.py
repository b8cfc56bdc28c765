from django.urls import path

from sporskifte.core import views

app_name = "core"
urlpatterns = [
    path("", views.public_contact, name="public_contact"),
    path("start/", views.start, name="start"),
]
