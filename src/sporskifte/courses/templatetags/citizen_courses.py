"""The citizen page's list of the citizen's courses. The citizens app sits below courses and
cannot ask the courses selector itself, so its page names this tag and the tag asks."""

from typing import Any

from django import template

from sporskifte.access.principals import principal_of
from sporskifte.courses.selectors import courses_of_citizen

register = template.Library()


@register.inclusion_tag("courses/citizen_courses.html", takes_context=True)
def citizen_courses(context: template.Context, citizen: Any) -> dict[str, Any]:
    courses = courses_of_citizen(actor=principal_of(context["request"]), citizen_id=citizen.pk)
    return {"citizen": citizen, "courses": courses}
