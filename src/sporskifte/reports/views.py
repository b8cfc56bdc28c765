from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from sporskifte.access.principals import principal_of
from sporskifte.core.errors import DomainError
from sporskifte.core.forms_support import show_domain_error
from sporskifte.core.views_support import not_found_on_domain_error
from sporskifte.organisation.models import Unit
from sporskifte.reports import selectors
from sporskifte.reports.charts import trend_svg
from sporskifte.reports.definitions import GROUPS
from sporskifte.reports.export import Cell, indicator_rows, indicators_csv, indicators_xlsx
from sporskifte.reports.forms import FilterForm
from sporskifte.reports.presentation import SUPPRESSION_RULE, grouped, lines

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _form(request: HttpRequest, units: list[Unit]) -> FilterForm:
    """Always bound: without a query it holds the default period, so the fields show the
    period the numbers are for, and an export button sends exactly that."""
    default = selectors.default_period()
    data = request.GET or {"start": default.start.isoformat(), "end": default.end.isoformat()}
    return FilterForm(
        data,
        units=[(u.slug, f"{u.label + ': ' if u.label else ''}{u.name}") for u in units],
    )


def _report(request: HttpRequest, form: FilterForm) -> selectors.Report:
    return selectors.report_for_user(
        actor=principal_of(request),
        unit_slug=form.cleaned_data["unit"] or None,
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
    )


@login_required
@not_found_on_domain_error
def dashboard(request: HttpRequest) -> HttpResponse:
    units = list(selectors.report_units_for_user(actor=principal_of(request)))
    if not units:
        return render(request, "reports/no_units.html")
    form = _form(request, units)
    report = None
    if form.is_valid():
        try:
            report = _report(request, form)
        except DomainError as error:
            show_domain_error(form, error)
    context: dict[str, object] = {"form": form, "report": report, "rule": SUPPRESSION_RULE}
    if report is not None:
        context["groups"] = grouped(lines(report.indicators, report.previous))
        context["trend"] = selectors.trend_for_user(
            actor=principal_of(request),
            unit_slug=report.unit.slug if report.unit else None,
            start=report.period.start,
            end=report.period.end,
        )
        context["query"] = urlencode(
            {
                "unit": report.unit.slug if report.unit else "",
                "start": report.period.start.isoformat(),
                "end": report.period.end.isoformat(),
            }
        )
    return render(request, "reports/dashboard.html", context)


def _file(
    request: HttpRequest, write: Callable[[list[list[Cell]]], str | bytes], *, kind: str, ext: str
) -> HttpResponse:
    form = _form(request, list(selectors.report_units_for_leader(actor=principal_of(request))))
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors_as_text(), content_type="text/plain")
    report = _report(request, form)
    rows = indicator_rows(
        lines(report.indicators, report.previous),
        period=report.period,
        unit_name=report.unit.name if report.unit else _("Alle mine enheder"),
        groups={code: str(label) for code, label in GROUPS.items()},
    )
    response = HttpResponse(write(rows), content_type=kind)
    response["Content-Disposition"] = (
        f'attachment; filename="indikatorer-{report.period.start}-{report.period.end}.{ext}"'
    )
    return response


@login_required
@not_found_on_domain_error
def export_csv(request: HttpRequest) -> HttpResponse:
    return _file(request, indicators_csv, kind="text/csv; charset=utf-8", ext="csv")


@login_required
@not_found_on_domain_error
def export_xlsx(request: HttpRequest) -> HttpResponse:
    return _file(request, indicators_xlsx, kind=XLSX, ext="xlsx")


@login_required
@not_found_on_domain_error
def trend_chart(request: HttpRequest) -> HttpResponse:
    form = _form(request, list(selectors.report_units_for_leader(actor=principal_of(request))))
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors_as_text(), content_type="text/plain")
    trend = selectors.trend_for_user(
        actor=principal_of(request),
        unit_slug=form.cleaned_data["unit"] or None,
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
    )
    response = HttpResponse(trend_svg(trend), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response
