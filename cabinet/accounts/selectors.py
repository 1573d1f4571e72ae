"""Reads on users and profiles (U1)."""

from django.db.models import QuerySet

from cabinet.accounts.models import Profile, Right, User
from cabinet.core.errors import DomainError, Forbidden


def user_list() -> QuerySet[User]:
    """Every staff user with his profile, in one query (web users of the portal are not
    staff: `cabinet.portal` lists them)."""
    return User.objects.filter(is_portal=False).select_related("profile").order_by("username")


def users_for_actor(*, actor: User) -> QuerySet[User]:
    """U1/U4: the staff users' accounts (username, e-mail, profile), as `GET /users` and
    «Paramètres» › Utilisateurs show them: with «Gérer les paramètres» only (403)."""
    if not actor.has_right(Right.MANAGE_SETTINGS):
        raise Forbidden(
            "La liste des utilisateurs demande le droit « Gérer les paramètres ».",
            code="right_required:manage_settings",
        )
    return user_list()


def user_get_for_actor(*, actor: User, user_id: int, unknown: DomainError) -> User:
    """U4: a staff user named in a request (an intervenant): an active one, else `unknown`
    (the answer for an absent id). Rights to act on him are the caller's to check."""
    user = User.objects.filter(pk=user_id, is_active=True, is_portal=False).first()
    if user is None:
        raise unknown
    return user


def profile_list() -> QuerySet[Profile]:
    return Profile.objects.order_by("name", "code")


def right_labels(rights: list[str]) -> list[str]:
    """The French labels of rights, in the order of `Right`; unknown codes are skipped."""
    return [r.label for r in Right if r.value in rights]
