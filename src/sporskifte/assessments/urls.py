from django.urls import path

from sporskifte.assessments import views

app_name = "assessments"
urlpatterns = [
    path("courses/<int:course_id>/", views.record, name="record"),
    path("citizens/<int:citizen_id>/", views.progress, name="progress"),
    path("citizens/<int:citizen_id>/who5.svg", views.who5_chart, name="who5_chart"),
    path("citizens/<int:citizen_id>/ffb.svg", views.ffb_chart, name="ffb_chart"),
]
