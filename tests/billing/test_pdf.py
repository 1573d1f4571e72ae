"""A7: what the PDFs of proformas, invoices and credit notes print: the firm's name in
the running footer as it is written, a time line's hours × rate, the due date."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template

from cabinet.activities.services import activity_create
from cabinet.billing import pdf, services
from tests.billing.pdf_text import laid_out_text
from tests.billing.test_pages import matter_of
from tests.billing.test_snapshot import FIRM
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def invoice_of(actor, *, kind="fee", **activity):
    matter = matter_of(actor, [ClientFactory(name="Boulangerie Durand")])
    activity_create(
        actor=actor,
        matter=matter,
        kind=kind,
        date=datetime.date(2026, 2, 1),
        description="Audience de plaidoirie",
        **activity,
    )
    [proforma] = services.proformas_create(actor=actor, matter=matter)
    proforma_text = laid_out_text(pdf.proforma_html(proforma))
    return services.proforma_finalize(actor=actor, proforma=proforma), proforma_text


def footer_of(text: str, number: str) -> str:
    """The running footer: from the firm's name to «page 1 / 1»."""
    end = text.index(f"— {number} — page 1 / 1")
    return text[: end + len(f"— {number} — page 1 / 1")]


@pytest.mark.parametrize(
    "name",
    [
        "Cabinet Lefèvre & Vasseur",
        'Cabinet «Martin» & "Fils"',
        "Cabinet A\\B </style> <b>gras</b>",
    ],
)
def test_a7_pdf_footer_prints_the_firm_name_as_written(partner, staff_browser, settings, name):
    """A7: the footer names the firm as it is written: «&» stays «&» (not «&amp;»), and
    quotes, backslashes or markup in the name neither end the CSS string nor the style."""
    settings.CABINET_FIRM = {**FIRM, "name": name}
    invoice, _ = invoice_of(partner, amount=Decimal("100.00"))

    text = laid_out_text(pdf.invoice_html(invoice))

    assert footer_of(text, invoice.number).endswith(f"{name} — {invoice.number} — page 1 / 1")
    assert "&amp;" not in text
    response = staff_browser.get(f"/invoices/{invoice.pk}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        ("Lefèvre & Vasseur", '"Lefèvre & Vasseur"'),
        ('dit "le Cabinet"', '"dit \\"le Cabinet\\""'),
        ("A\\B", '"A\\\\B"'),
        ("</style>", '"\\3c /style\\3e "'),
        ("ligne\nsuivante", '"ligne\\a suivante"'),
    ],
)
def test_a7_css_string_escapes_for_css_not_for_html(value, literal):
    """A7: text put into the PDF's stylesheet is a CSS string: quotes and backslashes
    escaped with a backslash, `<`, `>` and line breaks as hex escapes, no HTML entity."""
    rendered = Template("{% load css %}{{ value|css_string }}").render(Context({"value": value}))

    assert rendered == literal


def test_a7_time_line_shows_hours_times_rate(partner):
    """A7: a time line shows its hours × rate under its description, on the proforma, the
    invoice and the credit note."""
    invoice, proforma_text = invoice_of(
        partner, kind="time", hours=Decimal("2.50"), hourly_rate=Decimal("180.00")
    )
    note = services.credit_note_create(actor=partner, invoice=invoice)

    invoice_text = laid_out_text(pdf.invoice_html(invoice))
    note_text = laid_out_text(pdf.credit_note_html(note))

    for text in (proforma_text, invoice_text, note_text):
        assert "Audience de plaidoirie 2,50 h × 180,00 €" in text
    assert "450,00 €" in invoice_text and "-450,00 €" in note_text


def test_a7_a_fee_line_has_no_hours(partner):
    """A7: only time lines carry hours × rate."""
    invoice, _ = invoice_of(partner, amount=Decimal("300.00"))

    assert " h × " not in laid_out_text(pdf.invoice_html(invoice))


def test_a7_invoice_pdf_prints_its_due_date_and_payment_terms(partner, settings):
    """A7: the invoice's PDF prints its due date as a date, with the payment terms; the
    proforma's does not."""
    settings.CABINET_FIRM = {**FIRM, "payment_days": 30}
    invoice, proforma_text = invoice_of(partner, amount=Decimal("100.00"))

    text = laid_out_text(pdf.invoice_html(invoice))

    due = invoice.issued_on + datetime.timedelta(days=30)
    assert invoice.due_on == due
    assert (
        f"Date d'échéance : {due:%d/%m/%Y} — paiement à 30 jours de la date de facture. "
        "Pas d'escompte pour paiement anticipé."
    ) in text
    assert "Date d'échéance" not in proforma_text
