from django.urls import path

from sporskifte.citizens import views

app_name = "citizens"
urlpatterns = [
    path("new/", views.citizen_create, name="create"),
    path("search/", views.citizen_search, name="search"),
    path("<uuid:citizen_id>/", views.citizen_detail, name="detail"),
    path("<uuid:citizen_id>/edit/", views.citizen_edit, name="edit"),
    path("<uuid:citizen_id>/cpr/", views.citizen_cpr_show, name="cpr_show"),
    path("<uuid:citizen_id>/relatives/", views.relative_add, name="relative_add"),
    path("<uuid:citizen_id>/network/", views.network_actor_add, name="network_actor_add"),
    path("network/<int:actor_id>/consents/", views.consent_add, name="consent_add"),
    path("consents/<int:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
]
