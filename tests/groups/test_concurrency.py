"""G8/G3 under concurrency: merges and moves at the same time lose no member (row locks)."""

import threading

import pytest
from django.db import close_old_connections, connection

from cabinet.core.errors import DomainError
from cabinet.groups import services
from cabinet.groups.models import Group, GroupMembership
from tests.factories import ClientFactory, UserFactory
from tests.threads import send_at_once


def run_at_once(*jobs) -> list[Exception]:
    errors: list[Exception] = []
    barrier = threading.Barrier(len(jobs))

    def run(job):
        try:
            barrier.wait()
            job()
        except DomainError:
            pass
        except Exception as exc:  # noqa: BLE001 - reported to the test
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_g8_two_merges_and_moves_at_once_lose_nobody():
    """G8: two merges into two targets of overlapping sources, and moves inside them, run
    at the same time; every member ends in exactly one existing group."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks between threads need PostgreSQL (SQLite serialises writers)")
    actor = UserFactory(profile=None, is_superuser=True)
    groups = [Group.objects.create(name=f"G{i}") for i in range(4)]
    clients = ClientFactory.create_batch(40)
    for i, client in enumerate(clients):
        services.membership_set(actor=actor, client=client, group_id=groups[i % 4].id)
    for i in range(4, 40, 4):
        services.member_move(
            actor=actor, group=groups[0], client_id=clients[i].id, parent_client_id=clients[0].id
        )

    errors = run_at_once(
        lambda: services.groups_merge(
            actor=actor, target=groups[0], source_ids=[groups[2].id, groups[3].id]
        ),
        lambda: services.groups_merge(
            actor=actor, target=groups[1], source_ids=[groups[2].id, groups[3].id]
        ),
        lambda: services.member_move(
            actor=actor, group=groups[0], client_id=clients[8].id, parent_client_id=None
        ),
        lambda: services.membership_set(
            actor=actor, client=clients[5], group_id=groups[0].id, parent_client_id=clients[0].id
        ),
    )

    assert errors == []
    memberships = list(GroupMembership.objects.all())
    assert sorted(m.client_id for m in memberships) == sorted(c.id for c in clients)
    live = set(Group.objects.values_list("id", flat=True))
    assert all(m.group_id in live for m in memberships)
    parents = {m.id: m for m in memberships}
    for m in memberships:
        if m.parent_id is not None:
            assert parents[m.parent_id].group_id == m.group_id


def put_at_once(actor, requests) -> list[int]:
    """Each (path, body) PUT through HTTP from its own thread, all at once; the statuses."""
    return [status for status, _ in send_at_once(actor, [("put", *r) for r in requests])]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_g2_concurrent_group_joins_answer_200_or_409():
    """G2: eight joins of one client to four different groups at once each answer 200 or
    409 (never a unique-violation 500); the client ends in exactly one group."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks between threads need PostgreSQL (SQLite serialises writers)")
    actor = UserFactory(profile=None, is_superuser=True)
    groups = [Group.objects.create(name=f"G{i}") for i in range(4)]
    for _ in range(3):
        client = ClientFactory()
        path = f"/api/v1/clients/{client.id}/group"
        statuses = put_at_once(actor, [(path, {"group_id": groups[i % 4].id}) for i in range(8)])
        assert len(statuses) == 8
        assert set(statuses) <= {200, 409}
        assert 200 in statuses
        assert GroupMembership.objects.filter(client=client).count() == 1
