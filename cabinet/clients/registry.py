"""What the apps above clients add to clients, without clients naming them (as
`cabinet/history/registry.py` does for the history and `cabinet/matters/registry.py` for
matters). Each app registers in its AppConfig.ready():

- a reach (U4): the clients a user reaches through that app although he did not create
  them — matters: the parties of the matters he may see;
- shared contacts (G9): contacts shown on records other than their owner's — groups: the
  group contacts of every client of the group;
- a summary part: what a client's summary carries from that app (the groups app's
  «Groupe»), loaded with the client (`select_related`) and given in the API's client;
- the pieces of the client record: its tabs and the side cards of its «Fiche», each a
  template the clients templates include (`{% load client_registry %}
  {% client_registered "tabs" %}`) with the page's context and the variables its
  `context(user=, client=)` computes.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from cabinet.core.pieces import Piece, Places

TABS = "tabs"
FICHE_SIDE = "fiche_side"


@dataclass(frozen=True)
class Reach:
    name: str
    # clients(user) -> the ids (a `values("pk")` queryset) of the clients he reaches
    clients: Callable[..., QuerySet]


@dataclass(frozen=True)
class SharedContacts:
    name: str
    # shown_on(client) -> the contacts (a Contact queryset) of other clients shown on
    # `client`'s record (its own may be among them): a UNION part of the record's contacts,
    # to be served by an index
    shown_on: Callable[..., QuerySet]
    # shown_where(contact) -> the clients (a `values("pk")` queryset) on whose record
    # `contact` shows besides its owner's
    shown_where: Callable[..., QuerySet]


@dataclass(frozen=True)
class SummaryPart:
    name: str  # the API field, e.g. "group"
    related: str  # what `select_related` loads with the client, e.g. "group_membership__group"
    # value(client) -> the field's value in the API (a dict or None)
    value: Callable[..., dict | None]


_reaches: dict[str, Reach] = {}
_shared_contacts: dict[str, SharedContacts] = {}
_summary_parts: dict[str, SummaryPart] = {}
places = Places(TABS, FICHE_SIDE)


def register_reach(reach: Reach) -> None:
    _reaches[reach.name] = reach


def reaches() -> list[Reach]:
    return list(_reaches.values())


def register_shared_contacts(shared: SharedContacts) -> None:
    _shared_contacts[shared.name] = shared


def shared_contacts() -> list[SharedContacts]:
    return list(_shared_contacts.values())


def register_summary_part(part: SummaryPart) -> None:
    _summary_parts[part.name] = part


def summary_parts() -> list[SummaryPart]:
    return list(_summary_parts.values())


def register_piece(place: str, piece: Piece) -> None:
    """`place`: TABS or FICHE_SIDE; pieces show in their `order`."""
    places.register(place, piece)


def pieces(place: str) -> list[Piece]:
    return places.of(place)
