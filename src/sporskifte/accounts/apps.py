from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sporskifte.accounts"
    label = "accounts"
    verbose_name = _("Brugere")

    def ready(self) -> None:
        # Django's place for connecting signals: the models these modules use are loaded now.
        from axes.signals import user_locked_out
        from django.contrib.auth import signals

        from sporskifte.accounts import security_log, session_activity

        signals.user_logged_in.connect(security_log.signed_in, dispatch_uid="security-signed-in")
        signals.user_login_failed.connect(
            security_log.sign_in_failed, dispatch_uid="security-sign-in-failed"
        )
        signals.user_logged_out.connect(security_log.signed_out, dispatch_uid="security-signed-out")
        signals.user_logged_in.connect(session_activity.signed_in, dispatch_uid="session-signed-in")
        signals.user_logged_out.connect(
            session_activity.signed_out, dispatch_uid="session-signed-out"
        )
        user_locked_out.connect(security_log.locked_out, dispatch_uid="security-locked-out")
