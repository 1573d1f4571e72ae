"""The synthetic firm's bills: proformas, invoices and credit notes on a third of the
matters, as the billing services write them — by THE allocation
(`billing.selectors.allocate`, A4/A5), one proforma per active client with a line and a
share per activity (A6, A11), invoices keeping their client and firm snapshot and
numbered in gapless, chronological series per year (A7), credit notes returning their
shares «to bill» for the invoice's client, and each activity's state summed up from its
shares (`billing.selectors.state_of_shares`, A2).

A billed matter is an open matter (not the busy one) with an active client party: what
was entered up to a cut date is put on a set of proformas; three sets in four are
finalised into invoices a few days later, and one invoice in ten is credited later still.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from cabinet.billing.allocation import equal_shares
from cabinet.billing.models import (
    SERIES_PREFIX,
    ActivityShare,
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
from cabinet.billing.selectors import ToBill, allocate, bill_totals, state_of_shares
from cabinet.billing.services.invoicing import firm_snapshot

BILLED_SHARE = 3  # one matter in three
FINALISED = 0.75
CREDITED = 0.1


@dataclass
class Line:
    amount: Decimal
    vat_rate: Decimal


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=datetime.UTC)


class Biller:
    """Bills matters one at a time while the activities are generated (`bill`), keeps the
    invoices and credit notes to number them in date order at the end (`finish`)."""

    def __init__(self, *, firm, seed: int, today: datetime.date, row_maker):
        self.firm = firm
        self.rng = random.Random(seed * 7 + 11)
        self.today = today
        self.actor_id = firm.actor_id
        self.snapshot = firm_snapshot()
        self.payment_days = datetime.timedelta(days=self.snapshot["payment_days"])
        make = row_maker
        self.set_row = make(ProformaSet)
        self.proforma_row = make(Proforma)
        self.line_row = make(ProformaLine)
        self.share_row = make(ActivityShare)
        self.invoice_line_row = make(InvoiceLine)
        self.ids = defaultdict(int)
        self.rows: dict[type, list[tuple]] = defaultdict(list)
        self.invoices: list[dict] = []  # numbered at the end
        self.notes: list[dict] = []
        self.matters = 0

    def is_billed(self, *, matter_id: int, closed: bool, active: tuple[int, ...]) -> bool:
        return matter_id != 1 and not closed and bool(active) and matter_id % BILLED_SHARE == 0

    def _next(self, model: type) -> int:
        self.ids[model] += 1
        return self.ids[model]

    def bill(self, *, matter_id: int, opened_on: datetime.date, active, activities: list[dict]):
        """Bills what `activities` (their row values) hold up to a cut date; sets each
        one's `state`."""
        rng = self.rng
        span = (self.today - opened_on).days
        cut = opened_on + datetime.timedelta(days=int(span * rng.uniform(0.4, 0.9)))
        billed = [a for a in activities if a["date"] <= cut]
        if not billed:
            return
        self.matters += 1
        split = [
            (SimpleNamespace(id=client_id), share)
            for client_id, share in zip(active, equal_shares(len(active)), strict=True)
        ]
        rows = []
        for values in billed:
            activity = SimpleNamespace(**values)
            rows.append((activity, [ToBill(activity, activity.amount, None, None)]))
        allocations = [a for a in allocate(split, rows) if a.parts]
        finalised = rng.random() < FINALISED
        issued_on = min(self.today, cut + datetime.timedelta(days=rng.randint(0, 20)))
        set_id = self._next(ProformaSet)
        self.rows[ProformaSet].append(
            self.set_row(
                id=set_id, matter_id=matter_id, created_at=_at(cut), created_by_id=self.actor_id
            )
        )
        shares_of: dict[int, list[tuple[Decimal, str]]] = defaultdict(list)
        for allocation in allocations:
            proforma_id = self._next(Proforma)
            self.rows[Proforma].append(
                self.proforma_row(
                    id=proforma_id,
                    proforma_set_id=set_id,
                    matter_id=matter_id,
                    client_id=allocation.client.id,
                    created_at=_at(cut),
                    created_by_id=self.actor_id,
                    finalized_at=_at(issued_on) if finalised else None,
                )
            )
            credited = finalised and rng.random() < CREDITED
            status = ShareStatus.INVOICED if finalised else ShareStatus.PROFORMA
            lines, invoice_id = [], None
            if finalised:
                invoice_id = self._next(Invoice)
            for part in allocation.parts:  # never billed before: one part per activity
                activity = part.activity
                line_id = self._next(ProformaLine)
                self.rows[ProformaLine].append(
                    self.line_row(
                        id=line_id,
                        proforma_id=proforma_id,
                        activity_id=activity.id,
                        amount=part.amount,
                        vat_rate=activity.vat_rate,
                        is_common_part=part.is_common_part,
                    )
                )
                share = (
                    (allocation.client.id, ShareStatus.TO_BILL, None)
                    if credited
                    else (None, status, line_id)
                )
                self.rows[ActivityShare].append(
                    self.share_row(
                        id=self._next(ActivityShare),
                        activity_id=activity.id,
                        client_id=share[0],
                        amount=part.amount,
                        status=share[1],
                        line_id=share[2],
                    )
                )
                shares_of[activity.id].append((part.amount, share[1]))
                lines.append(Line(part.amount, activity.vat_rate))
                if finalised:
                    time = activity.kind == "time"
                    self.rows[InvoiceLine].append(
                        self.invoice_line_row(
                            id=self._next(InvoiceLine),
                            invoice_id=invoice_id,
                            activity_id=activity.id,
                            date=activity.date,
                            description=activity.description,
                            kind=activity.kind,
                            hours=activity.hours if time else None,
                            hourly_rate=activity.hourly_rate if time else None,
                            amount=part.amount,
                            vat_rate=activity.vat_rate,
                            is_common_part=part.is_common_part,
                        )
                    )
            if finalised:
                totals = bill_totals(lines)
                self.invoices.append(
                    {
                        "id": invoice_id,
                        "proforma_id": proforma_id,
                        "matter_id": matter_id,
                        "client_id": allocation.client.id,
                        "issued_on": issued_on,
                        "totals": totals,
                    }
                )
                if credited:
                    later = (self.today - issued_on).days
                    self.notes.append(
                        {
                            "invoice_id": invoice_id,
                            "issued_on": issued_on
                            + datetime.timedelta(days=rng.randint(0, max(0, later))),
                        }
                    )
        for values in billed:
            values["state"] = state_of_shares(values["amount"], shares_of[values["id"]])

    def finish(self, writer, *, invoice_row, note_row) -> None:
        """Writes the bills; invoices and credit notes numbered per year in date order."""
        for model in (ProformaSet, Proforma, ProformaLine, ActivityShare, InvoiceLine):
            writer.write(model, self.rows.pop(model, []))
        last: dict[tuple[str, int], int] = defaultdict(int)

        def number(series: str, day: datetime.date) -> str:
            last[(series, day.year)] += 1
            return f"{SERIES_PREFIX[series]}{day.year}-{last[(series, day.year)]:06d}"

        invoices = sorted(self.invoices, key=lambda i: (i["issued_on"], i["id"]))
        issued = {}
        rows = []
        for invoice in invoices:
            client = invoice["client_id"]
            totals = invoice["totals"]
            issued[invoice["id"]] = invoice
            rows.append(
                invoice_row(
                    id=invoice["id"],
                    number=number(NumberSeries.INVOICE, invoice["issued_on"]),
                    proforma_id=invoice["proforma_id"],
                    matter_id=invoice["matter_id"],
                    client_id=client,
                    firm=self.snapshot,
                    issued_on=invoice["issued_on"],
                    due_on=invoice["issued_on"] + self.payment_days,
                    issued_at=_at(invoice["issued_on"]),
                    total_excl_tax=totals.excl_tax,
                    total_vat=totals.vat,
                    total_incl_tax=totals.incl_tax,
                    issued_by_id=self.actor_id,
                    **self.firm.billed_client(client),
                )
            )
        writer.write(Invoice, rows)
        notes = sorted(self.notes, key=lambda n: (n["issued_on"], n["invoice_id"]))
        writer.write(
            CreditNote,
            (
                note_row(
                    id=position,
                    number=number(NumberSeries.CREDIT_NOTE, note["issued_on"]),
                    invoice_id=note["invoice_id"],
                    firm=self.snapshot,
                    issued_on=note["issued_on"],
                    issued_at=_at(note["issued_on"]),
                    issued_by_id=self.actor_id,
                )
                for position, note in enumerate(notes, start=1)
            ),
        )
        for (series, year), value in sorted(last.items()):
            InvoiceSequence.objects.update_or_create(
                series=series, year=year, defaults={"last_value": value}
            )
