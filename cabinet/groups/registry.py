"""What the apps above groups add to the group page, without groups naming them (as
`cabinet/clients/registry.py` does for the client record). Each app registers in its
AppConfig.ready():

- the group views (G10): the tabs of the group page, each a link to a page of its own over
  the members the user may see (the insurance app's «Quittances», «Contrats», «Sinistres»;
  the groups app's own «Contacts»). A tab is a template the groups templates render
  (`{% load group_registry %}{% group_registered "views" %}`) with the page's context
  (`group`, and `group_tab`: the view shown) and the variables its `context(user=, group=)`
  computes. The group page and a member's «Groupe» tab both show them.
- dependants: what an app keeps on a group itself (the portal's web users of a group):
  it follows the group into a merge (G8) and refuses the group's deletion (G7).
"""

from collections.abc import Callable
from dataclasses import dataclass

from cabinet.core.pieces import Piece, Places

VIEWS = "views"

places = Places(VIEWS)


def register_piece(place: str, piece: Piece) -> None:
    """`place`: VIEWS; pieces show in their `order`."""
    places.register(place, piece)


def pieces(place: str) -> list[Piece]:
    return places.of(place)


@dataclass(frozen=True)
class Dependant:
    name: str
    # refusal(group) -> the sentence refusing the group's deletion while it keeps some, or None
    refusal: Callable[..., str | None]
    # merge(actor=, source_ids=, target=) moves what the sources keep to the target (G8)
    merge: Callable[..., None]


_dependants: dict[str, Dependant] = {}


def register_dependant(dependant: Dependant) -> None:
    _dependants[dependant.name] = dependant


def dependants() -> list[Dependant]:
    return list(_dependants.values())
