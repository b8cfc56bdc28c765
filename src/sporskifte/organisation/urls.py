from django.urls import path

from sporskifte.organisation import views

app_name = "organisation"
urlpatterns = [path("", views.public_contact, name="public_contact")]
