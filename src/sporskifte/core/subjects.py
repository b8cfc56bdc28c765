"""Whose data an object holds, for the access log. Models of every layer implement
`access_log_subject()`; the access log (audit) and the access policy (access) read it."""

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class AccessSubject:
    """The citizen an object's data is about (None for staff data) and, for the parts of a
    course, the course, so the log can say "journal note 7 in course 116"."""

    citizen_id: int | None
    course_id: int | None = None


@runtime_checkable
class Audited(Protocol):
    pk: object

    def access_log_subject(self) -> AccessSubject: ...
