"""A11 under concurrency (PostgreSQL): credit notes, proforma runs, finalisations and
write-offs sent at once on one matter answer 2xx or 409 only, and bill each activity once
(the matter is locked first, then its activities, then their shares)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from cabinet.activities import services as activity_services
from cabinet.billing import services
from cabinet.matters import services as matter_services
from tests.billing.test_billed_once import check_billed_once
from tests.factories import ClientFactory, UserFactory
from tests.threads import send_at_once


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a11_concurrent_billing_operations_answer_2xx_or_409_and_bill_once():
    """A11: two of each billing write at once on one matter: no 500, no deadlock, each
    activity billed once."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks between threads need PostgreSQL (SQLite serialises writers)")
    actor = UserFactory(profile=None, is_superuser=True)
    a, b = ClientFactory(), ClientFactory()
    matter = matter_services.matter_create(
        actor=actor,
        title="Indivision",
        opened_on=datetime.date(2026, 1, 5),
        parties=[{"client_id": c.id, "role": "client"} for c in (a, b)],
    )
    fees = [
        activity_services.activity_create(
            actor=actor,
            matter=matter,
            kind="fee",
            date=datetime.date(2026, 2, 1),
            description=f"Diligence {n}",
            amount=Decimal(amount),
            client_id=client.id if client else None,
        )
        for n, (amount, client) in enumerate((("100.00", None), ("33.33", a), ("0.01", None)))
    ]
    first = {p.client_id: p for p in services.proformas_create(actor=actor, matter=matter)}
    invoice = services.proforma_finalize(actor=actor, proforma=first[a.id])
    m = f"/api/v1/matters/{matter.id}"
    requests = [
        ("post", f"/api/v1/invoices/{invoice.id}/credit-note", None),
        ("post", f"{m}/proformas", None),
        ("post", f"/api/v1/proformas/{first[b.id].id}/finalize", None),
        ("post", f"{m}/activities/{fees[0].id}/write-off", None),
        ("delete", f"{m}/activities/{fees[0].id}/write-off", None),
        ("delete", f"/api/v1/proformas/{first[b.id].id}", None),
    ] * 2

    answers = send_at_once(actor, requests)

    assert len(answers) == len(requests)
    assert {status for status, _ in answers} <= {200, 201, 204, 409}, answers
    check_billed_once(matter)
