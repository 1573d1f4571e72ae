"""A7/A11: invoices and credit notes, each numbered in its own gapless series, keeping what
they said at issue; a credit note returns exactly its lines' shares."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from cabinet.accounts.models import Right, User
from cabinet.activities.models import ActivityKind
from cabinet.billing.models import (
    SERIES_PREFIX,
    ActivityShare,
    CreditNote,
    Invoice,
    InvoiceLine,
    InvoiceSequence,
    NumberSeries,
    Proforma,
    ShareStatus,
)
from cabinet.billing.services.proformas import check_total_fits, editable_proforma
from cabinet.billing.services.shares import refresh_states, release_shares
from cabinet.core.errors import Conflict
from cabinet.core.permissions import require_right
from cabinet.matters.services import lock_matter


def _next_number(series: NumberSeries) -> str:
    """A7: the next number of this year's series of invoices or of credit notes, each
    gapless on its own. The series' row stays locked until the caller's transaction ends."""
    year = timezone.localdate().year
    rows = InvoiceSequence.objects.select_for_update()
    sequence = rows.filter(series=series, year=year).first()
    if sequence is None:
        InvoiceSequence.objects.get_or_create(series=series, year=year)
        sequence = rows.get(series=series, year=year)
    sequence.last_value += 1
    sequence.save(update_fields=["last_value"])
    return f"{SERIES_PREFIX[series]}{year}-{sequence.last_value:06d}"


def firm_snapshot() -> dict:
    """A7: the firm's details as an invoice or a credit note issued now prints them."""
    firm = dict(settings.CABINET_FIRM)
    firm["payment_days"] = int(firm["payment_days"])
    return firm


def proforma_finalize(*, actor: User, proforma: Proforma) -> Invoice:
    """A7: the proforma becomes an invoice with the next number; its lines are copied and
    frozen, and so are the client's name, number and address, the due date (issue date +
    the firm's payment days) and the firm's details: editing the client or the settings
    later changes nothing the invoice says. Its lines' shares are invoiced: a common
    activity counts as invoiced once every proforma of its set is (partly invoiced until
    then, A2)."""
    require_right(actor, Right.BILL)
    with transaction.atomic():
        lock_matter(proforma.matter_id)
        proforma = editable_proforma(proforma.id)
        lines = list(proforma.lines.select_related("activity").order_by("activity__date", "id"))
        if not lines:
            raise Conflict(
                "Cette proforma n'a plus de ligne : rien à facturer.", code="proforma_empty"
            )
        client = proforma.client
        totals = check_total_fits(lines, client=client)
        firm = firm_snapshot()
        issued_on = timezone.localdate()
        invoice = Invoice(
            number=_next_number(NumberSeries.INVOICE),
            proforma=proforma,
            matter_id=proforma.matter_id,
            client=client,
            client_name=client.display_name,
            client_number=client.number,
            client_address=client.address,
            client_postal_code=client.postal_code,
            client_city=client.city,
            client_country=client.country,
            firm=firm,
            issued_on=issued_on,
            due_on=issued_on + datetime.timedelta(days=firm["payment_days"]),
            issued_by=actor,
            total_excl_tax=totals.excl_tax,
            total_vat=totals.vat,
            total_incl_tax=totals.incl_tax,
        )
        invoice._history_user = actor
        invoice.save()
        InvoiceLine.objects.bulk_create(
            InvoiceLine(
                invoice=invoice,
                activity=line.activity,
                date=line.activity.date,
                description=line.activity.description,
                kind=line.activity.kind,
                hours=line.activity.hours if line.activity.kind == ActivityKind.TIME else None,
                hourly_rate=(
                    line.activity.hourly_rate if line.activity.kind == ActivityKind.TIME else None
                ),
                amount=line.amount,
                vat_rate=line.vat_rate,
                is_common_part=line.is_common_part,
            )
            for line in lines
        )
        proforma.finalized_at = timezone.now()
        proforma._history_user = actor
        proforma.save(update_fields=["finalized_at"])
        shares = list(ActivityShare.objects.select_for_update().filter(line__proforma=proforma))
        for share in shares:
            share.status = ShareStatus.INVOICED
        bulk_update_with_history(shares, ActivityShare, ["status"], default_user=actor)
        refresh_states(actor=actor, activity_ids=[line.activity_id for line in lines])
    return invoice


def credit_note_create(*, actor: User, invoice: Invoice) -> CreditNote:
    """A7: an «avoir» cancels the invoice, with the next number of the credit notes' own
    series. It names the client as the invoice does and keeps the firm's details of its own
    date. The invoice stays as it was. A11: exactly the shares its lines billed return to
    «to bill», each for the invoice's client; what the other proformas and invoices of its
    set hold stays where it is."""
    require_right(actor, Right.BILL)
    with transaction.atomic():
        lock_matter(invoice.matter_id)
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if CreditNote.objects.filter(invoice=invoice).exists():
            raise Conflict(
                f"La facture {invoice.number} est déjà annulée par un avoir.",
                code="already_credited",
            )
        note = CreditNote(
            number=_next_number(NumberSeries.CREDIT_NOTE),
            invoice=invoice,
            firm=firm_snapshot(),
            issued_on=timezone.localdate(),
            issued_by=actor,
        )
        note._history_user = actor
        note.save()
        shares = list(
            ActivityShare.objects.select_for_update().filter(
                line__proforma_id=invoice.proforma_id, status=ShareStatus.INVOICED
            )
        )
        for share in shares:
            share.client_id = invoice.client_id
        release_shares(actor=actor, shares=shares)
        refresh_states(
            actor=actor, activity_ids=list(invoice.lines.values_list("activity_id", flat=True))
        )
    return note
