"""What billing plugs into the matters app (cabinet/matters/registry.py), which names
nothing of billing: a matter's bills forbid its deletion (M9); the matter page's header
shows «Proforma dossier» (mono-client) or «Répartition client» (multi-client) (A6, M5);
its tabs «Facturation» and, on a multi-client matter, «Répartition clients» (A3). And
into the clients app (cabinet/clients/registry.py): a client's record has a «Factures» tab."""

from cabinet.accounts.models import User
from cabinet.activities import registry as activities_registry
from cabinet.billing import selectors, services
from cabinet.clients import registry as clients_registry
from cabinet.core.pieces import Piece
from cabinet.matters import registry
from cabinet.matters import selectors as matters
from cabinet.matters.models import Matter


def proformas_button(*, user: User, matter: Matter) -> dict:
    """The button posts to the billing page's action; refused, it is a real disabled
    control whose title is the sentence `proformas_create` would answer."""
    multi = matters.is_multi_client(matter)
    refusal = selectors.proformas_refusal(user=user, matter=matter)
    return {
        "multi_client": multi,
        "label": "Répartition client" if multi else "Proforma dossier",
        "button_id": "btn-repartition" if multi else "btn-proforma",
        "button_class": "btn",
        "refusal": refusal.detail if refusal else "",
    }


def billing_tabs(*, user: User, matter: Matter) -> dict:
    return {"multi_client": matters.is_multi_client(matter)}


def plug_into_activities() -> None:
    """A11: billing keeps client shares of activities: an invoiced activity is never
    deleted, and a restated one starts afresh."""
    activities_registry.register_keeper(
        activities_registry.Keeper(
            "billing",
            deletion_refusal=selectors.activity_deletion_refusal,
            restated=services.activities_restated,
        )
    )


def plug_into_clients() -> None:
    """A client's record has a «Factures» tab (its invoices and credit notes)."""
    clients_registry.register_piece(
        clients_registry.TABS,
        Piece("invoices", "billing/partials/_client_invoices_tab.html", order=30),
    )


def plug_into_matters() -> None:
    registry.register_holding(registry.Holding("bills", selectors.matter_holds_bills))
    registry.register_piece(
        registry.HEADER_ACTIONS,
        registry.Piece(
            "proformas", "billing/partials/_proformas_button.html", proformas_button, order=20
        ),
    )
    registry.register_piece(
        registry.TABS,
        registry.Piece(
            "billing", "billing/partials/_matter_billing_tabs.html", billing_tabs, order=20
        ),
    )
