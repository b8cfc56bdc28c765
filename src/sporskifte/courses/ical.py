"""A worker's appointments as iCalendar (RFC 5545). No citizen names or CPR: an event says
only which element and where, so the feed can sit in a phone's calendar."""

import datetime as dt
import hashlib
from collections.abc import Iterable

from sporskifte.courses.models import Appointment


def calendar_feed_digest(secret: str) -> str:
    """Only this digest of a worker's secret link is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def appointments_to_ical(appointments: Iterable[Appointment], *, host: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Sporskifte//Aftaler//DA",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Sporskifte",
    ]
    stamp = _utc(dt.datetime.now(dt.UTC))
    for appointment in appointments:
        summary = "Aftale" + (f": {appointment.element.name}" if appointment.element else "")
        lines += [
            "BEGIN:VEVENT",
            f"UID:appointment-{appointment.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(appointment.start)}",
            f"DTEND:{_utc(appointment.end)}",
            f"SUMMARY:{_escape(summary)}",
            f"STATUS:{'CONFIRMED' if appointment.status != 'cancelled' else 'CANCELLED'}",
        ]
        if appointment.location is not None:
            where = f"{appointment.location.street}, {appointment.location.postcode} {appointment.location.city}"
            lines.append(f"LOCATION:{_escape(where)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
