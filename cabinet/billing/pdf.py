"""PDFs of proformas and invoices, rendered from an HTML template by WeasyPrint. The pages
and the API both call `proforma_pdf` / `invoice_pdf`: one layout, one set of mentions."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from cabinet.billing import selectors
from cabinet.billing.models import Invoice, Proforma


@dataclass(frozen=True)
class PdfLine:
    """A line as the PDF template reads it. «quote-part» marks a common activity shared
    among the proformas of a set (on a mono-client matter, the client pays all of it)."""

    date: object
    description: str
    vat_rate: Decimal
    amount: Decimal
    is_common_part: bool


def firm() -> dict:
    return settings.CABINET_FIRM


def _is_shared(proforma: Proforma) -> bool:
    return len(selectors.proforma_set_members(proforma)) > 1


def proforma_pdf(proforma: Proforma) -> tuple[bytes, str]:
    """The proforma as a PDF, and its file name."""
    shared = _is_shared(proforma)
    lines = [
        PdfLine(
            x.activity.date,
            x.activity.description,
            x.vat_rate,
            x.amount,
            x.is_common_part and shared,
        )
        for x in proforma.lines.all()
    ]
    content = bill_pdf(
        kind="Proforma",
        number=f"P-{proforma.pk}",
        client=proforma.client,
        matter=proforma.matter,
        issued_on=timezone.localtime(proforma.created_at).date(),
        lines=lines,
    )
    return content, f"proforma-{proforma.pk}.pdf"


def invoice_pdf(invoice: Invoice) -> tuple[bytes, str]:
    """The invoice as a PDF (marked cancelled when a credit note exists), and its file name."""
    shared = _is_shared(invoice.proforma)
    lines = [
        PdfLine(x.date, x.description, x.vat_rate, x.amount, x.is_common_part and shared)
        for x in invoice.lines.all()
    ]
    content = bill_pdf(
        kind="Facture",
        number=invoice.number,
        client=invoice.client,
        matter=invoice.matter,
        issued_on=invoice.issued_on,
        lines=lines,
        credit_note=selectors.credit_note_of(invoice),
    )
    return content, f"facture-{invoice.number}.pdf"


def bill_pdf(
    *, kind: str, number: str, client, matter, issued_on, lines, credit_note=None
) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    totals = selectors.bill_totals(lines)
    html = render_to_string(
        "billing/pdf/bill.html",
        {
            "firm": firm(),
            "kind": kind,
            "number": number,
            "client": client,
            "matter": matter,
            "issued_on": issued_on,
            "lines": lines,
            "totals": totals,
            "credit_note": credit_note,
        },
    )
    return HTML(string=html).write_pdf()
