"""G9 at any size (issue 13): a record's contacts — its own and its group's group contacts —
and their count are read through indexes, never by scanning the contacts table. The plans
of the queries the endpoints send, as each database explains them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cabinet.groups.models import Group, GroupMembership
from tests.factories import ClientFactory, ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    """A member of a group of six whose members each have an own and a group contact, and
    clients outside the group with contacts of both kinds."""
    group = Group.objects.create(name="Groupe Indexé")
    members = [ClientFactory() for _ in range(6)]
    for client in members:
        GroupMembership.objects.create(group=group, client=client)
        ContactFactory(client=client)
        ContactFactory(client=client, is_group_contact=True)
    for _ in range(6):
        outsider = ClientFactory()
        ContactFactory(client=outsider)
        ContactFactory(client=outsider, is_group_contact=True)
    return members[0]


def plan(sql: str) -> list[str]:
    """The plan's lines. On PostgreSQL with sequential scans priced out, so a Seq Scan in
    it means no index can serve the query (a small test table would be scanned anyway)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            try:
                cursor.execute(f"EXPLAIN {sql}")
                return [row[0] for row in cursor.fetchall()]
            finally:
                cursor.execute("RESET enable_seqscan")
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return [row[3] for row in cursor.fetchall()]


def scans(lines: list[str]) -> list[str]:
    """The steps that read a whole table or index: PostgreSQL's Seq Scan, SQLite's SCAN
    (SEARCH is an index lookup)."""
    return [line for line in lines if "Seq Scan" in line or line.lstrip().startswith("SCAN")]


def contact_queries(api, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries if 'FROM "clients_contact"' in q["sql"]]


@pytest.mark.parametrize("endpoint", ["contacts", "recipients"])
def test_g9_record_contacts_and_their_count_are_read_through_indexes(api, member, endpoint):
    """G9: the page and the count of a member's contacts (own and group ones, valid today),
    as the API sends them, each read by index lookups only."""
    queries = contact_queries(api, f"/api/v1/clients/{member.pk}/{endpoint}")

    assert len(queries) == 2  # the count and the page
    for sql in queries:
        lines = plan(sql)
        assert lines and not scans(lines), "\n".join([sql, *lines])


def test_g9_contacts_at_a_date_and_all_are_read_through_indexes(api, member):
    """G9: with «Valide au» set or cleared, the same index lookups."""
    day = datetime.date(2024, 1, 1).isoformat()
    for valid_at in (day, "all"):
        queries = contact_queries(api, f"/api/v1/clients/{member.pk}/contacts?valid_at={valid_at}")
        for sql in queries:
            lines = plan(sql)
            assert lines and not scans(lines), "\n".join([sql, *lines])
