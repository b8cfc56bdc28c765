import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from sporskifte.access.principals import principal_of
from sporskifte.core.dates import plausible_date
from sporskifte.core.errors import DomainError
from sporskifte.core.forms_support import show_domain_error, style_inputs
from sporskifte.core.views_support import not_found_on_domain_error
from sporskifte.reports import selectors
from sporskifte.reports.charts import trend_svg
from sporskifte.reports.definitions import GROUPS, NAMES, SHARES
from sporskifte.reports.export import indicators_csv, indicators_xlsx


class FilterForm(forms.Form):
    unit = forms.ChoiceField(label=_("Enhed eller spor"), required=False)
    start = forms.DateField(
        label=_("Fra"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[plausible_date],
    )
    end = forms.DateField(
        label=_("Til"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[plausible_date],
    )

    def __init__(self, *args: object, units: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"].choices = [("", _("Alle mine enheder")), *units]  # type: ignore[attr-defined]
        style_inputs(self)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:  # the exports must never meet a reversed period
            self.add_error("end", _("Slutdatoen skal ligge efter startdatoen."))
        return data


def _filters(request: HttpRequest) -> tuple[FilterForm, str | None, dt.date | None, dt.date | None]:
    units = [
        (u.slug, f"{u.label + ': ' if u.label else ''}{u.name}")
        for u in selectors.report_units_for_user(actor=principal_of(request))
    ]
    form = FilterForm(request.GET or None, units=units)
    if form.is_bound and form.is_valid():
        return (
            form,
            form.cleaned_data["unit"] or None,
            form.cleaned_data["start"],
            form.cleaned_data["end"],
        )
    return form, None, None, None


@login_required
@not_found_on_domain_error
def dashboard(request: HttpRequest) -> HttpResponse:
    form, unit_slug, start, end = _filters(request)
    try:
        period, unit, indicators = selectors.indicators_for_user(
            actor=principal_of(request), unit_slug=unit_slug, start=start, end=end
        )
    except DomainError as error:
        show_domain_error(form, error)
        period, unit, indicators = selectors.indicators_for_user(
            actor=principal_of(request), unit_slug=unit_slug, start=None, end=None
        )
    trend = selectors.trend_for_user(
        actor=principal_of(request), unit_slug=unit_slug, start=period.start, end=period.end
    )
    groups = [
        (label, [(NAMES[i.code], i, i.code in SHARES) for i in indicators if i.group == code])
        for code, label in GROUPS.items()
    ]
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "groups": groups,
            "trend": trend,
            "period": period,
            "unit": unit,
            "query": request.GET.urlencode(),
        },
    )


@login_required
@not_found_on_domain_error
def export_csv(request: HttpRequest) -> HttpResponse:
    _form, unit_slug, start, end = _filters(request)
    period, unit, indicators = selectors.indicators_for_user(
        actor=principal_of(request), unit_slug=unit_slug, start=start, end=end
    )
    content = indicators_csv(indicators, period=period, unit_name=unit.name if unit else "Alle")
    response = HttpResponse("\ufeff" + content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="indikatorer-{period.start}-{period.end}.csv"'
    )
    return response


@login_required
@not_found_on_domain_error
def export_xlsx(request: HttpRequest) -> HttpResponse:
    _form, unit_slug, start, end = _filters(request)
    period, unit, indicators = selectors.indicators_for_user(
        actor=principal_of(request), unit_slug=unit_slug, start=start, end=end
    )
    content = indicators_xlsx(indicators, period=period, unit_name=unit.name if unit else "Alle")
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="indikatorer-{period.start}-{period.end}.xlsx"'
    )
    return response


@login_required
@not_found_on_domain_error
def trend_chart(request: HttpRequest) -> HttpResponse:
    _form, unit_slug, start, end = _filters(request)
    trend = selectors.trend_for_user(
        actor=principal_of(request), unit_slug=unit_slug, start=start, end=end
    )
    response = HttpResponse(trend_svg(trend), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response
