"""Writes on web users of the client portal (I4, U5).

Staff with «Gérer le portail» create, invite, suspend, reactivate and delete web users of
the clients and groups they may see (U4: every id through the selectors' access rule). A
web user sets his own password from an invitation link, which also serves «Mot de passe
oublié»: Django's password-reset token, signed, valid CABINET_PORTAL_INVITE_HOURS and
single-use (it no longer matches once the password has changed). A suspension takes
effect at once: the login is inactive (sessions refused) and its tokens are revoked.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from cabinet.accounts import services as accounts
from cabinet.accounts.models import Right, User
from cabinet.clients.selectors import client_get_for_user
from cabinet.core.errors import Conflict, InvalidInput
from cabinet.core.permissions import require_right
from cabinet.groups.selectors import group_get_for_user
from cabinet.portal import selectors
from cabinet.portal.models import PortalUser

LOGIN_MAX_LENGTH = User._meta.get_field("username").max_length  # the e-mail is the login
UNKNOWN_CLIENT = InvalidInput("Ce client n'existe pas.", code="unknown_client", field="client_id")
UNKNOWN_GROUP = InvalidInput("Ce groupe n'existe pas.", code="unknown_group", field="group_id")
ONE_SCOPE = InvalidInput(
    "Un utilisateur web voit un client ou un groupe : choisissez l'un des deux.",
    code="one_client_or_group",
    field="client_id",
)


def _email(raw: str) -> str:
    email = raw.strip()
    if len(email) > LOGIN_MAX_LENGTH:
        raise InvalidInput(
            f"L'adresse e-mail d'un accès au portail a {LOGIN_MAX_LENGTH} caractères au plus.",
            code="email_too_long",
            field="email",
        )
    try:
        validate_email(email)
    except ValidationError as exc:
        raise InvalidInput(
            "Saisissez une adresse e-mail valide.", code="invalid_email", field="email"
        ) from exc
    return email


def _name(raw: str) -> str:
    name = " ".join(raw.split())
    if not name:
        raise InvalidInput("Le nom est obligatoire.", code="required", field="name")
    return name


def _save(portal_user: PortalUser, actor: User, fields: list[str] | None = None) -> None:
    portal_user._history_user = actor
    if fields is None:
        portal_user.save()
    else:
        portal_user.save(update_fields=[*fields, "updated_at"])


def portal_user_create(
    *,
    actor: User,
    email: str,
    name: str,
    client_id: int | None = None,
    group_id: int | None = None,
    password: str | None = None,
) -> PortalUser:
    """I4: a web user of one client or of one group. Without a password his login waits
    for him to choose one from an invitation link (`portal_user_invite`)."""
    require_right(actor, Right.MANAGE_PORTAL)
    if (client_id is None) == (group_id is None):
        raise ONE_SCOPE
    client = group = None
    if client_id is not None:
        client = client_get_for_user(user=actor, client_id=client_id, unknown=UNKNOWN_CLIENT)
    else:
        group = group_get_for_user(user=actor, group_id=group_id, unknown=UNKNOWN_GROUP)
        refusal = selectors.group_reach_refusal(user=actor, group_id=group.pk)
        if refusal is not None:
            raise refusal
    email, name = _email(email), _name(name)
    user = User(username=email.lower(), email=email, is_portal=True)
    if password:
        refusal = accounts.password_refusal(password=password, user=user)
        if refusal is not None:
            raise refusal
        user.set_password(password)
    else:
        user.set_unusable_password()
    user._history_user = actor
    portal_user = PortalUser(user=user, name=name, client=client, group=group)
    try:
        with transaction.atomic():
            accounts.raise_if_email_taken(email=email)
            user.save()
            portal_user.user = user
            _save(portal_user, actor)
    except IntegrityError as exc:  # a concurrent creation with the same e-mail
        raise accounts.login_email_refusal(email=email) or InvalidInput(
            "Cette adresse e-mail est déjà utilisée.", code="email_taken", field="email"
        ) from exc
    return portal_user


class InvitationTokens(PasswordResetTokenGenerator):
    """Django's password-reset tokens (signed, valid PASSWORD_RESET_TIMEOUT, void once the
    password changes), also void once the login's sessions were ended (a suspension)."""

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}:{user.session_epoch}"


invitation_tokens = InvitationTokens()


def invitation_path(user: User) -> str:
    """The address, on this site, of a link with which `user` chooses his password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = invitation_tokens.make_token(user)
    return reverse("portal:invitation", kwargs={"uidb64": uid, "token": token})


def _send_link(*, portal_user: PortalUser, url: str, subject: str, intro: str) -> None:
    hours = settings.CABINET_PORTAL_INVITE_HOURS
    firm = settings.CABINET_FIRM["name"]
    body = (
        f"Bonjour {portal_user.name},\n\n{intro}\n\n{url}\n\n"
        f"Ce lien est valable {hours} heures et ne sert qu'une fois.\n\n{firm}\n"
    )
    recipient = portal_user.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [recipient], fail_silently=True))


def portal_user_invite(*, actor: User, portal_user: PortalUser, base_url: str) -> str:
    """I4: an invitation link for the web user (absolute, from `base_url`), e-mailed to
    him and given back so that staff may send it themselves."""
    require_right(actor, Right.MANAGE_PORTAL)
    if not portal_user.user.is_active:
        raise Conflict(
            "Cet utilisateur web est suspendu : réactivez-le avant de l'inviter.",
            code="portal_user_suspended",
        )
    url = base_url.rstrip("/") + invitation_path(portal_user.user)
    with transaction.atomic():
        portal_user.invited_at = timezone.now()
        _save(portal_user, actor, ["invited_at"])
        if portal_user.has_password:  # a new link for one who chose his password before
            subject = f"Votre mot de passe du portail de {settings.CABINET_FIRM['name']}"
            intro = "Pour choisir un nouveau mot de passe, suivez ce lien :"
        else:
            subject = f"Votre accès au portail de {settings.CABINET_FIRM['name']}"
            intro = (
                "Votre accès au portail client a été ouvert. "
                "Choisissez votre mot de passe en suivant ce lien :"
            )
        _send_link(portal_user=portal_user, url=url, subject=subject, intro=intro)
    return url


def portal_user_update(
    *,
    actor: User,
    portal_user: PortalUser,
    name: str | None = None,
    password: str | None = None,
    is_active: bool | None = None,
) -> PortalUser:
    """U5: rename, set a password, suspend (`is_active` false: refused at once, by every
    session and token he holds) or reactivate a web user."""
    require_right(actor, Right.MANAGE_PORTAL)
    user = portal_user.user
    if name is not None:
        name = _name(name)
    if password:
        refusal = accounts.password_refusal(password=password, user=user)
        if refusal is not None:
            raise refusal
    with transaction.atomic():
        if name is not None and name != portal_user.name:
            portal_user.name = name
            _save(portal_user, actor, ["name"])
        user_fields = []
        if password:
            user.set_password(password)
            user_fields.append("password")
        if is_active is not None and is_active != user.is_active:
            user.is_active = is_active
            user_fields.append("is_active")
            if not is_active:  # every session, token and link he holds ends for good
                user.session_epoch += 1
                user_fields.append("session_epoch")
        if password or "session_epoch" in user_fields:
            accounts.tokens_revoke_all(user=user)
        if user_fields:
            user._history_user = actor
            user.save(update_fields=user_fields)
    return portal_user


def portal_user_delete(*, actor: User, portal_user: PortalUser) -> None:
    """U5: the web user and his login go; his history stays."""
    require_right(actor, Right.MANAGE_PORTAL)
    with transaction.atomic():
        user = portal_user.user
        portal_user._history_user = actor
        portal_user.delete()
        user._history_user = actor
        user.delete()


# The web user's own writes ----------------------------------------------------------


def invitation_user(*, uidb64: str, token: str) -> User | None:
    """The active web user an invitation link is for, while it is valid; None otherwise
    (expired, used, tampered with, or the user suspended or deleted)."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    user = User.objects.filter(pk=pk, is_portal=True, is_active=True).first()
    if user is None or not invitation_tokens.check_token(user, token):
        return None
    return user


def portal_password_set(*, user: User, password: str) -> None:
    """A web user's new password (from a link or «Mon compte»): Django's validators."""
    refusal = accounts.password_refusal(password=password, user=user)
    if refusal is not None:
        raise refusal
    user.set_password(password)
    user._history_user = user
    user.save(update_fields=["password"])
    accounts.tokens_revoke_all(user=user)


def portal_password_forgotten(*, email: str, base_url: str) -> None:
    """«Mot de passe oublié»: an active web user with that e-mail gets a new link by
    e-mail; nothing says whether there is one. Asked too often for one address, it is
    refused for a while as logins are (a mailbox is not flooded: TooManyLogins, 429)."""
    key = f"oubli:{email.strip().lower()}"
    accounts.login_check(username=key)
    accounts.login_failed(username=key)  # counted as a login failure is
    portal_user = (
        PortalUser.objects.select_related("user")
        .filter(user__email__iexact=email.strip(), user__is_active=True)
        .first()
    )
    if portal_user is None:
        return
    url = base_url.rstrip("/") + invitation_path(portal_user.user)
    with transaction.atomic():
        _send_link(
            portal_user=portal_user,
            url=url,
            subject=f"Votre mot de passe du portail de {settings.CABINET_FIRM['name']}",
            intro="Pour choisir un nouveau mot de passe, suivez ce lien :",
        )


# What the groups app asks of its dependants (cabinet/groups/registry.py) -----------------


def web_users_follow_merge(*, actor: User, source_ids: list[int], target) -> None:
    """G8: the web users of merged groups become web users of the target group."""
    for portal_user in PortalUser.objects.filter(group_id__in=source_ids).order_by("pk"):
        portal_user.group = target
        _save(portal_user, actor, ["group"])
