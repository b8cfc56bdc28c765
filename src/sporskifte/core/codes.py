"""Code lists shared by several apps (the organisation file's routing rules and citizens)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IncomeBasis(models.TextChoices):
    FOERTIDSPENSION = "foertidspension", _("Førtidspension")
    FOLKEPENSION = "folkepension", _("Folkepension")
    RESSOURCEFORLOEBSYDELSE = "ressourceforloebsydelse", _("Ressourceforløbsydelse")
    KONTANTHJAELP = "kontanthjaelp", _("Kontanthjælp")
    UDDANNELSESHJAELP = "uddannelseshjaelp", _("Uddannelseshjælp")
    SYGEDAGPENGE = "sygedagpenge", _("Sygedagpenge")
    LOEN = "loen", _("Løn")
    SU = "su", _("SU")
    LEDIGHEDSYDELSE = "ledighedsydelse", _("Ledighedsydelse")
    ANDET = "andet", _("Andet")
