"""A6/A10/A11/A12: proformas made by set, one per active client, each piece of what is left
to bill a share on its line; lines removed and sets deleted give back what they held."""

from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from cabinet.accounts.models import Right, User
from cabinet.billing import selectors
from cabinet.billing.models import (
    ActivityShare,
    Proforma,
    ProformaLine,
    ProformaSet,
    ShareStatus,
)
from cabinet.billing.services.shares import refresh_states, release_shares
from cabinet.core.errors import Conflict, NotFound
from cabinet.core.money import MONEY_MAX_TEXT, fits_money
from cabinet.core.permissions import require_right
from cabinet.matters.models import Matter
from cabinet.matters.services import lock_matter


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
            check_total_fits([line for line, _ in lines], client=client)
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
        refresh_states(actor=actor, activity_ids=[a.id for a in activities])
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


def check_total_fits(lines: list[ProformaLine], *, client) -> selectors.BillTotals:
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


def editable_proforma(proforma_id: int) -> Proforma:
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
        proforma = editable_proforma(proforma.id)
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
        release_shares(actor=actor, shares=list(ActivityShare.objects.filter(line__in=lines)))
        lines.delete()
        refresh_states(actor=actor, activity_ids=[line.activity_id])


def proforma_delete(*, actor: User, proforma: Proforma) -> None:
    """A10: deletes its whole set; what its lines billed returns to «to bill»."""
    require_right(actor, Right.BILL)
    with transaction.atomic():
        lock_matter(proforma.matter_id)
        proforma = editable_proforma(proforma.id)
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
        release_shares(actor=actor, shares=shares)
        for sibling in siblings:
            sibling.lines.all().delete()
            sibling._history_user = actor
            sibling.delete()
        ProformaSet.objects.filter(pk=proforma.proforma_set_id).delete()
        refresh_states(actor=actor, activity_ids=list(activity_ids))
