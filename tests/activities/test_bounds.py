"""A12: an activity whose amount, or amount with its VAT, a 12-digit money column cannot
store is refused (422) before anything is written, on SQLite as on PostgreSQL."""

import pytest

from cabinet.activities.models import Activity
from cabinet.billing.models import Invoice, Proforma
from tests.factories import ClientFactory
from tests.matters.helpers import add_activity, new_matter, patch

pytestmark = pytest.mark.django_db


def rows():
    return Activity.objects.count(), Proforma.objects.count(), Invoice.objects.count()


def assert_refused(response, field):
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "amount_too_large"
    assert "9 999 999 999,99 €" in response.json()["detail"]
    assert [e["loc"] for e in response.json()["errors"]] == [["body", field]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "time", "hours": "99999.99", "hourly_rate": "99999999.99"}, "hours"),
        ({"kind": "time", "hours": "1000", "hourly_rate": "10000000.00"}, "hours"),
        ({"amount": "9999999999.99"}, "amount"),
        ({"amount": "9000000000.00", "vat_rate": "20.00"}, "amount"),
    ],
)
def test_a12_an_activity_that_would_overflow_is_422_and_nothing_is_written(api, body, field):
    matter = new_matter(api, [ClientFactory()])
    before = rows()

    response = add_activity(api, matter, **body)

    assert_refused(response, field)
    assert rows() == before
    assert api.get("/api/v1/invoices").status_code == 200


def test_a12_an_amount_beyond_its_column_is_422_not_500(api):
    matter = new_matter(api, [ClientFactory()])

    response = add_activity(api, matter, amount="99999999999.99")

    assert response.status_code == 422
    assert Activity.objects.count() == 0


@pytest.mark.parametrize(
    "change",
    [{"hours": "99999.99"}, {"hourly_rate": "99999999.99"}, {"vat_rate": "20.00"}],
)
def test_a12_a_change_that_would_overflow_is_422_and_leaves_the_activity(api, change):
    matter = new_matter(api, [ClientFactory()])
    time = add_activity(
        api, matter, kind="time", hours="1000", hourly_rate="9000000.00", vat_rate="0"
    ).json()
    assert time["amount"] == "9000000000.00"
    before = rows()

    response = patch(api, f"/api/v1/matters/{matter['id']}/activities/{time['id']}", change)

    assert_refused(response, "hours")
    assert rows() == before
    kept = Activity.objects.get(pk=time["id"])
    assert (str(kept.amount), str(kept.vat_rate)) == ("9000000000.00", "0.00")
    assert api.get("/api/v1/invoices").status_code == 200


def test_a12_the_largest_amount_a_column_stores_is_taken(api):
    matter = new_matter(api, [ClientFactory()])

    response = add_activity(api, matter, amount="9999999999.99", vat_rate="0")

    assert response.status_code == 201, response.content
    assert response.json()["amount"] == "9999999999.99"


def test_a12_the_entry_page_shows_the_overflow_as_a_field_error(staff_browser, api):
    matter = new_matter(api, [ClientFactory()])

    response = staff_browser.post(
        "/activities/new/",
        {
            "matter": matter["id"],
            "kind": "time",
            "date": "2026-02-03",
            "description": "Rédaction",
            "hours": "99999,99",
            "hourly_rate": "99999999,99",
            "vat_rate": "20",
        },
    )

    assert response.status_code == 422
    assert "dépasse le maximum enregistrable" in response.content.decode()
    assert Activity.objects.count() == 0
