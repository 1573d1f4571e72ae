"""Writes on billing: split (A3), proformas (A6, A10), invoices and credit notes (A7).

Each write locks the matter first (as activities and parties do); invoice numbers come
from their series' row, locked until the invoice is saved, so numbers are unique, gapless
and chronological even when many proformas are finalised at once (credit notes likewise,
in their own series).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cabinet.accounts.models import Right, User
from cabinet.activities.models import Activity, ActivityKind, BillingState
from cabinet.activities.services import activities_set_state
from cabinet.billing import selectors
from cabinet.billing.models import (
    SERIES_PREFIX,
    ClientSplit,
    CreditNote,
    Invoice,
    InvoiceLine,
    InvoiceSequence,
    NumberSeries,
    Proforma,
    ProformaLine,
    ProformaSet,
)
from cabinet.core.errors import Conflict, InvalidInput, NotFound
from cabinet.core.money import MONEY_MAX_TEXT, fits_money
from cabinet.core.permissions import require_right
from cabinet.matters.models import Matter
from cabinet.matters.services import lock_matter


def split_set(*, actor: User, matter: Matter, shares: list[tuple[int, Decimal]]) -> None:
    """A3: one share per active client party, each ≥ 0, summing to exactly 100.00."""
    require_right(actor, Right.BILL)
    with transaction.atomic():
        matter = lock_matter(matter.id)
        active = {c.id for c in selectors.active_clients(matter)}
        given = [client_id for client_id, _ in shares]
        if len(set(given)) != len(given):
            raise InvalidInput(
                "Un client apparaît deux fois dans la répartition.",
                code="split_duplicate_client",
                field="shares",
            )
        unknown = set(given) - active
        if unknown:
            raise InvalidInput(
                "La répartition ne porte que sur les clients actifs du dossier "
                f"(client {sorted(unknown)[0]}).",
                code="split_unknown_client",
                field="shares",
            )
        if set(given) != active:
            raise InvalidInput(
                "Chaque client actif du dossier a une part.",
                code="split_missing_client",
                field="shares",
            )
        total = sum((share for _, share in shares), Decimal("0"))
        if total != Decimal("100"):
            raise InvalidInput(
                f"Les parts totalisent {total} % au lieu de 100 %.",
                code="split_not_100",
                field="shares",
            )
        current = {s.client_id: s for s in ClientSplit.objects.filter(matter=matter)}
        for client_id, share in shares:
            row = current.pop(client_id, None) or ClientSplit(matter=matter, client_id=client_id)
            if row.pk is None or row.share != share:
                row.share = share
                row._history_user = actor
                row.save()
        for row in current.values():  # inactive clients' old shares
            row._history_user = actor
            row.delete()


def proformas_create(*, actor: User, matter: Matter) -> list[Proforma]:
    """A6: «Proforma dossier» (mono-client) or «Répartition client» (multi-client): one
    proforma per active client with its activities and its part of the common ones, made
    together as a set. Refused as `selectors.proformas_refusal` says (the bill right, a
    closed matter, M5, nothing unbilled); a proforma whose total its money columns could not
    store is refused before anything is written (A12)."""
    with transaction.atomic():
        matter = lock_matter(matter.id)
        activities = list(
            Activity.objects.select_for_update(of=("self",))
            .filter(matter=matter, state=BillingState.UNBILLED)
            .select_related("client")
            .order_by("date", "id")
        )
        refusal = selectors.proformas_refusal(
            user=actor, matter=matter, has_unbilled=bool(activities)
        )
        if refusal is not None:
            raise refusal
        bills = [
            (
                alloc.client,
                [
                    ProformaLine(
                        activity=part.activity,
                        amount=part.amount,
                        vat_rate=part.activity.vat_rate,
                        is_common_part=part.is_common_part,
                    )
                    for part in alloc.parts
                ],
            )
            for alloc in selectors.allocate_matter(matter, activities)
            if alloc.parts
        ]
        for client, lines in bills:
            _check_total_fits(lines, client=client)
        proforma_set = ProformaSet.objects.create(matter=matter, created_by=actor)
        proformas = []
        for client, lines in bills:
            proforma = Proforma(
                proforma_set=proforma_set, matter=matter, client=client, created_by=actor
            )
            proforma._history_user = actor
            proforma.save()
            for line in lines:
                line.proforma = proforma
            ProformaLine.objects.bulk_create(lines)
            proformas.append(proforma)
        activities_set_state(
            actor=actor, activity_ids=[a.id for a in activities], state=BillingState.PROFORMA
        )
    return proformas


def _check_total_fits(lines: list[ProformaLine], *, client) -> selectors.BillTotals:
    """A12: a bill whose total (excl. tax, VAT or incl. tax) the money columns cannot store
    is refused before anything is written."""
    totals = selectors.bill_totals(lines)
    if not all(fits_money(t) for t in (totals.excl_tax, totals.vat, totals.incl_tax)):
        raise Conflict(
            f"La proforma de {client.display_name} dépasserait, TVA comprise, ce qu'une "
            f"facture peut porter ({MONEY_MAX_TEXT} TTC) : transférez une partie des "
            "activités vers un autre dossier pour les facturer séparément.",
            code="total_too_large",
        )
    return totals


def _editable(proforma_id: int) -> Proforma:
    proforma = Proforma.objects.select_for_update().filter(pk=proforma_id).first()
    if proforma is None:
        raise NotFound("Proforma introuvable.", code="proforma_not_found")
    if proforma.is_finalized:
        raise Conflict(
            "Cette proforma est facturée : elle ne change plus.", code="proforma_finalized"
        )
    return proforma


def proforma_line_remove(*, actor: User, proforma: Proforma, line_id: int) -> None:
    """A10: its activity returns to unbilled. A common activity leaves every proforma of
    the set (its parts are only meaningful together)."""
    require_right(actor, Right.BILL)
    with transaction.atomic():
        lock_matter(proforma.matter_id)
        proforma = _editable(proforma.id)
        line = ProformaLine.objects.filter(pk=line_id, proforma=proforma).first()
        if line is None:
            raise NotFound("Ligne introuvable.", code="line_not_found")
        lines = ProformaLine.objects.filter(
            activity_id=line.activity_id, proforma__proforma_set=proforma.proforma_set_id
        )
        if lines.filter(proforma__finalized_at__isnull=False).exists():
            raise Conflict(
                "Cette activité est déjà facturée sur une autre proforma du lot.",
                code="proforma_finalized",
            )
        lines.delete()
        activities_set_state(
            actor=actor, activity_ids=[line.activity_id], state=BillingState.UNBILLED
        )


def proforma_delete(*, actor: User, proforma: Proforma) -> None:
    """A10: deletes its whole set; their activities return to unbilled."""
    require_right(actor, Right.BILL)
    with transaction.atomic():
        lock_matter(proforma.matter_id)
        proforma = _editable(proforma.id)
        siblings = list(
            Proforma.objects.select_for_update().filter(proforma_set=proforma.proforma_set_id)
        )
        if any(p.is_finalized for p in siblings):
            raise Conflict(
                "Une proforma de ce lot est déjà facturée : le lot ne peut plus être supprimé.",
                code="proforma_finalized",
            )
        activity_ids = list(
            ProformaLine.objects.filter(proforma__in=siblings)
            .values_list("activity_id", flat=True)
            .distinct()
        )
        for sibling in siblings:
            sibling.lines.all().delete()
            sibling._history_user = actor
            sibling.delete()
        ProformaSet.objects.filter(pk=proforma.proforma_set_id).delete()
        activities_set_state(actor=actor, activity_ids=activity_ids, state=BillingState.UNBILLED)


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
    later changes nothing the invoice says. A common activity counts as invoiced once
    every proforma of its set is."""
    require_right(actor, Right.BILL)
    with transaction.atomic():
        lock_matter(proforma.matter_id)
        proforma = _editable(proforma.id)
        lines = list(proforma.lines.select_related("activity").order_by("activity__date", "id"))
        if not lines:
            raise Conflict(
                "Cette proforma n'a plus de ligne : rien à facturer.", code="proforma_empty"
            )
        client = proforma.client
        totals = _check_total_fits(lines, client=client)
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
        activities_set_state(
            actor=actor, activity_ids=_fully_invoiced(lines), state=BillingState.INVOICED
        )
    return invoice


def _fully_invoiced(lines: list[ProformaLine]) -> list[int]:
    """The activities of `lines` none of whose proforma lines is still on a draft."""
    ids = [line.activity_id for line in lines]
    pending = set(
        ProformaLine.objects.filter(
            activity_id__in=ids, proforma__finalized_at__isnull=True
        ).values_list("activity_id", flat=True)
    )
    return [i for i in ids if i not in pending]


def credit_note_create(*, actor: User, invoice: Invoice) -> CreditNote:
    """A7: an «avoir» cancels the invoice, with the next number of the credit notes' own
    series. It names the client as the invoice does and keeps the firm's details of its own
    date. The invoice stays as it was; its activities are recorded as credited and can be
    billed again (a common activity once every invoice carrying it is credited)."""
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
        ids = list(invoice.lines.values_list("activity_id", flat=True))
        still_billed = set(
            InvoiceLine.objects.filter(
                activity_id__in=ids, invoice__credit_note__isnull=True
            ).values_list("activity_id", flat=True)
        )
        activities_set_state(
            actor=actor,
            activity_ids=[i for i in ids if i not in still_billed],
            state=BillingState.UNBILLED,
        )
    return note
