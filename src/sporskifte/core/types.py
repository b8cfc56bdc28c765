from django.contrib.auth.models import AnonymousUser

from sporskifte.accounts.models import User

# Who is acting: a signed-in staff member, or nobody (a public form, a command).
Actor = User | AnonymousUser


def signed_in(actor: Actor) -> User:
    """The staff member behind a use case that needs one; anonymous callers get NotFound."""
    from sporskifte.core.errors import NotFound

    if not isinstance(actor, User):
        raise NotFound()
    return actor
