"""Reads on billing: the effective split (A3), the allocation (A4/A5), bills and totals.

`allocate_matter` is THE allocation: the allocation endpoint, the «Répartition clients»
page and the proformas all call it."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce, Round

from cabinet.accounts.models import Right, User
from cabinet.activities.models import Activity, BillingState
from cabinet.billing.allocation import (
    equal_shares,
    from_cents,
    normalized_shares,
    split_cents,
    to_cents,
    vat_of,
)
from cabinet.billing.models import (
    ActivityShare,
    ClientSplit,
    CreditNote,
    Invoice,
    InvoiceLine,
    Proforma,
    ProformaLine,
    ShareStatus,
)
from cabinet.clients.models import Client
from cabinet.clients.selectors import client_search_filter
from cabinet.core.errors import Conflict, DomainError, Forbidden, NotFound
from cabinet.core.money import sum_of_cents
from cabinet.core.queries import InValuesOf
from cabinet.core.text import search_tokens
from cabinet.matters import selectors as matters
from cabinet.matters.models import Matter, MatterStatus


def active_clients(matter: Matter) -> list[Client]:
    """The clients of the matter's active client parties, in the order they were added."""
    parties = matters.active_client_parties(matter).select_related("client").order_by("id")
    return [p.client for p in parties]


def effective_split(
    matter: Matter, clients: list[Client] | None = None
) -> list[tuple[Client, Decimal]]:
    """A3: a share per ACTIVE client party summing to 100.00. Stored shares are used in
    proportion when every active client has one; otherwise shares are equal."""
    clients = active_clients(matter) if clients is None else clients
    if not clients:
        return []
    stored = dict(ClientSplit.objects.filter(matter=matter).values_list("client_id", "share"))
    weights = [stored.get(c.id) for c in clients]
    if all(w is not None for w in weights) and sum(weights) > 0:
        shares = normalized_shares(weights)
    else:
        shares = equal_shares(len(clients))
    return list(zip(clients, shares, strict=True))


BILLABLE_STATES = (BillingState.UNBILLED, BillingState.PROFORMA, BillingState.PARTLY_INVOICED)
"""The states of an activity that may still have something to bill (A2)."""


@dataclass
class ToBill:
    """A part of an activity still to bill (A11): its never-billed part (`share` None,
    `client_id` None: it follows the activity's client, A4), or a share a credit note
    returned (`client_id`: the client of that invoice)."""

    activity: Activity
    amount: Decimal
    client_id: int | None
    share: ActivityShare | None


def parts_to_bill(activity: Activity) -> list[ToBill]:
    """What is left to bill of `activity`, its shares prefetched: the part no share holds,
    then each share returned «to bill». An activity of zero amount that was never billed
    is one part of zero (it appears once on a proforma)."""
    shares = list(activity.shares.all())
    held = sum((s.amount for s in shares), Decimal("0.00"))
    parts = []
    if activity.amount > held or not shares:
        parts.append(ToBill(activity, activity.amount - held, None, None))
    parts += [
        ToBill(activity, s.amount, s.client_id, s)
        for s in shares
        if s.status == ShareStatus.TO_BILL
    ]
    return parts


def billing_state(activity: Activity) -> str:
    """A2, from the activity's shares (prefetched): invoiced when shares are on live
    invoices and nothing is left to bill nor on a proforma (partly invoiced otherwise); on
    a proforma; unbilled while something is left to bill; written off when all that was
    left was marked «Non facturable»."""
    return state_of_shares(activity.amount, [(s.amount, s.status) for s in activity.shares.all()])


def state_of_shares(amount: Decimal, shares: list[tuple[Decimal, str]]) -> str:
    """A2 from an activity's amount and its shares' (amount, status): `billing_state`'s
    rule, for the services and the synthetic firm's generator alike. Something is left to
    bill (`parts_to_bill`) when no share holds part of the amount, or a share is to bill."""
    statuses = {status for _, status in shares}
    held = sum((share_amount for share_amount, _ in shares), Decimal("0.00"))
    to_bill = amount > held or not shares or ShareStatus.TO_BILL in statuses
    if ShareStatus.INVOICED in statuses:
        if to_bill or ShareStatus.PROFORMA in statuses:
            return BillingState.PARTLY_INVOICED
        return BillingState.INVOICED
    if ShareStatus.PROFORMA in statuses:
        return BillingState.PROFORMA
    if to_bill:
        return BillingState.UNBILLED
    return BillingState.WRITTEN_OFF


def activities_to_bill(matter: Matter, *, lock: bool = False) -> list[Activity]:
    """The matter's activities that may still have something to bill, with their shares,
    in date order (two queries). `lock`: rows locked for the caller's transaction."""
    activities = Activity.objects.filter(matter=matter, state__in=BILLABLE_STATES)
    shares = ActivityShare.objects.order_by("id")
    if lock:
        activities = activities.select_for_update(of=("self",))
        shares = shares.select_for_update()
    return list(
        activities.select_related("client", "user")
        .prefetch_related(Prefetch("shares", queryset=shares))
        .order_by("date", "id")
    )


def has_something_to_bill(matter: Matter) -> bool:
    """Whether `parts_to_bill` gives anything for an activity of the matter, in one query:
    an unbilled activity, or a share a credit note returned. (A proforma run takes every
    never-billed part of the matter, and deleting a set or removing a line gives back
    all that set held: a never-billed part lies beside billed shares only as returned ones.)"""
    return (
        Activity.objects.filter(matter=matter)
        .filter(Q(state=BillingState.UNBILLED) | Q(shares__status=ShareStatus.TO_BILL))
        .exists()
    )


@dataclass
class Part:
    activity: Activity
    amount: Decimal
    is_common_part: bool
    source: ToBill


@dataclass
class ClientAllocation:
    client: Client
    share: Decimal
    parts: list[Part] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((p.amount for p in self.parts), Decimal("0.00"))


def allocate_matter(
    matter: Matter, activities: list[Activity] | None = None
) -> list[ClientAllocation]:
    """A4/A5/A11: who pays what of what is left to bill, computed from the clients active
    NOW. A part goes wholly to its client when that client is active: the activity's client
    for its never-billed part, the credited invoice's client for a returned share. Otherwise
    (a common activity, or a client no longer active) it is split by the effective shares,
    in cents, by largest remainder: the pieces of each part add up to it exactly.
    `activities`: `activities_to_bill(matter)` when the caller has them (locked)."""
    split = effective_split(matter)
    if not split:
        raise matters.m5_refusal()
    rows = activities_to_bill(matter) if activities is None else activities
    return allocate(split, ((activity, parts_to_bill(activity)) for activity in rows))


@dataclass
class ClientTotals:
    """One active client's part of what is left to bill, as `allocate_matter` would give it,
    in sums: `own` the parts that are wholly its activities', `common` the rest (A3, A4)."""

    client: Client
    share: Decimal
    own: Decimal
    common: Decimal

    @property
    def total(self) -> Decimal:
        return self.own + self.common


def allocation_totals(matter: Matter) -> list[ClientTotals]:
    """`allocate_matter`'s sums per active client (A4/A5/A11), from SQL aggregates: what is
    left to bill is summed by owner and kind (its client's whole activity or a part of it),
    the parts to split by amount, and each amount is split once by `split_cents` — the
    cents of a part do not depend on the other parts, so the totals are the very ones
    `allocate` adds up part by part (tests compare them after every billing operation).
    Two queries whatever the number of activities; `matter` as `matter_get_for_user` gives
    it (its parties prefetched)."""
    clients = [p.client for p in matters.active_client_parties_of(matter)]
    split = effective_split(matter, clients)
    if not split:
        raise matters.m5_refusal()
    weights = [share for _, share in split]
    index = {client.id: position for position, (client, _) in enumerate(split)}
    own, common = [0] * len(split), [0] * len(split)
    for owner_id, whole, cents, count in _parts_to_bill_sums(matter, list(index)):
        if owner_id is not None:
            (own if whole else common)[index[owner_id]] += int(cents)
            continue
        for position, piece in enumerate(split_cents(int(cents), weights)):
            common[position] += piece * count
    return [
        ClientTotals(client, share, from_cents(own[i]), from_cents(common[i]))
        for i, (client, share) in enumerate(split)
    ]


def _cents(field_name: str) -> Round:
    return Round(F(field_name) * 100, output_field=IntegerField())


def _parts_to_bill_sums(matter: Matter, active_ids: list[int]) -> list[tuple]:
    """`parts_to_bill` of the matter's billable activities, summed in SQL (one query):
    rows `(owner_id, whole, cents, count)`. A part whose owner (its activity's client for
    a never-billed part, the credited invoice's client for a returned share) is active
    counts for that owner: `cents` the sum of its whole-activity parts (`whole`) or of the
    others. The other parts, to split, are grouped by amount: `owner_id` None, `cents`
    one part's amount, `count` how many parts have it."""
    activities = Activity.objects.filter(matter=matter, state__in=BILLABLE_STATES)
    shares = ActivityShare.objects.filter(activity=OuterRef("pk")).order_by().values("activity")
    never_billed = (
        activities.annotate(held=Subquery(shares.annotate(c=Sum(_cents("amount"))).values("c")))
        .annotate(held_or_none=Coalesce("held", -1))
        .filter(held_or_none__lt=_cents("amount"))  # no share, or less than the amount
        .annotate(part=_cents("amount") - Coalesce("held", 0))
    )
    returned = ActivityShare.objects.filter(
        InValuesOf("activity_id", activities.order_by().values("pk")), status=ShareStatus.TO_BILL
    ).annotate(part=_cents("amount"))
    owned = Q(client_id__in=active_ids)
    sums = [
        parts.order_by()
        .values(
            owner_id=Case(When(owned, then=F("client_id")), default=None),
            whole=Case(When(owned & whole, then=True), default=False),
            part_cents=Case(When(owned, then=None), default=F("part")),
        )
        .annotate(cents=Sum("part"), count=Count("pk"))
        .values_list("owner_id", "whole", "part_cents", "cents", "count")
        for parts, whole in (
            (never_billed, Q(held__isnull=True) | Q(held=0)),
            (returned, Q(client_id=F("activity__client_id"), part=_cents("activity__amount"))),
        )
    ]
    return [
        (owner_id, whole, cents if owner_id is not None else part_cents, count)
        for owner_id, whole, part_cents, cents, count in sums[0].union(sums[1], all=True)
    ]


def allocate(split: list[tuple], rows) -> list[ClientAllocation]:
    """A4/A5/A11's rule on given data: `split` the active clients (anything with an `id`)
    with their shares, `rows` each activity (`id`, `client_id`, `amount`) with its parts to
    bill (`ToBill`). `allocate_matter` reads them from the database; the synthetic firm's
    generator gives them from memory."""
    result = [ClientAllocation(client, share) for client, share in split]
    index = {alloc.client.id: alloc for alloc in result}
    weights = [share for _, share in split]
    for activity, parts in rows:
        for part in parts:
            owner_id = activity.client_id if part.client_id is None else part.client_id
            owner = index.get(owner_id)
            if owner is not None:
                whole = owner_id == activity.client_id and part.amount == activity.amount
                owner.parts.append(Part(activity, part.amount, not whole, part))
                continue
            pieces = split_cents(to_cents(part.amount), weights)
            for position, (alloc, cents) in enumerate(zip(result, pieces, strict=True)):
                if cents or (position == 0 and not any(pieces)):
                    alloc.parts.append(Part(activity, from_cents(cents), True, part))
    return result


@dataclass
class VatLine:
    rate: Decimal
    base: Decimal
    vat: Decimal


@dataclass
class BillTotals:
    excl_tax: Decimal
    vat: Decimal
    incl_tax: Decimal
    by_rate: list[VatLine]


def bill_totals(lines) -> BillTotals:
    """Totals of a bill: excl. tax, VAT per rate (rounded once per rate), incl. tax."""
    bases: dict[Decimal, Decimal] = {}
    for line in lines:
        bases[line.vat_rate] = bases.get(line.vat_rate, Decimal("0.00")) + line.amount
    by_rate = [VatLine(rate, base, vat_of(base, rate)) for rate, base in sorted(bases.items())]
    excl = sum((v.base for v in by_rate), Decimal("0.00"))
    vat = sum((v.vat for v in by_rate), Decimal("0.00"))
    return BillTotals(excl, vat, excl + vat, by_rate)


def _proformas() -> QuerySet[Proforma]:
    lines = ProformaLine.objects.select_related("activity", "activity__user").order_by(
        "activity__date", "id"
    )
    return Proforma.objects.select_related("client", "matter", "invoice").prefetch_related(
        Prefetch("lines", queryset=lines)
    )


def proforma_get_for_user(*, user: User, proforma_id: int) -> Proforma:
    proforma = _proformas().filter(pk=proforma_id).first()
    if proforma is None:
        if Proforma.history.filter(id=proforma_id, history_type="-").exists():
            raise Conflict("Cette proforma a été supprimée.", code="proforma_deleted")
        raise NotFound("Proforma introuvable.", code="proforma_not_found")
    matters.matter_get_for_user(user=user, matter_id=proforma.matter_id)
    return proforma


def proformas_of_matter(matter: Matter) -> QuerySet[Proforma]:
    return _proformas().filter(matter=matter, finalized_at__isnull=True)


def _invoices() -> QuerySet[Invoice]:
    return Invoice.objects.select_related("matter", "credit_note").prefetch_related(
        Prefetch("lines", queryset=InvoiceLine.objects.order_by("date", "id"))
    )


def invoice_get_for_user(*, user: User, invoice_id: int) -> Invoice:
    invoice = _invoices().filter(pk=invoice_id).first()
    if invoice is None:
        raise NotFound("Facture introuvable.", code="invoice_not_found")
    matters.matter_get_for_user(user=user, matter_id=invoice.matter_id)
    return invoice


def invoices_visible_to(user: User) -> QuerySet[Invoice]:
    visible = matters.matters_visible_to(user)
    return _invoices().filter(matter__in=visible)


def invoices_addressed_to(*, client_id: int, matters: QuerySet[Matter]) -> QuerySet[Invoice]:
    """The invoices of `matters` addressed to one client (never another client's on a
    multi-client matter), with their lines and credit note: what the client portal shows
    (U2), newest first."""
    return (
        _invoices()
        .filter(client_id=client_id, matter__in=matters)
        .order_by("-issued_on", "-number")
    )


def credit_notes_addressed_to(*, client_id: int, matters: QuerySet[Matter]) -> QuerySet[CreditNote]:
    """The credit notes of the invoices `invoices_addressed_to` gives (U2)."""
    return (
        CreditNote.objects.select_related("invoice", "invoice__matter", "invoice__proforma")
        .prefetch_related(
            Prefetch("invoice__lines", queryset=InvoiceLine.objects.order_by("date", "id"))
        )
        .filter(invoice__client_id=client_id, invoice__matter__in=matters)
    )


def invoice_list(
    *,
    user: User,
    matter_id: int | None = None,
    client_id: int | None = None,
    state: str = "",
    date_from=None,
    date_to=None,
) -> QuerySet[Invoice]:
    invoices = invoices_visible_to(user)
    if matter_id:
        invoices = invoices.filter(matter_id=matter_id)
    if client_id:
        invoices = invoices.filter(client_id=client_id)
    if state == "issued":
        invoices = invoices.filter(credit_note__isnull=True)
    elif state == "credited":
        invoices = invoices.filter(credit_note__isnull=False)
    if date_from:
        invoices = invoices.filter(issued_on__gte=date_from)
    if date_to:
        invoices = invoices.filter(issued_on__lte=date_to)
    return invoices.order_by("-issued_on", "-number")


def credit_note_get_for_user(*, user: User, credit_note_id: int) -> CreditNote:
    """A7: a credit note, with its invoice and the invoice's lines; seen by whoever sees
    that invoice (through its matter: 403 otherwise, 404 when there is no such note)."""
    note = (
        CreditNote.objects.select_related("invoice", "invoice__matter", "invoice__proforma")
        .prefetch_related(
            Prefetch("invoice__lines", queryset=InvoiceLine.objects.order_by("date", "id"))
        )
        .filter(pk=credit_note_id)
        .first()
    )
    if note is None:
        raise NotFound("Avoir introuvable.", code="credit_note_not_found")
    matters.matter_get_for_user(user=user, matter_id=note.invoice.matter_id)
    return note


def credit_note_totals(note: CreditNote) -> BillTotals:
    """A7: a credit note's totals: its invoice's, each with the opposite sign (the VAT of
    each rate is the invoice's, negated, not computed again on negative bases)."""
    invoice = note.invoice
    totals = bill_totals(invoice.lines.all())
    return BillTotals(
        -invoice.total_excl_tax,
        -invoice.total_vat,
        -invoice.total_incl_tax,
        [VatLine(v.rate, -v.base, -v.vat) for v in totals.by_rate],
    )


def credit_note_of(invoice: Invoice) -> CreditNote | None:
    try:
        return invoice.credit_note
    except CreditNote.DoesNotExist:
        return None


# -- read functions of the billing pages --------------------------------------------------

BILL_REFUSAL = "Votre profil ne vous donne pas le droit de facturer."
CLOSED_REFUSAL = "Le dossier est clos : rouvrez-le pour le facturer."
NOTHING_UNBILLED = "Aucune activité non facturée sur ce dossier."


def proformas_refusal(
    *, user: User, matter: Matter, has_unbilled: bool | None = None
) -> DomainError | None:
    """Why «Proforma dossier» / «Répartition client» cannot be used on `matter` now, or
    None when it can. In this order: the bill right (U1, 403), a closed matter (409
    `matter_closed`), M5 (409 `matter_refuses_activities`), nothing unbilled (409
    `nothing_to_bill`). `services.proformas_create` raises it (the matter locked); the
    pages disable their button with its sentence. `has_unbilled`: whether the matter has
    unbilled activities, when the caller knows it already."""
    refusal = write_off_refusal(user=user)
    if refusal is not None:
        return refusal
    if matter.status == MatterStatus.CLOSED:
        return Conflict(CLOSED_REFUSAL, code="matter_closed")
    refusal = matters.accepts_activities_refusal(matter)
    if refusal is not None:
        return refusal
    if has_unbilled is None:
        has_unbilled = has_something_to_bill(matter)
    if not has_unbilled:
        return Conflict(NOTHING_UNBILLED, code="nothing_to_bill")
    return None


def matter_holds_bills(matter: Matter) -> bool:
    """M9: the matter holds proformas (drafts or finalised) or invoices."""
    return (
        Proforma.objects.filter(matter=matter).exists()
        or Invoice.objects.filter(matter=matter).exists()
    )


def proforma_set_members(proforma: Proforma) -> list[Proforma]:
    """A10: the proformas made in the same set as `proforma`, drafts and finalised, in the
    order they were made (the pages name the set a deletion takes away)."""
    return list(
        Proforma.objects.filter(proforma_set_id=proforma.proforma_set_id)
        .select_related("client", "invoice")
        .order_by("id")
    )


def invoice_search(
    *,
    user: User,
    q: str = "",
    matter_id: int | None = None,
    client_id: int | None = None,
    state: str = "",
    date_from=None,
    date_to=None,
) -> QuerySet[Invoice]:
    """Lists of invoices (without their lines): `invoice_list`, narrowed to the clients
    whose number, names or aliases match `q` (the client search of C2)."""
    invoices = invoice_list(
        user=user,
        matter_id=matter_id,
        client_id=client_id,
        state=state,
        date_from=date_from,
        date_to=date_to,
    ).prefetch_related(None)
    if search_tokens(q):
        invoices = invoices.filter(client__in=Client.objects.filter(client_search_filter(q)))
    return invoices


@dataclass
class InvoiceListTotals:
    count: int
    excl_tax: Decimal
    vat: Decimal
    incl_tax: Decimal
    credited_count: int
    credited_incl_tax: Decimal

    @property
    def net_incl_tax(self) -> Decimal:
        """What the listed invoices still claim once their credit notes are deducted."""
        return self.incl_tax - self.credited_incl_tax


def invoice_list_totals(invoices: QuerySet[Invoice]) -> InvoiceListTotals:
    """Totals of a list of invoices, whatever its length, in one aggregate query."""
    credited = Q(credit_note__isnull=False)
    row = invoices.order_by().aggregate(
        count=Count("id"),
        excl_tax=sum_of_cents("total_excl_tax"),
        vat=sum_of_cents("total_vat"),
        incl_tax=sum_of_cents("total_incl_tax"),
        credited_count=Count("id", filter=credited),
        credited_incl_tax=sum_of_cents("total_incl_tax", filter=credited),
    )
    return InvoiceListTotals(
        count=row["count"],
        excl_tax=from_cents(int(row["excl_tax"] or 0)),
        vat=from_cents(int(row["vat"] or 0)),
        incl_tax=from_cents(int(row["incl_tax"] or 0)),
        credited_count=row["credited_count"],
        credited_incl_tax=from_cents(int(row["credited_incl_tax"] or 0)),
    )


def activity_deletion_refusal(activity: Activity) -> DomainError | None:
    """A7/A11: an activity an invoice names, even a credited one, stays: the invoice keeps
    its lines. The way out is «Non facturable»."""
    line = (
        InvoiceLine.objects.filter(activity=activity)
        .select_related("invoice__credit_note")
        .order_by("-invoice__issued_at", "-id")
        .first()
    )
    if line is None:
        return None
    note = credit_note_of(line.invoice)
    where = f"la facture {line.invoice.number}"
    if note is not None:
        where += f" (annulée par l'avoir {note.number})"
    return Conflict(
        f"Cette activité figure sur {where} : elle ne peut pas être supprimée. "
        "Marquez-la non facturable pour ne plus la facturer.",
        code="activity_invoiced",
    )


def write_off_refusal(*, user: User) -> DomainError | None:
    """Why the user may not mark activities «Non facturable» or restore them (A2): the
    bill right. `services.activity_write_off` raises it; the billing page disables its
    buttons with its sentence."""
    if not user.has_right(Right.BILL):
        return Forbidden(BILL_REFUSAL, code=f"right_required:{Right.BILL}")
    return None


@dataclass
class ToBillRow:
    activity: Activity
    amount: Decimal


def to_bill_rows(activities: list[Activity]) -> list[ToBillRow]:
    """What is left to bill of each of `activities_to_bill(matter)` that has some."""
    rows = []
    for activity in activities:
        parts = parts_to_bill(activity)
        if parts:
            rows.append(ToBillRow(activity, sum((p.amount for p in parts), Decimal("0.00"))))
    return rows


def written_off_activities(matter: Matter) -> list[ToBillRow]:
    """The matter's activities with a part marked «Non facturable», and that part (A2),
    newest first, in one query."""
    written_off = Q(shares__status=ShareStatus.WRITTEN_OFF)
    activities = (
        Activity.objects.filter(matter=matter)
        .annotate(written_off_cents=sum_of_cents("shares__amount", filter=written_off))
        .filter(written_off_cents__isnull=False)
        .select_related("client")
        .order_by("-date", "-id")
    )
    return [ToBillRow(a, from_cents(int(a.written_off_cents))) for a in activities]
