from django.urls import path

from sporskifte.referrals import views

app_name = "referrals"
urlpatterns = [
    path("henvendelse/", views.self_referral, name="self_referral"),
    path("henvendelse/kvittering/", views.self_referral_receipt, name="self_referral_receipt"),
    path("intake/", views.intake_overview, name="intake"),
    path("intake/<slug:slug>/", views.intake_queue, name="queue"),
    path("intake/<slug:slug>/new/", views.referral_create, name="create"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="detail"),
    path("acute/", views.acute_line, name="acute_line"),
    path("acute/calls/<int:call_id>/", views.acute_call, name="acute_call"),
]
