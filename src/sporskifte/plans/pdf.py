"""The plan as a PDF for the citizen: plain Danish, no CPR number (weasyprint)."""

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from sporskifte.plans.selectors import PlanView


def plan_pdf(view: PlanView) -> bytes:
    with translation.override("da"):
        html = render_to_string("plans/plan_pdf.html", {"view": view})
    return HTML(string=html).write_pdf()
