"""Who may do what: one place that turns a missing right into a 403."""

from cabinet.core.errors import Forbidden


def require_right(user, right: str) -> None:
    if not user.has_right(right):
        raise Forbidden("Votre profil ne vous donne pas ce droit.", code=f"right_required:{right}")
