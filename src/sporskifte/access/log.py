"""Writing the access log for a principal: who, what, whose data, why, and which relation
(with its unit) gave access. Call these inside the transaction of the change you log."""

from collections.abc import Iterable

from django.db.models import Model

from sporskifte.access.policy import Access, Relation
from sporskifte.access.principals import Principal, PrincipalKind
from sporskifte.audit.models import AccessLog
from sporskifte.audit.services import access_log_write
from sporskifte.core.subjects import AccessSubject, Audited


def _entry(
    principal: Principal,
    *,
    action: str,
    object_type: str,
    object_id: str,
    subject: AccessSubject,
    access: Access,
    purpose: str,
    criteria: str = "",
) -> AccessLog:
    return AccessLog(
        actor_id=principal.user_id if principal.kind == PrincipalKind.STAFF else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        citizen_id=subject.citizen_id,
        course_id=subject.course_id,
        unit_id=access.unit_id,
        reason=str(access.relation),
        purpose=purpose,
        criteria=criteria,
    )


def log_access(
    principal: Principal,
    *,
    action: str,
    target: Model,
    access: Access,
    purpose: str,
    subject: AccessSubject | None = None,
) -> None:
    """Log one use of `target`; `subject` defaults to the target's `access_log_subject()`."""
    if subject is None:
        if not isinstance(target, Audited):
            raise TypeError(f"{target._meta.label} has no access_log_subject(); pass subject=")
        subject = target.access_log_subject()
    access_log_write(
        [
            _entry(
                principal,
                action=action,
                object_type=target._meta.label_lower,
                object_id=str(target.pk),
                subject=subject,
                access=access,
                purpose=purpose,
            )
        ]
    )


def log_reads(*, principal: Principal, reads: Iterable[tuple[Model, Access]], purpose: str) -> None:
    """One read row per object that holds personal data, in one INSERT."""
    access_log_write(
        _entry(
            principal,
            action=AccessLog.Action.READ,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            subject=obj.access_log_subject(),
            access=access,
            purpose=purpose,
        )
        for obj, access in reads
        if isinstance(obj, Audited)
    )


def log_search(
    principal: Principal,
    *,
    relation: Relation,
    unit_ids: Iterable[int],
    object_type: str,
    purpose: str,
    criteria: str,
    citizen_id: int | None = None,
) -> None:
    """A search, with its criteria, once per unit whose relation let the principal search
    (a search is a use of every record it looked through, found or not)."""
    units: list[int | None] = list(unit_ids) or [None]
    access_log_write(
        _entry(
            principal,
            action=AccessLog.Action.SEARCH,
            object_type=object_type,
            object_id="",
            subject=AccessSubject(citizen_id=citizen_id),
            access=Access(relation=relation, unit_id=unit_id),
            purpose=purpose,
            criteria=criteria,
        )
        for unit_id in units
    )
