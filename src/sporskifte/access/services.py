"""Writes of the relations that give a unit a reason to a citizen. The service that creates
the reason (a registration, a referral, an escalation) calls these in its own transaction."""

from django.utils import timezone

from sporskifte.access.models import CitizenRelation


def citizen_relation_add(*, citizen_id: int, unit_id: int, kind: str, source_id: int) -> None:
    CitizenRelation.objects.get_or_create(
        kind=kind, source_id=source_id, unit_id=unit_id, defaults={"citizen_id": citizen_id}
    )


def citizen_relation_end(*, kind: str, source_id: int) -> None:
    """End the relations a source gave (e.g. a refused escalation); the rows are kept."""
    CitizenRelation.objects.filter(kind=kind, source_id=source_id, until__isnull=True).update(
        until=timezone.now()
    )
