"""What the portfolio plugs into the clients app (cabinet/clients/registry.py), which names
nothing of insurance: a client's record has «Contrats», «Quittances» and «Sinistres» tabs
(I5)."""

from cabinet.clients import registry as clients_registry
from cabinet.core.pieces import Piece


def plug_into_clients() -> None:
    clients_registry.register_piece(
        clients_registry.TABS,
        Piece("portfolio", "insurance/partials/_client_portfolio_tabs.html", order=40),
    )
