"""Billing through HTTP: split (A3), allocation (A4, A5), proformas (A6, A10), invoices and
credit notes (A7), states (A2), PDFs."""

import datetime
import json
import threading
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection

from cabinet.activities.models import Activity
from cabinet.billing import services
from cabinet.billing.models import Invoice, Proforma
from cabinet.core.errors import DomainError
from cabinet.matters import services as matter_services
from tests.conftest import make_api_client
from tests.factories import ClientFactory, UserFactory
from tests.matters.helpers import add_activity, new_matter, party_of, patch, post

pytestmark = pytest.mark.django_db


def put(api, path, body):
    return api.put(path, json.dumps(body), content_type="application/json")


def deactivate(api, matter, client):
    return patch(
        api,
        f"/api/v1/matters/{matter['id']}/parties/{party_of(matter, client)['id']}",
        {"is_active": False},
    )


def reactivate(api, matter, client):
    return patch(
        api,
        f"/api/v1/matters/{matter['id']}/parties/{party_of(matter, client)['id']}",
        {"is_active": True},
    )


def amounts(rows):
    return {row["client"]["id"]: row["amount"] for row in rows}


def states():
    return dict(Activity.objects.values_list("id", "state"))


def test_a3_split_is_equal_by_default_and_shows_active_clients_only(api):
    a, b, c = ClientFactory(), ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b, c], inactive=[c])
    split = api.get(f"/api/v1/matters/{matter['id']}/split").json()
    assert [(s["client"]["id"], s["share"]) for s in split] == [(a.id, "50.00"), (b.id, "50.00")]


def test_a3_split_is_edited_and_must_total_100(api):
    a, b = ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b])
    ok = put(
        api,
        f"/api/v1/matters/{matter['id']}/split",
        [{"client_id": a.id, "share": "70"}, {"client_id": b.id, "share": "30.00"}],
    )
    assert ok.status_code == 200
    assert [s["share"] for s in ok.json()] == ["70.00", "30.00"]


@pytest.mark.parametrize(
    "shares",
    [
        [("a", "60"), ("b", "30")],
        [("a", "-10"), ("b", "110")],
        [("a", "abc"), ("b", "50")],
        [("a", "100")],
        [("a", "50"), ("b", "40"), ("c", "10")],
        [("a", "50"), ("x", "50")],
        [("a", "50"), ("a", "50")],
        [("a", "50.001"), ("b", "49.999")],
    ],
)
def test_a3_bad_splits_are_422_and_change_nothing(api, shares):
    a, b, c = ClientFactory(), ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b, c], inactive=[c])
    ids = {"a": a.id, "b": b.id, "c": c.id, "x": 999999}
    body = [{"client_id": ids[k], "share": v} for k, v in shares]
    assert put(api, f"/api/v1/matters/{matter['id']}/split", body).status_code == 422
    assert [s["share"] for s in api.get(f"/api/v1/matters/{matter['id']}/split").json()] == [
        "50.00",
        "50.00",
    ]


def test_a3_a5_common_activities_follow_the_shares_to_the_cent(api):
    a, b, c = ClientFactory(), ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b, c])
    add_activity(api, matter, amount="100.00")
    add_activity(api, matter, amount="0.01")
    add_activity(api, matter, amount="40.00", client_id=b.id)
    allocation = amounts(api.get(f"/api/v1/matters/{matter['id']}/allocation").json())
    assert allocation == {a.id: "33.35", b.id: "73.33", c.id: "33.33"}
    assert sum(Decimal(v) for v in allocation.values()) == Decimal("140.01")


@pytest.mark.parametrize("count", [3, 60])
def test_a4_a5_allocation_costs_a_bounded_number_of_queries(
    api, django_assert_max_num_queries, count
):
    """A4/A5: GET /allocation sums what is left to bill in SQL: as many queries for 3
    activities as for 60 (common ones, one per client, an inactive client's, a share a
    credit note returned), and the parts still add up to the cent."""
    a, b, c = ClientFactory(), ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b, c])
    add_activity(api, matter, amount="10.00", client_id=c.id)
    [proforma] = post(api, f"/api/v1/matters/{matter['id']}/proformas").json()
    invoice = post(api, f"/api/v1/proformas/{proforma['id']}/finalize").json()
    assert post(api, f"/api/v1/invoices/{invoice['id']}/credit-note").status_code == 201
    amounts_added = [Decimal(f"{index + 1}.{index:02d}") for index in range(count)]
    for index, amount in enumerate(amounts_added):
        client_id = [None, a.id, b.id, c.id][index % 4]
        response = add_activity(api, matter, amount=str(amount), client_id=client_id)
        assert response.status_code == 201
    deactivate(api, matter, c)

    with django_assert_max_num_queries(7):
        response = api.get(f"/api/v1/matters/{matter['id']}/allocation")

    assert response.status_code == 200
    allocation = amounts(response.json())
    assert list(allocation) == [a.id, b.id]
    assert sum(Decimal(v) for v in allocation.values()) == Decimal("10.00") + sum(amounts_added)


def test_a4_a_reactivated_client_takes_its_share_of_earlier_common_activities(api):
    a, b = ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b], inactive=[b])
    add_activity(api, matter, amount="90.00")
    before = amounts(api.get(f"/api/v1/matters/{matter['id']}/allocation").json())
    assert before == {a.id: "90.00"}
    reactivate(api, matter, b)
    after = amounts(api.get(f"/api/v1/matters/{matter['id']}/allocation").json())
    assert after == {a.id: "45.00", b.id: "45.00"}


def test_a6_proforma_dossier_for_a_mono_client_matter(api):
    client = ClientFactory()
    matter = new_matter(api, [client])
    add_activity(api, matter, kind="time", hours="2", hourly_rate="150", amount=None)
    add_activity(api, matter, kind="expense", amount="10.00", vat_rate="0")
    response = post(api, f"/api/v1/matters/{matter['id']}/proformas")
    assert response.status_code == 201
    [proforma] = response.json()
    assert proforma["client"]["id"] == client.id
    assert len(proforma["lines"]) == 2
    assert (proforma["total_excl_tax"], proforma["total_vat"], proforma["total_incl_tax"]) == (
        "310.00",
        "60.00",
        "370.00",
    )
    assert set(states().values()) == {"proforma"}


def test_a6_repartition_client_makes_one_proforma_per_active_client(api):
    a, b, c = ClientFactory(), ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b, c], inactive=[c])
    put(
        api,
        f"/api/v1/matters/{matter['id']}/split",
        [{"client_id": a.id, "share": "75"}, {"client_id": b.id, "share": "25"}],
    )
    add_activity(api, matter, amount="200.00")
    add_activity(api, matter, amount="50.00", client_id=a.id)
    proformas = post(api, f"/api/v1/matters/{matter['id']}/proformas").json()
    by_client = {p["client"]["id"]: p for p in proformas}
    assert set(by_client) == {a.id, b.id}
    assert by_client[a.id]["total_excl_tax"] == "200.00"
    assert by_client[b.id]["total_excl_tax"] == "50.00"
    assert len({p["set_id"] for p in proformas}) == 1


def test_a6_m5_no_proforma_when_the_matter_refuses_activities_or_nothing_is_unbilled(api):
    a = ClientFactory()
    matter = new_matter(api, [a])
    nothing = post(api, f"/api/v1/matters/{matter['id']}/proformas")
    assert nothing.status_code == 409 and nothing.json()["code"] == "nothing_to_bill"
    add_activity(api, matter)
    deactivate(api, matter, a)
    refused = post(api, f"/api/v1/matters/{matter['id']}/proformas")
    assert refused.status_code == 409
    assert not Proforma.objects.exists()


def test_a10_removing_a_line_returns_its_activity_to_unbilled(api):
    matter = new_matter(api, [ClientFactory()])
    first = add_activity(api, matter, amount="10.00").json()
    add_activity(api, matter, amount="20.00")
    [proforma] = post(api, f"/api/v1/matters/{matter['id']}/proformas").json()
    line = next(x for x in proforma["lines"] if x["activity_id"] == first["id"])
    response = api.delete(f"/api/v1/proformas/{proforma['id']}/lines/{line['id']}")
    assert response.status_code == 200
    assert response.json()["total_excl_tax"] == "20.00"
    assert states()[first["id"]] == "unbilled"


def test_a10_deleting_a_proforma_deletes_its_set_and_frees_the_activities(api):
    a, b = ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b])
    add_activity(api, matter, amount="100.00")
    proformas = post(api, f"/api/v1/matters/{matter['id']}/proformas").json()
    assert api.delete(f"/api/v1/proformas/{proformas[0]['id']}").status_code == 204
    assert not Proforma.objects.exists()
    assert set(states().values()) == {"unbilled"}


def test_a10_activities_on_a_proforma_are_not_transferable_nor_on_another(api):
    matter = new_matter(api, [ClientFactory()])
    target = new_matter(api, [ClientFactory()], title="Cible")
    activity = add_activity(api, matter).json()
    post(api, f"/api/v1/matters/{matter['id']}/proformas")
    again = post(api, f"/api/v1/matters/{matter['id']}/proformas")
    assert again.status_code == 409
    moved = post(
        api,
        "/api/v1/activities/transfer",
        {"activity_ids": [activity["id"]], "target_matter_id": target["id"]},
    )
    assert moved.status_code == 409


def test_a2_a10_common_activity_is_invoiced_once_every_proforma_of_its_set_is(api):
    """A2/A10: partly invoiced while one client's share is invoiced and the other's is on
    its proforma; invoiced once both are."""
    a, b = ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b])
    common = add_activity(api, matter, amount="100.00").json()
    first, second = post(api, f"/api/v1/matters/{matter['id']}/proformas").json()
    invoice = post(api, f"/api/v1/proformas/{first['id']}/finalize")
    assert invoice.status_code == 201
    assert states()[common["id"]] == "partly_invoiced"
    post(api, f"/api/v1/proformas/{second['id']}/finalize")
    assert states()[common["id"]] == "invoiced"


def test_a7_invoices_are_numbered_in_sequence_and_immutable(api):
    matter = new_matter(api, [ClientFactory()])
    add_activity(api, matter, amount="100.00")
    [proforma] = post(api, f"/api/v1/matters/{matter['id']}/proformas").json()
    invoice = post(api, f"/api/v1/proformas/{proforma['id']}/finalize").json()
    assert invoice["number"].startswith("F") and invoice["number"].endswith("-000001")
    assert invoice["total_incl_tax"] == "120.00"
    assert set(invoice) >= {"id", "number", "client", "total_incl_tax", "issued_on"}
    twice = post(api, f"/api/v1/proformas/{proforma['id']}/finalize")
    assert twice.status_code == 409
    assert api.delete(f"/api/v1/proformas/{proforma['id']}").status_code == 409
    assert Invoice.objects.count() == 1


def test_a7_finalising_a_deleted_proforma_is_409(api):
    matter = new_matter(api, [ClientFactory()])
    add_activity(api, matter)
    [proforma] = post(api, f"/api/v1/matters/{matter['id']}/proformas").json()
    api.delete(f"/api/v1/proformas/{proforma['id']}")
    response = post(api, f"/api/v1/proformas/{proforma['id']}/finalize")
    assert response.status_code == 409
    assert response.json()["code"] == "proforma_deleted"


def test_a7_credit_note_cancels_an_invoice_once_and_frees_its_activities(api):
    matter = new_matter(api, [ClientFactory()])
    activity = add_activity(api, matter).json()
    [proforma] = post(api, f"/api/v1/matters/{matter['id']}/proformas").json()
    invoice = post(api, f"/api/v1/proformas/{proforma['id']}/finalize").json()
    note = post(api, f"/api/v1/invoices/{invoice['id']}/credit-note")
    assert note.status_code == 201
    assert note.json()["number"].startswith("AV") and note.json()["number"].endswith("-000001")
    assert note.json()["total_incl_tax"] == "-120.00"
    assert post(api, f"/api/v1/invoices/{invoice['id']}/credit-note").status_code == 409
    assert states()[activity["id"]] == "unbilled"
    kept = api.get(f"/api/v1/invoices/{invoice['id']}").json()
    assert kept["credit_note"] == note.json()["number"] and len(kept["lines"]) == 1
    [again] = post(api, f"/api/v1/matters/{matter['id']}/proformas").json()
    assert again["lines"][0]["activity_id"] == activity["id"]


def test_a10_changing_the_split_never_changes_an_invoice(api):
    a, b = ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b])
    add_activity(api, matter, amount="100.00")
    first, _ = post(api, f"/api/v1/matters/{matter['id']}/proformas").json()
    invoice = post(api, f"/api/v1/proformas/{first['id']}/finalize").json()
    put(
        api,
        f"/api/v1/matters/{matter['id']}/split",
        [{"client_id": a.id, "share": "90"}, {"client_id": b.id, "share": "10"}],
    )
    deactivate(api, matter, b)
    assert api.get(f"/api/v1/invoices/{invoice['id']}").json()["total_excl_tax"] == "50.00"


def test_a7_pdfs_of_proforma_and_invoice(api):
    matter = new_matter(api, [ClientFactory(name="Société Générale des Eaux")])
    add_activity(api, matter, description="Rédaction de conclusions")
    [proforma] = post(api, f"/api/v1/matters/{matter['id']}/proformas").json()
    draft = api.get(f"/api/v1/proformas/{proforma['id']}/pdf")
    assert draft.status_code == 200 and draft["Content-Type"] == "application/pdf"
    assert draft.content.startswith(b"%PDF")
    invoice = post(api, f"/api/v1/proformas/{proforma['id']}/finalize").json()
    final = api.get(f"/api/v1/invoices/{invoice['id']}/pdf")
    assert final.status_code == 200 and final.content.startswith(b"%PDF")


def test_a7_billing_needs_the_bill_right(api, user_with_profile):
    matter = new_matter(api, [ClientFactory()])
    add_activity(api, matter)
    assistant = user_with_profile("assistant")
    post(api, f"/api/v1/matters/{matter['id']}/intervenants", {"user_id": assistant.id})
    response = post(make_api_client(assistant), f"/api/v1/matters/{matter['id']}/proformas")
    assert response.status_code == 403


def test_a7_invoice_list_filters_by_state_and_client(api):
    a, b = ClientFactory(), ClientFactory()
    for client in (a, b):
        matter = new_matter(api, [client])
        add_activity(api, matter)
        [proforma] = post(api, f"/api/v1/matters/{matter['id']}/proformas").json()
        invoice = post(api, f"/api/v1/proformas/{proforma['id']}/finalize").json()
    post(api, f"/api/v1/invoices/{invoice['id']}/credit-note")
    assert api.get("/api/v1/invoices").json()["count"] == 2
    assert api.get("/api/v1/invoices", {"state": "credited"}).json()["count"] == 1
    issued = api.get("/api/v1/invoices", {"state": "issued"}).json()
    assert issued["count"] == 1 and issued["total_incl_tax"] == "120.00"
    assert api.get("/api/v1/invoices", {"client_id": a.id}).json()["count"] == 1


def test_a7_invoice_list_takes_the_api_names_and_keeps_the_old_ones_as_aliases(api):
    a, b = ClientFactory(), ClientFactory()
    invoices = []
    for client, issued_on in ((a, "2026-01-10"), (b, "2026-02-10")):
        matter = new_matter(api, [client])
        add_activity(api, matter)
        [proforma] = post(api, f"/api/v1/matters/{matter['id']}/proformas").json()
        invoices.append(post(api, f"/api/v1/proformas/{proforma['id']}/finalize").json())
        Invoice.objects.filter(pk=invoices[-1]["id"]).update(issued_on=issued_on)
    first, second = invoices
    post(api, f"/api/v1/invoices/{second['id']}/credit-note")

    def listed(**params):
        response = api.get("/api/v1/invoices", params)
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["count"] == len(body["items"])
        return {i["id"] for i in body["items"]}

    assert listed(state="to_pay") == listed(state="issued") == {first["id"]}
    assert listed(state="cancelled") == listed(state="credited") == {second["id"]}
    assert listed(state="partly_paid") == listed(state="paid") == set()
    assert listed(**{"from": "2026-02-01"}) == listed(date_from="2026-02-01") == {second["id"]}
    assert listed(to="2026-01-31") == listed(date_to="2026-01-31") == {first["id"]}
    assert listed(**{"from": "2026-01-10", "to": "2026-02-10"}) == {first["id"], second["id"]}
    assert listed(client_id=a.id) == listed(matter_id=first["matter_id"]) == {first["id"]}
    assert api.get("/api/v1/invoices", {"state": "unpaid"}).status_code == 422
    assert api.get("/api/v1/invoices", {"from": "2026-02-30"}).status_code == 422

    every = api.get("/api/v1/invoices").json()
    assert every["totals"] == {
        "total_excl_tax": "200.00",
        "total_vat": "40.00",
        "total_incl_tax": "240.00",
        "credited_incl_tax": "120.00",
        "net_incl_tax": "120.00",
    }
    assert every["total_incl_tax"] == "120.00"
    to_pay = api.get("/api/v1/invoices", {"state": "to_pay", "limit": 1}).json()
    assert to_pay["totals"]["net_incl_tax"] == "120.00"
    assert api.get("/api/v1/invoices", {"state": "paid"}).json()["totals"]["total_incl_tax"] == (
        "0.00"
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a7_fifty_proformas_finalised_from_eight_threads_get_gapless_numbers():
    """A7: 50 proformas finalised at once from 8 threads: numbers unique and gapless."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks between threads need PostgreSQL (SQLite serialises writers)")
    from cabinet.activities import services as activity_services

    actor = UserFactory(profile=None, is_superuser=True)
    proformas = []
    for _ in range(50):
        matter = matter_services.matter_create(
            actor=actor,
            title="M",
            opened_on=datetime.date(2026, 1, 1),
            parties=[{"client_id": ClientFactory().id}],
        )
        activity_services.activity_create(
            actor=actor,
            matter=matter,
            kind="fee",
            date="2026-01-02",
            description="x",
            amount=Decimal("10"),
        )
        proformas += services.proformas_create(actor=actor, matter=matter)
    chunks = [proformas[i::8] for i in range(8)]
    errors: list[Exception] = []
    barrier = threading.Barrier(8)

    def finalize(chunk):
        try:
            barrier.wait()
            for proforma in chunk:
                services.proforma_finalize(actor=actor, proforma=proforma)
        except (DomainError, Exception) as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=finalize, args=(c,)) for c in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert [int(n.rsplit("-", 1)[1]) for n in numbers] == list(range(1, 51))
    by_time = list(Invoice.objects.order_by("issued_at", "id").values_list("number", flat=True))
    assert by_time == sorted(by_time)


@pytest.mark.parametrize("count", [2, 12])
def test_a7_invoice_list_totals_cost_a_bounded_number_of_queries(
    api, partner, django_assert_max_num_queries, count
):
    """A7: GET /invoices adds up every listed invoice in the database (one aggregate), not
    by loading the invoices and their lines: as many queries for 2 invoices as for 12, and
    the total counts the invoices beyond the page, less the credited one."""
    from cabinet.activities import services as activity_services

    for index in range(count):
        matter = matter_services.matter_create(
            actor=partner,
            title=f"Dossier {index}",
            opened_on=datetime.date(2026, 1, 15),
            parties=[{"client_id": ClientFactory().id}],
        )
        for amount in ("10.10", "20.20"):
            activity_services.activity_create(
                actor=partner,
                matter=matter,
                kind="fee",
                date=datetime.date(2026, 2, 1),
                description="Consultation",
                amount=Decimal(amount),
            )
        [proforma] = services.proformas_create(actor=partner, matter=matter)
        invoice = services.proforma_finalize(actor=partner, proforma=proforma)
    services.credit_note_create(actor=partner, invoice=invoice)

    with django_assert_max_num_queries(6):
        response = api.get("/api/v1/invoices", {"limit": 5})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == count and len(body["items"]) == min(5, count)
    assert body["total_incl_tax"] == str(Decimal("36.36") * (count - 1))
