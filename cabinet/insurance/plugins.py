"""What the insurance app plugs into the apps below it, which name nothing of it: a
client's record has «Contrats», «Quittances» and «Sinistres» tabs (I5); the group page has
the same three views over the group's clients (G10)."""

from cabinet.clients import registry as clients_registry
from cabinet.core.pieces import Piece
from cabinet.groups import registry as group_registry


def plug_into_clients() -> None:
    clients_registry.register_piece(
        clients_registry.TABS,
        Piece("portfolio", "insurance/partials/_client_portfolio_tabs.html", order=40),
    )


def plug_into_groups() -> None:
    """G10: the group page's «Quittances», «Contrats» and «Sinistres» tabs
    (cabinet/groups/registry.py), each a page of `cabinet.insurance.group_views`."""
    for order, (name, template) in enumerate(
        (
            ("receipts", "insurance/group/_tab_receipts.html"),
            ("contracts", "insurance/group/_tab_contracts.html"),
            ("claims", "insurance/group/_tab_claims.html"),
        ),
        start=1,
    ):
        group_registry.register_piece(group_registry.VIEWS, Piece(name, template, order=order * 10))
