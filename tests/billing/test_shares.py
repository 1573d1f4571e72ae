"""A11, A2: billing is tracked per client share, so each activity is billed once whatever
the order of proformas, finalisations, credit notes, removals and write-offs."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cabinet.activities.models import Activity
from cabinet.billing.models import ActivityShare
from tests.conftest import make_api_client
from tests.factories import ClientFactory
from tests.matters.helpers import add_activity, new_matter, patch, post

pytestmark = pytest.mark.django_db


def _proformas(api, matter):
    response = post(api, f"/api/v1/matters/{matter['id']}/proformas")
    assert response.status_code == 201, response.content
    return {p["client"]["id"]: p for p in response.json()}


def _finalize(api, proforma):
    response = post(api, f"/api/v1/proformas/{proforma['id']}/finalize")
    assert response.status_code == 201, response.content
    return response.json()


def test_a11_credit_note_returns_only_its_share(api):
    """A11: a credit note on one invoice of a «Répartition client» set returns that invoice's
    share only: the other client's share, still on its proforma, is never billed twice."""
    a, b = ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b])
    activity = add_activity(api, matter, amount="100.00").json()
    first = _proformas(api, matter)
    invoice_a = _finalize(api, first[a.id])
    assert post(api, f"/api/v1/invoices/{invoice_a['id']}/credit-note").status_code == 201

    second = _proformas(api, matter)

    assert list(second) == [a.id]
    assert [line["amount"] for line in second[a.id]["lines"]] == ["50.00"]
    invoice_b = _finalize(api, first[b.id])
    invoice_a2 = _finalize(api, second[a.id])
    billed = sum(float(i["total_incl_tax"]) for i in (invoice_a, invoice_b, invoice_a2))
    assert billed - float(invoice_a["total_incl_tax"]) == 120.0
    assert Activity.objects.get(pk=activity["id"]).state == "invoiced"


def _allocation(api, matter):
    response = api.get(f"/api/v1/matters/{matter['id']}/allocation")
    assert response.status_code == 200
    return {row["client"]["id"]: row["amount"] for row in response.json()}


def _credit(api, invoice):
    response = post(api, f"/api/v1/invoices/{invoice['id']}/credit-note")
    assert response.status_code == 201, response.content
    return response.json()


def _state(activity):
    return Activity.objects.get(pk=activity["id"]).state


def _set_active(api, matter, client, active):
    party = next(p for p in matter["parties"] if p["client"]["id"] == client.id)
    response = patch(
        api, f"/api/v1/matters/{matter['id']}/parties/{party['id']}", {"is_active": active}
    )
    assert response.status_code == 200, response.content


def test_a11_allocation_shows_the_returned_share_for_its_client(api):
    """A11: after a credit note on A's invoice, A's share alone is to bill, for A."""
    a, b = ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b])
    activity = add_activity(api, matter, amount="100.00").json()
    first = _proformas(api, matter)
    invoice_a = _finalize(api, first[a.id])
    _finalize(api, first[b.id])
    assert _state(activity) == "invoiced"

    _credit(api, invoice_a)

    assert _allocation(api, matter) == {a.id: "50.00", b.id: "0.00"}
    assert _state(activity) == "partly_invoiced"


def test_a11_returned_share_of_an_inactive_client_goes_by_the_split(api):
    """A11/A3: a returned share whose client is now inactive is allocated among the active
    clients by the split; the other shares stay where they are."""
    a, b, c = ClientFactory(), ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b, c])
    add_activity(api, matter, amount="90.00")
    first = _proformas(api, matter)
    invoices = {client_id: _finalize(api, p) for client_id, p in first.items()}
    _credit(api, invoices[a.id])
    _set_active(api, matter, a, False)

    second = _proformas(api, matter)

    assert {k: [x["amount"] for x in p["lines"]] for k, p in second.items()} == {
        b.id: ["15.00"],
        c.id: ["15.00"],
    }


def test_a11_removing_a_rebilled_line_gives_the_share_back_to_its_client(api):
    """A10/A11: a line that rebilled a returned share gives it back to that client only."""
    a, b = ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b])
    add_activity(api, matter, amount="100.00")
    first = _proformas(api, matter)
    _credit(api, _finalize(api, first[a.id]))
    second = _proformas(api, matter)
    line = second[a.id]["lines"][0]

    response = api.delete(f"/api/v1/proformas/{second[a.id]['id']}/lines/{line['id']}")

    assert response.status_code == 200
    assert _allocation(api, matter) == {a.id: "50.00", b.id: "0.00"}


def test_a11_deleting_a_set_returns_what_it_held_and_nothing_more(api):
    """A10/A11: deleting the set that rebilled a share returns that share; the other
    client's proforma of the first set still holds its own."""
    a, b = ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b])
    add_activity(api, matter, amount="100.00")
    first = _proformas(api, matter)
    _credit(api, _finalize(api, first[a.id]))
    second = _proformas(api, matter)

    assert api.delete(f"/api/v1/proformas/{second[a.id]['id']}").status_code == 204

    assert _allocation(api, matter) == {a.id: "50.00", b.id: "0.00"}
    assert api.get(f"/api/v1/proformas/{first[b.id]['id']}").json()["total_excl_tax"] == "50.00"


def test_a11_credited_mono_client_activity_is_billed_again_whole(api):
    """A11: on a mono-client matter, the credit note returns the whole activity."""
    client = ClientFactory()
    matter = new_matter(api, [client])
    activity = add_activity(api, matter, amount="100.00").json()
    invoice = _finalize(api, _proformas(api, matter)[client.id])

    _credit(api, invoice)

    assert _state(activity) == "unbilled"
    again = _proformas(api, matter)
    assert again[client.id]["total_excl_tax"] == "100.00"


def test_a2_write_off_and_its_reversal(api):
    """A2 «Non facturable»: recorded, reversible; nothing is left to bill meanwhile."""
    client = ClientFactory()
    matter = new_matter(api, [client])
    activity = add_activity(api, matter, amount="100.00").json()
    path = f"/api/v1/matters/{matter['id']}/activities/{activity['id']}/write-off"

    written = post(api, path)

    assert written.status_code == 200 and written.json()["state"] == "written_off"
    assert _allocation(api, matter) == {client.id: "0.00"}
    refused = post(api, f"/api/v1/matters/{matter['id']}/proformas")
    assert refused.status_code == 409 and refused.json()["code"] == "nothing_to_bill"
    assert post(api, path).json()["code"] == "nothing_to_write_off"
    history = api.get("/api/v1/history", {"model": "activity", "id": activity["id"]}).json()
    assert history["items"][0]["changes"]["state"] == ["unbilled", "written_off"]

    restored = api.delete(path)

    assert restored.status_code == 200 and restored.json()["state"] == "unbilled"
    assert _allocation(api, matter) == {client.id: "100.00"}
    assert api.delete(path).json()["code"] == "nothing_written_off"


def test_a2_write_off_takes_what_is_left_of_a_partly_invoiced_activity(api):
    """A2: the rest of a partly billed activity is written off; what is invoiced stays."""
    a, b = ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b])
    activity = add_activity(api, matter, amount="100.00").json()
    first = _proformas(api, matter)
    _finalize(api, first[b.id])
    _credit(api, _finalize(api, first[a.id]))
    path = f"/api/v1/matters/{matter['id']}/activities/{activity['id']}/write-off"

    assert post(api, path).json()["state"] == "invoiced"

    assert _allocation(api, matter) == {a.id: "0.00", b.id: "0.00"}
    assert api.delete(path).json()["state"] == "partly_invoiced"
    assert _allocation(api, matter) == {a.id: "50.00", b.id: "0.00"}


def test_a2_write_off_needs_the_bill_right(api, assistant):
    client = ClientFactory()
    matter = new_matter(api, [client])
    activity = add_activity(api, matter, amount="100.00").json()
    post(api, f"/api/v1/matters/{matter['id']}/intervenants", {"user_id": assistant.id})
    path = f"/api/v1/matters/{matter['id']}/activities/{activity['id']}/write-off"

    refused = post(make_api_client(assistant), path)

    assert refused.status_code == 403
    assert _state(activity) == "unbilled"


def test_a11_activity_a_credited_invoice_names_is_not_deleted(api):
    """A7/A11: deleting an activity that a credited invoice still names is a 409 with the
    reason and the way out, not a 500; marking it «Non facturable» works."""
    client = ClientFactory()
    matter = new_matter(api, [client])
    activity = add_activity(api, matter, amount="100.00").json()
    invoice = _finalize(api, _proformas(api, matter)[client.id])
    note = _credit(api, invoice)
    path = f"/api/v1/matters/{matter['id']}/activities/{activity['id']}"

    refused = api.delete(path)

    assert refused.status_code == 409
    assert refused.json()["code"] == "activity_invoiced"
    assert invoice["number"] in refused.json()["detail"]
    assert note["number"] in refused.json()["detail"]
    assert "non facturable" in refused.json()["detail"]
    assert Activity.objects.filter(pk=activity["id"]).exists()
    assert post(api, path + "/write-off").json()["state"] == "written_off"


def test_a2_partly_invoiced_activity_is_frozen(api):
    """A2: an activity with a share on a live invoice is not edited, moved or deleted."""
    a, b = ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b])
    other = new_matter(api, [a], title="Autre")
    activity = add_activity(api, matter, amount="100.00").json()
    _finalize(api, _proformas(api, matter)[a.id])
    path = f"/api/v1/matters/{matter['id']}/activities/{activity['id']}"

    edited = patch(api, path, {"amount": "10.00"})
    moved = post(
        api,
        "/api/v1/activities/transfer",
        {"activity_ids": [activity["id"]], "target_matter_id": other["id"]},
    )
    deleted = api.delete(path)

    assert [r.status_code for r in (edited, moved, deleted)] == [409, 409, 409]
    assert Activity.objects.get(pk=activity["id"]).amount == 100


def test_a11_restating_a_credited_activity_bills_its_new_amount(api):
    """A11: a wholly credited activity may be corrected; its returned shares are dropped
    and its new amount is allocated by A4 at the next run."""
    a, b = ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b])
    activity = add_activity(api, matter, amount="100.00").json()
    first = _proformas(api, matter)
    for proforma in first.values():
        _credit(api, _finalize(api, proforma))
    assert _allocation(api, matter) == {a.id: "50.00", b.id: "50.00"}

    edited = patch(
        api, f"/api/v1/matters/{matter['id']}/activities/{activity['id']}", {"amount": "80.00"}
    )

    assert edited.status_code == 200 and edited.json()["state"] == "unbilled"
    assert _allocation(api, matter) == {a.id: "40.00", b.id: "40.00"}


BEFORE_SHARES = [("billing", "0003_money_fits_its_columns")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a11_migration_gives_existing_bills_their_shares(partner):
    """A11: migration 0004 turns what the bills held into shares: a draft line is on a
    proforma, a live invoice's line invoiced, a credited line of the latest set returned to
    its client — unless the activity was restated since; the activity the old counting had
    wrongly put back «unbilled» while its other share was still on a proforma gets its
    true state."""
    a, b = ClientFactory(), ClientFactory()
    api = make_api_client(partner)
    matter = new_matter(api, [a, b])
    common = add_activity(api, matter, amount="100.00").json()
    mono = new_matter(api, [a], title="Bail commercial")
    owned = add_activity(api, mono, amount="40.00").json()
    first = _proformas(api, matter)
    _credit(api, _finalize(api, first[a.id]))
    _finalize(api, _proformas(api, mono)[a.id])
    restated_matter = new_matter(api, [a, b], title="Cession de parts")
    restated = add_activity(api, restated_matter, amount="100.00").json()
    for proforma in _proformas(api, restated_matter).values():
        _credit(api, _finalize(api, proforma))
    path = f"/api/v1/matters/{restated_matter['id']}/activities/{restated['id']}"
    assert patch(api, path, {"client_id": b.id}).status_code == 200

    _migrate(BEFORE_SHARES)
    try:
        Activity.objects.filter(pk=common["id"]).update(state="unbilled")  # the old counting
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("billing"))

    shares = ActivityShare.objects.order_by("activity_id", "status")
    assert list(shares.values_list("activity_id", "client_id", "amount", "status")) == [
        (common["id"], None, Decimal("50.00"), "proforma"),
        (common["id"], a.id, Decimal("50.00"), "to_bill"),
        (owned["id"], None, Decimal("40.00"), "invoiced"),
    ]
    assert _state(common) == "proforma" and _state(owned) == "invoiced"
    assert _allocation(api, matter) == {a.id: "50.00", b.id: "0.00"}
    assert _state(restated) == "unbilled"
    assert _allocation(api, restated_matter) == {a.id: "0.00", b.id: "100.00"}
