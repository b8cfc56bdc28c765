"""The administration of users, their roles (memberships) and API tokens.

A role is a relation to citizens, so nobody gives or changes their own (an administrator who
could would read citizen data), and every role given, changed or taken away is kept in the
security log. A user is deactivated, or all of her sessions ended, through the accounts
services, which end the sessions at once and log it."""

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sporskifte.access.principals import principal_of
from sporskifte.accounts.models import ApiToken, User, UserSession
from sporskifte.accounts.services import api_token_revoke, user_deactivate, user_sessions_end_all
from sporskifte.accounts.session_rules import still_alive
from sporskifte.audit.models import SecurityEvent
from sporskifte.audit.services import security_event_record
from sporskifte.core.errors import DomainError
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


class MembershipPeriodForm(forms.ModelForm):
    """A membership's period: from a day, and to an end date (inclusive) or open. From the day
    after the end date the membership gives no access (the policy reads only memberships in
    force today)."""

    class Meta:
        model = Membership
        fields = ["unit", "role", "title", "phone", "valid_from", "valid_to"]
        help_texts = {
            "valid_to": _("Sidste dag, tilknytningen gælder. Tom: indtil videre."),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Slutdatoen kan ikke ligge før startdatoen."))
        return cleaned


class MembershipForm(MembershipPeriodForm):
    request_user_id: int | None = None

    class Meta(MembershipPeriodForm.Meta):
        fields = ["user", *MembershipPeriodForm.Meta.fields]

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
    form = MembershipPeriodForm
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


class ActiveSessionInline(admin.TabularInline):
    """On a user's page: where the user is signed in now (ended with the actions on the list
    of users, never edited here)."""

    model = UserSession
    extra = 0
    can_delete = False
    fields = ("browser", "operating_system", "address", "signed_in_at", "last_seen_at")
    readonly_fields = fields
    verbose_name_plural = _("aktive sessioner")

    def get_queryset(self, request: HttpRequest) -> QuerySet[UserSession]:
        # Each row's label names its user: one join, not a query per session.
        return (
            super().get_queryset(request).filter(still_alive(timezone.now())).select_related("user")
        )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _for_each_user(
    request: HttpRequest,
    users: QuerySet[User],
    act: Callable[[User], object],
    done: Callable[[int], str],
) -> None:
    """Run a service for each selected user: one message for those done, one per refusal."""
    count = 0
    for user in users:
        try:
            act(user)
        except DomainError as error:
            messages.error(request, f"{user.get_username()}: {error.message}")
            continue
        count += 1
    if count:
        messages.success(request, done(count))


@admin.action(description=_("Afslut alle sessioner for de valgte brugere"))
def end_sessions(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    actor = principal_of(request)
    _for_each_user(
        request,
        queryset,
        lambda user: user_sessions_end_all(actor=actor, user=user, request=request),
        lambda count: (
            ngettext(
                "Alle sessioner er afsluttet for %(count)d bruger.",
                "Alle sessioner er afsluttet for %(count)d brugere.",
                count,
            )
            % {"count": count}
        ),
    )


@admin.action(description=_("Deaktivér de valgte brugere (alle deres sessioner slutter)"))
def deactivate(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    actor = principal_of(request)
    _for_each_user(
        request,
        queryset,
        lambda user: user_deactivate(actor=actor, user=user, request=request),
        lambda count: (
            ngettext(
                "%(count)d bruger er deaktiveret, og alle brugerens sessioner er afsluttet.",
                "%(count)d brugere er deaktiveret, og alle deres sessioner er afsluttet.",
                count,
            )
            % {"count": count}
        ),
    )


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [MembershipInline, ActiveSessionInline]
    actions = [end_sessions, deactivate]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Nobody deactivates herself (it could lock out the last administrator).
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, "is_active") if obj is not None and _own(request, obj.pk) else fields

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # Unticking "active" on the form is a deactivation: the sessions must end now too.
        if change and "is_active" in form.changed_data and not obj.is_active:
            user_deactivate(actor=principal_of(request), user=obj, request=request)

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
