"""Split, allocation, proformas, invoices, credit notes and PDFs (A2–A7, A10)."""

import datetime
from dataclasses import asdict
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Query, Router, Status
from pydantic import BaseModel, Field

from cabinet.accounts.models import Right
from cabinet.activities.api import ActivityOut, activity_out
from cabinet.activities.models import Activity
from cabinet.billing import pdf, selectors, services
from cabinet.billing.models import CreditNote, Invoice, Proforma
from cabinet.clients.api import client_ref
from cabinet.clients.schemas import ClientRef
from cabinet.core.money import money_str
from cabinet.core.pagination import PageQuery, api_page, api_slice, page_answer
from cabinet.core.permissions import require_right
from cabinet.core.schemas import Id, In, Page, errors
from cabinet.matters.selectors import matter_get_for_user

matter_router = Router(tags=["billing"])
proforma_router = Router(tags=["billing"])
invoice_router = Router(tags=["billing"])
credit_note_router = Router(tags=["billing"])

Share = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2, allow_inf_nan=False)]


class ShareIn(In):
    client_id: Id
    share: Share


class ShareOut(BaseModel):
    client: ClientRef
    share: str


class AllocationOut(BaseModel):
    client: ClientRef
    amount: str


class LineOut(BaseModel):
    id: int
    activity_id: int
    date: datetime.date
    description: str
    kind: str
    amount: str
    vat_rate: str
    is_common_part: bool


class VatOut(BaseModel):
    rate: str
    base: str
    vat: str


class ProformaOut(BaseModel):
    id: int
    set_id: int
    matter_id: int
    client: ClientRef
    lines: list[LineOut]
    total_excl_tax: str
    total_vat: str
    total_incl_tax: str
    vat_by_rate: list[VatOut]
    finalized: bool
    invoice_id: int | None


class BilledClientOut(BaseModel):
    """The client as the invoice named it when it was issued (A7)."""

    name: str
    number: str
    address: str
    postal_code: str
    city: str
    country: str


class InvoiceOut(BaseModel):
    id: int
    number: str
    matter_id: int
    client: ClientRef
    billed_to: BilledClientOut
    issued_on: datetime.date
    due_on: datetime.date
    total_excl_tax: str
    total_vat: str
    total_incl_tax: str
    credit_note: str | None
    credit_note_id: int | None
    lines: list[LineOut]


class CreditNoteOut(BaseModel):
    id: int
    number: str
    invoice_id: int
    invoice_number: str
    issued_on: datetime.date
    total_incl_tax: str


class CreditNoteDetailOut(CreditNoteOut):
    """A credit note: the invoice it cancels, its client as that invoice names it, its
    lines and totals (the invoice's, negative)."""

    invoice_issued_on: datetime.date
    matter_id: int
    client: ClientRef
    billed_to: BilledClientOut
    total_excl_tax: str
    total_vat: str
    vat_by_rate: list[VatOut]
    lines: list[LineOut]


def _vat(totals) -> list[dict]:
    return [
        {"rate": money_str(v.rate), "base": money_str(v.base), "vat": money_str(v.vat)}
        for v in totals.by_rate
    ]


def line_out(line, *, invoice: bool = False, sign: int = 1) -> dict:
    """An invoice line carries its frozen copy of the activity; a proforma line reads it.
    A credit note's lines are its invoice's, `sign` -1."""
    source = line if invoice else line.activity
    return {
        "id": line.id,
        "activity_id": line.activity_id,
        "date": source.date,
        "description": source.description,
        "kind": source.kind,
        "amount": money_str(sign * line.amount),
        "vat_rate": money_str(line.vat_rate),
        "is_common_part": line.is_common_part,
    }


def proforma_out(proforma: Proforma) -> dict:
    lines = list(proforma.lines.all())
    totals = selectors.bill_totals(lines)
    invoice = getattr(proforma, "invoice", None) if proforma.is_finalized else None
    return {
        "id": proforma.id,
        "set_id": proforma.proforma_set_id,
        "matter_id": proforma.matter_id,
        "client": client_ref(proforma.client),
        "lines": [line_out(x) for x in lines],
        "total_excl_tax": money_str(totals.excl_tax),
        "total_vat": money_str(totals.vat),
        "total_incl_tax": money_str(totals.incl_tax),
        "vat_by_rate": _vat(totals),
        "finalized": proforma.is_finalized,
        "invoice_id": invoice.id if invoice else None,
    }


def _billed(invoice: Invoice) -> tuple[dict, dict]:
    """A7: the invoice's client as it named it when issued: `client` and `billed_to`."""
    billed = invoice.billed_client
    ref = {"id": invoice.client_id, "number": billed.number, "display_name": billed.name}
    return ref, asdict(billed)


def invoice_out(invoice: Invoice) -> dict:
    note = selectors.credit_note_of(invoice)
    client, billed_to = _billed(invoice)
    return {
        "id": invoice.id,
        "number": invoice.number,
        "matter_id": invoice.matter_id,
        "client": client,
        "billed_to": billed_to,
        "issued_on": invoice.issued_on,
        "due_on": invoice.due_on,
        "total_excl_tax": money_str(invoice.total_excl_tax),
        "total_vat": money_str(invoice.total_vat),
        "total_incl_tax": money_str(invoice.total_incl_tax),
        "credit_note": note.number if note else None,
        "credit_note_id": note.id if note else None,
        "lines": [line_out(x, invoice=True) for x in invoice.lines.all()],
    }


def credit_note_out(note: CreditNote) -> dict:
    return {
        "id": note.id,
        "number": note.number,
        "invoice_id": note.invoice_id,
        "invoice_number": note.invoice.number,
        "issued_on": note.issued_on,
        "total_incl_tax": money_str(-note.invoice.total_incl_tax),
    }


def credit_note_detail_out(note: CreditNote) -> dict:
    invoice = note.invoice
    client, billed_to = _billed(invoice)
    totals = selectors.credit_note_totals(note)
    return {
        **credit_note_out(note),
        "invoice_issued_on": invoice.issued_on,
        "matter_id": invoice.matter_id,
        "client": client,
        "billed_to": billed_to,
        "total_excl_tax": money_str(totals.excl_tax),
        "total_vat": money_str(totals.vat),
        "vat_by_rate": _vat(totals),
        "lines": [line_out(x, invoice=True, sign=-1) for x in invoice.lines.all()],
    }


def _split_out(matter) -> list[dict]:
    return [
        {"client": client_ref(c), "share": money_str(s)}
        for c, s in selectors.effective_split(matter)
    ]


@matter_router.get(
    "/{matter_id}/split", response={200: list[ShareOut], **errors(401, 403, 404, 422)}
)
def split_get(request, matter_id: Id):
    """A3: a share per ACTIVE client party, as decimal strings summing to "100.00"."""
    return _split_out(matter_get_for_user(user=request.auth, matter_id=matter_id))


@matter_router.put(
    "/{matter_id}/split", response={200: list[ShareOut], **errors(401, 403, 404, 422)}
)
def split_put(request, matter_id: Id, body: list[ShareIn]):
    """A3: one share per active client party, summing to 100 (422 otherwise)."""
    matter = matter_get_for_user(user=request.auth, matter_id=matter_id)
    services.split_set(
        actor=request.auth, matter=matter, shares=[(s.client_id, s.share) for s in body]
    )
    return _split_out(matter)


@matter_router.get(
    "/{matter_id}/allocation",
    response={200: list[AllocationOut], **errors(401, 403, 404, 409, 422)},
)
def allocation_get(request, matter_id: Id):
    """A4/A5: the unbilled total per active client, summing exactly to the unbilled total
    (`allocation_totals`: SQL sums, a bounded number of queries)."""
    matter = matter_get_for_user(user=request.auth, matter_id=matter_id)
    return [
        {"client": client_ref(a.client), "amount": money_str(a.total)}
        for a in selectors.allocation_totals(matter)
    ]


def _activity_answer(activity_id: int) -> dict:
    return activity_out(Activity.objects.select_related("client", "user").get(pk=activity_id))


@matter_router.post(
    "/{matter_id}/activities/{activity_id}/write-off",
    response={200: ActivityOut, **errors(401, 403, 404, 409, 422)},
)
def activity_write_off(request, matter_id: Id, activity_id: Id):
    """A2 «Non facturable»: what is left to bill of the activity is written off (needs
    «bill»); `409 nothing_to_write_off` when nothing is left to bill."""
    matter = matter_get_for_user(user=request.auth, matter_id=matter_id)
    services.activity_write_off(actor=request.auth, matter=matter, activity_id=activity_id)
    return _activity_answer(activity_id)


@matter_router.delete(
    "/{matter_id}/activities/{activity_id}/write-off",
    response={200: ActivityOut, **errors(401, 403, 404, 409, 422)},
)
def activity_write_off_cancel(request, matter_id: Id, activity_id: Id):
    """A2: what was written off is to bill again (needs «bill»); `409 nothing_written_off`
    when nothing was."""
    matter = matter_get_for_user(user=request.auth, matter_id=matter_id)
    services.activity_write_off_cancel(actor=request.auth, matter=matter, activity_id=activity_id)
    return _activity_answer(activity_id)


@matter_router.post(
    "/{matter_id}/proformas", response={201: list[ProformaOut], **errors(401, 403, 404, 409, 422)}
)
def proformas_create(request, matter_id: Id):
    """A6: one proforma per active client, made together as a set."""
    matter = matter_get_for_user(user=request.auth, matter_id=matter_id)
    proformas = services.proformas_create(actor=request.auth, matter=matter)
    return Status(
        201,
        [
            proforma_out(selectors.proforma_get_for_user(user=request.auth, proforma_id=p.id))
            for p in proformas
        ],
    )


@matter_router.get(
    "/{matter_id}/proformas", response={200: Page[ProformaOut], **errors(401, 403, 404, 422)}
)
def proformas_of_matter(request, matter_id: Id, query: Query[PageQuery]):
    """The matter's draft proformas, newest first: `{items, count}` (the answer of
    `POST`, the set just made, stays an array)."""
    matter = matter_get_for_user(user=request.auth, matter_id=matter_id)
    return api_page(selectors.proformas_of_matter(matter), query, proforma_out)


@proforma_router.get(
    "/{proforma_id}", response={200: ProformaOut, **errors(401, 403, 404, 409, 422)}
)
def proforma_get(request, proforma_id: Id):
    return proforma_out(selectors.proforma_get_for_user(user=request.auth, proforma_id=proforma_id))


@proforma_router.delete("/{proforma_id}", response={204: None, **errors(401, 403, 404, 409, 422)})
def proforma_delete(request, proforma_id: Id):
    """A10: deletes the whole set; its activities return to unbilled."""
    proforma = selectors.proforma_get_for_user(user=request.auth, proforma_id=proforma_id)
    services.proforma_delete(actor=request.auth, proforma=proforma)
    return Status(204, None)


@proforma_router.delete(
    "/{proforma_id}/lines/{line_id}", response={200: ProformaOut, **errors(401, 403, 404, 409, 422)}
)
def proforma_line_delete(request, proforma_id: Id, line_id: Id):
    """A10: the line's activity returns to unbilled."""
    proforma = selectors.proforma_get_for_user(user=request.auth, proforma_id=proforma_id)
    services.proforma_line_remove(actor=request.auth, proforma=proforma, line_id=line_id)
    return proforma_out(selectors.proforma_get_for_user(user=request.auth, proforma_id=proforma_id))


@proforma_router.post(
    "/{proforma_id}/finalize", response={201: InvoiceOut, **errors(401, 403, 404, 409, 422)}
)
def proforma_finalize(request, proforma_id: Id):
    """A7: the invoice, numbered from the gapless sequence."""
    proforma = selectors.proforma_get_for_user(user=request.auth, proforma_id=proforma_id)
    invoice = services.proforma_finalize(actor=request.auth, proforma=proforma)
    return Status(
        201, invoice_out(selectors.invoice_get_for_user(user=request.auth, invoice_id=invoice.id))
    )


@proforma_router.get("/{proforma_id}/pdf", response={200: None, **errors(401, 403, 404, 409, 422)})
def proforma_pdf(request, proforma_id: Id):
    proforma = selectors.proforma_get_for_user(user=request.auth, proforma_id=proforma_id)
    return pdf.pdf_response(*pdf.proforma_pdf(proforma))


# `state` of API.md, and the names it had before, kept as aliases: `issued` = `to_pay`,
# `credited` = `cancelled`. Until payments exist (A13) an invoice no credit note cancels
# is to pay, and `partly_paid` and `paid` match none.
_INVOICE_STATES = {
    "": "",
    "to_pay": "issued",
    "partly_paid": None,
    "paid": None,
    "cancelled": "credited",
    "issued": "issued",
    "credited": "credited",
}


class InvoiceListQuery(PageQuery):
    matter_id: Id | None = None
    client_id: Id | None = None
    state: Literal["", "to_pay", "partly_paid", "paid", "cancelled", "issued", "credited"] = ""
    from_: datetime.date | None = Field(None, alias="from", description="issued on or after")
    to: datetime.date | None = Field(None, description="issued on or before")
    date_from: datetime.date | None = Field(None, description="alias of `from`")
    date_to: datetime.date | None = Field(None, description="alias of `to`")


class InvoiceTotalsOut(BaseModel):
    total_excl_tax: str
    total_vat: str
    total_incl_tax: str
    credited_incl_tax: str
    net_incl_tax: str


class InvoiceListOut(BaseModel):
    items: list[InvoiceOut]
    count: int
    count_capped: bool = False
    totals: InvoiceTotalsOut
    total_incl_tax: str


@invoice_router.get("", response={200: InvoiceListOut, **errors(401, 403, 422)})
def invoice_list(request, query: Query[InvoiceListQuery]):
    """The firm's invoices, newest first: by matter, client, `state` (`to_pay`,
    `partly_paid`, `paid`, `cancelled`: a credit note cancels it) and issue date (`from`,
    `to`). `totals` sums the whole filtered list, not the page: `net_incl_tax` (also at the
    top as `total_incl_tax`, its former place) deducts the credit notes."""
    state = _INVOICE_STATES[query.state]
    invoices = selectors.invoice_list(
        user=request.auth,
        matter_id=query.matter_id,
        client_id=query.client_id,
        state=state or "",
        date_from=query.from_ or query.date_from,
        date_to=query.to or query.date_to,
    )
    if state is None:
        invoices = invoices.none()
    page = api_slice(invoices, limit=query.limit, offset=query.offset)
    totals = selectors.invoice_list_totals(invoices)
    return {
        **page_answer(page, invoice_out),
        "totals": {
            "total_excl_tax": money_str(totals.excl_tax),
            "total_vat": money_str(totals.vat),
            "total_incl_tax": money_str(totals.incl_tax),
            "credited_incl_tax": money_str(totals.credited_incl_tax),
            "net_incl_tax": money_str(totals.net_incl_tax),
        },
        "total_incl_tax": money_str(totals.net_incl_tax),
    }


@invoice_router.get("/{invoice_id}", response={200: InvoiceOut, **errors(401, 403, 404, 422)})
def invoice_get(request, invoice_id: Id):
    return invoice_out(selectors.invoice_get_for_user(user=request.auth, invoice_id=invoice_id))


@invoice_router.get("/{invoice_id}/pdf", response={200: None, **errors(401, 403, 404, 422)})
def invoice_pdf(request, invoice_id: Id):
    invoice = selectors.invoice_get_for_user(user=request.auth, invoice_id=invoice_id)
    return pdf.pdf_response(*pdf.invoice_pdf(invoice))


@invoice_router.post(
    "/{invoice_id}/credit-note", response={201: CreditNoteOut, **errors(401, 403, 404, 409, 422)}
)
def credit_note_create(request, invoice_id: Id):
    """A7: an «avoir» cancelling the invoice; a second one is refused (409)."""
    require_right(request.auth, Right.BILL)
    invoice = selectors.invoice_get_for_user(user=request.auth, invoice_id=invoice_id)
    note = services.credit_note_create(actor=request.auth, invoice=invoice)
    return Status(201, credit_note_out(note))


@credit_note_router.get(
    "/{credit_note_id}", response={200: CreditNoteDetailOut, **errors(401, 403, 404, 422)}
)
def credit_note_get(request, credit_note_id: Id):
    """A7: the credit note, the invoice it cancels, its lines and totals (negative)."""
    return credit_note_detail_out(
        selectors.credit_note_get_for_user(user=request.auth, credit_note_id=credit_note_id)
    )


@credit_note_router.get("/{credit_note_id}/pdf", response={200: None, **errors(401, 403, 404, 422)})
def credit_note_pdf(request, credit_note_id: Id):
    note = selectors.credit_note_get_for_user(user=request.auth, credit_note_id=credit_note_id)
    return pdf.pdf_response(*pdf.credit_note_pdf(note))
