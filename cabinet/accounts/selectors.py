"""Reads on users and profiles (U1)."""

from django.db.models import QuerySet

from cabinet.accounts.models import Profile, Right, User


def user_list() -> QuerySet[User]:
    """Every staff user with his profile, in one query."""
    return User.objects.select_related("profile").order_by("username")


def profile_list() -> QuerySet[Profile]:
    return Profile.objects.order_by("name", "code")


def right_labels(rights: list[str]) -> list[str]:
    """The French labels of rights, in the order of `Right`; unknown codes are skipped."""
    return [r.label for r in Right if r.value in rights]
