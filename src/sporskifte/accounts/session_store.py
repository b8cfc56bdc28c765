"""The session store: Django's database sessions, keyed by a digest of the session key.

The database then holds no key that could be replayed as a cookie (a copy of the table or a
backup signs nobody in), and a session can be ended knowing only its digest, which is all
the list of a user's sessions (UserSession) keeps. Configured as SESSION_ENGINE."""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.contrib.sessions.backends import db
from django.contrib.sessions.base_session import AbstractBaseSession
from django.contrib.sessions.models import Session

T = TypeVar("T")


def session_key_digest(session_key: str) -> str:
    """40 hex characters: the width of django_session.session_key."""
    return hashlib.blake2b(session_key.encode(), digest_size=20).hexdigest()


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Session | None:
        return self._with_digest(super()._get_session_from_db)  # type: ignore[misc]

    async def _aget_session_from_db(self) -> Session | None:
        return await self._with_digest(super()._aget_session_from_db)  # type: ignore[misc]

    def _with_digest(self, load: Callable[[], T]) -> T:
        """The parent looks the session up by `self.session_key` (and clears it when nothing
        is found): let it look up the digest, then give the browser's key back."""
        key = self.session_key
        self._session_key = session_key_digest(key) if key else None
        try:
            return load()
        finally:
            self._session_key = key if self._session_key is not None else None

    def exists(self, session_key: str) -> bool:
        return super().exists(session_key_digest(session_key))

    async def aexists(self, session_key: str) -> bool:
        return await super().aexists(session_key_digest(session_key))

    def create_model_instance(self, data: dict[str, object]) -> AbstractBaseSession:
        instance = super().create_model_instance(data)
        instance.session_key = session_key_digest(instance.session_key)
        return instance

    async def acreate_model_instance(self, data: dict[str, object]) -> AbstractBaseSession:
        instance = await super().acreate_model_instance(data)
        instance.session_key = session_key_digest(instance.session_key)
        return instance

    def delete(self, session_key: str | None = None) -> None:
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        Session.objects.filter(session_key=session_key_digest(session_key)).delete()

    async def adelete(self, session_key: str | None = None) -> None:
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        await Session.objects.filter(session_key=session_key_digest(session_key)).adelete()

    @classmethod
    def delete_by_digest(cls, digest: str) -> None:
        """End a session known only by its digest: the browser's next request is signed out."""
        Session.objects.filter(session_key=digest).delete()
