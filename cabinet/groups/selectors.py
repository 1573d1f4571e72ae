"""Reads on groups: lists, one group with its tree, membership of a client (G1–G9).

A tree costs one query whatever its size: every membership of the group with its client,
arranged in Python.
"""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from cabinet.clients.models import Client
from cabinet.core.errors import NotFound
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


def group_list(*, q: str = "") -> QuerySet[Group]:
    groups = Group.objects.select_related("representative_client").annotate(
        member_count=Count("memberships")
    )
    for token in search_tokens(q):
        groups = groups.filter(name__icontains=token)
    return groups.order_by("name", "id")


def group_get(*, group_id: int) -> Group:
    group = group_list().filter(pk=group_id).first()
    if group is None:
        raise NotFound("Groupe introuvable.", code="group_not_found")
    return group


def group_tree(*, group: Group) -> list[Node]:
    """G3: the roots of the group's tree, each with its children, sorted by client name."""
    memberships = list(GroupMembership.objects.filter(group=group).select_related("client"))
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


def membership_of(*, client: Client) -> GroupMembership | None:
    return GroupMembership.objects.select_related("group").filter(client=client).first()
