from django.urls import path

from sporskifte.plans import views

app_name = "plans"
urlpatterns = [
    path("<int:course_id>/", views.plan, name="plan"),
    path("<int:course_id>/plan.pdf", views.plan_as_pdf, name="pdf"),
    path("<int:course_id>/goals/", views.goal_create, name="goal_create"),
    path("goals/<int:goal_id>/progress/", views.goal_progress, name="goal_progress"),
    path("progress/<uuid:citizen_id>/", views.progress, name="progress"),
    path("progress/<uuid:citizen_id>/who5.svg", views.who5_chart, name="who5_chart"),
    path("progress/<uuid:citizen_id>/ffb.svg", views.ffb_chart, name="ffb_chart"),
]
