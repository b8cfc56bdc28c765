from django.urls import path

from sporskifte.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("session/keepalive/", views.session_keepalive, name="session_keepalive"),
    path("start/", views.start, name="start"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<slug:slug>/", views.unit_detail, name="unit_detail"),
    path("account/tokens/", views.tokens, name="tokens"),
    path("account/tokens/<slug:prefix>/revoke/", views.token_revoke, name="token_revoke"),
]
