from django.http import HttpRequest
from ninja.security import HttpBearer

from sporskifte.accounts.models import User
from sporskifte.accounts.services import api_token_authenticate


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer TOKEN` with a token from `manage.py issue_api_token`."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_authenticate(plain=token)
        if user is not None:
            request.user = user
        return user
