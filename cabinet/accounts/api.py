"""Tokens, profiles and users (U1)."""

from ninja import Query, Router, Status

from cabinet.accounts import selectors, services
from cabinet.accounts.models import ApiToken, Profile, User
from cabinet.accounts.schemas import (
    ProfileIn,
    ProfileOut,
    TokenIn,
    TokenInfoOut,
    TokenOut,
    UserIn,
    UserOut,
)
from cabinet.core.errors import DomainError
from cabinet.core.pagination import PageQuery, api_page
from cabinet.core.schemas import ErrorOut, Id, Page, errors

auth_router = Router(tags=["auth"])
router = Router(tags=["users"])


class BadCredentials(DomainError):
    status = 401
    code = "bad_credentials"
    default_detail = "Identifiant ou mot de passe incorrect."


@auth_router.post("/token", auth=None, response={200: TokenOut, **errors(401, 422, 429)})
def token_create(request, body: TokenIn):
    """Trade a username (or email) and password for a bearer token; `429` after too many
    wrong passwords for the same identifier (CABINET_LOGIN_MAX_FAILURES)."""
    issued = services.token_issue(username=body.username, password=body.password, name=body.name)
    if issued is None:
        raise BadCredentials()
    token, raw = issued
    return {"token": raw, "id": token.id}


def _token_out(token: ApiToken) -> dict:
    return {
        "id": token.id,
        "name": token.name,
        "hint": token.hint,
        "created_at": token.created_at.isoformat(),
        "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
    }


@auth_router.get("/tokens", response={200: Page[TokenInfoOut], **errors(401, 422)})
def token_list(request, query: Query[PageQuery]):
    """The caller's tokens that still work, oldest first: `{items, count}`."""
    tokens = ApiToken.objects.filter(user=request.auth, revoked_at=None).order_by("id")
    return api_page(tokens, query, _token_out)


@auth_router.delete("/tokens/{token_id}", response={204: None, **errors(401, 404, 422)})
def token_delete(request, token_id: Id):
    """Revoke one of the caller's tokens."""
    services.token_revoke(actor=request.auth, token_id=token_id)
    return Status(204, None)


@auth_router.delete("/token", response={204: None, **errors(401)})
def token_delete_current(request):
    """Revoke the token this request was made with (log out of the API)."""
    services.token_revoke_current(user=request.auth)
    return Status(204, None)


def _profile_out(profile: Profile) -> dict:
    return {"code": profile.code, "name": profile.name, "rights": list(profile.rights)}


def _user_out(user: User) -> dict:
    return {
        "id": user.id,
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "profile": user.profile.code if user.profile else None,
        "rights": user.rights,
    }


@router.get("/profiles", response={200: Page[ProfileOut], **errors(401, 403, 422)})
def profile_list(request, query: Query[PageQuery]):
    """The profiles (roles) and the rights each grants, by code: `{items, count}`."""
    return api_page(Profile.objects.order_by("code"), query, _profile_out)


@router.post("/profiles", response={201: ProfileOut, **errors(401, 403, 409, 422)})
def profile_create(request, body: ProfileIn):
    """A new profile; needs the «manage_settings» right."""
    profile = services.profile_create(
        actor=request.auth, code=body.code, name=body.name, rights=body.rights
    )
    return Status(201, _profile_out(profile))


@router.post("/users", response={201: UserOut, **errors(401, 403, 409, 422)})
def user_create(request, body: UserIn):
    """A new staff user with a profile; needs the «manage_settings» right."""
    user = services.user_create(
        actor=request.auth,
        username=body.username,
        password=body.password,
        profile_code=body.profile,
        first_name=body.first_name,
        last_name=body.last_name,
        email=body.email,
    )
    return Status(201, _user_out(user))


@router.get("/users", response={200: Page[UserOut], **errors(401, 403, 422)})
def user_list(request, query: Query[PageQuery]):
    """Every staff user, by username: `{items, count}`; needs the «manage_settings» right."""
    return api_page(selectors.users_for_actor(actor=request.auth), query, _user_out)


@router.get("/users/me", response={200: UserOut, **errors(401)})
def user_me(request):
    """The caller, with the rights of his profile."""
    return _user_out(request.auth)


__all__ = ["ErrorOut", "auth_router", "router"]
