"""The only writers of the access log. Call inside the transaction of the change you log."""

from collections.abc import Iterable
from typing import cast

from django.db import transaction
from django.db.models import Model

from sporskifte.audit.models import AccessLog
from sporskifte.core.access import AccessSubject, Audited
from sporskifte.core.types import Actor


def _entry(
    *, actor: Actor, action: str, target: Model, subject: AccessSubject, purpose: str
) -> AccessLog:
    return AccessLog(
        actor=None if actor.is_anonymous else actor,
        action=action,
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        citizen_id=subject.citizen_id,
        unit_id=subject.unit_id,
        purpose=purpose,
    )


@transaction.atomic
def access_log_record(
    *,
    actor: Actor,
    action: str,
    target: Model,
    purpose: str,
    subject: AccessSubject | None = None,
) -> AccessLog:
    """Log one access to `target`. `subject` defaults to the target's own `access_log_subject()`."""
    if subject is None:
        if not isinstance(target, Audited):
            raise TypeError(f"{target._meta.label} has no access_log_subject(); pass subject=")
        subject = target.access_log_subject()
    entry = _entry(actor=actor, action=action, target=target, subject=subject, purpose=purpose)
    entry.full_clean()
    entry.save()
    return entry


def access_log_record_many(
    *, actor: Actor, action: str, targets: Iterable[Audited], purpose: str
) -> list[AccessLog]:
    """Log one access per target in a single INSERT, so a list page logs in constant queries."""
    entries = [
        _entry(
            actor=actor,
            action=action,
            target=cast(Model, target),
            subject=target.access_log_subject(),
            purpose=purpose,
        )
        for target in targets
    ]
    return AccessLog.objects.bulk_create(entries)
