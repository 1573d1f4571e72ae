"""What groups plug into the clients app (cabinet/clients/registry.py), which names
nothing of groups: a client's summary carries its group (G2); the group contacts of every
client of a group show on each member's record (G9); the record's «Fiche» has the «Groupe»
field and the record a «Groupe» tab (G5). And the groups app's own group view, «Contacts»
(G10), in the group page's registry (cabinet/groups/registry.py)."""

from django.db.models import Q, QuerySet

from cabinet.clients import registry
from cabinet.clients.models import Client
from cabinet.core.pieces import Piece
from cabinet.groups import registry as group_registry
from cabinet.groups.selectors import loaded_membership


def _group_of(client: Client) -> dict | None:
    membership = loaded_membership(client)
    if membership is None:
        return None
    return {"id": membership.group.id, "name": membership.group.name}


def _group_contacts_shown_on(client: Client) -> Q:
    """G9: the group contacts of the clients of `client`'s group."""
    membership = loaded_membership(client)
    if membership is None:
        return Q(pk__in=[])
    return Q(is_group_contact=True, client__group_membership__group_id=membership.group_id)


def _group_contacts_shown_on_any(clients: QuerySet) -> Q:
    """G9: the group contacts of the groups any of `clients` belongs to."""
    return Q(
        is_group_contact=True, client__group_membership__group__memberships__client__in=clients
    )


def _group_field(*, user, client: Client) -> dict:
    return {"membership": loaded_membership(client)}


def plug_into_clients() -> None:
    registry.register_summary_part(
        registry.SummaryPart("group", "group_membership__group", _group_of)
    )
    registry.register_shared_contacts(
        registry.SharedContacts(
            "group contacts", _group_contacts_shown_on, _group_contacts_shown_on_any
        )
    )
    registry.register_piece(
        registry.FICHE_SIDE,
        Piece("group", "groups/partials/_group_field.html", _group_field, order=10),
    )
    registry.register_piece(
        registry.TABS, Piece("group", "groups/partials/_client_group_tab.html", order=10)
    )


def plug_into_group_page() -> None:
    group_registry.register_piece(
        group_registry.VIEWS,
        Piece("contacts", "groups/partials/_group_view_tab_contacts.html", order=40),
    )
