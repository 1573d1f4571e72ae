"""What the insurance app plugs into the apps below it, which name nothing of it."""

from cabinet.core.pieces import Piece
from cabinet.groups import registry as group_registry


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
