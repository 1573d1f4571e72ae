"""The demo's billing (A2–A7, A10), run last, on matters the earlier steps made.

Chosen by what the matters are, in number order, so two loads make the same choices:
only open matters whose client parties are all active (the inactive clients keep their
unbilled activities for M4's warning). Everything goes through the billing services, as
the admin of the demo:
- a multi-client matter with two clients gets an unequal split (60/40) and a
  «Répartition client» left as drafts (a set of two proformas);
- a multi-client matter with three or more clients gets an unequal split too, and its
  proformas are finalised (one invoice per client);
- a few mono-client matters are billed: «Proforma dossier» finalised into an invoice; the
  first of them is then cancelled by a credit note; one more is left as a draft.
Invoices are issued today (the services number and date them): the sequence stays
gapless and chronological (A7).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from cabinet.activities.models import BillingState
from cabinet.billing.services import (
    credit_note_create,
    proforma_finalize,
    proformas_create,
    split_set,
)
from cabinet.matters import selectors as matters
from cabinet.matters.models import Matter, MatterStatus, PartyRole

if TYPE_CHECKING:
    from cabinet.demo.loader import DemoFirm

UNEQUAL_SPLITS = {
    2: (Decimal("60.00"), Decimal("40.00")),
    3: (Decimal("50.00"), Decimal("30.00"), Decimal("20.00")),
    4: (Decimal("40.00"), Decimal("30.00"), Decimal("20.00"), Decimal("10.00")),
}
MONO_INVOICED = 4  # mono-client matters billed and finalised
MONO_DRAFTS = 1  # and left as a draft proforma


@dataclass
class BillingSummary:
    splits: int = 0
    proformas: int = 0
    drafts: int = 0
    invoices: list[str] = field(default_factory=list)
    credit_notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"Facturation : {self.splits} répartitions, {self.proformas} proformas "
            f"(dont {self.drafts} en cours), {len(self.invoices)} factures, "
            f"{len(self.credit_notes)} avoir{'s' if len(self.credit_notes) > 1 else ''}."
        )


def _billable(matter: Matter) -> bool:
    """Open, every client party active, and something unbilled."""
    clients = [p for p in matter.parties.all() if p.role == PartyRole.CLIENT]
    return (
        matter.status == MatterStatus.OPEN
        and bool(clients)
        and all(p.is_active for p in clients)
        and any(a.state == BillingState.UNBILLED for a in matter.activities.all())
    )


def _client_count(matter: Matter) -> int:
    return sum(1 for p in matter.parties.all() if p.role == PartyRole.CLIENT)


def _unequal_split(firm: DemoFirm, matter: Matter, summary: BillingSummary) -> None:
    clients = [p.client_id for p in matter.parties.all() if p.role == PartyRole.CLIENT]
    shares = UNEQUAL_SPLITS[len(clients)]
    split_set(actor=firm.admin, matter=matter, shares=list(zip(clients, shares, strict=True)))
    summary.splits += 1


def load_billing(firm: DemoFirm) -> BillingSummary:
    admin = firm.admin
    billing = BillingSummary()
    candidates = [
        m
        for m in matters.with_details(Matter.objects.order_by("number")).prefetch_related(
            "activities"
        )
        if _billable(m)
    ]
    multi = [m for m in candidates if matters.is_multi_client(m)]
    mono = [m for m in candidates if not matters.is_multi_client(m)]

    # A3 + A6 + A10: an unequal split, and a «Répartition client» left as drafts.
    pair = next((m for m in multi if _client_count(m) == 2), None)
    if pair is not None:
        _unequal_split(firm, pair, billing)
        drafts = proformas_create(actor=admin, matter=pair)
        billing.proformas += len(drafts)
        billing.drafts += len(drafts)

    # A3 + A7: an unequal split whose proformas are all finalised.
    larger = next((m for m in multi if _client_count(m) in (3, 4)), None)
    if larger is not None:
        _unequal_split(firm, larger, billing)
        for proforma in proformas_create(actor=admin, matter=larger):
            billing.proformas += 1
            billing.invoices.append(proforma_finalize(actor=admin, proforma=proforma).number)

    # A6 + A7: «Proforma dossier» finalised on a few mono-client matters, one left as a draft.
    invoiced = []
    for matter in mono[:MONO_INVOICED]:
        for proforma in proformas_create(actor=admin, matter=matter):
            billing.proformas += 1
            invoice = proforma_finalize(actor=admin, proforma=proforma)
            billing.invoices.append(invoice.number)
            invoiced.append(invoice)
    for matter in mono[MONO_INVOICED : MONO_INVOICED + MONO_DRAFTS]:
        drafts = proformas_create(actor=admin, matter=matter)
        billing.proformas += len(drafts)
        billing.drafts += len(drafts)

    # A7: one invoice cancelled by a credit note (its activities are unbilled again).
    if invoiced:
        billing.credit_notes.append(credit_note_create(actor=admin, invoice=invoiced[0]).number)
    return billing
