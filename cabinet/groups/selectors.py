"""Reads on groups: lists, one group with its tree, membership of a client (G1–G9).

A tree costs one query whatever its size: every membership of the group with its client,
arranged in Python.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from cabinet.accounts.models import User
from cabinet.clients.models import Client, Contact
from cabinet.clients.selectors import (
    clients_visible_to,
    mark_openable,
    openable,
    valid_at_filter,
)
from cabinet.core.errors import DomainError, NotFound
from cabinet.core.text import search_tokens
from cabinet.groups.models import Group, GroupMembership


@dataclass(slots=True, eq=False)
class Member:
    """What a tree shows of a member client: its id, number and names (read as plain
    values, not as Client objects: a tree may have thousands of members) and, for the
    user, `can_open` (U4)."""

    id: int
    number: str
    name: str
    first_name: str
    kind: str
    can_open: bool = True

    display_name = property(Client.display_name.fget)  # C1's rule, written once

    @property
    def pk(self) -> int:
        return self.id


@dataclass(slots=True, eq=False)
class Node:
    client: Member
    is_seat: bool
    parent: "Node | None" = None
    children: list["Node"] = field(default_factory=list)
    depth: int = 0

    @property
    def can_open(self) -> bool:
        """U4: may the user open this member? One he may not is named, never linked,
        and offers no tool (seat, move, remove)."""
        return self.client.can_open

    def ancestors(self) -> list["Node"]:
        """Its parent, the parent's parent, … up to its root."""
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out


def group_list(*, q: str = "", user: User | None = None) -> QuerySet[Group]:
    """Groups by name, with their member count; with `user`, each carries
    `representative_can_open` (U4: a hidden «client rattaché» is named only)."""
    groups = Group.objects.select_related("representative_client").annotate(
        member_count=Count("memberships")
    )
    if user is not None:
        groups = groups.annotate(representative_can_open=openable(user, "representative_client_id"))
    for token in search_tokens(q):
        groups = groups.filter(name__icontains=token)
    return groups.order_by("name", "id")


def group_get_for_user(*, user: User, group_id: int, unknown: DomainError | None = None) -> Group:
    """U4: the one access rule for a group. Every staff user sees every group (its members
    he may not open are named only, never shown in detail); `unknown` is the answer to
    give when the id names no group (a request body's id), NotFound otherwise.

    The group carries `member_count`, counted by a subquery (a join would repeat the
    group's row once per member before grouping them again), and `representative_can_open`.
    """
    members = (
        GroupMembership.objects.filter(group=OuterRef("pk"))
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    group = (
        Group.objects.select_related("representative_client")
        .annotate(
            member_count=Coalesce(Subquery(members), 0),
            representative_can_open=openable(user, "representative_client_id"),
        )
        .filter(pk=group_id)
        .first()
    )
    if group is None:
        raise unknown or NotFound("Groupe introuvable.", code="group_not_found")
    if group.representative_client is not None:
        group.representative_client.can_open = group.representative_can_open
    return group


def member_get_for_user(
    *, user: User, group: Group, client_id: int | None, unknown: DomainError
) -> GroupMembership:
    """U4: a member of `group` named in a request: one the user may open, else `unknown`
    (the answer for a client that is not a member)."""
    membership = (
        GroupMembership.objects.filter(group=group, client_id=client_id)
        .select_related("client")
        .first()
        if client_id is not None
        else None
    )
    if membership is None:
        raise unknown
    mark_openable(user=user, clients=[membership.client])
    if not membership.client.can_open:
        raise unknown
    return membership


def group_tree(*, group: Group, user: User) -> list[Node]:
    """G3: the roots of the group's tree, each with its children, sorted by client name;
    each member carries `can_open` for `user` (U4). One query for the memberships and
    their clients (a second to know which ones the user may open, without «see every
    client»)."""
    rows = (
        GroupMembership.objects.filter(group=group)
        .order_by()  # sorted by name below
        .values_list(
            "id",
            "parent_id",
            "is_seat",
            "client_id",
            "client__number",
            "client__name",
            "client__first_name",
            "client__kind",
        )
    )
    nodes: dict[int, Node] = {}
    parents: dict[int, int | None] = {}
    for membership_id, parent_id, is_seat, *client in rows:
        nodes[membership_id] = Node(Member(*client), is_seat)
        parents[membership_id] = parent_id
    mark_openable(user=user, clients=[node.client for node in nodes.values()])
    roots: list[Node] = []
    for membership_id, node in nodes.items():
        parent = nodes.get(parents[membership_id])
        node.parent = parent
        (parent.children if parent else roots).append(node)

    # Iterative, so that even a very deep chain of sub-structures never hits the recursion
    # limit.
    pending: list[tuple[list[Node], int]] = [(roots, 0)]
    while pending:
        level, depth = pending.pop()
        level.sort(key=_by_name)
        for node in level:
            node.depth = depth
            pending.append((node.children, depth + 1))
    return roots


def _by_name(node: Node) -> tuple:
    client = node.client
    return (client.name.lower(), client.first_name.lower(), client.id)


def flatten(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.children))
    return out


def move_destinations(roots: list[Node], *, client_id: int | None) -> list[Node]:
    """G3/U4: where the member `client_id` may be moved, in tree order: every member the
    user may open but itself and its own branch (a move there is refused). NotFound when
    it is not a member the user may open."""
    member = next((n for n in flatten(roots) if n.client.id == client_id), None)
    if member is None or not member.can_open:
        raise NotFound("Ce client n'est pas membre de ce groupe.", code="not_a_member")
    destinations = []
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        if node is member:
            continue
        if node.can_open:
            destinations.append(node)
        stack.extend(reversed(node.children))
    return destinations


def loaded_membership(client: Client) -> GroupMembership | None:
    """The client's place in its group, loaded with the client (the clients' summary,
    `cabinet.groups.plugins`); None outside a group."""
    try:
        return client.group_membership
    except ObjectDoesNotExist:
        return None


def membership_of(*, client: Client) -> GroupMembership | None:
    return GroupMembership.objects.select_related("group").filter(client=client).first()


# The group views (G10) -----------------------------------------------------------------


def group_members_visible_to(*, user: User, group: Group) -> QuerySet[Client]:
    """G10/U4: the members of `group` the user may see; every group view is over these."""
    return clients_visible_to(user).filter(group_membership__group=group)


def group_member_ids_visible_to(*, user: User, group: Group) -> QuerySet[GroupMembership]:
    """G10/U4: the same members as `group_members_visible_to`, as a subquery of their ids
    (`client_id`) read from the group's memberships alone. A view filtering its rows on it
    costs what the group holds, not what the firm holds: no join to every client (a user
    who may not see every client has each membership checked by `openable`)."""
    return (
        GroupMembership.objects.filter(group=group)
        .filter(openable(user, "client_id"))
        .values("client_id")
    )


def group_contacts(
    *, user: User, group: Group, valid_at: datetime.date | None
) -> QuerySet[Contact]:
    """G10 «Contacts»: the own contacts of every member the user may see (G9's group
    contacts are among them), valid at `valid_at` (every one when None), by name. Their
    owners are visible, hence `owner_can_open`."""
    members = group_members_visible_to(user=user, group=group)
    return (
        Contact.objects.filter(client__in=members)
        .filter(valid_at_filter(valid_at))
        .select_related("client")
        .annotate(owner_can_open=openable(user))
        .order_by("last_name", "first_name", "id")
    )
