"""G2, G3, G6, G8 as properties: random joins, moves, removals and merges never lose a
member, never put one in two groups, never make a cycle."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cabinet.core.errors import DomainError
from cabinet.groups import services
from cabinet.groups.models import Group, GroupMembership
from tests.factories import ClientFactory, UserFactory

CLIENTS, GROUPS = 7, 3
client_index = st.integers(0, CLIENTS - 1)
group_index = st.integers(0, GROUPS - 1)
maybe_client = st.none() | client_index

operations = st.lists(
    st.one_of(
        st.tuples(st.just("join"), client_index, group_index, maybe_client, st.booleans()),
        st.tuples(st.just("leave"), client_index),
        st.tuples(st.just("move"), client_index, maybe_client),
        st.tuples(st.just("merge"), group_index, group_index),
    ),
    max_size=25,
)


def check_invariants(expected_members: set[int]) -> None:
    memberships = list(GroupMembership.objects.values("id", "client_id", "group_id", "parent_id"))
    clients = [m["client_id"] for m in memberships]
    assert len(clients) == len(set(clients)), "a client in two groups"
    assert set(clients) == expected_members, "a member lost or added"
    by_id = {m["id"]: m for m in memberships}
    for m in memberships:
        seen = set()
        node = m
        while node["parent_id"] is not None:
            assert node["id"] not in seen, "a cycle"
            seen.add(node["id"])
            parent = by_id[node["parent_id"]]
            assert parent["group_id"] == m["group_id"], "a parent in another group"
            node = parent


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_g3_g6_g8_random_tree_operations_keep_every_member_once(ops):
    with transaction.atomic():
        actor = UserFactory(profile=None, is_superuser=True)
        clients = ClientFactory.create_batch(CLIENTS)
        groups = [Group.objects.create(name=f"G{i}") for i in range(GROUPS)]
        members: set[int] = set()
        for op in ops:
            live_groups = {g.id for g in Group.objects.all()}
            try:
                if op[0] == "join":
                    _, c, g, parent, seat = op
                    if groups[g].id not in live_groups:
                        continue
                    services.membership_set(
                        actor=actor,
                        client=clients[c],
                        group_id=groups[g].id,
                        parent_client_id=clients[parent].id if parent is not None else None,
                        is_seat=seat,
                    )
                    members.add(clients[c].id)
                elif op[0] == "leave":
                    services.membership_remove(actor=actor, client=clients[op[1]])
                    members.discard(clients[op[1]].id)
                elif op[0] == "move":
                    membership = GroupMembership.objects.filter(client=clients[op[1]]).first()
                    if membership is None:
                        continue
                    services.member_move(
                        actor=actor,
                        group=membership.group,
                        client_id=clients[op[1]].id,
                        parent_client_id=clients[op[2]].id if op[2] is not None else None,
                    )
                else:
                    _, target, source = op
                    if not {groups[target].id, groups[source].id} <= live_groups:
                        continue
                    services.groups_merge(
                        actor=actor, target=groups[target], source_ids=[groups[source].id]
                    )
            except DomainError:
                pass
            check_invariants(members)
        transaction.set_rollback(True)
