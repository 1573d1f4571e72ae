"""What activities plug into the matters app (cabinet/matters/registry.py), which names
nothing of activities: a matter's activities forbid its deletion (M9); the matter page has
«Nouvelle activité» in its header and an «Activités» tab; each row of a client's
«Dossiers» tab has «Nouvelle activité» (M7)."""

from cabinet.activities import selectors
from cabinet.core.pieces import Piece
from cabinet.matters import registry


def plug_into_matters() -> None:
    registry.register_holding(registry.Holding("activities", selectors.matter_holds_activities))
    registry.register_client_links(registry.ClientLinks("activities", selectors.clients_linked_on))
    registry.register_piece(
        registry.HEADER_ACTIONS,
        Piece("new activity", "activities/partials/_new_activity_button.html", order=10),
    )
    registry.register_piece(
        registry.TABS,
        Piece("activities", "activities/partials/_matter_activities_tab.html", order=10),
    )
    registry.register_piece(
        registry.CLIENT_MATTER_ROW,
        Piece("new activity", "activities/partials/_client_matter_row_action.html", order=10),
    )
