"""What the apps above activities keep of an activity, without activities naming them (as
`cabinet/matters/registry.py` does for matters).

Billing registers a keeper in its AppConfig.ready(): the client shares it bills (A11). The
activities services ask every keeper
- why an activity may not be deleted (an invoice, even a credited one, still names it), and
- to forget what it kept of activities that are restated (their amount, client or matter
  changed while nothing of them is on a proforma or a live invoice).
"""

from collections.abc import Callable
from dataclasses import dataclass

from cabinet.accounts.models import User
from cabinet.activities.models import Activity
from cabinet.core.errors import DomainError


@dataclass(frozen=True)
class Keeper:
    name: str
    # deletion_refusal(activity) -> why it may not be deleted, or None
    deletion_refusal: Callable[[Activity], DomainError | None]
    # restated(actor=, activity_ids=): the activities were restated; drop what is stale
    restated: Callable[..., None]


_keepers: dict[str, Keeper] = {}


def register_keeper(keeper: Keeper) -> None:
    _keepers[keeper.name] = keeper


def deletion_refusal(activity: Activity) -> DomainError | None:
    for keeper in _keepers.values():
        refusal = keeper.deletion_refusal(activity)
        if refusal is not None:
            return refusal
    return None


def restated(*, actor: User, activity_ids: list[int]) -> None:
    if activity_ids:
        for keeper in _keepers.values():
            keeper.restated(actor=actor, activity_ids=activity_ids)
