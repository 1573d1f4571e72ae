"""API authentication: a bearer token, or the browser's session cookie (with CSRF)."""

from ninja.security import HttpBearer, SessionAuth

from cabinet.accounts.services import user_for_token


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        if not token or len(token) > 200 or "\x00" in token:
            return None
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user  # the history records who acted
        return user


class StaffSessionAuth(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user or None


api_auth = [TokenAuth(), StaffSessionAuth()]
