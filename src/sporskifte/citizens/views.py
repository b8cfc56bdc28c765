from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from sporskifte.access.policy import Action
from sporskifte.access.principals import principal_of
from sporskifte.access.selectors import citizen_actions, citizen_relation_list
from sporskifte.citizens import selectors, services
from sporskifte.citizens.forms import (
    CitizenEditForm,
    CitizenForm,
    CitizenSearchForm,
    ConsentForm,
    NetworkActorForm,
    RelativeForm,
)
from sporskifte.citizens.models import Citizen
from sporskifte.core.errors import DomainError
from sporskifte.core.forms_support import show_domain_error
from sporskifte.core.views_support import not_found_on_domain_error


def _citizen_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in services.EDITABLE_FIELDS if name in data}


@sensitive_post_parameters("query")  # it may be a CPR number: kept out of error reports
@login_required
@not_found_on_domain_error
def citizen_search(request: HttpRequest) -> HttpResponse:
    # Posted, never in the address: a search may hold a CPR number, and addresses end up in
    # proxy logs and the browser's history.
    principal = principal_of(request)
    form = CitizenSearchForm(request.POST if request.method == "POST" else None)
    citizens = None
    if form.is_valid():
        try:
            citizens = selectors.citizen_search_for_user(
                actor=principal, query=form.cleaned_data["query"]
            )
        except DomainError as error:
            if not error.fields:
                raise
            show_domain_error(form, error)
    else:
        selectors.citizen_search_allowed(actor=principal)
    status = 422 if form.errors else 200
    return render(
        request,
        "citizens/search.html",
        {"form": form, "citizens": citizens, "limit": selectors.SEARCH_LIMIT},
        status=status,
    )


@sensitive_post_parameters("cpr")  # kept out of error reports
@login_required
@not_found_on_domain_error
def citizen_create(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    units = list(services.registration_units(actor=principal))
    form = CitizenForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.citizen_register(
                actor=principal,
                unit=services.registering_unit(actor=principal, unit_slug=data.get("unit")),
                cpr=data["cpr"],
                **_citizen_fields(data),
            )
        except DomainError as error:
            show_domain_error(form, error)
            return render(request, "citizens/citizen_form.html", {"form": form}, status=422)
        if registration.already_related:
            messages.info(request, _("Borgeren var allerede registreret hos jer."))
        else:
            messages.success(request, _("Borgeren er registreret."))
        return redirect("citizens:detail", registration.citizen.public_id)
    status = 422 if form.errors else 200
    return render(request, "citizens/citizen_form.html", {"form": form}, status=status)


def _detail(
    request: HttpRequest, citizen: Citizen, status: int = 200, **extra: Any
) -> HttpResponse:
    principal = principal_of(request)
    context = {
        "citizen": citizen,
        "can": {
            action.name.lower()
            for action in citizen_actions(actor=principal, citizen_id=citizen.pk)
        },
        "relations": citizen_relation_list(actor=principal, citizen_id=citizen.pk),
        "relative_form": extra.pop("relative_form", None) or RelativeForm(prefix="relative"),
        "actor_form": extra.pop("actor_form", None) or NetworkActorForm(prefix="actor"),
        **extra,
    }
    return render(request, "citizens/citizen_detail.html", context, status=status)


@login_required
@not_found_on_domain_error
def citizen_detail(request: HttpRequest, citizen_id: UUID) -> HttpResponse:
    citizen = selectors.citizen_get_for_user(actor=principal_of(request), citizen_id=citizen_id)
    return _detail(request, citizen)


@login_required
@require_POST
@not_found_on_domain_error
def citizen_cpr_show(request: HttpRequest, citizen_id: UUID) -> HttpResponse:
    principal = principal_of(request)
    citizen = selectors.citizen_get_for_user(
        actor=principal, citizen_id=citizen_id, action=Action.REVEAL_CPR
    )
    cpr = services.citizen_cpr_reveal(actor=principal, citizen=citizen)
    return _detail(request, citizen, cpr=f"{cpr[:6]}-{cpr[6:]}")


@sensitive_post_parameters("cpr")
@login_required
@not_found_on_domain_error
def citizen_edit(request: HttpRequest, citizen_id: UUID) -> HttpResponse:
    principal = principal_of(request)
    citizen = selectors.citizen_get_for_user(
        actor=principal, citizen_id=citizen_id, action=Action.WRITE
    )
    initial = {name: getattr(citizen, name) for name in services.EDITABLE_FIELDS}
    for name in ("aims_for_work_or_education", "expected_to_work"):
        value = initial[name]
        initial[name] = "" if value is None else ("true" if value else "false")
    form = CitizenEditForm(request.POST or None, initial=initial, citizen=citizen)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.citizen_update(
                actor=principal,
                citizen=citizen,
                cpr=form.cleaned_data.get("cpr") or "",
                **_citizen_fields(form.cleaned_data),
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Oplysningerne er gemt."))
            return redirect("citizens:detail", saved.public_id)
    status = 422 if form.errors else 200
    context = {"form": form, "citizen": citizen}
    return render(request, "citizens/citizen_form.html", context, status=status)


@login_required
@require_POST
@not_found_on_domain_error
def relative_add(request: HttpRequest, citizen_id: UUID) -> HttpResponse:
    principal = principal_of(request)
    citizen = selectors.citizen_get_for_user(
        actor=principal, citizen_id=citizen_id, action=Action.WRITE
    )
    form = RelativeForm(request.POST, prefix="relative")
    if form.is_valid():
        try:
            services.relative_add(actor=principal, citizen=citizen, **form.cleaned_data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Den pårørende er tilføjet."))
            return redirect("citizens:detail", citizen.public_id)
    return _detail(request, citizen, status=422, relative_form=form)


@login_required
@require_POST
@not_found_on_domain_error
def network_actor_add(request: HttpRequest, citizen_id: UUID) -> HttpResponse:
    principal = principal_of(request)
    citizen = selectors.citizen_get_for_user(
        actor=principal, citizen_id=citizen_id, action=Action.WRITE
    )
    form = NetworkActorForm(request.POST, prefix="actor")
    if form.is_valid():
        try:
            services.network_actor_add(actor=principal, citizen=citizen, **form.cleaned_data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Aktøren er tilføjet."))
            return redirect("citizens:detail", citizen.public_id)
    return _detail(request, citizen, status=422, actor_form=form)


@login_required
@not_found_on_domain_error
def consent_add(request: HttpRequest, actor_id: int) -> HttpResponse:
    principal = principal_of(request)
    network_actor = selectors.network_actor_get_for_user(
        actor=principal, actor_id=actor_id, action=Action.WRITE
    )
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(
                actor=principal, network_actor=network_actor, **form.cleaned_data
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Samtykket er registreret."))
            return redirect("citizens:detail", network_actor.citizen.public_id)
    return render(
        request,
        "citizens/consent_form.html",
        {"form": form, "network_actor": network_actor},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
@not_found_on_domain_error
def consent_withdraw(request: HttpRequest, consent_id: int) -> HttpResponse:
    principal = principal_of(request)
    consent = selectors.consent_get_for_user(
        actor=principal, consent_id=consent_id, action=Action.WRITE
    )
    try:
        services.consent_withdraw(actor=principal, consent=consent)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Samtykket er trukket tilbage."))
    return redirect("citizens:detail", consent.citizen.public_id)
