from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from sporskifte.access.policy import Action
from sporskifte.access.principals import principal_of
from sporskifte.access.scoping import access_of
from sporskifte.citizens.selectors import citizen_get_for_user
from sporskifte.core.errors import DomainError, NotFound, RateLimited
from sporskifte.core.forms_support import show_domain_error
from sporskifte.core.ratelimit import client_key
from sporskifte.core.views_support import not_found_on_domain_error
from sporskifte.organisation.selectors import acute_line_list, municipality_for_public
from sporskifte.referrals import selectors, services
from sporskifte.referrals.eligibility import eligibility_flags
from sporskifte.referrals.forms import (
    AcuteCallForm,
    ReferralForKnownCitizenForm,
    ReferralForNewCitizenForm,
    SelfReferralForm,
    TriageForm,
)
from sporskifte.referrals.models import Referral

RECEIPT_SESSION_KEY = "self_referral_receipt"


def self_referral(request: HttpRequest) -> HttpResponse:
    municipality = municipality_for_public()
    if municipality is None:
        raise NotFound()
    service_options = services.self_referral_services(municipality=municipality)
    form = SelfReferralForm(request.POST or None, services=service_options)
    status = 200
    refused: RateLimited | None = None
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                referral = services.self_referral_receive(
                    municipality=municipality,
                    client=client_key(request),
                    started=data["started"],
                    trap=data["website"],
                    name=data["name"],
                    contact=data["contact"],
                    need=data["need"],
                    consent_to_contact=data["consent_to_contact"],
                    service_slug=data.get("service") or None,
                )
            except RateLimited as error:
                refused, status = error, 429
            except services.LooksAutomated as error:
                form.start_over_earlier()
                show_domain_error(form, error)
            except DomainError as error:
                show_domain_error(form, error)
            else:
                request.session[RECEIPT_SESSION_KEY] = referral.receipt
                return redirect("referrals:self_referral_receipt")
    return render(
        request,
        "referrals/self_referral.html",
        {
            "form": form,
            "municipality": municipality,
            "refused": refused,
            "acute_lines": acute_line_list(municipality_id=municipality.pk),
        },
        status=status,
    )


def self_referral_receipt(request: HttpRequest) -> HttpResponse:
    receipt = request.session.get(RECEIPT_SESSION_KEY)
    if not receipt:
        return redirect("referrals:self_referral")
    municipality = municipality_for_public()
    acute_lines = acute_line_list(municipality_id=municipality.pk) if municipality else []
    return render(
        request,
        "referrals/self_referral_receipt.html",
        {"receipt": receipt, "acute_lines": acute_lines},
    )


@login_required
@not_found_on_domain_error
def intake_overview(request: HttpRequest) -> HttpResponse:
    units = selectors.intake_units_for_user(actor=principal_of(request))
    return render(request, "referrals/intake_overview.html", {"intake_units": units})


@login_required
@not_found_on_domain_error
def intake_queue(request: HttpRequest, slug: str) -> HttpResponse:
    principal = principal_of(request)
    unit = selectors.intake_unit_get(actor=principal, slug=slug)
    queue = selectors.intake_queue(actor=principal, unit=unit)
    awaiting = selectors.awaiting_course(actor=principal, unit=unit)
    context = {"unit": unit, "queue": queue, "awaiting": awaiting, "now": timezone.now()}
    return render(request, "referrals/intake_queue.html", context)


@sensitive_post_parameters("cpr")  # kept out of error reports
@login_required
@not_found_on_domain_error
def referral_create(request: HttpRequest, slug: str) -> HttpResponse:
    principal = principal_of(request)
    unit = selectors.intake_unit_get(actor=principal, slug=slug)
    citizen = None
    if request.GET.get("citizen"):
        try:
            public_id = UUID(request.GET["citizen"])
        except ValueError:
            raise NotFound() from None
        citizen = citizen_get_for_user(actor=principal, citizen_id=public_id, action=Action.WRITE)
    form: ReferralForKnownCitizenForm | ReferralForNewCitizenForm = (
        ReferralForKnownCitizenForm(request.POST or None)
        if citizen is not None
        else ReferralForNewCitizenForm(request.POST or None)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        referral_fields = {
            name: data.pop(name)
            for name in (
                "source",
                "referrer_name",
                "referrer_organisation",
                "reason",
                "outreach",
                "signs_of_lasting_need",
                "agrees_to_take_part",
            )
        }
        try:
            if citizen is not None:
                referral = services.referral_register(
                    actor=principal, unit=unit, citizen=citizen, **referral_fields
                )
            else:
                cpr = data.pop("cpr", "")
                referral = services.referral_register_with_new_citizen(
                    actor=principal, unit=unit, citizen_fields=data, cpr=cpr, **referral_fields
                )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Henvisningen er registreret (nr. %(receipt)s).") % {"receipt": referral.receipt},
            )
            return redirect("referrals:queue", unit.slug)
    return render(
        request,
        "referrals/referral_form.html",
        {"form": form, "unit": unit, "citizen": citizen},
        status=422 if form.errors else 200,
    )


@login_required
@not_found_on_domain_error
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    principal = principal_of(request)
    action = Action.WRITE if request.method == "POST" else Action.READ
    referral = selectors.referral_get_for_user(
        actor=principal, referral_id=referral_id, action=action
    )
    initial = {
        "service": referral.service.slug if referral.service else "",
        "signs_of_lasting_need": referral.signs_of_lasting_need,
        "agrees_to_take_part": ""
        if referral.agrees_to_take_part is None
        else ("true" if referral.agrees_to_take_part else "false"),
    }
    form = TriageForm(
        request.POST or None,
        initial=initial,
        services=services.triage_service_choices(referral),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            triaged = services.referral_triage(
                actor=principal,
                referral=referral,
                decision=data["decision"],
                reason=data["reason"],
                service_slug=data["service"] or None,
                signs_of_lasting_need=data["signs_of_lasting_need"],
                agrees_to_take_part=data["agrees_to_take_part"],
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Henvendelsen er visiteret."))
            if triaged.status == Referral.Status.ACCEPTED:
                return redirect("referrals:detail", referral.pk)
            return redirect("referrals:queue", referral.unit.slug)
    recommendation, recommended_track = selectors.referral_routing_recommendation(referral)
    return render(
        request,
        "referrals/referral_detail.html",
        {
            "referral": referral,
            "form": form,
            "flags": eligibility_flags(referral),
            "has_course": hasattr(referral, "course"),
            "may_triage": principal.permits(access_of(referral), Action.WRITE),
            "recommendation": recommendation,
            "recommended_track": recommended_track,
            "now": timezone.now(),
        },
        status=422 if form.errors else 200,
    )


@login_required
@not_found_on_domain_error
def acute_line(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    calls = selectors.acute_calls_for_user(actor=principal)
    form = AcuteCallForm(
        request.POST or None,
        initial={"received_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            call = services.acute_call_log(actor=principal, **form.cleaned_data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            return redirect("referrals:acute_call", call.pk)
    return render(
        request,
        "referrals/acute_line.html",
        {"form": form, "calls": calls},
        status=422 if form.errors else 200,
    )


@login_required
@not_found_on_domain_error
def acute_call(request: HttpRequest, call_id: int) -> HttpResponse:
    call = selectors.acute_call_get_for_user(actor=principal_of(request), call_id=call_id)
    return render(request, "referrals/acute_call.html", {"call": call})
