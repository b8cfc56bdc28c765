from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from sporskifte.citizens import selectors, services
from sporskifte.citizens.forms import (
    CitizenEditForm,
    CitizenForm,
    ConsentForm,
    NetworkActorForm,
    RelativeForm,
)
from sporskifte.citizens.models import Citizen
from sporskifte.core.access import units_in_scope
from sporskifte.core.errors import DomainError
from sporskifte.core.forms_support import show_domain_error
from sporskifte.core.views_support import not_found_on_domain_error, permission_or_404


def _citizen_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in services.EDITABLE_FIELDS if name in data}


@sensitive_post_parameters("cpr")  # kept out of error reports
@login_required
@permission_or_404("citizens.register")
def citizen_create(request: HttpRequest) -> HttpResponse:
    units = list(units_in_scope(request.user, roles=services.STAFF_ROLES).order_by("path"))
    form = CitizenForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            citizen = services.citizen_register(
                actor=request.user,
                unit=services.registering_unit(actor=request.user, unit_slug=data.get("unit")),
                cpr=data["cpr"],
                **_citizen_fields(data),
            )
        except DomainError as error:
            show_domain_error(form, error)
            return render(
                request, "citizens/citizen_form.html", _form_context(form, error), status=422
            )
        messages.success(request, _("Borgeren er registreret."))
        return redirect("citizens:detail", citizen.pk)
    status = 422 if form.errors else 200
    return render(request, "citizens/citizen_form.html", _form_context(form), status=status)


def _form_context(form: CitizenForm, error: DomainError | None = None) -> dict[str, Any]:
    existing = error.extra.get("existing_citizen_url") if error is not None else None
    return {"form": form, "existing_citizen_url": existing}


@login_required
@not_found_on_domain_error
def citizen_detail(request: HttpRequest, citizen_id: int) -> HttpResponse:
    citizen = selectors.citizen_get_for_user(user=request.user, citizen_id=citizen_id)
    return render(request, "citizens/citizen_detail.html", _detail_context(citizen))


def _detail_context(citizen: Citizen, **extra: Any) -> dict[str, Any]:
    return {
        "citizen": citizen,
        "relative_form": extra.pop("relative_form", None) or RelativeForm(prefix="relative"),
        "actor_form": extra.pop("actor_form", None) or NetworkActorForm(prefix="actor"),
        "consent_form": ConsentForm(prefix="consent"),
        **extra,
    }


@login_required
@require_POST
@not_found_on_domain_error
def citizen_cpr_show(request: HttpRequest, citizen_id: int) -> HttpResponse:
    citizen = selectors.citizen_get_for_user(user=request.user, citizen_id=citizen_id)
    cpr = services.citizen_cpr_reveal(actor=request.user, citizen=citizen)
    shown = f"{cpr[:6]}-{cpr[6:]}"
    return render(request, "citizens/citizen_detail.html", _detail_context(citizen, cpr=shown))


@sensitive_post_parameters("cpr")
@login_required
@not_found_on_domain_error
def citizen_edit(request: HttpRequest, citizen_id: int) -> HttpResponse:
    citizen = selectors.citizen_get_for_user(user=request.user, citizen_id=citizen_id)
    initial = {name: getattr(citizen, name) for name in services.EDITABLE_FIELDS}
    for name in ("aims_for_work_or_education", "expected_to_work"):
        value = initial[name]
        initial[name] = "" if value is None else ("true" if value else "false")
    form = CitizenEditForm(request.POST or None, initial=initial, citizen=citizen)
    if request.method == "POST" and form.is_valid():
        try:
            services.citizen_update(
                actor=request.user,
                citizen=citizen,
                cpr=form.cleaned_data.get("cpr") or "",
                **_citizen_fields(form.cleaned_data),
            )
        except DomainError as error:
            show_domain_error(form, error)
            context = {**_form_context(form, error), "citizen": citizen}
            return render(request, "citizens/citizen_form.html", context, status=422)
        messages.success(request, _("Oplysningerne er gemt."))
        return redirect("citizens:detail", citizen.pk)
    status = 422 if form.errors else 200
    context = {"form": form, "citizen": citizen}
    return render(request, "citizens/citizen_form.html", context, status=status)


@login_required
@require_POST
@not_found_on_domain_error
def relative_add(request: HttpRequest, citizen_id: int) -> HttpResponse:
    citizen = selectors.citizen_get_for_user(user=request.user, citizen_id=citizen_id)
    form = RelativeForm(request.POST, prefix="relative")
    if form.is_valid():
        services.relative_add(actor=request.user, citizen=citizen, **form.cleaned_data)
        messages.success(request, _("Den pårørende er tilføjet."))
        return redirect("citizens:detail", citizen.pk)
    context = _detail_context(citizen, relative_form=form)
    return render(request, "citizens/citizen_detail.html", context, status=422)


@login_required
@require_POST
@not_found_on_domain_error
def network_actor_add(request: HttpRequest, citizen_id: int) -> HttpResponse:
    citizen = selectors.citizen_get_for_user(user=request.user, citizen_id=citizen_id)
    form = NetworkActorForm(request.POST, prefix="actor")
    if form.is_valid():
        services.network_actor_add(actor=request.user, citizen=citizen, **form.cleaned_data)
        messages.success(request, _("Aktøren er tilføjet."))
        return redirect("citizens:detail", citizen.pk)
    context = _detail_context(citizen, actor_form=form)
    return render(request, "citizens/citizen_detail.html", context, status=422)


@login_required
@not_found_on_domain_error
def consent_add(request: HttpRequest, actor_id: int) -> HttpResponse:
    network_actor = selectors.network_actor_get_for_user(user=request.user, actor_id=actor_id)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(
                actor=request.user, network_actor=network_actor, **form.cleaned_data
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Samtykket er registreret."))
            return redirect("citizens:detail", network_actor.citizen_id)
    return render(
        request, "citizens/consent_form.html", {"form": form, "network_actor": network_actor}
    )


@login_required
@require_POST
@not_found_on_domain_error
def consent_withdraw(request: HttpRequest, consent_id: int) -> HttpResponse:
    consent = selectors.consent_get_for_user(user=request.user, consent_id=consent_id)
    try:
        services.consent_withdraw(actor=request.user, consent=consent)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Samtykket er trukket tilbage."))
    return redirect("citizens:detail", consent.citizen_id)
