"""A7: an invoice stays as issued. From its finalisation it names the client, the due date
and the firm as they were then: editing the client or the settings later changes neither
its API answer, nor its page, nor its PDF. Migration 0005 fills what the invoices issued
before it did not keep."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from cabinet.activities import services as activity_services
from cabinet.billing import pdf
from cabinet.billing.models import CreditNote, Invoice, InvoiceLine
from cabinet.matters import services as matter_services
from tests.billing.pdf_text import laid_out_text, plain
from tests.billing.test_pages import html_of
from tests.factories import PersonFactory, UserFactory
from tests.matters.helpers import add_activity, new_matter, patch, post

pytestmark = pytest.mark.django_db

FIRM = {
    "name": "Cabinet Lefèvre & Vasseur",
    "legal_form": "SELARL au capital de 10 000 €",
    "address": "12 rue de la République",
    "postal_code": "69002",
    "city": "Lyon",
    "phone": "04 00 00 00 00",
    "email": "contact@lv-avocats.exemple.fr",
    "siret": "000 000 000 00000",
    "vat_number": "FR00000000000",
    "bar": "Barreau de Lyon",
    "payment_days": 30,
}
MOVED_FIRM = {
    **FIRM,
    "name": "Vasseur Associés",
    "address": "1 quai Saint-Antoine",
    "siret": "111 111 111 11111",
    "payment_days": 60,
}


@pytest.fixture
def firm(settings):
    settings.CABINET_FIRM = dict(FIRM)
    return settings


@pytest.fixture
def dupont():
    return PersonFactory(
        first_name="Jeanne",
        name="Dupont",
        address="4 place Bellecour",
        postal_code="69002",
        city="Lyon",
        country="France",
    )


def main_of(response) -> str:
    """The page's content, without what changes at each request (the CSRF tokens)."""
    html = html_of(response)
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)


def issue_invoice(api, client, **activity) -> dict:
    matter = new_matter(api, [client])
    response = add_activity(api, matter, **activity)
    assert response.status_code == 201, response.content
    [proforma] = post(api, f"/api/v1/matters/{matter['id']}/proformas").json()
    response = post(api, f"/api/v1/proformas/{proforma['id']}/finalize")
    assert response.status_code == 201, response.content
    return response.json()


def move_client_and_firm(api, client, settings) -> None:
    """The client is renamed and moves abroad; the firm changes its name, address and
    payment terms."""
    response = patch(
        api,
        f"/api/v1/clients/{client.id}",
        {
            "name": "Durand",
            "first_name": "Jeanne",
            "address": "Rue Neuve 1",
            "postal_code": "1000",
            "city": "Bruxelles",
            "country": "Belgique",
        },
    )
    assert response.status_code == 200, response.content
    settings.CABINET_FIRM = dict(MOVED_FIRM)


def test_a7_invoice_keeps_client_address_after_client_edit(api, staff_browser, firm, dupont):
    """A7: after the client's record and the firm's settings change, the invoice's API
    answer, page and PDF say what they said when it was issued."""
    issued = issue_invoice(api, dupont)
    invoice = Invoice.objects.get(pk=issued["id"])
    page_before = main_of(staff_browser.get(f"/invoices/{invoice.pk}/"))
    pdf_before = pdf.invoice_html(invoice)

    move_client_and_firm(api, dupont, firm)

    answer = api.get(f"/api/v1/invoices/{invoice.pk}").json()
    assert answer == issued
    assert answer["client"] == {
        "id": dupont.id,
        "number": dupont.number,
        "display_name": "Jeanne Dupont",
    }
    assert answer["billed_to"] == {
        "name": "Jeanne Dupont",
        "number": dupont.number,
        "address": "4 place Bellecour",
        "postal_code": "69002",
        "city": "Lyon",
        "country": "France",
    }
    listed = api.get("/api/v1/invoices").json()["items"]
    assert [i["client"]["display_name"] for i in listed] == ["Jeanne Dupont"]
    page = main_of(staff_browser.get(f"/invoices/{invoice.pk}/"))
    assert page == page_before
    assert "4 place Bellecour" in page and "Durand" not in page
    assert "Jeanne Dupont" in html_of(staff_browser.get("/invoices/"))
    invoice = Invoice.objects.get(pk=invoice.pk)
    assert pdf.invoice_html(invoice) == pdf_before
    text = laid_out_text(pdf_before)
    assert "Jeanne Dupont" in text and "4 place Bellecour 69002 Lyon" in text
    assert "Cabinet Lefèvre & Vasseur" in text and "12 rue de la République" in text
    assert "Bruxelles" not in text and "Vasseur Associés" not in text


def test_a7_invoice_due_date_is_its_issue_date_plus_the_firms_payment_days(
    api, staff_browser, firm, dupont
):
    """A7: the due date is fixed at issue: issue date + the firm's payment days then; a
    later change of the payment days changes it nowhere."""
    firm.CABINET_FIRM = {**FIRM, "payment_days": 45}
    issued = issue_invoice(api, dupont)
    due_on = timezone.localdate() + datetime.timedelta(days=45)

    firm.CABINET_FIRM = dict(MOVED_FIRM)

    assert issued["due_on"] == due_on.isoformat()
    assert api.get(f"/api/v1/invoices/{issued['id']}").json()["due_on"] == due_on.isoformat()
    page = html_of(staff_browser.get(f"/invoices/{issued['id']}/"))
    assert f'<dd id="invoice-due-on">{due_on:%d/%m/%Y}</dd>' in page
    text = laid_out_text(pdf.invoice_html(Invoice.objects.get(pk=issued["id"])))
    assert f"Date d'échéance : {due_on:%d/%m/%Y} — paiement à 45 jours" in text


def test_a7_credit_note_names_the_client_as_its_invoice_and_the_firm_of_its_date(api, firm, dupont):
    """A7: a credit note names the client as the invoice it cancels does, and the firm as
    it was on the credit note's own date; neither changes afterwards."""
    issued = issue_invoice(api, dupont)
    move_client_and_firm(api, dupont, firm)
    note = post(api, f"/api/v1/invoices/{issued['id']}/credit-note").json()
    firm.CABINET_FIRM = {**MOVED_FIRM, "name": "Encore un autre nom"}

    answer = api.get(f"/api/v1/credit-notes/{note['id']}").json()
    text = laid_out_text(pdf.credit_note_html(CreditNote.objects.get(pk=note["id"])))

    assert answer["client"]["display_name"] == "Jeanne Dupont"
    assert answer["billed_to"]["city"] == "Lyon"
    assert "Jeanne Dupont" in text and "4 place Bellecour" in text
    assert "Vasseur Associés" in text and "1 quai Saint-Antoine" in text
    assert "Encore un autre nom" not in text and "Durand" not in text
    assert "Date d'échéance" not in text


def test_a7_time_line_keeps_its_hours_and_rate_after_the_activity_changes(api, firm, dupont):
    """A7: an invoice line keeps a time activity's hours and rate as invoiced."""
    issued = issue_invoice(
        api, dupont, kind="time", hours="2.50", hourly_rate="180.00", amount=None
    )
    line = InvoiceLine.objects.get(invoice_id=issued["id"])

    assert (line.hours, line.hourly_rate) == (Decimal("2.50"), Decimal("180.00"))
    assert issued["lines"][0]["amount"] == "450.00"


# The migration's backfill ------------------------------------------------------------

BEFORE = [("billing", "0003_money_fits_its_columns")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def old_invoice(apps, *, actor, client, issued_on: datetime.date) -> int:
    """An invoice with a time line, its credit note and its «created» history row, as
    migration 0003 stored them (no snapshot)."""
    model = apps.get_model
    matter = matter_services.matter_create(
        actor=actor,
        title="Dossier",
        opened_on=datetime.date(2025, 1, 2),
        parties=[{"client_id": client.id}],
    )
    activity = activity_services.activity_create(
        actor=actor,
        matter=matter,
        kind="time",
        date=datetime.date(2025, 1, 3),
        description="Audience",
        hours=Decimal("2.50"),
        hourly_rate=Decimal("180.00"),
    )
    proforma_set = model("billing", "ProformaSet").objects.create(matter_id=matter.id)
    proforma = model("billing", "Proforma").objects.create(
        proforma_set=proforma_set, matter_id=matter.id, client_id=client.id
    )
    fields = {
        "number": "F2026-000001",
        "proforma_id": proforma.id,
        "matter_id": matter.id,
        "client_id": client.id,
        "issued_on": issued_on,
        "total_excl_tax": Decimal("450.00"),
        "total_vat": Decimal("90.00"),
        "total_incl_tax": Decimal("540.00"),
    }
    invoice = model("billing", "Invoice").objects.create(**fields)
    model("billing", "HistoricalInvoice").objects.create(
        id=invoice.id,
        issued_at=invoice.issued_at,
        history_date=timezone.now(),
        history_type="+",
        **fields,
    )
    model("billing", "InvoiceLine").objects.create(
        invoice=invoice,
        activity_id=activity.id,
        date=activity.date,
        description=activity.description,
        kind="time",
        amount=Decimal("450.00"),
        vat_rate=Decimal("20.00"),
    )
    model("billing", "CreditNote").objects.create(
        number="AV2026-000001", invoice=invoice, issued_on=issued_on
    )
    return invoice.id


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a7_migration_fills_the_snapshot_of_invoices_issued_before_it(firm):
    """A7: migration 0005 gives every invoice issued before it the client's name, number
    and address and the firm's details known when it runs, and the due date issued_on +
    payment days; its credit note the firm, its time lines their hours and rate."""
    actor = UserFactory(profile=None, is_superuser=True)
    client = PersonFactory(
        first_name="Jeanne", name="Dupont", address="4 place Bellecour", postal_code="69002"
    )
    migrate(BEFORE)
    try:
        old_apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        invoice_id = old_invoice(
            old_apps, actor=actor, client=client, issued_on=datetime.date(2026, 12, 2)
        )
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("billing"))

    invoice = Invoice.objects.get(pk=invoice_id)
    assert invoice.billed_client.name == "Jeanne Dupont"
    assert (invoice.client_number, invoice.client_address) == (client.number, "4 place Bellecour")
    assert (invoice.client_postal_code, invoice.client_city) == ("69002", client.city)
    assert invoice.client_country == client.country
    assert invoice.due_on == datetime.date(2027, 1, 1)
    assert invoice.firm == FIRM
    assert invoice.credit_note.firm == FIRM
    line = invoice.lines.get()
    assert (line.hours, line.hourly_rate) == (Decimal("2.50"), Decimal("180.00"))
    created = invoice.history.get()
    assert (created.client_name, created.due_on) == ("Jeanne Dupont", datetime.date(2027, 1, 1))
    text = laid_out_text(pdf.invoice_html(invoice))
    assert "Date d'échéance : 01/01/2027" in text
    assert plain("2,50 h × 180,00 €") in text


def test_a7_an_invoice_is_never_due_before_it_is_issued(api, firm, dupont):
    """A7: the database refuses a due date before the issue date."""
    issued = issue_invoice(api, dupont)

    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.filter(pk=issued["id"]).update(due_on=datetime.date(2000, 1, 1))
