"""Writes of the relations that give a unit a reason to a citizen. The service that creates
the reason (a registration, a referral, an escalation) calls these in its own transaction."""

from django.utils import timezone

from sporskifte.access.models import CitizenRelation


def citizen_relation_add(*, citizen_id: int, unit_id: int, kind: str, source_id: int) -> None:
    CitizenRelation.objects.get_or_create(
        kind=kind, source_id=source_id, unit_id=unit_id, defaults={"citizen_id": citizen_id}
    )


def citizen_relations_move(*, from_citizen_id: int, to_citizen_id: int) -> None:
    """One person had two records: every unit related to the first is now related to the
    second. The first record's relations end but stay, so the log about it is still overseen."""
    now = timezone.now()
    current = CitizenRelation.objects.filter(citizen_id=from_citizen_id, until__isnull=True)
    for relation in current:
        CitizenRelation.objects.get_or_create(
            kind=relation.kind,
            source_id=relation.source_id
            if relation.kind != CitizenRelation.Kind.REGISTRATION
            else to_citizen_id,
            unit_id=relation.unit_id,
            defaults={"citizen_id": to_citizen_id, "since": relation.since},
        )
    current.update(until=now)


def citizen_relation_end(*, kind: str, source_id: int) -> None:
    """End the relations a source gave (e.g. a refused escalation); the rows are kept."""
    CitizenRelation.objects.filter(kind=kind, source_id=source_id, until__isnull=True).update(
        until=timezone.now()
    )
