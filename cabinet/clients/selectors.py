"""Reads on clients, aliases and contacts. Every list is one or two queries, whatever its size."""

import datetime

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.utils import timezone

from cabinet.accounts.models import Right, User
from cabinet.clients import registry, search
from cabinet.clients.models import Client, ClientAlias, Connexity, Contact
from cabinet.core.errors import DomainError, Forbidden, NotFound
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


def clients_visible_to(user: User) -> QuerySet[Client]:
    """Every client for profiles with «see every client»; otherwise those the user created
    and those he reaches through the apps above (`registry.reaches`: the parties of the
    matters he may see — he works for them)."""
    clients = Client.objects.all()
    if user.has_right(Right.ALL_CLIENTS):
        return clients
    reached = Q(created_by=user)
    for reach in registry.reaches():
        reached |= Q(pk__in=reach.clients(user))
    return clients.filter(reached)


def readable_client_ids(*, user: User, client_ids) -> set[int] | None:
    """Which of `client_ids` the user may open (one query); None when he may open every
    client. Pages that list other apps' clients (a group's tree) link only to these."""
    if user.has_right(Right.ALL_CLIENTS):
        return None
    ids = list(client_ids)
    return set(clients_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def openable(user: User, client_ref: str = "client_id"):
    """U4 as a query expression: may the user open the client the row names in
    `client_ref`? Lists annotate it, so a page of them costs no more queries.

    The rule of `clients_visible_to`, asked of one client: an EXISTS per way of reaching
    it (his own, each of `registry.reaches`), each a few index lookups on that client,
    never the set of every client he may open (an OR no index serves, as large as the
    firm)."""
    if user.has_right(Right.ALL_CLIENTS):
        return Value(True, output_field=BooleanField())
    client = Client.objects.filter(pk=OuterRef(client_ref))
    reached = Exists(client.filter(created_by=user))
    for reach in registry.reaches():
        reached |= Exists(client.filter(pk__in=reach.clients(user)))
    return ExpressionWrapper(reached, output_field=BooleanField())


def client_search_filter(query: str) -> Q:
    """C2: each word of the query starts a word of the number, names or aliases."""
    return search.matching(query)


def with_relations(clients: QuerySet[Client]) -> QuerySet[Client]:
    """What a client's summary shows, in a fixed number of queries: attachment, what the
    apps above add (`registry.summary_parts`: the group), aliases, and R9's
    current-connexity flag."""
    today = timezone.localdate()
    current = Connexity.objects.filter(Q(client=OuterRef("pk")) | Q(other=OuterRef("pk"))).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    return (
        clients.select_related("attached_to", *(p.related for p in registry.summary_parts()))
        .prefetch_related(Prefetch("aliases", queryset=ClientAlias.objects.order_by("value")))
        .annotate(has_current_connexities=Exists(current))
    )


def client_list(
    *, user: User, q: str = "", sort: str = "name"
) -> QuerySet[Client] | search.OrderedSearch:
    """The clients the user may open, searched (C2) and sorted, the client numbered by a
    query of digits first; each carries `attached_to_can_open` (U4: an attachment to a
    hidden client is named only). For one who sees every client, a search in name order
    reads only its page (`search.OrderedSearch`, sliced and counted like a queryset)."""

    def load(clients: QuerySet[Client]) -> QuerySet[Client]:
        clients = clients.annotate(attached_to_can_open=openable(user, "attached_to_id"))
        return with_relations(clients)

    if user.has_right(Right.ALL_CLIENTS):
        ordered = search.OrderedSearch.of(q, sort=sort, load=load)
        if ordered is not None:
            return ordered
    clients = load(clients_visible_to(user).filter(client_search_filter(q)))
    return clients.order_by(*search.exact_first(q), *SORTS.get(sort, SORTS["name"]))


def client_search_suggestions(*, user: User, q: str, limit: int = 10) -> list[Client]:
    """C2: the first matches of a query typed in a search box (none for an empty query)."""
    if not search_tokens(q):
        return []
    return list(client_list(user=user, q=q)[:limit])


def attachment_candidates(*, user: User, client: Client, q: str, limit: int = 10) -> list[Client]:
    """C3: the clients `client` may be attached to, matching `q`: never itself."""
    if not search_tokens(q):
        return []
    found = client_list(user=user, q=q)[: limit + 1]
    return [c for c in found if c.pk != client.pk][:limit]


def mark_openable(*, user: User, clients) -> None:
    """Set `can_open` on each of `clients` (None skipped), in one query at most: what a
    page links and what an answer numbers (U4). A client the user may not open is named
    by its display name only, never linked, its number withheld."""
    clients = [c for c in clients if c is not None]
    openable = readable_client_ids(user=user, client_ids={c.pk for c in clients})
    for client in clients:
        client.can_open = openable is None or client.pk in openable


def client_get_for_user(
    *, user: User, client_id: int, unknown: DomainError | None = None
) -> Client:
    """U4: the one access rule for a client, for pages, API and services.

    A client named in the path (no `unknown`): the client with its summary relations, or
    NotFound (absent) / Forbidden (not his to see). A client named in a request body
    (`unknown` is the error the caller answers for an absent id): hidden and absent get
    that same error, so they cannot be told apart.
    """
    if unknown is not None:
        client = clients_visible_to(user).filter(pk=client_id).first()
        if client is None:
            raise unknown
        return client
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
    client.attached_to_can_open = (
        client.attached_to_id is None
        or user.has_right(Right.ALL_CLIENTS)
        or clients_visible_to(user).filter(pk=client.attached_to_id).exists()
    )
    return client


def valid_at_filter(day: datetime.date | None) -> Q:
    if day is None:
        return Q()
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def contacts_of_client(
    *, client: Client, valid_at: datetime.date | None, user: User
) -> QuerySet[Contact]:
    """C4 and G9: the client's own contacts and those shown on its record from others
    (`registry.shared_contacts`: the group contacts of its group), valid at a date (all
    when None). Each carries `owner_can_open`: a hidden member's group contact names its
    owner by display name only (U4).

    The contacts are those whose id is in a UNION of parts each served by an index (the
    client's own by `client`, each shared part by its own), never an OR across owners that
    no index serves: the page and its count read a few index entries at any size."""
    shown = Contact.objects.filter(client=client).order_by().values("pk")
    others = [
        shared.shown_on(client).order_by().values("pk") for shared in registry.shared_contacts()
    ]
    if others:
        shown = shown.union(*others, all=True)
    contacts = (
        Contact.objects.filter(pk__in=shown)
        .filter(valid_at_filter(valid_at))
        .select_related("client")
        .order_by("last_name", "first_name", "id")
    )
    return contacts.annotate(owner_can_open=openable(user))


def contact_get_for_user(*, user: User, contact_id: int, unknown: DomainError) -> Contact:
    """U4: a contact named in a request body (a matter's linked contact): one shown on the
    record of a client the user may open (its owner's, or others' through
    `registry.shared_contacts`: G9's group contacts), else `unknown`, the answer for an
    absent id. The contact by its id, then one check over the records showing it (a UNION
    of index lookups), whatever the size."""
    contact = Contact.objects.select_related("client").filter(pk=contact_id).first()
    if contact is None:
        raise unknown
    if user.has_right(Right.ALL_CLIENTS):
        return contact
    records = Client.objects.filter(pk=contact.client_id).order_by().values("pk")
    others = [shared.shown_where(contact).order_by() for shared in registry.shared_contacts()]
    if others:
        records = records.union(*others, all=True)
    if not Client.objects.filter(pk__in=records).filter(openable(user, "pk")).exists():
        raise unknown
    return contact


def recipients_of_client(*, client: Client, user: User) -> QuerySet[Contact]:
    today = timezone.localdate()
    return contacts_of_client(client=client, valid_at=today, user=user).exclude(email="")


def contact_get(*, client: Client, contact_id: int) -> Contact:
    contact = Contact.objects.select_related("client").filter(pk=contact_id, client=client).first()
    if contact is None:
        raise NotFound("Contact introuvable.", code="contact_not_found")
    return contact
