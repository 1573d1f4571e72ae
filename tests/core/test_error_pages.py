"""Pages: a domain error no view handled is a French message and a way back (or a 409/422
fragment for htmx), never a 500 (issue 9 §3); the «Factures» filter takes API.md's states."""

import datetime
from decimal import Decimal
from html import unescape
from urllib.parse import unquote

import pytest
from django.utils import timezone

from cabinet.activities.services import activity_create
from cabinet.billing import services as billing
from cabinet.matters.models import MatterStatus
from cabinet.matters.services import matter_create
from tests.factories import ClientFactory, give_clients

pytestmark = pytest.mark.django_db
CLOSED_BEFORE_OPENING = "Un dossier ne peut être clos avant son ouverture."


def matter_opened_on(actor, day, *, name="Boulangerie Durand"):
    client = ClientFactory(name=name)
    give_clients(actor, [client])
    return matter_create(
        actor=actor,
        title=f"Dossier {name}",
        opened_on=day,
        parties=[{"role": "client", "client_id": client.id}],
    )


def invoiced(actor, name):
    matter = matter_opened_on(actor, datetime.date(2026, 1, 15), name=name)
    activity_create(
        actor=actor,
        matter=matter,
        kind="fee",
        date=datetime.date(2026, 2, 1),
        description="Consultation",
        amount=Decimal("100.00"),
        vat_rate=Decimal("20.00"),
    )
    [proforma] = billing.proformas_create(actor=actor, matter=matter)
    return billing.proforma_finalize(actor=actor, proforma=proforma)


def test_m9_closing_a_matter_opened_tomorrow_is_a_french_message_not_a_500(partner, staff_browser):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    matter = matter_opened_on(partner, tomorrow)
    page = f"/matters/{matter.pk}/"

    response = staff_browser.post(
        f"/matters/{matter.pk}/status/", {"status": "closed"}, headers={"Referer": page}
    )

    assert response.status_code == 302
    assert response["Location"].endswith(page)
    html = unescape(staff_browser.get(response["Location"]).content.decode())
    assert CLOSED_BEFORE_OPENING in html
    matter.refresh_from_db()
    assert matter.status == MatterStatus.OPEN


def test_m9_the_refusal_without_a_referer_goes_back_home_with_the_message(partner, staff_browser):
    matter = matter_opened_on(partner, timezone.localdate() + datetime.timedelta(days=1))

    response = staff_browser.post(f"/matters/{matter.pk}/status/", {"status": "closed"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    html = unescape(staff_browser.get("/", follow=True).content.decode())
    assert CLOSED_BEFORE_OPENING in html


def test_m9_the_refusal_for_htmx_is_a_422_fragment_with_the_french_sentence(partner, staff_browser):
    matter = matter_opened_on(partner, timezone.localdate() + datetime.timedelta(days=1))

    response = staff_browser.post(
        f"/matters/{matter.pk}/status/", {"status": "closed"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 422
    assert response["HX-Reswap"] == "none"
    assert unquote(response["X-Cabinet-Message"]) == CLOSED_BEFORE_OPENING
    html = unescape(response.content.decode())
    assert 'id="messages"' in html and CLOSED_BEFORE_OPENING in html


@pytest.fixture
def credited_and_to_pay(partner):
    credited = invoiced(partner, "Société Nationale des Chemins de Fer")
    billing.credit_note_create(actor=partner, invoice=credited)
    return credited, invoiced(partner, "Transports Martin")


@pytest.mark.parametrize(
    ("state", "shown"),
    [
        ("cancelled", {"Société Nationale des Chemins de Fer"}),
        ("to_pay", {"Transports Martin"}),
        ("partly_paid", set()),
        ("paid", set()),
        ("credited", {"Société Nationale des Chemins de Fer"}),
        ("issued", {"Transports Martin"}),
    ],
)
def test_a7_invoice_list_takes_the_api_state_names(
    credited_and_to_pay, staff_browser, state, shown
):
    response = staff_browser.get("/invoices/", {"state": state})

    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert 'class="form-errors"' not in html
    for name in {"Société Nationale des Chemins de Fer", "Transports Martin"}:
        assert (name in html) == (name in shown), name


def test_a7_an_unknown_invoice_state_is_a_french_message(credited_and_to_pay, staff_browser):
    response = staff_browser.get("/invoices/", {"state": "bogus"})

    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "État inconnu « bogus »" in html
    assert "Sélectionnez un choix valide" not in html
