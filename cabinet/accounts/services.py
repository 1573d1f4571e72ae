"""Writes on users, profiles and API tokens (U1)."""

import datetime

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from cabinet.accounts.models import ApiToken, LoginFailure, Profile, Right, User, hash_token
from cabinet.core.errors import Conflict, DomainError, InvalidInput, NotFound
from cabinet.core.permissions import require_right

# Mirrors migration accounts.0002, which creates them.
BUILTIN_PROFILES = {
    "admin": ("Administrateur", [r.value for r in Right]),
    "partner": ("Associé", [r.value for r in Right if r != Right.MANAGE_SETTINGS]),
    "associate": ("Collaborateur", [Right.SELF_INTERVENE.value, Right.BILL.value]),
    "assistant": ("Assistant", [Right.SELF_INTERVENE.value]),
}


def _clean_rights(rights: list[str]) -> list[str]:
    known = {r.value for r in Right}
    unknown = sorted(set(rights) - known)
    if unknown:
        raise InvalidInput(
            f"Droit inconnu : {', '.join(unknown)}.", code="unknown_right", field="rights"
        )
    return [r.value for r in Right if r.value in rights]


def profile_create(*, actor: User, code: str, name: str, rights: list[str]) -> Profile:
    require_right(actor, Right.MANAGE_SETTINGS)
    profile = Profile(code=code, name=name, rights=_clean_rights(rights))
    profile._history_user = actor
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError as exc:
        raise Conflict(f"Le profil « {code} » existe déjà.", code="profile_exists") from exc
    return profile


def login_email_refusal(*, email: str, user: User | None = None) -> InvalidInput | None:
    """I4: an e-mail belongs to one login only, case-insensitively, across staff and web
    users: none may log in with it already (as his username or his e-mail)."""
    email = email.strip()
    if not email:
        return None
    others = User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email))
    if user is not None and user.pk is not None:
        others = others.exclude(pk=user.pk)
    if others.exists():
        return InvalidInput(
            f"L'adresse « {email} » est déjà celle d'un autre utilisateur.",
            code="email_taken",
            field="email",
        )
    return None


def raise_if_email_taken(*, email: str, user: User | None = None) -> None:
    refusal = login_email_refusal(email=email, user=user)
    if refusal is not None:
        raise refusal


def password_refusal(*, password: str, user: User) -> InvalidInput | None:
    """Django's password validators (settings.AUTH_PASSWORD_VALIDATORS), as one 422."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return InvalidInput(" ".join(exc.messages), code="weak_password", field="password")
    return None


def user_create(
    *,
    actor: User,
    username: str,
    password: str,
    profile_code: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    require_right(actor, Right.MANAGE_SETTINGS)
    profile = Profile.objects.filter(code=profile_code).first()
    if profile is None:
        raise InvalidInput(
            f"Profil inconnu : {profile_code}.", code="unknown_profile", field="profile"
        )
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        profile=profile,
    )
    refusal = password_refusal(password=password, user=user)
    if refusal is not None:
        raise refusal
    user.set_password(password)
    user._history_user = actor
    taken = Conflict(f"L'identifiant « {username} » est déjà pris.", code="username_taken")
    try:
        with transaction.atomic():
            if User.objects.filter(
                Q(username__iexact=username) | Q(email__iexact=username)
            ).exists():
                raise taken
            raise_if_email_taken(email=email)
            user.save()
    except IntegrityError as exc:  # a concurrent creation of the same name or e-mail
        raise login_email_refusal(email=email) or taken from exc
    return user


# Logins: password guessing against one identifier is slowed down ---------------------


class TooManyLogins(DomainError):
    status = 429
    code = "too_many_attempts"
    default_detail = (
        "Trop de tentatives de connexion pour cet identifiant : réessayez dans quelques minutes."
    )


def _login_key(username: str) -> str:
    return username.strip().lower()[:254]


def _lockout_start() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=settings.CABINET_LOGIN_LOCKOUT_MINUTES)


def login_check(*, username: str) -> None:
    """Refuses (429) a login for an identifier refused CABINET_LOGIN_MAX_FAILURES times in
    the last CABINET_LOGIN_LOCKOUT_MINUTES, whatever the password: the page and the API
    call it before checking the password."""
    recent = LoginFailure.objects.filter(username=_login_key(username), at__gte=_lockout_start())
    if recent.count() >= settings.CABINET_LOGIN_MAX_FAILURES:
        raise TooManyLogins()


def login_failed(*, username: str) -> None:
    key = _login_key(username)
    LoginFailure.objects.filter(username=key, at__lt=_lockout_start()).delete()
    LoginFailure.objects.create(username=key, at=timezone.now())


def login_succeeded(*, username: str) -> None:
    LoginFailure.objects.filter(username=_login_key(username)).delete()


def token_issue(*, username: str, password: str, name: str = "") -> tuple[ApiToken, str] | None:
    """Check the credentials and hand out a new token; None when they are wrong,
    TooManyLogins (429) after too many wrong ones (login_check)."""
    login_check(username=username)
    user = authenticate(username=username, password=password)
    if user is None:
        by_email = User.objects.filter(email__iexact=username, is_active=True).first()
        if by_email is not None:
            user = authenticate(username=by_email.username, password=password)
    if user is None or not user.is_active:
        login_failed(username=username)
        return None
    login_succeeded(username=username)
    raw = ApiToken.new_raw_key()
    token = ApiToken.objects.create(
        user=user, key_hash=hash_token(raw), hint=raw[:10], name=name[:100]
    )
    return token, raw


def token_revoke(*, actor: User, token_id: int) -> None:
    token = ApiToken.objects.filter(id=token_id, user=actor, revoked_at=None).first()
    if token is None:
        raise NotFound("Jeton introuvable.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


def token_revoke_current(*, user: User) -> None:
    """Log out of the API: the token the request was made with stops working."""
    current = getattr(user, "current_token", None)
    if current is not None:
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at"])


def tokens_revoke_all(*, user: User) -> None:
    """Every token of `user` stops working at once (a suspended web user, U5)."""
    ApiToken.objects.filter(user=user, revoked_at=None).update(revoked_at=timezone.now())


def user_for_token(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user__profile")
        .filter(key_hash=hash_token(raw), revoked_at=None, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.user.current_token = token
    return token.user
