"""Reads on groups: lists, one group with its tree, membership of a client (G1–G9).

A tree costs one query whatever its size: every membership of the group with its client,
arranged in Python.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, QuerySet

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


@dataclass
class Node:
    membership: GroupMembership
    children: list["Node"] = field(default_factory=list)
    depth: int = 0

    @property
    def client(self) -> Client:
        return self.membership.client

    @property
    def is_seat(self) -> bool:
        return self.membership.is_seat

    @property
    def can_open(self) -> bool:
        """U4: may the user open this member? One he may not is named, never linked,
        and offers no tool (seat, move, remove)."""
        return self.membership.client.can_open


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
    give when the id names no group (a request body's id), NotFound otherwise."""
    group = group_list(user=user).filter(pk=group_id).first()
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
    each member carries `can_open` for `user` (U4)."""
    memberships = list(GroupMembership.objects.filter(group=group).select_related("client"))
    mark_openable(user=user, clients=[m.client for m in memberships])
    nodes = {m.id: Node(m) for m in memberships}
    roots: list[Node] = []
    for node in nodes.values():
        parent = nodes.get(node.membership.parent_id)
        (parent.children if parent else roots).append(node)

    # Iterative, so that even a very deep chain of sub-structures never hits the recursion
    # limit.
    pending: list[tuple[list[Node], int]] = [(roots, 0)]
    while pending:
        level, depth = pending.pop()
        level.sort(key=lambda n: (n.client.name.lower(), n.client.first_name.lower(), n.client.id))
        for node in level:
            node.depth = depth
            pending.append((node.children, depth + 1))
    return roots


def flatten(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.children))
    return out


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
