"""The administration of users, their roles (memberships) and API tokens.

A role is a relation to citizens, so nobody gives or changes their own (an administrator who
could would read citizen data), and every role given, changed or taken away is kept in the
security log."""

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sporskifte.accounts.models import ApiToken, User
from sporskifte.accounts.services import api_token_revoke
from sporskifte.audit.models import SecurityEvent
from sporskifte.audit.services import security_event_record
from sporskifte.organisation.models import Membership

# Fields that would let an administrator make an account a superuser or give it Django
# permissions; only a superuser sees them. Roles come from memberships alone.
SUPERUSER_FIELDS = ("is_superuser", "groups", "user_permissions")


def _own_id(request_user_id: object, user_id: object) -> bool:
    return user_id is not None and user_id == request_user_id


def _own(request: HttpRequest, user_id: object) -> bool:
    return _own_id(request.user.pk, user_id)


def _role_changed(request: HttpRequest, membership: Membership) -> None:
    security_event_record(
        kind=SecurityEvent.Kind.ROLE_CHANGED,
        request=request,
        user=request.user if request.user.is_authenticated else None,
        username=membership.user.get_username(),
    )


class MembershipForm(forms.ModelForm):
    request_user_id: int | None = None

    class Meta:
        model = Membership
        fields = ["user", "unit", "role", "title", "phone", "valid_from", "valid_to"]

    def clean_user(self) -> object:
        user = self.cleaned_data.get("user")
        if user is not None and _own_id(self.request_user_id, user.pk):
            raise forms.ValidationError(_("Du kan ikke give eller ændre dine egne tilknytninger."))
        return user


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipForm
    list_display = ("user", "unit", "role", "valid_from", "valid_to")
    list_filter = ("role", "unit")
    list_select_related = ("user", "unit")
    autocomplete_fields = ("user",)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        # get_form builds a new form class per request, so this does not leak between users.
        form = cast(type[MembershipForm], super().get_form(request, obj, change, **kwargs))
        form.request_user_id = request.user.pk
        return form

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        own = obj is not None and _own(request, obj.user_id)
        return not own and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        own = obj is not None and _own(request, obj.user_id)
        return not own and super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        _role_changed(request, obj)

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        _role_changed(request, obj)
        super().delete_model(request, obj)


class MembershipInline(admin.TabularInline):
    """On a user's page: the user's roles; not on one's own page."""

    model = Membership
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not (obj is not None and _own(request, obj.pk)) and super().has_add_permission(
            request, obj
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not (obj is not None and _own(request, obj.pk)) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not (obj is not None and _own(request, obj.pk)) and super().has_delete_permission(
            request, obj
        )


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [MembershipInline]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (
                name,
                {**options, "fields": [f for f in options["fields"] if f not in SUPERUSER_FIELDS]},
            )
            for name, options in fieldsets
        ]

    def save_formset(
        self, request: HttpRequest, form: Any, formset: BaseInlineFormSet, change: bool
    ) -> None:
        deleted = [cast(Membership, obj) for obj in getattr(formset, "deleted_objects", [])]
        super().save_formset(request, form, formset, change)
        if formset.model is Membership:
            for membership in [*formset.new_objects, *(o for o, _f in formset.changed_objects)]:
                _role_changed(request, cast(Membership, membership))
            for membership in deleted:
                _role_changed(request, membership)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued with `manage.py issue_api_token`; here they can only be revoked."""

    list_display = (
        "prefix",
        "user",
        "name",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_select_related = ("user",)
    readonly_fields = (
        "user",
        "name",
        "prefix",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    fields = readonly_fields
    actions = ["revoke"]

    @admin.action(description=_("Tilbagekald valgte API-nøgler"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        # Through the service, so that each revocation reaches the security log.
        for token in queryset:
            api_token_revoke(prefix=token.prefix, request=request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
