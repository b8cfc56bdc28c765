from django.http import HttpRequest
from ninja.security import HttpBearer

from sporskifte.access.principals import Principal, principal_bind
from sporskifte.accounts.services import api_token_authenticate


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer TOKEN` with a token from the account's token page or
    `manage.py issue_api_token`. The request's principal carries the token's scope, so the
    access policy, not a handler, refuses what the scope does not allow."""

    def authenticate(self, request: HttpRequest, token: str) -> Principal | None:
        principal = api_token_authenticate(plain=token, request=request)
        if principal is not None:
            principal_bind(request, principal)
        return principal
