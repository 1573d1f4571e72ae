"""What the apps above matters add to a matter, without matters naming them (as
`cabinet/history/registry.py` does for the history).

Each app registers in its AppConfig.ready():
- a holding: what a matter may hold that forbids its deletion (M9), e.g. billing's
  proformas and invoices;
- client links: the clients what an app keeps on a matter is linked to (the activities),
  for M4's warning and the removal of a party;
- a portal: which clients have a web user of their own, so that M8's sharing switch says
  whether sharing reaches anyone (the portal app);
- the pieces of the matter page: its header's actions and its tabs, each a template the
  matters templates include (`{% load matter_registry %}{% matter_registered "tabs" %}`)
  with the page's context and the variables its `context(user=, matter=)` computes.
"""

from collections.abc import Callable
from dataclasses import dataclass

from cabinet.core.pieces import Piece, Places
from cabinet.matters.models import Matter

HEADER_ACTIONS = "header_actions"
TABS = "tabs"
CLIENT_MATTER_ROW = "client_matter_row"  # a row of a client's «Dossiers» tab (M7)


@dataclass(frozen=True)
class Holding:
    name: str
    # holds(matter) is True when the matter holds some of it
    holds: Callable[[Matter], bool]


@dataclass(frozen=True)
class ClientLinks:
    name: str
    # clients(matter, unbilled_only=) -> the ids of the clients that what the app keeps on
    # the matter is linked to (its activities), or only what is still to bill (M4)
    clients: Callable[..., set[int]]


@dataclass(frozen=True)
class Portal:
    name: str
    # clients_with_web_users(client_ids) -> those of them with an active web user (M8)
    clients_with_web_users: Callable[..., set[int]]


_client_links: dict[str, ClientLinks] = {}
_portals: dict[str, Portal] = {}
_holdings: dict[str, Holding] = {}
places = Places(HEADER_ACTIONS, TABS, CLIENT_MATTER_ROW)


def register_holding(holding: Holding) -> None:
    _holdings[holding.name] = holding


def register_piece(place: str, piece: Piece) -> None:
    """`place`: HEADER_ACTIONS, TABS or CLIENT_MATTER_ROW; pieces show in their `order`."""
    places.register(place, piece)


def register_portal(portal: Portal) -> None:
    _portals[portal.name] = portal


def clients_with_web_users(client_ids: set[int]) -> set[int]:
    """M8: which of these clients a portal reaches (an active web user of their own)."""
    found: set[int] = set()
    for portal in _portals.values():
        found |= portal.clients_with_web_users(client_ids)
    return found


def register_client_links(links: ClientLinks) -> None:
    _client_links[links.name] = links


def linked_clients(matter: Matter, *, unbilled_only: bool = False) -> set[int]:
    """M4 and «Modifier les parties»: the matter's clients that something an app keeps on
    it is linked to (an activity), only what is still to bill with `unbilled_only`."""
    linked: set[int] = set()
    for links in _client_links.values():
        linked |= links.clients(matter, unbilled_only=unbilled_only)
    return linked


def holds_anything(matter: Matter) -> bool:
    """M9: whether the matter holds anything an app registered (activities, bills…)."""
    return any(holding.holds(matter) for holding in _holdings.values())


def pieces(place: str) -> list[Piece]:
    return places.of(place)
