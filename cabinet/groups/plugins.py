"""What groups plug into the clients app (cabinet/clients/registry.py), which names
nothing of groups: a client's summary carries its group (G2); the group contacts of every
client of a group show on each member's record (G9); the record's «Fiche» has the «Groupe»
field and the record a «Groupe» tab (G5). And the groups app's own group view, «Contacts»
(G10), in the group page's registry (cabinet/groups/registry.py)."""

from django.db.models import QuerySet

from cabinet.clients import registry
from cabinet.clients.models import Client, Contact
from cabinet.core.pieces import Piece
from cabinet.core.queries import InValuesOf
from cabinet.groups import registry as group_registry
from cabinet.groups.models import GroupMembership
from cabinet.groups.selectors import loaded_membership


def _group_of(client: Client) -> dict | None:
    membership = loaded_membership(client)
    if membership is None:
        return None
    return {"id": membership.group.id, "name": membership.group.name}


def _group_contacts_shown_on(client: Client) -> QuerySet[Contact]:
    """G9: the group contacts of the clients of `client`'s group, its own among them (a
    UNION part of the record's contacts): the group's memberships, then each member's
    group contacts looked up in their partial index — as many lookups as members, at any
    size of the firm."""
    membership = loaded_membership(client)
    if membership is None:
        return Contact.objects.none()
    members = GroupMembership.objects.filter(group_id=membership.group_id).values("client_id")
    return Contact.objects.filter(InValuesOf("client_id", members), is_group_contact=True)


def _group_contacts_shown_where(contact: Contact) -> QuerySet:
    """G9: the clients on whose record a group contact shows: every client of its owner's
    group (none for any other contact)."""
    if not contact.is_group_contact:
        return Client.objects.none().values("pk")
    groups = GroupMembership.objects.filter(client_id=contact.client_id).values("group_id")
    return GroupMembership.objects.filter(group_id__in=groups).values("client_id")


def _group_field(*, user, client: Client) -> dict:
    return {"membership": loaded_membership(client)}


def plug_into_clients() -> None:
    registry.register_summary_part(
        registry.SummaryPart("group", "group_membership__group", _group_of)
    )
    registry.register_shared_contacts(
        registry.SharedContacts(
            "group contacts", _group_contacts_shown_on, _group_contacts_shown_where
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
