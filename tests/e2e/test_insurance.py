"""The portfolio in Chromium (I1, I2, I5): a contract made through its form, a receipt
added on its page, then seen in the client's «Quittances» with its total."""

import re

import pytest
from playwright.sync_api import expect

from cabinet.clients import services as clients

pytestmark = pytest.mark.e2e


def amount(text: str) -> re.Pattern:
    """«1 234,56 €» whatever the (no-break) spaces."""
    return re.compile(re.escape(text).replace(r"\ ", r"\s"))


def test_i1_i2_i5_contract_then_receipt_then_the_receipts_tab_total(
    live_server, logged_in_page, staff_user
):
    page = logged_in_page
    client = clients.client_create(actor=staff_user, kind="company", name="Boulangerie Martin")

    # «Contrats» › «Nouveau contrat»: the insurer typed, unknown, is added to the list (I1).
    page.goto(f"{live_server.url}/clients/{client.id}/")
    page.locator("#tab-client-contracts").click()
    expect(page).to_have_url(re.compile(rf"/clients/{client.id}/contracts/$"))
    page.get_by_role("link", name="Nouveau contrat").click()
    expect(page.get_by_label("Assureur")).to_be_focused()
    page.get_by_label("Assureur").fill("MAIF")
    page.get_by_label("N° de contrat").fill("MRP-2024-01")
    page.get_by_label("Produit / branche").fill("Multirisque professionnelle")
    page.get_by_label("Date d'effet").fill("2024-01-01")
    page.get_by_label("Prime annuelle TTC (€)").fill("1 250,40")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page).to_have_url(re.compile(r"/contracts/\d+/$"))
    expect(page.locator("#messages")).to_contain_text("Contrat enregistré")
    expect(page.locator("#contract-facts")).to_contain_text("MAIF")

    # «Nouvelle quittance» (I2).
    page.get_by_role("link", name="Nouvelle quittance").click()
    page.get_by_label("N° de quittance").fill("Q-2024-1")
    page.get_by_label("Début de période").fill("2024-01-01")
    page.get_by_label("Fin de période").fill("2024-03-31")
    page.get_by_label("Date d'échéance").fill("2024-01-10")
    page.get_by_label("Date comptable").fill("2024-01-05")
    page.get_by_label("Montant TTC (€)").fill("312,60")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page).to_have_url(re.compile(r"/contracts/\d+/$"))
    expect(page.locator("#contract-receipts")).to_contain_text("Q-2024-1")

    # The client's «Quittances»: the receipt and the total (I5).
    page.get_by_role("link", name="Contrats", exact=True).click()
    page.locator("#tab-client-receipts").click()
    expect(page).to_have_url(re.compile(rf"/clients/{client.id}/premium-receipts/$"))
    expect(page.locator("#receipt-table tbody")).to_contain_text("Q-2024-1")
    expect(page.locator("#total-amount")).to_have_text(amount("312,60 €"))
