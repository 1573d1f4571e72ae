"""PDFs of proformas, invoices and credit notes, rendered from one HTML template by
WeasyPrint. The pages and the API both call `proforma_pdf` / `invoice_pdf` /
`credit_note_pdf`: one layout, one set of mentions.

A proforma is a draft: it names the client and the firm as they are now. An invoice names
them as they were when it was issued, and a credit note as its invoice does, with the
firm's details of its own date (A7): their snapshots, never the client's record nor the
settings of today. `*_html` gives the document before WeasyPrint lays it out."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from cabinet.activities.models import ActivityKind
from cabinet.billing import selectors
from cabinet.billing.models import BilledClient, CreditNote, Invoice, Proforma


@dataclass(frozen=True)
class PdfLine:
    """A line as the PDF template reads it. «quote-part» marks a common activity shared
    among the proformas of a set (on a mono-client matter, the client pays all of it). A
    time line has its hours and rate («2,50 h × 180,00 €»)."""

    date: object
    description: str
    vat_rate: Decimal
    amount: Decimal
    is_common_part: bool
    hours: Decimal | None = None
    hourly_rate: Decimal | None = None


def _is_shared(proforma: Proforma) -> bool:
    return len(selectors.proforma_set_members(proforma)) > 1


def _time(source) -> dict:
    """The hours and rate of a time activity, or of an invoice line's copy of one."""
    if source.kind != ActivityKind.TIME:
        return {}
    return {"hours": source.hours, "hourly_rate": source.hourly_rate}


def proforma_html(proforma: Proforma) -> str:
    shared = _is_shared(proforma)
    lines = [
        PdfLine(
            x.activity.date,
            x.activity.description,
            x.vat_rate,
            x.amount,
            x.is_common_part and shared,
            **_time(x.activity),
        )
        for x in proforma.lines.all()
    ]
    return _render(
        kind="Proforma",
        number=f"P-{proforma.pk}",
        firm=settings.CABINET_FIRM,
        client=BilledClient.of(proforma.client),
        matter=proforma.matter,
        issued_on=timezone.localtime(proforma.created_at).date(),
        lines=lines,
        totals=selectors.bill_totals(lines),
    )


def proforma_pdf(proforma: Proforma) -> tuple[bytes, str]:
    """The proforma as a PDF, and its file name."""
    return _to_pdf(proforma_html(proforma)), f"proforma-{proforma.pk}.pdf"


def _invoice_lines(invoice: Invoice, *, sign: int = 1) -> list[PdfLine]:
    shared = _is_shared(invoice.proforma)
    return [
        PdfLine(
            x.date,
            x.description,
            x.vat_rate,
            sign * x.amount,
            x.is_common_part and shared,
            **_time(x),
        )
        for x in invoice.lines.all()
    ]


def invoice_html(invoice: Invoice) -> str:
    lines = _invoice_lines(invoice)
    return _render(
        kind="Facture",
        number=invoice.number,
        firm=invoice.firm,
        client=invoice.billed_client,
        matter=invoice.matter,
        issued_on=invoice.issued_on,
        due_on=invoice.due_on,
        lines=lines,
        totals=selectors.bill_totals(lines),
        credit_note=selectors.credit_note_of(invoice),
    )


def invoice_pdf(invoice: Invoice) -> tuple[bytes, str]:
    """The invoice as a PDF (marked cancelled when a credit note exists), and its file name."""
    return _to_pdf(invoice_html(invoice)), f"facture-{invoice.number}.pdf"


def credit_note_html(note: CreditNote) -> str:
    invoice = note.invoice
    return _render(
        kind="Avoir",
        number=note.number,
        firm=note.firm,
        client=invoice.billed_client,
        matter=invoice.matter,
        issued_on=note.issued_on,
        lines=_invoice_lines(invoice, sign=-1),
        totals=selectors.credit_note_totals(note),
        cancelled_invoice=invoice,
    )


def credit_note_pdf(note: CreditNote) -> tuple[bytes, str]:
    """The credit note as a PDF: the invoice it cancels, its lines and totals negative."""
    return _to_pdf(credit_note_html(note)), f"avoir-{note.number}.pdf"


def pdf_response(content: bytes, filename: str, *, disposition: str = "inline") -> HttpResponse:
    """A PDF shown in the browser («inline», as the API answers) or downloaded
    («attachment», as the pages give it), under `filename`."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _render(**context) -> str:
    return render_to_string("billing/pdf/bill.html", context)


def _to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    return HTML(string=html).write_pdf()
