"""A7: a credit note («avoir») has its API answer, its page and its PDF; they name the
invoice it cancels and show that invoice's lines and totals, negative. Who may see it is
who may see its invoice (through the matter, U4)."""

import pytest
from django.test import Client as HttpClient

from cabinet.billing import pdf, services
from cabinet.billing.models import CreditNote
from tests.billing.pdf_text import laid_out_text
from tests.billing.test_pages import activity, html_of, invoiced_matter, matter_of
from tests.conftest import make_api_client
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def note(partner) -> CreditNote:
    """A credit note cancelling an invoice of two lines (20 % and 10 % VAT)."""
    matter = matter_of(partner, [ClientFactory(name="Boulangerie Durand")])
    activity(partner, matter, "100.00", description="Consultation")
    activity(partner, matter, "50.00", vat="10.00", description="Frais de dossier")
    [proforma] = services.proformas_create(actor=partner, matter=matter)
    invoice = services.proforma_finalize(actor=partner, proforma=proforma)
    return services.credit_note_create(actor=partner, invoice=invoice)


def test_a7_credit_note_api_names_its_invoice_with_negative_lines_and_totals(api, note):
    """A7: `GET /credit-notes/{id}`: the credit note, the invoice it cancels, the
    invoice's lines and totals with the opposite sign."""
    invoice = note.invoice

    response = api.get(f"/api/v1/credit-notes/{note.pk}")

    assert response.status_code == 200
    answer = response.json()
    assert {k: answer[k] for k in ("id", "number", "invoice_id", "invoice_number")} == {
        "id": note.pk,
        "number": note.number,
        "invoice_id": invoice.pk,
        "invoice_number": invoice.number,
    }
    assert answer["issued_on"] == note.issued_on.isoformat()
    assert answer["invoice_issued_on"] == invoice.issued_on.isoformat()
    assert answer["client"]["display_name"] == "Boulangerie Durand"
    assert (answer["total_excl_tax"], answer["total_vat"], answer["total_incl_tax"]) == (
        "-150.00",
        "-25.00",
        "-175.00",
    )
    assert [v["vat"] for v in answer["vat_by_rate"]] == ["-5.00", "-20.00"]
    assert sorted(line["amount"] for line in answer["lines"]) == ["-100.00", "-50.00"]
    invoice_answer = api.get(f"/api/v1/invoices/{invoice.pk}").json()
    assert invoice_answer["credit_note_id"] == note.pk


def test_a7_credit_note_pdf_names_cancelled_invoice(api, staff_browser, note):
    """A7: the credit note's PDF says «Avoir n° …», names the invoice it cancels and its
    date, and shows the lines and totals negative."""
    invoice = note.invoice

    api_pdf = api.get(f"/api/v1/credit-notes/{note.pk}/pdf")
    page_pdf = staff_browser.get(f"/credit-notes/{note.pk}/pdf/")
    text = laid_out_text(pdf.credit_note_html(note))

    for response in (api_pdf, page_pdf):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert f'filename="avoir-{note.number}.pdf"' in response["Content-Disposition"]
    assert f"Avoir n° {note.number}" in text
    assert f"Annule la facture n° {invoice.number} du {invoice.issued_on:%d/%m/%Y}" in text
    assert "Consultation 20 % -100,00 €" in text
    assert "Frais de dossier 10 % -50,00 €" in text
    assert "Total HT -150,00 €" in text
    assert "Total TTC -175,00 €" in text
    assert "Date d'échéance" not in text


def test_a7_credit_note_page_names_cancelled_invoice(
    staff_browser, note, django_assert_max_num_queries
):
    """A7: the credit note's page: its number, the invoice it cancels (linked), its lines
    and totals, negative; its PDF."""
    invoice = note.invoice

    with django_assert_max_num_queries(10):
        response = staff_browser.get(f"/credit-notes/{note.pk}/")

    assert response.status_code == 200
    html = html_of(response)
    assert f'<span class="mono" id="credit-note-number">{note.number}</span>' in html
    assert f'href="/invoices/{invoice.pk}/">{invoice.number}</a> du' in html
    assert f'href="/credit-notes/{note.pk}/pdf/"' in html
    assert "-100,00\u00a0€" in html and "-175,00\u00a0€" in html


def test_a7_invoice_page_and_lists_link_the_credit_note(partner, staff_browser, note):
    """A7: wherever the credit note is named — the invoice's page, the firm's invoices,
    the client's invoices, the matter's billing — it links to its page."""
    invoice = note.invoice
    link = f'href="/credit-notes/{note.pk}/"'

    pages = [
        f"/invoices/{invoice.pk}/",
        "/invoices/",
        f"/clients/{invoice.client_id}/invoices/",
        f"/matters/{invoice.matter_id}/billing/",
    ]

    for address in pages:
        response = staff_browser.get(address)
        assert response.status_code == 200, address
        assert link in html_of(response), address


def test_a7_unknown_credit_note_is_404_and_hidden_is_403(note, user_with_profile):
    """A7, U4: an unknown credit note is 404 `credit_note_not_found`; one whose invoice's
    matter the user may not see is 403, on the API and on the pages."""
    outsider = user_with_profile("associate", username="outsider")
    api = make_api_client(outsider)
    browser = HttpClient()
    browser.force_login(outsider)

    unknown = api.get("/api/v1/credit-notes/999999")
    hidden = api.get(f"/api/v1/credit-notes/{note.pk}")

    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "Avoir introuvable.", "code": "credit_note_not_found"}
    assert hidden.status_code == 403
    assert api.get(f"/api/v1/credit-notes/{note.pk}/pdf").status_code == 403
    assert api.get("/api/v1/credit-notes/999999/pdf").status_code == 404
    assert browser.get(f"/credit-notes/{note.pk}/").status_code == 403
    assert browser.get(f"/credit-notes/{note.pk}/pdf/").status_code == 403
    assert browser.get("/credit-notes/999999/").status_code == 404


def test_a7_credit_note_endpoints_list_their_refusals_in_the_openapi(api):
    """The new operations list their 4xx answers, as every endpoint does."""
    paths = api.get("/api/v1/openapi.json").json()["paths"]

    for path in (
        "/api/v1/credit-notes/{credit_note_id}",
        "/api/v1/credit-notes/{credit_note_id}/pdf",
    ):
        assert {"401", "403", "404", "422"} <= set(paths[path]["get"]["responses"]), path


def test_a7_a_credit_note_of_a_mono_client_invoice_has_no_quote_part(partner, staff_browser):
    """A7: «quote-part» marks only a common activity shared among a set's proformas."""
    invoice = invoiced_matter(partner, ClientFactory(name="Transports Martin"), "50.00")
    note = services.credit_note_create(actor=partner, invoice=invoice)

    html = html_of(staff_browser.get(f"/credit-notes/{note.pk}/"))

    assert "quote-part" not in html.split('id="credit-note-lines"')[1]
