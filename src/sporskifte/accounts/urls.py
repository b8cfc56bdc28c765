from django.urls import path

from sporskifte.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("session/keepalive/", views.session_keepalive, name="session_keepalive"),
    path("saml/login/", views.SamlSignInView.as_view(), name="saml_login"),
    path("saml/acs/", views.SamlAssertionConsumerView.as_view(), name="saml_acs"),
    path("saml/metadata/", views.SamlMetadataView.as_view(), name="saml_metadata"),
    path("saml/sls/", views.SamlLogoutServiceView.as_view(), name="saml_sls"),
    path("no-access/", views.no_access, name="no_access"),
    path("start/", views.start, name="start"),
    path("account/", views.account, name="account"),
    path("account/password/", views.password_change, name="password_change"),
    path("account/sessions/", views.session_list, name="sessions"),
    path("account/sessions/<int:session_id>/end/", views.session_end, name="session_end"),
    path("account/sessions/end-others/", views.sessions_end_others, name="sessions_end_others"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<slug:slug>/", views.unit_detail, name="unit_detail"),
    path("account/tokens/", views.tokens, name="tokens"),
    path("account/tokens/<slug:prefix>/revoke/", views.token_revoke, name="token_revoke"),
    path("account/mfa/", views.mfa_overview, name="mfa"),
    path("account/mfa/verify/", views.mfa_verify, name="mfa_verify"),
    path("account/mfa/totp/", views.mfa_totp_add, name="mfa_totp_add"),
    path("account/mfa/passkey/", views.mfa_passkey_add, name="mfa_passkey_add"),
    path("account/mfa/recovery/", views.mfa_recovery, name="mfa_recovery"),
    path("account/mfa/<str:kind>/<int:factor_id>/remove/", views.mfa_remove, name="mfa_remove"),
]
