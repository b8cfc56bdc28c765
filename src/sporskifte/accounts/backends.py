"""Django's permissions for the administration, answered by the access policy."""

from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from sporskifte.access.principals import Principal, may_administer

# The apps whose models the administration shows: the organisation, users and tokens, and the
# security log. Nothing about citizens is registered there.
ADMINISTERED_APPS = ("organisation", "accounts", "audit")


class PolicyPermissionBackend(BaseBackend):
    """Lets an administrator (a membership with the administrator role) use the administration
    without per-model permissions to keep in step: the policy's `administer` decides. Each
    model admin still refuses what nobody may do (changing a log row, adding a token)."""

    def has_perm(
        self, user_obj: AbstractBaseUser | AnonymousUser, perm: str, obj: object = None
    ) -> bool:
        if not isinstance(user_obj, AbstractBaseUser) or not user_obj.is_active:
            return False
        if perm.partition(".")[0] not in ADMINISTERED_APPS:
            return False
        cached = getattr(user_obj, "_may_administer", None)
        if cached is None:
            cached = may_administer(Principal.staff(user_obj))
            user_obj._may_administer = cached  # type: ignore[attr-defined]
        return cached

    def has_module_perms(self, user_obj: AbstractBaseUser | AnonymousUser, app_label: str) -> bool:
        return self.has_perm(user_obj, f"{app_label}.view")
