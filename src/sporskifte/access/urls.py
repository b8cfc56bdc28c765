from django.urls import path

from sporskifte.access import views

app_name = "access"
urlpatterns = [path("", views.access_log, name="access_log")]
