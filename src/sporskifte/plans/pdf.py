"""The plan as a PDF for the citizen: plain Danish, no CPR number (weasyprint)."""

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from sporskifte.organisation.selectors import acute_line_list
from sporskifte.plans.selectors import PlanView


def plan_pdf(view: PlanView) -> bytes:
    # The acute lines as the public page shows them: with a number and hours, or saying the
    # number is not given yet, so the printed plan never leaves a line out.
    acute_lines = acute_line_list(municipality_id=view.course.municipality_id)
    with translation.override("da"):
        html = render_to_string("plans/plan_pdf.html", {"view": view, "acute_lines": acute_lines})
    return HTML(string=html).write_pdf()
