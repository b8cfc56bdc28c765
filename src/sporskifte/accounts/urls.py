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
    path("units/", views.unit_list, name="unit_list"),
    path("units/<slug:slug>/", views.unit_detail, name="unit_detail"),
]
