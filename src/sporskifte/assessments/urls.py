from django.urls import path

from sporskifte.assessments import views

app_name = "assessments"
urlpatterns = [path("courses/<int:course_id>/", views.record, name="record")]
