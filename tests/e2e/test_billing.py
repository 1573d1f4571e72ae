"""Billing in Chromium: what a person clicks (A3, A4, A6, A7, A10, M5)."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from cabinet.activities.services import activity_create
from cabinet.clients import services as clients
from cabinet.matters.services import matter_create, party_set_active

pytestmark = pytest.mark.e2e

FINALIZE_CONFIRM = (
    "La facture recevra le prochain numéro de la séquence ; elle ne pourra plus être modifiée."
)


def amount(text: str) -> re.Pattern:
    """«1 234,56 €» whatever the (no-break) spaces."""
    return re.compile(re.escape(text).replace(r"\ ", r"\s"))


@pytest.fixture
def succession(staff_user):
    """A multi-client matter: Claire and Louis active, Anne inactive (she renounced after
    a meeting billed to her), with unbilled activities."""
    claire, louis, anne = (
        clients.client_create(actor=staff_user, kind="person", name="Moreau", first_name=first)
        for first in ("Claire", "Louis", "Anne")
    )
    matter = matter_create(
        actor=staff_user,
        title="Succession de M. Paul Moreau",
        opened_on=datetime.date(2026, 1, 15),
        parties=[{"role": "client", "client_id": c.id} for c in (claire, louis, anne)],
    )

    def add(description, value, *, client=None, vat="20.00"):
        activity_create(
            actor=staff_user,
            matter=matter,
            kind="fee",
            date=datetime.date(2026, 2, 1),
            description=description,
            amount=Decimal(value),
            vat_rate=Decimal(vat),
            client_id=client.id if client else None,
        )

    add("Rendez-vous avec Mme Anne Moreau", "100.00", client=anne)
    party = matter.parties.get(client=anne)
    party_set_active(actor=staff_user, matter=matter, party_id=party.id, is_active=False)
    add("Déclaration de succession", "1200.00")
    add("Consultation de Mme Claire Moreau", "150.00", client=claire)
    add("Frais de greffe", "80.00", vat="0.00")
    return matter


def test_a6_a7_a10_repartition_client_line_removed_finalised_and_pdf(
    live_server, logged_in_page, succession
):
    page = logged_in_page
    dialogs = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)

    # «Facturation»: the unbilled total, shared between the two ACTIVE clients (A3, A4).
    page.goto(f"{live_server.url}/matters/{succession.id}/billing/")
    expect(page.locator("#unbilled-total")).to_have_text(amount("1 530,00 €"))
    allocation = page.locator("#allocation")
    expect(allocation).to_contain_text("Claire Moreau")
    expect(allocation).to_contain_text("Louis Moreau")
    expect(allocation).not_to_contain_text("Anne Moreau")

    # «Répartition client»: one proforma per active client, in one set (A6).
    page.get_by_role("button", name="Répartition client", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("2 proformas créées")
    drafts = page.locator("#proformas .proforma-set tbody tr")
    expect(drafts).to_have_count(2)
    expect(page.locator("#proformas")).not_to_contain_text("Anne Moreau")
    expect(page.get_by_role("button", name="Répartition client", exact=True)).to_be_disabled()

    # Claire's proforma: her consultation, her shares of the common activities (and of the
    # meeting billed to Anne, common now that Anne is inactive: A4).
    drafts.filter(has_text="Claire Moreau").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/proformas/\d+/$"))
    lines = page.locator("#proforma-lines tbody tr")
    expect(lines).to_have_count(4)
    expect(page.locator("#bill-excl-tax")).to_have_text(amount("840,00 €"))

    # «Retirer» a line (A10), after confirmation.
    lines.filter(has_text="Consultation de Mme Claire Moreau").get_by_role(
        "button", name="Retirer"
    ).click()
    expect(page.locator("#messages")).to_contain_text("Ligne retirée")
    expect(lines).to_have_count(3)
    expect(page.locator("#bill-excl-tax")).to_have_text(amount("690,00 €"))

    # «Finaliser» (A7): the invoice page, with its number.
    page.get_by_role("button", name="Finaliser").click()
    expect(page).to_have_url(re.compile(r"/invoices/\d+/$"))
    expect(page.locator("#invoice-number")).to_have_text(re.compile(r"^F\d{4}-000001$"))
    expect(page.locator("#messages")).to_contain_text("émise")
    expect(page.locator("#bill-incl-tax")).to_have_text(amount("820,00 €"))
    assert dialogs[-1] == FINALIZE_CONFIRM
    assert any(message.startswith("Retirer cette ligne") for message in dialogs)

    # «PDF»: a real PDF file.
    with page.expect_download() as download_info:
        page.locator("#invoice-pdf").click()
    download = download_info.value
    assert download.suggested_filename.startswith("facture-F")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_a11_a2_credited_share_alone_is_to_bill_then_written_off_and_restored(
    live_server, logged_in_page, succession, staff_user
):
    """A11: after the credit note on Claire's invoice, only her share is to bill again;
    A2: «Non facturable» (confirmed) and «Rétablir» on the «Facturation» page."""
    from cabinet.billing import services

    page = logged_in_page
    dialogs = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    proformas = services.proformas_create(actor=staff_user, matter=succession)
    claire = next(p for p in proformas if p.client.first_name == "Claire")
    invoice = services.proforma_finalize(actor=staff_user, proforma=claire)
    services.credit_note_create(actor=staff_user, invoice=invoice)

    page.goto(f"{live_server.url}/matters/{succession.id}/billing/")
    to_bill = page.locator("#to-bill-table tbody tr")
    expect(to_bill).to_have_count(4)
    expect(page.locator("#unbilled-total")).to_have_text(amount("840,00 €"))
    allocation = page.locator("#allocation")
    expect(allocation.locator("tr", has_text="Louis Moreau")).to_contain_text(amount("0,00 €"))

    row = to_bill.filter(has_text="Frais de greffe")
    row.get_by_role("button", name="Non facturable").click()
    expect(page.locator("#messages")).to_contain_text("est marquée non facturable")
    expect(to_bill).to_have_count(3)
    written_off = page.locator("#written-off-table tbody tr")
    expect(written_off).to_have_count(1)
    expect(written_off).to_contain_text("Frais de greffe")
    assert dialogs and dialogs[-1].startswith("Marquer « Frais de greffe » non facturable")

    written_off.get_by_role("button", name="Rétablir").click()
    expect(page.locator("#messages")).to_contain_text("est de nouveau à facturer")
    expect(to_bill).to_have_count(4)
    expect(page.locator("#written-off-table")).to_have_count(0)
