"""What the history API shows of matters and parties (U3)."""

from cabinet.accounts.models import Right
from cabinet.history.registry import Child, Entry, access_through, register
from cabinet.matters.models import Intervenant, Matter, MatterParty
from cabinet.matters.selectors import matter_get_for_user


def matter_readable(user, matter_id: int) -> None:
    matter_get_for_user(user=user, matter_id=matter_id)


def register_history() -> None:
    right = Right.ALL_MATTERS
    register(
        Entry(
            name="matter",
            model=Matter,
            check=access_through(Matter, "pk", matter_readable, right=right, label="ce dossier"),
            children=(Child(Intervenant, "matter_id", "intervenants", "user_id"),),
        )
    )
    register(
        Entry(
            name="party",
            model=MatterParty,
            check=access_through(
                MatterParty, "matter_id", matter_readable, right=right, label="cette partie"
            ),
        )
    )
