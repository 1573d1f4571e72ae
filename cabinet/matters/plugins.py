"""What matters plug into the clients app (cabinet/clients/registry.py), which names
nothing of matters: a user reaches the parties of the matters he may see (U4); a client's
record has a «Dossiers» tab (M7)."""

from cabinet.clients import registry
from cabinet.core.pieces import Piece
from cabinet.matters import selectors


def plug_into_clients() -> None:
    registry.register_reach(
        registry.Reach("matter parties", selectors.clients_reached_through_matters)
    )
    registry.register_piece(
        registry.TABS, Piece("matters", "matters/partials/_client_matters_tab.html", order=20)
    )
