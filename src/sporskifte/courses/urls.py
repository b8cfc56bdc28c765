from django.urls import path

from sporskifte.courses import views

app_name = "courses"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("today/", views.my_day, name="today"),
    path("week/", views.week, name="week"),
    path("journal/", views.journal_search, name="journal_search"),
    path("calendar-link/", views.calendar_link, name="calendar_link"),
    path("start/<int:referral_id>/", views.course_start, name="start"),
    path("<int:course_id>/", views.course_detail, name="detail"),
    path("<int:course_id>/appointments/", views.appointment_create, name="appointment_create"),
    path("<int:course_id>/notes/", views.note_create, name="note_create"),
    path("<int:course_id>/end/", views.course_end, name="end"),
    path("<int:course_id>/planned-end/", views.planned_end, name="planned_end"),
    path("<int:course_id>/readmission/", views.readmission, name="readmission"),
    path("<int:course_id>/escalate/", views.escalation_create, name="escalate"),
    path(
        "appointments/<int:appointment_id>/status/",
        views.appointment_status,
        name="appointment_status",
    ),
    path("notes/<int:note_id>/edit/", views.note_edit, name="note_edit"),
    path("escalations/", views.escalation_queue, name="escalation_queue"),
    path("escalations/<int:escalation_id>/", views.escalation_detail, name="escalation_detail"),
]
