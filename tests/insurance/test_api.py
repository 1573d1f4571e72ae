"""The insurance portfolio through HTTP: insurers, contracts (I1), premium receipts (I2),
claims (I3), the client's lists with their totals (I5) and the group views (G10)."""

import csv
import datetime
import io
import json
from decimal import Decimal

import openpyxl
import pytest

from cabinet.groups.models import Group, GroupMembership
from cabinet.insurance.models import Claim, Contract, Insurer, PremiumReceipt
from tests.conftest import make_api_client
from tests.factories import ClientFactory
from tests.matters.helpers import patch, post

pytestmark = pytest.mark.django_db


def contract(api, client, **extra):
    body = {
        "client_id": client.id,
        "number": "CT-001",
        "insurer": "AXA France",
        "product": "Multirisque bureaux",
        "status": "active",
        "start_date": "2024-01-01",
        "annual_premium": "1200.00",
    }
    body.update(extra)
    response = post(api, "/api/v1/contracts", body)
    assert response.status_code == 201, response.content
    return response.json()


def receipt(api, contract_, **extra):
    body = {
        "number": "Q-2024-1",
        "period_start": "2024-01-01",
        "period_end": "2024-03-31",
        "due_date": "2024-01-10",
        "accounting_date": "2024-01-05",
        "amount": "300.00",
        "status": "issued",
    }
    body.update(extra)
    return post(api, f"/api/v1/contracts/{contract_['id']}/premium-receipts", body)


def claim(api, contract_, **extra):
    body = {
        "contract_id": contract_["id"],
        "number": "S-1",
        "loss_date": "2024-05-02",
        "reported_date": "2024-05-03",
        "status": "open",
        "reserve_amount": "5000.00",
    }
    body.update(extra)
    return post(api, "/api/v1/claims", body)


# Insurers ------------------------------------------------------------------------------


def test_i1_insurer_is_found_by_name_or_code_accents_and_case_ignored(api):
    created = post(
        api, "/api/v1/settings/insurers", {"name": "Société Générale Assurances", "code": "SG-A"}
    )
    assert created.status_code == 201

    by_name = contract(api, ClientFactory(), insurer="societe generale ASSURANCES", number="A")
    by_code = contract(api, ClientFactory(), insurer="sg a", number="B")

    assert by_name["insurer"] == by_code["insurer"] == created.json()
    assert Insurer.objects.count() == 1


def test_i1_unknown_insurer_is_added_to_the_list(api):
    made = contract(api, ClientFactory(), insurer="MAAF Pro")

    assert made["insurer"]["name"] == "MAAF Pro"
    listed = api.get("/api/v1/settings/insurers", {"q": "maaf"}).json()
    assert [i["name"] for i in listed["items"]] == ["MAAF Pro"]


def test_i1_insurer_twice_is_409(api):
    post(api, "/api/v1/settings/insurers", {"name": "Allianz", "code": "ALZ"})

    again = post(api, "/api/v1/settings/insurers", {"name": "ALLIANZ"})

    assert again.status_code == 409 and again.json()["code"] == "insurer_exists"


# Contracts -----------------------------------------------------------------------------


def test_i1_contract_is_created_read_and_edited(api):
    client = ClientFactory()
    made = contract(api, client)

    assert made["client"]["id"] == client.id and made["status"] == "active"
    assert made["annual_premium"] == "1200.00" and made["end_date"] is None
    got = api.get(f"/api/v1/contracts/{made['id']}")
    assert got.status_code == 200 and got.json() == made

    edited = patch(
        api,
        f"/api/v1/contracts/{made['id']}",
        {"status": "terminated", "terminated_on": "2025-12-31", "termination_reason": "Vente"},
    )
    assert edited.status_code == 200
    assert edited.json()["status"] == "terminated"
    assert edited.json()["terminated_on"] == "2025-12-31"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"end_date": "2023-12-31"}, "end_date"),
        ({"status": "terminated"}, "terminated_on"),
        ({"status": "cancelled"}, "status"),
        ({"annual_premium": "-1"}, "annual_premium"),
        ({"annual_premium": "10000000000.00"}, "annual_premium"),
        ({"start_date": 0}, "start_date"),
        ({"number": "x\u0000"}, "number"),
    ],
)
def test_i1_bad_contract_is_422_with_its_field_and_nothing_stored(api, extra, field):
    response = post(
        api,
        "/api/v1/contracts",
        {
            "client_id": ClientFactory().id,
            "number": "CT-9",
            "insurer": "AXA",
            "start_date": "2024-01-01",
            **extra,
        },
    )

    assert response.status_code == 422, response.content
    body = response.json()
    assert field in json.dumps(body.get("errors") or body), body
    assert Contract.objects.count() == 0


def test_i1_contract_number_is_unique_per_insurer(api):
    contract(api, ClientFactory(), number="N-1", insurer="AXA")

    twice = post(
        api,
        "/api/v1/contracts",
        {
            "client_id": ClientFactory().id,
            "number": "N-1",
            "insurer": "axa",
            "start_date": "2024-01-01",
        },
    )
    other_insurer = contract(api, ClientFactory(), number="N-1", insurer="Generali")

    assert twice.status_code == 409 and twice.json()["code"] == "contract_number_taken"
    assert other_insurer["number"] == "N-1"


def test_i1_contract_with_receipts_or_claims_is_terminated_never_deleted(api):
    empty = contract(api, ClientFactory(), number="E")
    held = contract(api, ClientFactory(), number="H")
    assert receipt(api, held).status_code == 201

    refused = api.delete(f"/api/v1/contracts/{held['id']}")

    assert refused.status_code == 409 and refused.json()["code"] == "contract_has_records"
    assert "résiliez-le" in refused.json()["detail"]
    assert api.delete(f"/api/v1/contracts/{empty['id']}").status_code == 204
    assert list(Contract.objects.values_list("number", flat=True)) == ["H"]


# Receipts ------------------------------------------------------------------------------


def test_i2_receipt_is_created_and_a_refund_is_negative(api):
    made = contract(api, ClientFactory())

    issued = receipt(api, made)
    refund = receipt(api, made, number="R-1", amount="-45.50", tax="-4.20")

    assert issued.status_code == 201 and refund.status_code == 201
    assert refund.json()["amount"] == "-45.50" and refund.json()["tax"] == "-4.20"
    assert issued.json()["contract"] == {"id": made["id"], "number": "CT-001"}
    paid = patch(api, f"/api/v1/premium-receipts/{issued.json()['id']}", {"status": "paid"})
    assert paid.status_code == 200 and paid.json()["status"] == "paid"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"period_end": "2023-12-31"}, "period_end"),
        ({"period_start": "2023-12-01"}, "period_start"),
        ({"period_end": "2025-02-01"}, "period_end"),
        ({"status": "unknown"}, "status"),
        ({"amount": "1e11"}, "amount"),
    ],
)
def test_i2_receipt_outside_its_contract_or_out_of_order_is_422(api, extra, field):
    made = contract(api, ClientFactory(), end_date="2024-12-31")

    response = receipt(api, made, **extra)

    assert response.status_code == 422, response.content
    assert field in json.dumps(response.json())
    assert PremiumReceipt.objects.count() == 0


def test_i2_contract_dates_cannot_leave_a_receipt_outside(api):
    made = contract(api, ClientFactory())
    receipt(api, made)

    narrowed = patch(api, f"/api/v1/contracts/{made['id']}", {"start_date": "2024-02-01"})

    assert narrowed.status_code == 422
    assert narrowed.json()["code"] == "receipt_outside_contract"
    assert Contract.objects.get().start_date.isoformat() == "2024-01-01"


# Claims --------------------------------------------------------------------------------


def test_i3_claim_is_opened_then_closed_with_its_date(api):
    made = contract(api, ClientFactory())
    opened = claim(api, made)
    assert opened.status_code == 201 and opened.json()["status"] == "open"
    path = f"/api/v1/claims/{opened.json()['id']}"

    without_date = patch(api, path, {"status": "closed"})
    closed = patch(
        api, path, {"status": "closed", "closed_date": "2024-09-30", "paid_amount": "4200"}
    )

    assert without_date.status_code == 422
    assert without_date.json()["code"] == "closing_date_required"
    assert closed.status_code == 200
    assert (
        closed.json()["closed_date"] == "2024-09-30" and closed.json()["paid_amount"] == "4200.00"
    )


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"reported_date": "2024-05-01"}, "reported_date"),
        ({"status": "closed", "closed_date": "2024-04-01"}, "closed_date"),
        ({"reserve_amount": "-1"}, "reserve_amount"),
        ({"paid_amount": "-0.01"}, "paid_amount"),
        ({"status": "pending"}, "status"),
    ],
)
def test_i3_bad_claim_is_422_with_its_field(api, extra, field):
    made = contract(api, ClientFactory())

    response = claim(api, made, **extra)

    assert response.status_code == 422, response.content
    assert field in json.dumps(response.json())
    assert Claim.objects.count() == 0


# A client's lists and their totals (I5) ------------------------------------------------


def test_i5_client_lists_answer_items_count_and_totals_over_the_whole_list(api):
    client = ClientFactory()
    made = contract(api, client)
    contract(api, client, number="CT-002", status="quote", annual_premium="800.00")
    for n in range(3):
        receipt(api, made, number=f"Q{n}", amount="100.00")
    receipt(api, made, number="QX", amount="999.00", status="cancelled")
    claim(api, made, reserve_amount="300.00")
    claim(api, made, number="S-2", status="closed", closed_date="2024-06-01", paid_amount="50")

    receipts = api.get(f"/api/v1/clients/{client.id}/premium-receipts", {"limit": 2}).json()
    contracts = api.get(f"/api/v1/clients/{client.id}/contracts").json()
    quotes = api.get(f"/api/v1/clients/{client.id}/contracts", {"status": "quote"}).json()
    open_claims = api.get(f"/api/v1/clients/{client.id}/claims").json()
    all_claims = api.get(f"/api/v1/clients/{client.id}/claims", {"open_only": "false"}).json()

    assert receipts["count"] == 4 and len(receipts["items"]) == 2
    assert receipts["totals"] == {"amount": "300.00"}
    assert contracts["totals"] == {"annual_premium": "2000.00"} and contracts["count"] == 2
    assert quotes["count"] == 1 and quotes["totals"] == {"annual_premium": "800.00"}
    assert open_claims["count"] == 1
    assert all_claims["totals"] == {"reserve_amount": "5300.00", "paid_amount": "50.00"}


def test_i2_receipts_by_due_or_accounting_date(api):
    client = ClientFactory()
    made = contract(api, client)
    receipt(api, made, number="A", due_date="2024-02-10", accounting_date="2024-01-20")
    receipt(api, made, number="B", due_date="2024-01-10", accounting_date="2024-02-20")
    url = f"/api/v1/clients/{client.id}/premium-receipts"
    february = {"from": "2024-02-01", "to": "2024-02-29"}

    by_due = api.get(url, {**february, "date_field": "due"}).json()
    by_accounting = api.get(url, {**february, "date_field": "accounting"}).json()

    assert [r["number"] for r in by_due["items"]] == ["A"]
    assert [r["number"] for r in by_accounting["items"]] == ["B"]


# The group views (G10) -----------------------------------------------------------------


def _group_of(*clients) -> Group:
    group = Group.objects.create(name="Groupe Horizon")
    for client in clients:
        GroupMembership.objects.create(group=group, client=client)
    return group


def test_g10_group_views_span_every_client_of_the_group(api):
    a, b, outsider = ClientFactory(), ClientFactory(), ClientFactory()
    group = _group_of(a, b)
    for n, client in enumerate((a, b, outsider)):
        made = contract(api, client, number=f"G{n}", status="quote" if n == 1 else "active")
        receipt(api, made, number=f"Q{n}", amount="100.00")
        claim(api, made, number=f"S{n}")
    base = f"/api/v1/groups/{group.id}"

    receipts = api.get(f"{base}/premium-receipts").json()
    contracts = api.get(f"{base}/contracts").json()
    quotes = api.get(f"{base}/contracts", {"status": "quote"}).json()
    active = api.get(f"{base}/contracts", {"status": "active"}).json()
    claims = api.get(f"{base}/claims").json()

    assert {r["client"]["id"] for r in receipts["items"]} == {a.id, b.id}
    assert receipts["totals"] == {"amount": "200.00"}
    assert contracts["count"] == 2 and contracts["totals"]["annual_premium"] == "2400.00"
    assert [c["client"]["id"] for c in quotes["items"]] == [b.id]
    assert [c["client"]["id"] for c in active["items"]] == [a.id]
    assert claims["count"] == 2


def test_g10_claims_view_shows_open_ones_by_default_all_when_unticked(api):
    a = ClientFactory()
    group = _group_of(a)
    made = contract(api, a)
    claim(api, made, number="open")
    claim(api, made, number="closed", status="closed", closed_date="2024-07-01")
    url = f"/api/v1/groups/{group.id}/claims"

    assert [c["number"] for c in api.get(url).json()["items"]] == ["open"]
    every = api.get(url, {"open_only": "false"}).json()
    assert sorted(c["number"] for c in every["items"]) == ["closed", "open"]


def test_g10_group_views_cover_only_the_clients_the_user_may_see(api, user_with_profile):
    """G10/U4: a user without «see every client» sees the rows of the members he may open,
    and their totals only."""
    associate = user_with_profile("associate", username="assoc-g10")
    mine = ClientFactory(created_by=associate)
    theirs = ClientFactory()
    group = _group_of(mine, theirs)
    for n, client in enumerate((mine, theirs)):
        receipt(api, contract(api, client, number=f"C{n}"), amount="100.00")

    seen = make_api_client(associate).get(f"/api/v1/groups/{group.id}/premium-receipts").json()

    assert [r["client"]["id"] for r in seen["items"]] == [mine.id]
    assert seen["totals"] == {"amount": "100.00"}


def test_g10_group_view_query_count_is_bounded_at_2000_members(api, django_assert_max_num_queries):
    """G10: the token, the group, the totals with the count, one page (issue 13)."""
    clients = ClientFactory.create_batch(2000)
    group = Group.objects.create(name="Grand groupe")
    GroupMembership.objects.bulk_create(GroupMembership(group=group, client=c) for c in clients)
    for n, client in enumerate(clients[:30]):
        made = contract(api, client, number=f"B{n}")
        receipt(api, made, number=f"Q{n}")
        claim(api, made, number=f"S{n}")
    base = f"/api/v1/groups/{group.id}"

    for view in ("premium-receipts", "contracts", "claims"):
        with django_assert_max_num_queries(4):
            response = api.get(f"{base}/{view}", {"open_only": "false", "limit": 50})
        assert response.status_code == 200
        assert response.json()["count"] == 30


def test_i5_exports_read_back_equal_to_the_list_and_its_totals(api):
    """I5: CSV (BOM, «;», decimal commas, DD/MM/YYYY) and XLSX (real dates and numbers)
    hold exactly the filtered rows — every page of them — and the totals row."""
    a, b = ClientFactory(name="Alpha"), ClientFactory(name="Bêta")
    group = _group_of(a, b)
    for n, client in enumerate((a, b, a)):
        made = contract(api, client, number=f"X{n}")
        receipt(api, made, number=f"Q{n}", amount=f"{n + 1}00.50", due_date=f"2024-01-1{n}")
    receipt(api, made, number="QC", amount="77.00", status="cancelled")
    url = f"/api/v1/groups/{group.id}/premium-receipts"
    listed = api.get(url, {"limit": 200}).json()

    as_csv = api.get(url, {"format": "csv", "limit": 1})
    as_xlsx = api.get(url, {"format": "xlsx", "limit": 1})

    assert as_csv.status_code == 200 and as_csv["Content-Type"] == "text/csv; charset=utf-8"
    assert as_csv.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Client" and rows[0][-1] == "Montant TTC"
    body, total = rows[1:-1], rows[-1]
    assert [r[2] for r in body] == [r["number"] for r in listed["items"]]
    assert [r[-1] for r in body] == [r["amount"].replace(".", ",") for r in listed["items"]]
    assert body[0][5] == "12/01/2024"
    assert total[0] == "Total" and total[-1] == listed["totals"]["amount"].replace(".", ",")

    sheet = openpyxl.load_workbook(io.BytesIO(as_xlsx.content)).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert [r[2] for r in cells[1:-1]] == [r["number"] for r in listed["items"]]
    assert [Decimal(str(r[-1])) for r in cells[1:-1]] == [
        Decimal(r["amount"]) for r in listed["items"]
    ]
    assert cells[1][5] == datetime.datetime(2024, 1, 12)
    assert cells[-1][0] == "Total"
    assert Decimal(str(cells[-1][-1])) == Decimal(listed["totals"]["amount"])
