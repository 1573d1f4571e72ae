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
    """The session cookie: CSRF is checked only when the cookie carries a logged-in user,
    so an unsafe call with no (or a bad) token and no session is a 401, not a CSRF 403."""

    def _get_key(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user or None


api_auth = [TokenAuth(), StaffSessionAuth()]
