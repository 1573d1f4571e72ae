"""API authentication: a bearer token, or the browser's session cookie (with CSRF).

Two kinds of login share the API: staff users call the staff endpoints, web users of the
client portal (`User.is_portal`, I4) only those under /portal/ (U2). Either kind, with a
good token or session, on the other kind's endpoints gets a 403; a suspended web user's
token and session work nowhere (401, U5)."""

from ninja.errors import AuthorizationError
from ninja.security import HttpBearer, SessionAuth

from cabinet.accounts.services import user_for_token


def _of_realm(user, *, portal: bool):
    """The user when his kind is the endpoint's; a 403 when it is the other kind."""
    if user.is_portal != portal:
        raise AuthorizationError()
    return user


class TokenAuth(HttpBearer):
    portal = False

    def authenticate(self, request, token: str):
        if not token or len(token) > 200 or "\x00" in token:
            return None
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user  # the history records who acted
        return _of_realm(user, portal=self.portal)


class StaffSessionAuth(SessionAuth):
    """The session cookie: CSRF is checked only when the cookie carries a logged-in user,
    so an unsafe call with no (or a bad) token and no session is a 401, not a CSRF 403."""

    portal = False

    def _get_key(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if not user:
            return None
        return _of_realm(user, portal=self.portal)


class PortalTokenAuth(TokenAuth):
    portal = True


class PortalSessionAuth(StaffSessionAuth):
    """The portal's own session cookie (cabinet.core.middleware.PortalSessionMiddleware)."""

    portal = True


api_auth = [TokenAuth(), StaffSessionAuth()]
portal_api_auth = [PortalTokenAuth(), PortalSessionAuth()]
