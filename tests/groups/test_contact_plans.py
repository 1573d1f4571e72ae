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


def full_reads(sql: str) -> list[str]:
    """The steps of the query's plan that read a whole table or index rather than look
    rows up: SQLite's SCAN of a table (SEARCH is a lookup); PostgreSQL's Seq Scan, or an index scan
    without an index condition. PostgreSQL plans with sequential scans priced out: a small
    test table would be scanned anyway, and a Seq Scan left means no index serves."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            # «SCAN subquery» reads the capped count's own LIMIT 1001 rows, not a table.
            steps = [row[3] for row in cursor.fetchall()]
            return [s for s in steps if s.startswith("SCAN") and s != "SCAN subquery"]
        cursor.execute("SET LOCAL enable_seqscan = off")
        try:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            (plan,) = cursor.fetchone()[0]
        finally:
            cursor.execute("RESET enable_seqscan")
    found, nodes = [], [plan["Plan"]]
    while nodes:
        node = nodes.pop()
        nodes.extend(node.get("Plans", []))
        kind = node["Node Type"]
        if kind == "Seq Scan" or (kind.startswith("Index") and "Index Cond" not in node):
            found.append(f"{kind} on {node.get('Relation Name')} {node.get('Index Name', '')}")
    return found


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
        assert full_reads(sql) == [], sql


def test_g9_contacts_at_a_date_and_all_are_read_through_indexes(api, member):
    """G9: with «Valide au» set or cleared, the same index lookups."""
    day = datetime.date(2024, 1, 1).isoformat()
    for valid_at in (day, "all"):
        queries = contact_queries(api, f"/api/v1/clients/{member.pk}/contacts?valid_at={valid_at}")
        assert len(queries) == 2
        for sql in queries:
            assert full_reads(sql) == [], sql
