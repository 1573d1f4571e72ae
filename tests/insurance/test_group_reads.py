"""The group views (G10) read what the group holds, not what the firm holds (issue 13):
their rows come from the group's memberships and the per-client indexes, the list is
counted once with its totals, and a page is fetched by its keys first. These tests hold
them to the same rows, order, counts and totals as the whole filtered list."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection

from cabinet.groups.models import Group, GroupMembership
from cabinet.groups.selectors import group_member_ids_visible_to
from cabinet.insurance import selectors
from cabinet.insurance.models import Claim, Contract, PremiumReceipt
from tests.conftest import make_api_client
from tests.factories import ClientFactory
from tests.insurance.test_api import contract

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 1, 1)


def _day(n: int) -> datetime.date:
    return DAY + datetime.timedelta(days=n)


@pytest.fixture
def firm(api, user_with_profile):
    """A group of six members and two outsiders, each with a quote and an active contract,
    receipts and claims whose dates repeat (the id settles the order), some cancelled or
    closed; an associate who created two of the members (U4)."""
    associate = user_with_profile("associate", username="assoc-reads")
    members = [ClientFactory(created_by=associate if n < 2 else None) for n in range(6)]
    outsiders = [ClientFactory(), ClientFactory()]
    group = Group.objects.create(name="Groupe Lecture")
    GroupMembership.objects.bulk_create(GroupMembership(group=group, client=c) for c in members)
    contracts = []
    for n, client in enumerate(members + outsiders):
        for status in ("quote", "active"):
            made = contract(
                api,
                client,
                number=f"C{n}-{status}",
                status=status,
                start_date=str(_day(n % 3)),
                annual_premium=f"{100 + n}.{n}0",
            )
            contracts.append(Contract.objects.get(pk=made["id"]))
    PremiumReceipt.objects.bulk_create(
        PremiumReceipt(
            contract=c,
            client_id=c.client_id,
            number=f"Q{i}",
            period_start=_day(i),
            period_end=_day(i + 30),
            due_date=_day(10 + i % 3),
            accounting_date=_day(20 + (i + k) % 4),
            amount=Decimal(f"{10 + i}.{k % 100:02}"),
            status=("issued", "paid", "cancelled")[(i + k) % 3],
        )
        for k, c in enumerate(contracts)
        for i in range(6)
    )
    Claim.objects.bulk_create(
        Claim(
            contract=c,
            client_id=c.client_id,
            number=f"S{i}",
            loss_date=_day(5 + i % 2),
            reported_date=_day(9),
            status="open" if (i + k) % 2 else "closed",
            closed_date=None if (i + k) % 2 else _day(30),
            reserve_amount=Decimal(f"{k}00.00"),
            paid_amount=Decimal(f"{i}0.00"),
        )
        for k, c in enumerate(contracts)
        for i in range(3)
    )
    return {"group": group, "members": members, "associate": associate}


def _expected(model, members, *, order: tuple[str, str], **filters) -> list[int]:
    """The ids of the members' rows under `filters`, sorted in Python on `order` (a date
    column then the id, both newest first), independently of the selectors."""
    rows = model.objects.filter(client__in=members, **filters).values("id", order[0])
    return [r["id"] for r in sorted(rows, key=lambda r: (r[order[0]], r["id"]), reverse=True)]


def _walk(api, url: str, params: dict, limit: int = 7) -> tuple[list[int], list[dict]]:
    """Every page of an API list, `limit` rows at a time: the ids in order, the answers."""
    ids, answers, offset = [], [], 0
    while True:
        response = api.get(url, {**params, "limit": limit, "offset": offset})
        assert response.status_code == 200, response.content
        body = response.json()
        answers.append(body)
        ids += [item["id"] for item in body["items"]]
        offset += limit
        if offset >= body["count"]:
            return ids, answers


VIEWS = [
    ("premium-receipts", {}, PremiumReceipt, ("due_date", "id"), {}),
    (
        "premium-receipts",
        {"date_field": "accounting", "from": str(_day(21)), "to": str(_day(22))},
        PremiumReceipt,
        ("accounting_date", "id"),
        {"accounting_date__range": (_day(21), _day(22))},
    ),
    (
        "premium-receipts",
        {"status": "cancelled", "from": str(_day(11))},
        PremiumReceipt,
        ("due_date", "id"),
        {"status": "cancelled", "due_date__gte": _day(11)},
    ),
    ("contracts", {}, Contract, ("start_date", "id"), {}),
    ("contracts", {"status": "quote"}, Contract, ("start_date", "id"), {"status": "quote"}),
    ("claims", {}, Claim, ("loss_date", "id"), {"status": "open"}),
    ("claims", {"open_only": "false"}, Claim, ("loss_date", "id"), {}),
]


@pytest.mark.parametrize(("view", "params", "model", "order", "filters"), VIEWS)
def test_g10_api_pages_walk_the_whole_filtered_list_in_order_with_its_count_and_totals(
    api, firm, view, params, model, order, filters
):
    members = firm["members"]
    expected = _expected(model, members, order=order, **filters)

    ids, answers = _walk(api, f"/api/v1/groups/{firm['group'].id}/{view}", params)

    assert expected and ids == expected
    assert {a["count"] for a in answers} == {len(expected)}
    assert len({str(a["totals"]) for a in answers}) == 1
    rows = model.objects.filter(pk__in=expected)
    totals = answers[0]["totals"]
    if model is PremiumReceipt:
        kept = [r.amount for r in rows if r.status != "cancelled"]
        assert Decimal(totals["amount"]) == sum(kept, Decimal("0.00"))
    elif model is Contract:
        assert Decimal(totals["annual_premium"]) == sum(r.annual_premium for r in rows)
    else:
        assert Decimal(totals["reserve_amount"]) == sum(r.reserve_amount for r in rows)
        assert Decimal(totals["paid_amount"]) == sum(r.paid_amount for r in rows)


def test_g10_api_pages_of_a_user_who_may_not_see_every_member_hold_his_members_only(
    firm, django_assert_max_num_queries
):
    """U4: the associate created two members; the pages, the count and the totals hold
    their rows only, in order, in as many queries as for a partner."""
    mine = firm["members"][:2]
    expected = _expected(PremiumReceipt, mine, order=("due_date", "id"))
    kept = PremiumReceipt.objects.filter(pk__in=expected).exclude(status="cancelled")
    api = make_api_client(firm["associate"])
    url = f"/api/v1/groups/{firm['group'].id}/premium-receipts"

    ids, answers = _walk(api, url, {}, 4)
    with django_assert_max_num_queries(4):
        response = api.get(url, {"limit": 4, "offset": 4})

    assert expected and ids == expected
    assert answers[0]["count"] == len(expected)
    assert Decimal(answers[0]["totals"]["amount"]) == sum(r.amount for r in kept)
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["items"]] == expected[4:8]


@pytest.mark.parametrize(
    ("view", "kind", "model", "order", "filters"),
    [
        ("premium-receipts", "premium-receipts", PremiumReceipt, ("due_date", "id"), {}),
        ("contracts", "contracts", Contract, ("start_date", "id"), {}),
        ("claims", "claims", Claim, ("loss_date", "id"), {"status": "open"}),
    ],
)
def test_g10_group_pages_walk_the_whole_filtered_list_in_order(
    staff_browser, firm, settings, view, kind, model, order, filters
):
    settings.CABINET_PAGE_SIZE = 5
    expected = _expected(model, firm["members"], order=order, **filters)
    url = f"/groups/{firm['group'].id}/{view}/"

    shown = []
    for page in range(1, (len(expected) + 4) // 5 + 1):
        response = staff_browser.get(url, {"page": page})
        assert response.status_code == 200
        html = response.content.decode()
        assert re.search(rf'id="group-view-count">{len(expected)} ', html)
        shown += re.findall(rf'href="/{kind}/(\d+)/"', html)

    assert [int(i) for i in shown] == expected


@pytest.mark.parametrize(
    ("rows", "filters"),
    [
        (selectors.receipts_of, {}),
        (selectors.receipts_of, {"date_field": "accounting", "date_from": _day(21)}),
        (selectors.contracts_of, {"status": "active"}),
        (selectors.claims_of, {}),
    ],
    ids=["receipts", "receipts-accounting", "contracts-active", "open-claims"],
)
def test_g10_group_rows_are_read_member_by_member_not_by_walking_the_firm(
    firm, admin_user, rows, filters
):
    """G10: a page of a group view starts from the group's memberships and reads each
    member's rows by its client (`receipt_client_due_idx`, `claim_client_loss_idx`, ...),
    never the firm's rows in date order, a walk that grows with the firm while the group
    stays the same. SQLite plans so at any size; PostgreSQL, which on these few rows would
    rather scan and hash, is given the choices it makes on a large firm (EXPLAIN ANALYZE
    at 100,000 and 999,999 clients): nested loops over indexes."""
    members = group_member_ids_visible_to(user=admin_user, group=firm["group"])
    keys = rows(members, **filters).values("pk")[:50]
    table = keys.model._meta.db_table
    sql, params = keys.query.sql_with_params()

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for method in ("seqscan", "hashjoin", "mergejoin"):
                cursor.execute(f"SET LOCAL enable_{method} = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())

    assert "groups_groupmembership" in plan, plan
    if connection.vendor == "postgresql":
        assert re.search(r"Index Cond: \(+client_id = ", plan), plan
        assert f"Seq Scan on {table}" not in plan, plan
    else:
        assert re.search(rf"SEARCH {table} USING .*\(client_id=\?", plan), plan
        assert f"SCAN {table}" not in plan, plan
