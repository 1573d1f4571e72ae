"""A12: every total a proforma or invoice would reach fits its 12-digit money columns; a run
that would overflow one is refused (409) before anything is written."""

import pytest

from cabinet.activities.models import Activity
from cabinet.billing.models import Invoice, Proforma, ProformaLine
from tests.factories import ClientFactory
from tests.matters.helpers import add_activity, new_matter, post

pytestmark = pytest.mark.django_db


def rows():
    return (
        Activity.objects.count(),
        Proforma.objects.count(),
        ProformaLine.objects.count(),
        Invoice.objects.count(),
    )


def test_a12_a_proforma_whose_total_would_overflow_is_409_and_nothing_is_written(api):
    matter = new_matter(api, [ClientFactory()])
    for _ in range(2):
        assert add_activity(api, matter, amount="6000000000.00").status_code == 201
    before = rows()

    response = post(api, f"/api/v1/matters/{matter['id']}/proformas")

    assert response.status_code == 409, response.content
    assert response.json()["code"] == "total_too_large"
    assert "9 999 999 999,99" in response.json()["detail"]
    assert rows() == before
    assert api.get("/api/v1/invoices").status_code == 200


def test_a12_a_common_part_over_the_limit_is_409_on_the_client_it_would_overflow(api):
    a, b = ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b])
    add_activity(api, matter, amount="9000000000.00", vat_rate="0", client_id=a.id)
    add_activity(api, matter, amount="2000000000.00", vat_rate="0")
    before = rows()

    response = post(api, f"/api/v1/matters/{matter['id']}/proformas")

    assert response.status_code == 409
    assert a.display_name in response.json()["detail"]
    assert rows() == before


def test_a12_a_bill_at_the_largest_total_is_issued_and_listed(api):
    matter = new_matter(api, [ClientFactory()])
    add_activity(api, matter, amount="9999999999.00", vat_rate="0")
    add_activity(api, matter, amount="0.99", vat_rate="0")

    [proforma] = post(api, f"/api/v1/matters/{matter['id']}/proformas").json()
    invoice = post(api, f"/api/v1/proformas/{proforma['id']}/finalize")

    assert invoice.status_code == 201, invoice.content
    assert invoice.json()["total_incl_tax"] == "9999999999.99"
    listed = api.get("/api/v1/invoices")
    assert listed.status_code == 200
    assert listed.json()["count"] == 1


def test_a12_the_billing_page_refuses_the_run_with_its_reason(api, staff_browser):
    matter = new_matter(api, [ClientFactory()])
    for _ in range(2):
        add_activity(api, matter, amount="6000000000.00")

    response = staff_browser.post(f"/matters/{matter['id']}/billing/proformas/", follow=True)

    assert response.status_code == 200
    assert "dépasserait, TVA comprise" in response.content.decode()
    assert Proforma.objects.count() == 0
