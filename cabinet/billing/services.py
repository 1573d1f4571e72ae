"""Writes on billing: split (A3), proformas (A6, A10), invoices and credit notes (A7).

Each write locks the matter first (as activities and parties do): every billing write on
a matter waits for the one before, so the shares and activities it then locks (in either
order) are never contended by another billing write. Invoice numbers come
from their series' row, locked until the invoice is saved, so numbers are unique, gapless
and chronological even when many proformas are finalised at once (credit notes likewise,
in their own series).
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from cabinet.accounts.models import Right, User
from cabinet.activities.models import Activity, ActivityKind
from cabinet.activities.services import activities_set_state
from cabinet.billing import selectors
from cabinet.billing.models import (
    SERIES_PREFIX,
    ActivityShare,
    ClientSplit,
    CreditNote,
    Invoice,
    InvoiceLine,
    InvoiceSequence,
    NumberSeries,
    Proforma,
    ProformaLine,
    ProformaSet,
    ShareStatus,
)
from cabinet.core.errors import Conflict, DomainError, InvalidInput, NotFound
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
    together as a set. What is billed is what is left to bill (A11): never-billed parts and
    the shares credit notes returned, each allocated by `selectors.allocate_matter`; every
    piece becomes a share on its client's line. Refused as `selectors.proformas_refusal`
    says (the bill right, a closed matter, M5, nothing to bill); a proforma whose total its
    money columns could not store is refused before anything is written (A12)."""
    with transaction.atomic():
        matter = lock_matter(matter.id)
        activities = selectors.activities_to_bill(matter, lock=True)
        refusal = selectors.proformas_refusal(
            user=actor,
            matter=matter,
            has_unbilled=any(selectors.parts_to_bill(a) for a in activities),
        )
        if refusal is not None:
            raise refusal
        bills = [
            (alloc.client, _lines_of(alloc.parts))
            for alloc in selectors.allocate_matter(matter, activities)
            if alloc.parts
        ]
        for client, lines in bills:
            _check_total_fits([line for line, _ in lines], client=client)
        proforma_set = ProformaSet.objects.create(matter=matter, created_by=actor)
        proformas = []
        for client, lines in bills:
            proforma = Proforma(
                proforma_set=proforma_set, matter=matter, client=client, created_by=actor
            )
            proforma._history_user = actor
            proforma.save()
            for line, _ in lines:
                line.proforma = proforma
            ProformaLine.objects.bulk_create([line for line, _ in lines])
            proformas.append(proforma)
        _put_on_lines(actor=actor, lines=[entry for _, lines in bills for entry in lines])
        _refresh_states(actor=actor, activity_ids=[a.id for a in activities])
    return proformas


def _lines_of(parts: list[selectors.Part]) -> list[tuple[ProformaLine, list[selectors.Part]]]:
    """One line per activity on a client's proforma, gathering the pieces it bills."""
    lines: dict[int, tuple[ProformaLine, list[selectors.Part]]] = {}
    for part in parts:
        activity = part.activity
        line, pieces = lines.setdefault(
            activity.id,
            (
                ProformaLine(
                    activity=activity,
                    amount=Decimal("0.00"),
                    vat_rate=activity.vat_rate,
                    is_common_part=False,
                ),
                [],
            ),
        )
        line.amount += part.amount
        line.is_common_part = line.is_common_part or part.is_common_part
        pieces.append(part)
    return list(lines.values())


def _put_on_lines(*, actor: User, lines: list[tuple[ProformaLine, list[selectors.Part]]]) -> None:
    """A11: each piece a line bills becomes a share on it. A returned share is the first of
    its pieces (the others are new shares of the same client); the activity's own part
    gives new shares."""
    created, updated, reused = [], [], set()
    for line, pieces in lines:
        for part in pieces:
            share = part.source.share
            if share is not None and share.pk not in reused:
                reused.add(share.pk)
                share.amount, share.status, share.line = part.amount, ShareStatus.PROFORMA, line
                updated.append(share)
                continue
            created.append(
                ActivityShare(
                    activity=part.activity,
                    client_id=part.source.client_id,
                    amount=part.amount,
                    status=ShareStatus.PROFORMA,
                    line=line,
                )
            )
    if updated:
        bulk_update_with_history(
            updated, ActivityShare, ["amount", "status", "line"], default_user=actor
        )
    if created:
        bulk_create_with_history(created, ActivityShare, default_user=actor)


def _release(*, actor: User, shares: list[ActivityShare]) -> None:
    """A10/A11: shares leave their line (removed, deleted) or their write-off. The
    activity's own part returns to never-billed (its shares go); a client's share is to
    bill again for that client, merged with any other it has there."""
    keep: dict[tuple[int, int], ActivityShare] = {}
    for share in ActivityShare.objects.select_for_update().filter(
        activity_id__in={s.activity_id for s in shares},
        client_id__in={s.client_id for s in shares if s.client_id is not None},
        status=ShareStatus.TO_BILL,
    ):
        keep[(share.activity_id, share.client_id)] = share
    changed = {}
    for share in shares:
        if share.client_id is None:
            share._history_user = actor
            share.delete()
            continue
        kept = keep.get((share.activity_id, share.client_id))
        if kept is None:
            share.status, share.line = ShareStatus.TO_BILL, None
            keep[(share.activity_id, share.client_id)] = share
            changed[share.pk] = share
        else:
            kept.amount += share.amount
            changed[kept.pk] = kept
            share._history_user = actor
            share.delete()
    if changed:
        bulk_update_with_history(
            list(changed.values()),
            ActivityShare,
            ["client", "amount", "status", "line"],
            default_user=actor,
        )


def _refresh_states(*, actor: User, activity_ids: list[int]) -> None:
    """A2: each activity's state, summed up again from its shares."""
    by_state: dict[str, list[int]] = defaultdict(list)
    for activity in Activity.objects.filter(pk__in=set(activity_ids)).prefetch_related("shares"):
        by_state[selectors.billing_state(activity)].append(activity.id)
    for state, ids in by_state.items():
        activities_set_state(actor=actor, activity_ids=ids, state=state)


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
    """A10: what the line billed returns to «to bill». A common activity leaves every
    proforma of the set (its parts are only meaningful together)."""
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
        _release(actor=actor, shares=list(ActivityShare.objects.filter(line__in=lines)))
        lines.delete()
        _refresh_states(actor=actor, activity_ids=[line.activity_id])


def proforma_delete(*, actor: User, proforma: Proforma) -> None:
    """A10: deletes its whole set; what its lines billed returns to «to bill»."""
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
        shares = list(ActivityShare.objects.filter(line__proforma__in=siblings))
        activity_ids = {share.activity_id for share in shares}
        _release(actor=actor, shares=shares)
        for sibling in siblings:
            sibling.lines.all().delete()
            sibling._history_user = actor
            sibling.delete()
        ProformaSet.objects.filter(pk=proforma.proforma_set_id).delete()
        _refresh_states(actor=actor, activity_ids=list(activity_ids))


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
        shares = list(ActivityShare.objects.select_for_update().filter(line__proforma=proforma))
        for share in shares:
            share.status = ShareStatus.INVOICED
        bulk_update_with_history(shares, ActivityShare, ["status"], default_user=actor)
        _refresh_states(actor=actor, activity_ids=[line.activity_id for line in lines])
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
        _release(actor=actor, shares=shares)
        _refresh_states(
            actor=actor, activity_ids=list(invoice.lines.values_list("activity_id", flat=True))
        )
    return note


def activity_write_off(*, actor: User, matter: Matter, activity_id: int) -> Activity:
    """A2 «Non facturable»: what is left to bill of the activity (all of it, or the rest of
    a partly billed one) is written off: recorded, reversible (`activity_write_off_cancel`).
    Needs «bill» (`selectors.write_off_refusal`); refused when nothing is left to bill."""
    _raise(selectors.write_off_refusal(user=actor))
    with transaction.atomic():
        matter = lock_matter(matter.id)
        activity = _activity_of(matter, activity_id)
        parts = selectors.parts_to_bill(activity)
        if not parts:
            raise Conflict(
                "Rien n'est à facturer sur cette activité : il n'y a rien à marquer non "
                "facturable.",
                code="nothing_to_write_off",
            )
        written = [part.share for part in parts if part.share is not None]
        for share in written:
            share.status = ShareStatus.WRITTEN_OFF
        bulk_update_with_history(written, ActivityShare, ["status"], default_user=actor)
        own = [part for part in parts if part.share is None]
        bulk_create_with_history(
            [
                ActivityShare(
                    activity=activity,
                    amount=part.amount,
                    status=ShareStatus.WRITTEN_OFF,
                )
                for part in own
            ],
            ActivityShare,
            default_user=actor,
        )
        _refresh_states(actor=actor, activity_ids=[activity.id])
    return activity


def activity_write_off_cancel(*, actor: User, matter: Matter, activity_id: int) -> Activity:
    """A2: «Rétablir» what was marked «Non facturable»: it is to bill again. Needs «bill»
    (`selectors.write_off_refusal`)."""
    _raise(selectors.write_off_refusal(user=actor))
    with transaction.atomic():
        matter = lock_matter(matter.id)
        activity = _activity_of(matter, activity_id)
        shares = [s for s in activity.shares.all() if s.status == ShareStatus.WRITTEN_OFF]
        if not shares:
            raise Conflict(
                "Rien n'est marqué non facturable sur cette activité.",
                code="nothing_written_off",
            )
        _release(actor=actor, shares=shares)
        _refresh_states(actor=actor, activity_ids=[activity.id])
    return activity


def _raise(refusal: DomainError | None) -> None:
    if refusal is not None:
        raise refusal


def _activity_of(matter: Matter, activity_id: int) -> Activity:
    """The matter's activity, locked with its shares (the matter is locked already)."""
    activity = (
        Activity.objects.select_for_update(of=("self",))
        .filter(pk=activity_id, matter=matter)
        .prefetch_related(
            Prefetch("shares", queryset=ActivityShare.objects.select_for_update().order_by("id"))
        )
        .first()
    )
    if activity is None:
        raise NotFound("Activité introuvable.", code="activity_not_found")
    return activity


def activities_restated(*, actor: User, activity_ids: list[int]) -> None:
    """An unbilled activity's amount, client or matter changed (cabinet/activities/registry.py):
    the shares credit notes returned or write-offs kept no longer mean anything; all of it
    is the activity's own never-billed part again."""
    stale = list(
        ActivityShare.objects.select_for_update().filter(
            activity_id__in=activity_ids,
            status__in=[ShareStatus.TO_BILL, ShareStatus.WRITTEN_OFF],
        )
    )
    for share in stale:
        share._history_user = actor
        share.delete()
    _refresh_states(actor=actor, activity_ids=activity_ids)
