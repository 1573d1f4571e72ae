"""Reads on clients, aliases and contacts. Every list is one or two queries, whatever its size."""

import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from cabinet.accounts.models import Right, User
from cabinet.clients.models import Client, ClientAlias, Connexity, Contact
from cabinet.core.errors import Forbidden, NotFound
from cabinet.core.text import search_tokens

SORTS = {
    "name": ("name", "first_name", "number"),
    "-name": ("-name", "-first_name", "-number"),
    "number": ("number",),
    "-number": ("-number",),
    "city": ("city", "name", "first_name"),
    "-city": ("-city", "name", "first_name"),
    "kind": ("kind", "name", "first_name"),
    "-kind": ("-kind", "name", "first_name"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
}


def _matter_parties_visible_to(user: User) -> Q:
    """The clients that are parties of a matter the user may see: the same rule as
    matters.selectors.matters_visible_to (every matter with «act on every matter»,
    otherwise those he opened or intervenes on), through the matters app's relations."""
    if user.has_right(Right.ALL_MATTERS):
        return Q(matter_parties__isnull=False)
    return Q(matter_parties__matter__created_by=user) | Q(
        matter_parties__matter__intervenants__user=user
    )


def clients_visible_to(user: User) -> QuerySet[Client]:
    """Every client for profiles with «see every client»; otherwise those the user created
    and the parties of the matters he may see (he works for them)."""
    clients = Client.objects.all()
    if user.has_right(Right.ALL_CLIENTS):
        return clients
    parties = Client.objects.filter(_matter_parties_visible_to(user)).values("pk")
    return clients.filter(Q(created_by=user) | Q(pk__in=parties))


def readable_client_ids(*, user: User, client_ids) -> set[int] | None:
    """Which of `client_ids` the user may open (one query); None when he may open every
    client. Pages that list other apps' clients (a group's tree) link only to these."""
    if user.has_right(Right.ALL_CLIENTS):
        return None
    ids = list(client_ids)
    return set(clients_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def client_search_filter(query: str) -> Q:
    """C2: each word of the query starts a word of the number, names or aliases."""
    condition = Q()
    for token in search_tokens(query):
        condition &= Q(search_text__contains=f" {token}")
    return condition


def with_relations(clients: QuerySet[Client]) -> QuerySet[Client]:
    """What a client's summary shows, in a fixed number of queries: attachment, group
    (the groups app's `group_membership`), aliases, and R9's current-connexity flag."""
    today = timezone.localdate()
    current = Connexity.objects.filter(Q(client=OuterRef("pk")) | Q(other=OuterRef("pk"))).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    return (
        clients.select_related("attached_to", "group_membership__group")
        .prefetch_related(Prefetch("aliases", queryset=ClientAlias.objects.order_by("value")))
        .annotate(has_current_connexities=Exists(current))
    )


def client_list(*, user: User, q: str = "", sort: str = "name") -> QuerySet[Client]:
    clients = clients_visible_to(user).filter(client_search_filter(q))
    return with_relations(clients).order_by(*SORTS.get(sort, SORTS["name"]))


def client_search_suggestions(*, user: User, q: str, limit: int = 10) -> list[Client]:
    """C2: the first matches of a query typed in a search box (none for an empty query)."""
    if not search_tokens(q):
        return []
    return list(client_list(user=user, q=q)[:limit])


def attachment_candidates(*, user: User, client: Client, q: str, limit: int = 10) -> list[Client]:
    """C3: the clients `client` may be attached to, matching `q`: never itself."""
    if not search_tokens(q):
        return []
    return list(client_list(user=user, q=q).exclude(pk=client.pk)[:limit])


def client_get_for_user(*, user: User, client_id: int) -> Client:
    client = (
        with_relations(Client.objects.select_related("created_by")).filter(pk=client_id).first()
    )
    if client is None:
        raise NotFound("Client introuvable.", code="client_not_found")
    if (
        not user.has_right(Right.ALL_CLIENTS)
        and client.created_by_id != user.pk
        and not clients_visible_to(user).filter(pk=client.pk).exists()
    ):
        raise Forbidden("Ce client ne vous est pas accessible.", code="client_forbidden")
    return client


def valid_at_filter(day: datetime.date | None) -> Q:
    if day is None:
        return Q()
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def client_group(client: Client):
    """The client's group or None (read through the groups app's `group_membership`)."""
    try:
        return client.group_membership.group
    except ObjectDoesNotExist:
        return None


def contacts_of_client(*, client: Client, valid_at: datetime.date | None) -> QuerySet[Contact]:
    """C4 and G9: the client's own contacts and the group contacts of every client of its
    group, valid at a date (all when None)."""
    group = client_group(client)
    owners = Q(client=client)
    if group is not None:
        owners |= Q(is_group_contact=True, client__group_membership__group=group)
    return (
        Contact.objects.filter(owners)
        .filter(valid_at_filter(valid_at))
        .select_related("client")
        .order_by("last_name", "first_name", "id")
    )


def recipients_of_client(*, client: Client) -> QuerySet[Contact]:
    today = timezone.localdate()
    return contacts_of_client(client=client, valid_at=today).exclude(email="")


def contact_get(*, client: Client, contact_id: int) -> Contact:
    contact = Contact.objects.select_related("client").filter(pk=contact_id, client=client).first()
    if contact is None:
        raise NotFound("Contact introuvable.", code="contact_not_found")
    return contact
