"""The portfolio's staff pages (I1–I3, I5): a client's «Contrats», «Quittances» and
«Sinistres» tabs with their filters, totals and exports, the records' pages and forms, and
«Paramètres» › Assureurs. Real templates, no mocks."""

import csv
import datetime
import io
import re
from decimal import Decimal
from html import unescape

import openpyxl
import pytest
from django.test import Client as HttpClient

from cabinet.insurance import services
from cabinet.insurance.models import Claim, Contract, Insurer, PremiumReceipt
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2024, 1, 1)


def text_of(response) -> str:
    """The page's text, tags dropped and spaces (no-break ones too) folded."""
    html = response.content.decode()
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.fixture
def client_(partner):
    return ClientFactory(name="Boulangerie Martin", created_by=partner)


def make_contract(actor, client, number="CT-1", **extra) -> Contract:
    fields = {"insurer": "AXA France", "start_date": START, "annual_premium": Decimal("1200.00")}
    fields.update(extra)
    return services.contract_create(actor=actor, client_id=client.pk, number=number, **fields)


def make_receipt(actor, contract, number, **extra) -> PremiumReceipt:
    fields = {
        "period_start": START,
        "period_end": datetime.date(2024, 3, 31),
        "due_date": datetime.date(2024, 1, 10),
        "accounting_date": datetime.date(2024, 1, 5),
        "amount": Decimal("300.00"),
    }
    fields.update(extra)
    return services.receipt_create(actor=actor, contract=contract, number=number, **fields)


def make_claim(actor, contract, number, **extra) -> Claim:
    fields = {
        "loss_date": datetime.date(2024, 5, 2),
        "reported_date": datetime.date(2024, 5, 3),
        "reserve_amount": Decimal("5000.00"),
    }
    fields.update(extra)
    return services.claim_create(actor=actor, contract_id=contract.pk, number=number, **fields)


def read_csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response) -> list[tuple]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(values_only=True))


# The tabs (I5) ----------------------------------------------------------------------------


def test_i5_client_record_has_the_portfolio_tabs(staff_browser, client_):
    page = staff_browser.get(f"/clients/{client_.pk}/")

    html = page.content.decode()
    assert f'href="/clients/{client_.pk}/contracts/"' in html
    assert f'href="/clients/{client_.pk}/premium-receipts/"' in html
    assert f'href="/clients/{client_.pk}/claims/"' in html


def test_i1_contracts_tab_filters_by_status_with_the_premiums_total(
    staff_browser, partner, client_
):
    make_contract(partner, client_, "ACT-1", annual_premium=Decimal("1000.50"))
    make_contract(partner, client_, "ACT-2", annual_premium=Decimal("200.25"))
    make_contract(partner, client_, "DEV-1", status="quote", annual_premium=Decimal("90"))
    make_contract(
        partner,
        client_,
        "RES-1",
        status="terminated",
        terminated_on=datetime.date(2024, 6, 30),
        annual_premium=Decimal("50"),
    )

    every = text_of(staff_browser.get(f"/clients/{client_.pk}/contracts/"))
    active = staff_browser.get(f"/clients/{client_.pk}/contracts/?status=active")
    quotes = text_of(staff_browser.get(f"/clients/{client_.pk}/contracts/?status=quote"))

    assert "4 contrats" in every and "1 340,75 €" in every
    assert active.status_code == 200
    shown = text_of(active)
    assert "ACT-1" in shown and "ACT-2" in shown and "DEV-1" not in shown
    assert "Total des 2 contrats 1 200,75 €" in shown
    assert "DEV-1" in quotes and "ACT-1" not in quotes
    for label in ("Tous", "Devis – propositions", "Actifs", "Résiliés"):
        assert label in every


def test_i2_receipts_tab_filters_a_period_on_either_date_and_leaves_cancelled_out_of_total(
    staff_browser, partner, client_
):
    contract = make_contract(partner, client_)
    make_receipt(partner, contract, "Q1", due_date=datetime.date(2024, 1, 10))
    make_receipt(
        partner,
        contract,
        "Q2",
        due_date=datetime.date(2024, 4, 10),
        accounting_date=datetime.date(2024, 1, 20),
        amount=Decimal("150.10"),
    )
    make_receipt(partner, contract, "Q3", status="cancelled", amount=Decimal("999"))
    url = f"/clients/{client_.pk}/premium-receipts/"

    every = text_of(staff_browser.get(url))
    on_due = text_of(staff_browser.get(url + "?date_field=due&from=2024-04-01&to=2024-04-30"))
    on_accounting = text_of(
        staff_browser.get(url + "?date_field=accounting&from=2024-01-15&to=2024-01-31")
    )
    paid_only = text_of(staff_browser.get(url + "?status=paid"))

    assert "3 quittances" in every and "450,10 €" in every
    assert "Date d'échéance" in every and "Date comptable" in every
    assert "1 quittance" in on_due and "Q2" in on_due and "150,10 €" in on_due
    assert "1 quittance" in on_accounting and "Q2" in on_accounting
    assert "Aucune quittance" in paid_only


def test_i3_claims_tab_shows_open_ones_first_and_all_when_unticked(staff_browser, partner, client_):
    contract = make_contract(partner, client_)
    make_claim(partner, contract, "S-OPEN", reserve_amount=Decimal("1000"))
    make_claim(
        partner,
        contract,
        "S-CLOSED",
        status="closed",
        closed_date=datetime.date(2024, 7, 1),
        reserve_amount=Decimal("0"),
        paid_amount=Decimal("800"),
    )
    url = f"/clients/{client_.pk}/claims/"

    first_visit = staff_browser.get(url)
    unticked = text_of(staff_browser.get(url + "?sent=1"))
    ticked = text_of(staff_browser.get(url + "?sent=1&open_only=on"))

    html = first_visit.content.decode()
    assert re.search(r'<input type="checkbox" name="open_only"[^>]*checked', html)
    assert 'type="hidden" name="sent" value="1"' in html
    shown = text_of(first_visit)
    assert "S-OPEN" in shown and "S-CLOSED" not in shown
    assert "S-OPEN" in unticked and "S-CLOSED" in unticked
    assert "Total des 2 sinistres 1 000,00 € 800,00 €" in unticked
    assert "S-CLOSED" not in ticked


def test_i3_claims_tab_unticked_box_stays_unticked(staff_browser, partner, client_):
    page = staff_browser.get(f"/clients/{client_.pk}/claims/?sent=1")

    html = page.content.decode()
    assert re.search(r'<input type="checkbox" name="open_only"[^>]*>', html)
    assert not re.search(r'<input type="checkbox" name="open_only"[^>]*checked', html)


def test_i5_invalid_filter_date_is_shown_not_a_500(staff_browser, client_):
    page = staff_browser.get(f"/clients/{client_.pk}/premium-receipts/?from=31-02-2024")

    assert page.status_code == 200
    assert "Du : Saisissez une date valide." in text_of(page)


def test_i5_contracts_tab_is_paginated_with_totals_over_every_row(
    staff_browser, partner, client_, settings
):
    settings.CABINET_PAGE_SIZE = 2
    for n in range(3):
        make_contract(partner, client_, f"P-{n}", annual_premium=Decimal("100"))

    page = text_of(staff_browser.get(f"/clients/{client_.pk}/contracts/"))

    assert "Page 1 sur 2" in page
    assert "Total des 3 contrats 300,00 €" in page


# Exports (I5) -----------------------------------------------------------------------------


def test_i5_receipts_export_is_exactly_the_filtered_rows_with_their_total(
    staff_browser, partner, client_, settings
):
    settings.CABINET_PAGE_SIZE = 1
    contract = make_contract(partner, client_)
    make_receipt(partner, contract, "Q1", amount=Decimal("300.00"))
    make_receipt(partner, contract, "Q2", amount=Decimal("1234.56"))
    make_receipt(partner, contract, "Q3", amount=Decimal("10"), status="cancelled")
    make_receipt(
        partner, contract, "Q-LATE", due_date=datetime.date(2025, 1, 10), amount=Decimal("7")
    )
    url = f"/clients/{client_.pk}/premium-receipts/?date_field=due&to=2024-12-31"
    page = staff_browser.get(url + "&page=2").content.decode()
    assert "format=csv" in page and "format=xlsx" in page and "page=2&amp;format" not in page

    rows = read_csv(staff_browser.get(url + "&format=csv"))
    sheet = read_xlsx(staff_browser.get(url + "&format=xlsx"))

    assert rows[0][2] == "Quittance" and rows[0][-1] == "Montant TTC"
    assert sorted(row[2] for row in rows[1:-1]) == ["Q1", "Q2", "Q3"]
    assert rows[-1][0] == "Total" and rows[-1][-1] == "1534,56"
    assert sorted(row[2] for row in sheet[1:-1]) == ["Q1", "Q2", "Q3"]
    assert sheet[-1][0] == "Total" and Decimal(str(sheet[-1][-1])) == Decimal("1534.56")


def test_i5_contracts_and_claims_export_their_filtered_rows(staff_browser, partner, client_):
    contract = make_contract(partner, client_, "ACT-1")
    make_contract(partner, client_, "DEV-1", status="quote", annual_premium=Decimal("5"))
    make_claim(partner, contract, "S-OPEN", reserve_amount=Decimal("40"))
    make_claim(
        partner, contract, "S-CLOSED", status="closed", closed_date=datetime.date(2024, 8, 1)
    )

    contracts = read_csv(
        staff_browser.get(f"/clients/{client_.pk}/contracts/?status=quote&format=csv")
    )
    claims = read_xlsx(staff_browser.get(f"/clients/{client_.pk}/claims/?format=xlsx"))
    every_claim = read_csv(staff_browser.get(f"/clients/{client_.pk}/claims/?sent=1&format=csv"))

    assert [row[1] for row in contracts[1:]] == ["DEV-1", ""]
    assert contracts[-1][-1] == "5,00"
    assert [row[2] for row in claims[1:-1]] == ["S-OPEN"]
    assert Decimal(str(claims[-1][-2])) == Decimal("40")
    assert sorted(row[2] for row in every_claim[1:-1]) == ["S-CLOSED", "S-OPEN"]


# Records' pages ---------------------------------------------------------------------------


def test_i1_contract_page_shows_its_termination_receipts_and_claims_with_totals(
    staff_browser, partner, client_
):
    contract = make_contract(partner, client_, end_date=datetime.date(2024, 12, 31))
    make_receipt(partner, contract, "Q1", amount=Decimal("300"))
    make_receipt(partner, contract, "Q2", amount=Decimal("25.50"))
    make_claim(partner, contract, "S1", reserve_amount=Decimal("700"), paid_amount=Decimal("1"))
    services.contract_update(
        actor=partner,
        contract=contract,
        status="terminated",
        terminated_on=datetime.date(2024, 9, 30),
        termination_reason="Vente du fonds",
    )

    page = staff_browser.get(f"/contracts/{contract.pk}/")

    shown = text_of(page)
    assert page.status_code == 200
    assert "AXA France" in shown and "Résilié" in shown
    assert "Résilié le 30/09/2024" in shown and "Vente du fonds" in shown
    assert "Total des 2 quittances (hors annulées) 325,50 €" in shown
    assert "Total du sinistre 700,00 € 1,00 €" in shown
    assert f'href="/clients/{client_.pk}/contracts/"' in page.content.decode()
    assert "Nouvelle quittance" in shown and "Nouveau sinistre" in shown and "Modifier" in shown


def test_i2_i3_receipt_and_claim_pages(staff_browser, partner, client_):
    contract = make_contract(partner, client_)
    receipt = make_receipt(partner, contract, "Q-77", amount=Decimal("88.20"))
    claim = make_claim(partner, contract, "S-9", description="Dégât des eaux")

    receipt_page = text_of(staff_browser.get(f"/premium-receipts/{receipt.pk}/"))
    claim_page = text_of(staff_browser.get(f"/claims/{claim.pk}/"))

    assert "Quittance Q-77" in receipt_page and "88,20 €" in receipt_page
    assert "Boulangerie Martin" in receipt_page and "Modifier" in receipt_page
    assert "Sinistre S-9" in claim_page and "Dégât des eaux" in claim_page


# Forms --------------------------------------------------------------------------------------


def test_i1_contract_form_creates_a_contract_with_a_new_insurer(staff_browser, client_):
    Insurer.objects.create(name="Allianz", key="allianz")
    form = staff_browser.get(f"/clients/{client_.pk}/contracts/new/")
    assert '<datalist id="insurer-list"><option value="Allianz">' in form.content.decode()
    assert 'list="insurer-list"' in form.content.decode()

    answer = staff_browser.post(
        f"/clients/{client_.pk}/contracts/new/",
        {
            "insurer": "MAIF",
            "number": "C-100",
            "status": "active",
            "start_date": "2024-02-01",
            "annual_premium": "1 250,40",
        },
    )

    contract = Contract.objects.get(number="C-100")
    assert answer.status_code == 302 and answer["Location"] == f"/contracts/{contract.pk}/"
    assert contract.insurer.name == "MAIF" and contract.annual_premium == Decimal("1250.40")
    assert contract.client == client_


def test_i1_contract_form_shows_every_error_on_its_field_and_stores_nothing(staff_browser, client_):
    answer = staff_browser.post(
        f"/clients/{client_.pk}/contracts/new/",
        {"insurer": "", "number": "", "status": "active", "start_date": "pas une date"},
    )

    assert answer.status_code == 422
    errors = answer.context["form"].errors
    assert set(errors) == {"insurer", "number", "start_date"}
    assert Contract.objects.count() == 0


def test_i1_contract_form_shows_the_services_sentence_on_its_field(staff_browser, partner, client_):
    make_contract(partner, client_, "C-1")
    url = f"/clients/{client_.pk}/contracts/new/"
    base = {"insurer": "AXA France", "status": "active", "start_date": "2024-02-01"}

    terminated = staff_browser.post(url, {**base, "number": "C-2", "status": "terminated"})
    taken = staff_browser.post(url, {**base, "number": "C-1"})
    dates = staff_browser.post(url, {**base, "number": "C-3", "end_date": "2023-01-01"})

    assert terminated.status_code == 422
    assert terminated.context["form"].errors["terminated_on"] == [
        "Un contrat résilié a une date de résiliation."
    ]
    assert "Un contrat résilié a une date de résiliation." in text_of(terminated)
    assert taken.context["form"].errors["number"] == [
        "Le contrat n° C-1 existe déjà chez cet assureur."
    ]
    assert dates.context["form"].errors["end_date"] == ["La date de fin précède la date d'effet."]
    assert Contract.objects.count() == 1


def test_i1_contract_edit_terminates_it(staff_browser, partner, client_):
    contract = make_contract(partner, client_)
    form = staff_browser.get(f"/contracts/{contract.pk}/edit/")
    assert 'value="AXA France"' in form.content.decode()

    answer = staff_browser.post(
        f"/contracts/{contract.pk}/edit/",
        {
            "insurer": "AXA France",
            "number": "CT-1",
            "status": "terminated",
            "start_date": "2024-01-01",
            "terminated_on": "2024-10-01",
            "termination_reason": "Demande du client",
            "annual_premium": "1200,00",
        },
    )

    contract.refresh_from_db()
    assert answer.status_code == 302
    assert contract.status == "terminated"
    assert contract.terminated_on == datetime.date(2024, 10, 1)
    assert contract.termination_reason == "Demande du client"


def test_i2_receipt_form_creates_then_edits_and_refuses_a_period_outside_the_contract(
    staff_browser, partner, client_
):
    contract = make_contract(partner, client_)
    data = {
        "number": "Q-1",
        "period_start": "2024-01-01",
        "period_end": "2024-03-31",
        "due_date": "2024-01-10",
        "accounting_date": "2024-01-05",
        "amount": "300,50",
        "status": "issued",
    }

    outside = staff_browser.post(
        f"/contracts/{contract.pk}/premium-receipts/new/", {**data, "period_start": "2023-12-01"}
    )
    missing = staff_browser.post(f"/contracts/{contract.pk}/premium-receipts/new/", {"number": ""})
    assert outside.status_code == 422 and missing.status_code == 422
    assert (
        "La période commence avant la date d'effet du contrat (01/01/2024)."
        in (outside.context["form"].errors["period_start"])
    )
    assert {"number", "period_start", "period_end", "due_date", "accounting_date", "amount"} <= set(
        missing.context["form"].errors
    )
    assert PremiumReceipt.objects.count() == 0

    created = staff_browser.post(f"/contracts/{contract.pk}/premium-receipts/new/", data)
    receipt = PremiumReceipt.objects.get()
    edited = staff_browser.post(
        f"/premium-receipts/{receipt.pk}/edit/", {**data, "status": "paid", "amount": "310"}
    )

    receipt.refresh_from_db()
    assert created.status_code == 302 and edited.status_code == 302
    assert receipt.status == "paid" and receipt.amount == Decimal("310.00")


def test_i3_claim_form_creates_then_closes_it(staff_browser, partner, client_):
    contract = make_contract(partner, client_)
    data = {
        "number": "S-1",
        "loss_date": "2024-05-02",
        "reported_date": "2024-05-03",
        "status": "open",
        "reserve_amount": "5000",
    }

    created = staff_browser.post(f"/contracts/{contract.pk}/claims/new/", data)
    claim = Claim.objects.get()
    unclosed = staff_browser.post(f"/claims/{claim.pk}/edit/", {**data, "status": "closed"})
    closed = staff_browser.post(
        f"/claims/{claim.pk}/edit/",
        {**data, "status": "closed", "closed_date": "2024-09-01", "paid_amount": "4200"},
    )

    claim.refresh_from_db()
    assert created.status_code == 302 and created["Location"] == f"/claims/{claim.pk}/"
    assert claim.paid_amount == Decimal("4200.00") and claim.status == "closed"
    assert unclosed.status_code == 422
    assert unclosed.context["form"].errors["closed_date"] == [
        "Un sinistre clos a une date de clôture."
    ]
    assert closed.status_code == 302


def test_i3_claim_form_errors_are_all_shown_and_nothing_stored(staff_browser, partner, client_):
    contract = make_contract(partner, client_)

    answer = staff_browser.post(
        f"/contracts/{contract.pk}/claims/new/",
        {"number": "", "loss_date": "x", "status": "open", "reserve_amount": "-3"},
    )

    assert answer.status_code == 422
    assert {"number", "loss_date", "reported_date", "reserve_amount"} <= set(
        answer.context["form"].errors
    )
    assert Claim.objects.count() == 0


def test_i1_contract_with_receipts_cannot_be_deleted(staff_browser, partner, client_):
    contract = make_contract(partner, client_)
    make_receipt(partner, contract, "Q1")
    page = staff_browser.get(f"/contracts/{contract.pk}/").content.decode()
    assert 'data-confirm="Supprimer définitivement le contrat CT-1 ?"' in page

    answer = staff_browser.post(f"/contracts/{contract.pk}/delete/", follow=True)

    assert Contract.objects.filter(pk=contract.pk).exists()
    assert answer.redirect_chain[-1][0] == f"/contracts/{contract.pk}/"
    assert "résiliez-le au lieu de le supprimer" in text_of(answer)


def test_i1_contract_without_records_is_deleted(staff_browser, partner, client_):
    contract = make_contract(partner, client_)

    answer = staff_browser.post(f"/contracts/{contract.pk}/delete/")

    assert answer.status_code == 302
    assert answer["Location"] == f"/clients/{client_.pk}/contracts/"
    assert not Contract.objects.filter(pk=contract.pk).exists()


# Access (U4) --------------------------------------------------------------------------------


@pytest.fixture
def associate_browser(user_with_profile):
    user = user_with_profile("associate")
    browser = HttpClient()
    browser.force_login(user)
    return browser


@pytest.fixture
def hidden_records(partner):
    """A client the associate did not create and no matter of his names."""
    hidden = ClientFactory(name="Caché", created_by=partner)
    contract = make_contract(partner, hidden, "H-1")
    return {
        "client": hidden,
        "contract": contract,
        "receipt": make_receipt(partner, contract, "HQ"),
        "claim": make_claim(partner, contract, "HS"),
    }


def test_u4_hidden_portfolio_pages_are_403_and_unknown_ones_404(associate_browser, hidden_records):
    h = hidden_records
    addresses = [
        "/clients/{}/contracts/",
        "/clients/{}/premium-receipts/",
        "/clients/{}/claims/",
        "/clients/{}/contracts/new/",
    ]
    hidden = [a.format(h["client"].pk) for a in addresses] + [
        f"/contracts/{h['contract'].pk}/",
        f"/contracts/{h['contract'].pk}/edit/",
        f"/contracts/{h['contract'].pk}/premium-receipts/new/",
        f"/contracts/{h['contract'].pk}/claims/new/",
        f"/premium-receipts/{h['receipt'].pk}/",
        f"/premium-receipts/{h['receipt'].pk}/edit/",
        f"/claims/{h['claim'].pk}/",
        f"/claims/{h['claim'].pk}/edit/",
        f"/clients/{h['client'].pk}/premium-receipts/?format=csv",
    ]
    unknown = [re.sub(r"/\d+/", "/999999/", url, count=1) for url in hidden]

    assert [associate_browser.get(url).status_code for url in hidden] == [403] * len(hidden)
    assert [associate_browser.get(url).status_code for url in unknown] == [404] * len(unknown)


def test_u4_hidden_contract_is_not_deleted(associate_browser, hidden_records):
    contract = make_contract(hidden_records["client"].created_by, hidden_records["client"], "H-2")

    answer = associate_browser.post(f"/contracts/{contract.pk}/delete/")

    assert answer.status_code == 403
    assert Contract.objects.filter(pk=contract.pk).exists()


# Query counts -------------------------------------------------------------------------------


@pytest.fixture
def sixty_of_each(partner, client_):
    contracts = [make_contract(partner, client_, f"C-{n}") for n in range(60)]
    for n in range(60):
        make_receipt(partner, contracts[n % 3], f"Q-{n}")
        make_claim(partner, contracts[n % 3], f"S-{n}")
    return client_


@pytest.mark.parametrize("tab", ["contracts", "premium-receipts", "claims"])
def test_i5_each_tab_costs_bounded_queries(
    tab, staff_browser, sixty_of_each, django_assert_max_num_queries
):
    url = f"/clients/{sixty_of_each.pk}/{tab}/"
    staff_browser.get(url)  # warm the session

    with django_assert_max_num_queries(8):
        page = staff_browser.get(url)
    with django_assert_max_num_queries(8):
        export = staff_browser.get(url + "?format=xlsx")

    assert page.status_code == 200 and export.status_code == 200
    assert "60 " in text_of(page)


def test_i1_contract_page_costs_bounded_queries(
    staff_browser, partner, sixty_of_each, django_assert_max_num_queries
):
    contract = Contract.objects.get(number="C-0")

    with django_assert_max_num_queries(10):
        page = staff_browser.get(f"/contracts/{contract.pk}/")

    assert page.status_code == 200
    assert "20 quittances" in text_of(page) and "20 sinistres" in text_of(page)


# «Paramètres» › Assureurs -------------------------------------------------------------------


def test_i1_insurers_settings_list_search_and_add(staff_browser):
    Insurer.objects.create(name="Allianz", code="ALZ", key="allianz", code_key="alz")
    Insurer.objects.create(name="Generali", key="generali")

    listed = text_of(staff_browser.get("/settings/insurers/"))
    found = text_of(staff_browser.get("/settings/insurers/?q=alz"))
    added = staff_browser.post("/settings/insurers/new/", {"name": "MMA", "code": "MMA"})
    again = staff_browser.post("/settings/insurers/new/", {"name": "mma", "code": ""})
    empty = staff_browser.post("/settings/insurers/new/", {"name": "", "code": ""})

    assert "Allianz" in listed and "Generali" in listed and "Assureurs" in listed
    assert "Allianz" in found and "Generali" not in found
    assert added.status_code == 302 and Insurer.objects.filter(name="MMA").exists()
    assert again.status_code == 422
    assert again.context["insurer_form"].errors["name"] == [
        "L'assureur « MMA » est déjà dans la liste."
    ]
    assert empty.status_code == 422
    assert Insurer.objects.count() == 3
