import datetime as dt

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sporskifte.core.forms_support import style_inputs
from sporskifte.courses.models import Appointment, Course
from sporskifte.organisation.models import Service


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Service) -> str:
        return f"{obj.unit.name}: {obj.name}"


def _offered(services: list[Service]) -> QuerySet[Service]:
    """The services a select may offer, as the queryset a ModelChoiceField validates against."""
    return (
        Service.objects.filter(pk__in=[service.pk for service in services])
        .select_related("unit")
        .order_by("unit__path", "position")
    )


def _element_choices(service: Service) -> list[tuple[str, str]]:
    return [(e.code, e.name) for e in service.elements.all()]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class CourseStartForm(forms.Form):
    start_date = forms.DateField(label=_("Startdato"), widget=DateInput())
    planned_end = forms.DateField(
        label=_("Planlagt slutdato"),
        required=False,
        widget=DateInput(),
        help_text=_("Tom: den seneste tilladte dato for ydelsen."),
    )
    agrees_to_take_part = forms.BooleanField(
        label=_("Borgeren er indforstået med at deltage aktivt"), required=False, initial=True
    )
    elements = forms.MultipleChoiceField(
        label=_("Elementer i forløbet"), required=False, widget=forms.CheckboxSelectMultiple
    )
    discharged_on = forms.DateField(
        label=_("Udskrevet fra hospital den"),
        required=False,
        widget=DateInput(),
        help_text=_("Kun hvis forløbet følger efter en udskrivning."),
    )

    def __init__(self, *args: object, service: Service, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["elements"].choices = _element_choices(service)  # type: ignore[attr-defined]
        style_inputs(self)


# The course page shows several forms at once; each has its own prefix so that their fields'
# ids (and the labels and error links pointing at them) are unique on the page.


class AppointmentForm(forms.Form):
    prefix = "appointment"
    day = forms.DateField(label=_("Dato"), widget=DateInput())
    starts = forms.TimeField(label=_("Fra"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("Til"), widget=forms.TimeInput(attrs={"type": "time"}))
    element = forms.ChoiceField(label=_("Element"), required=False)
    location = forms.ChoiceField(label=_("Sted"), required=False)

    def __init__(self, *args: object, service: Service, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["element"].choices = [("", "—"), *_element_choices(service)]  # type: ignore[attr-defined]
        self.fields["location"].choices = [  # type: ignore[attr-defined]
            ("", _("Andet sted / hjemme hos borgeren")),
            *[(loc.slug, f"{loc.name}, {loc.street}") for loc in service.unit.locations.all()],
        ]
        style_inputs(self)

    def moments(self) -> tuple[dt.datetime, dt.datetime]:
        day = self.cleaned_data["day"]
        zone = timezone.get_current_timezone()
        return (
            dt.datetime.combine(day, self.cleaned_data["starts"], tzinfo=zone),
            dt.datetime.combine(day, self.cleaned_data["ends"], tzinfo=zone),
        )


class NoteForm(forms.Form):
    prefix = "note"
    text = forms.CharField(label=_("Notat"), widget=forms.Textarea(attrs={"rows": 5}))
    element = forms.ChoiceField(label=_("Element"), required=False)
    appointment = forms.IntegerField(
        required=False, min_value=1, max_value=2**62, widget=forms.HiddenInput
    )

    def __init__(self, *args: object, service: Service, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["element"].choices = [("", "—"), *_element_choices(service)]  # type: ignore[attr-defined]
        style_inputs(self)


class EndForm(forms.Form):
    prefix = "end"
    reason = forms.ChoiceField(label=_("Årsag"), choices=[("", "—"), *Course.EndReason.choices])
    ended_on = forms.DateField(label=_("Afsluttet den"), widget=DateInput())
    note = forms.CharField(
        label=_("Bemærkning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        style_inputs(self)


class PlannedEndForm(forms.Form):
    prefix = "planned_end"
    planned_end = forms.DateField(label=_("Ny planlagt slutdato"), widget=DateInput())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        style_inputs(self)


class ReadmissionForm(forms.Form):
    prefix = "readmission"
    happened_on = forms.DateField(label=_("Genindlagt den"), widget=DateInput())
    note = forms.CharField(label=_("Bemærkning"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        style_inputs(self)


class EscalationForm(forms.Form):
    needs = forms.CharField(label=_("Behov"), widget=forms.Textarea(attrs={"rows": 3}))
    resources = forms.CharField(label=_("Ressourcer"), widget=forms.Textarea(attrs={"rows": 3}))
    hopes_and_goals = forms.CharField(
        label=_("Håb, drømme og mål"),
        help_text=_("Med borgerens egne ord."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    tried = forms.CharField(
        label=_("Hvad er afprøvet i forløbet"), widget=forms.Textarea(attrs={"rows": 3})
    )
    recommended_service = ServiceChoiceField(
        label=_("Anbefalet ydelse"), queryset=Service.objects.none(), required=False
    )

    def __init__(self, *args: object, services: list[Service], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["recommended_service"].queryset = _offered(services)  # type: ignore[attr-defined]
        style_inputs(self)


class DecisionForm(forms.Form):
    granted = forms.TypedChoiceField(
        label=_("Afgørelse"),
        choices=[("true", _("Bevilget")), ("false", _("Afslået"))],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
    )
    service = ServiceChoiceField(
        label=_("Bevilget ydelse"), queryset=Service.objects.none(), required=False
    )
    start_date = forms.DateField(label=_("Startdato"), required=False, widget=DateInput())
    reason = forms.CharField(label=_("Begrundelse"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: object, services: list[Service], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["service"].queryset = _offered(services)  # type: ignore[attr-defined]
        style_inputs(self)


APPOINTMENT_ACTIONS = {
    Appointment.Status.HELD: _("Afholdt"),
    Appointment.Status.NO_SHOW: _("Udeblevet"),
    Appointment.Status.CANCELLED: _("Aflys"),
}

# Cancelling and recording a no-show cannot be undone, so the page asks once more, in words.
APPOINTMENT_CONFIRM = {
    Appointment.Status.NO_SHOW: _("Ja, borgeren er udeblevet"),
    Appointment.Status.CANCELLED: _("Ja, aflys aftalen"),
}

APPOINTMENT_DONE = {
    Appointment.Status.NO_SHOW: _("Aftalen er registreret som udeblevet."),
    Appointment.Status.CANCELLED: _("Aftalen er aflyst."),
    Appointment.Status.PLANNED: _("Aftalen er planlagt igen."),
}
