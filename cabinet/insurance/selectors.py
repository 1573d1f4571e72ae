"""Reads of the portfolio: the access rule for contracts, receipts and claims (U4), the
client's lists (I5) and the group views (G10), each with its totals in one aggregate query.

A contract, and its receipts and claims, are seen by whoever may open its client:
`clients.selectors.client_get_for_user` decides, here as everywhere."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from cabinet.accounts.models import User
from cabinet.clients.selectors import client_get_for_user, clients_visible_to
from cabinet.core.errors import DomainError, Forbidden, NotFound
from cabinet.core.money import euros_of_cents, sum_of_cents
from cabinet.core.text import normalize
from cabinet.groups.models import Group
from cabinet.groups.selectors import group_member_ids_visible_to
from cabinet.insurance.models import (
    Claim,
    ClaimStatus,
    Contract,
    Insurer,
    PremiumReceipt,
    ReceiptStatus,
)

# Access ------------------------------------------------------------------------------


def _check_client(user: User, client_id: int, what: str) -> None:
    try:
        client_get_for_user(user=user, client_id=client_id)
    except Forbidden as exc:
        raise Forbidden(f"{what} ne vous est pas accessible.", code=exc.code) from exc


def contract_get_for_user(
    *, user: User, contract_id: int, unknown: DomainError | None = None
) -> Contract:
    """U4: a contract named in the path (404 absent, 403 when its client is hidden), or in
    a request body (`unknown`: the answer for an absent id, given to a hidden one too)."""
    contract = Contract.objects.select_related("client", "insurer").filter(pk=contract_id).first()
    if unknown is not None:
        if contract is None or not clients_visible_to(user).filter(pk=contract.client_id).exists():
            raise unknown
        return contract
    if contract is None:
        raise NotFound("Contrat introuvable.", code="contract_not_found")
    _check_client(user, contract.client_id, "Ce contrat")
    return contract


def receipt_get_for_user(*, user: User, receipt_id: int) -> PremiumReceipt:
    receipt = (
        PremiumReceipt.objects.select_related("contract__insurer", "client")
        .filter(pk=receipt_id)
        .first()
    )
    if receipt is None:
        raise NotFound("Quittance introuvable.", code="receipt_not_found")
    _check_client(user, receipt.client_id, "Cette quittance")
    return receipt


def claim_get_for_user(*, user: User, claim_id: int) -> Claim:
    claim = Claim.objects.select_related("contract__insurer", "client").filter(pk=claim_id).first()
    if claim is None:
        raise NotFound("Sinistre introuvable.", code="claim_not_found")
    _check_client(user, claim.client_id, "Ce sinistre")
    return claim


# Insurers -----------------------------------------------------------------------------


def insurer_key(value: str) -> str:
    return normalize(value)


def insurer_find(value: str) -> Insurer | None:
    """The listed insurer whose name or code is `value`, accents and case ignored."""
    key = insurer_key(value)
    if not key:
        return None
    return Insurer.objects.filter(Q(key=key) | Q(code_key=key)).order_by("id").first()


def insurer_list(*, q: str = "") -> QuerySet[Insurer]:
    insurers = Insurer.objects.all()
    key = insurer_key(q)
    if key:
        insurers = insurers.filter(Q(key__startswith=key) | Q(code_key__startswith=key))
    return insurers.order_by("name", "id")


# Lists --------------------------------------------------------------------------------

# The clients a list is over: their ids, or a subquery of them (a group's members, G10).
Members = QuerySet | list[int]


def contracts_of(clients: Members, *, status: str = "all") -> QuerySet[Contract]:
    """I1/G10: the contracts of `clients`, all or of one status («quote», «active»,
    «terminated»), newest first."""
    contracts = Contract.objects.filter(client__in=clients)
    if status and status != "all":
        contracts = contracts.filter(status=status)
    return contracts.select_related("client", "insurer").order_by("-start_date", "-id")


def receipts_of(
    clients: Members,
    *,
    date_field: str = "due",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    status: str = "",
) -> QuerySet[PremiumReceipt]:
    """I2/G10: the receipts of `clients` in a period on their due date or their accounting
    date (`date_field` «due» / «accounting»), ordered on that date, newest first."""
    column = "accounting_date" if date_field == "accounting" else "due_date"
    receipts = PremiumReceipt.objects.filter(client__in=clients)
    if date_from:
        receipts = receipts.filter(**{f"{column}__gte": date_from})
    if date_to:
        receipts = receipts.filter(**{f"{column}__lte": date_to})
    if status:
        receipts = receipts.filter(status=status)
    return receipts.select_related("client", "contract").order_by(f"-{column}", "-id")


def claims_of(
    clients: Members,
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    open_only: bool = True,
) -> QuerySet[Claim]:
    """I3/G10: the claims of `clients` with a date of loss in the period; only the open
    ones unless `open_only` is False («Seulement les sinistres en cours»)."""
    claims = Claim.objects.filter(client__in=clients)
    if date_from:
        claims = claims.filter(loss_date__gte=date_from)
    if date_to:
        claims = claims.filter(loss_date__lte=date_to)
    if open_only:
        claims = claims.filter(status=ClaimStatus.OPEN)
    return claims.select_related("client", "contract").order_by("-loss_date", "-id")


def group_clients_for_user(*, user: User, group: Group) -> QuerySet:
    """G10/U4: the members of `group` the user may see (every view is over these), as the
    subquery of their ids: the views filter on the group's memberships, never on a join
    to every client of the firm."""
    return group_member_ids_visible_to(user=user, group=group)


class ListedRows(Sequence):
    """A filtered list of the portfolio as a page sees it (G10, I5): the paginator of a
    group view, or `api_slice`.

    Its length is `count`, the count of its totals (the list is counted once, with its
    sums). A page is one query in two steps: the keys of its rows, sorted over the list's
    own table (a group's rows come from its members' index entries), then these rows with
    the client, contract or insurer they show. The joins see one page, never the firm."""

    def __init__(self, rows: QuerySet, *, count: int):
        self.rows = rows
        self.length = count

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        keys = self.rows.values("pk")[index]
        page = self.rows.model._default_manager.filter(pk__in=keys)
        page.query.select_related = self.rows.query.select_related
        return list(page.order_by(*self.rows.query.order_by))


# Totals (I5) --------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiptTotals:
    count: int
    amount: Decimal  # the cancelled receipts are listed, not summed

    def by_column(self) -> dict[str, Decimal]:
        """The totals row of the list's export, by column key (I5)."""
        return {"amount": self.amount}


@dataclass(frozen=True)
class ContractTotals:
    count: int
    annual_premium: Decimal

    def by_column(self) -> dict[str, Decimal]:
        return {"annual_premium": self.annual_premium}


@dataclass(frozen=True)
class ClaimTotals:
    count: int
    reserve_amount: Decimal
    paid_amount: Decimal

    def by_column(self) -> dict[str, Decimal]:
        return {"reserve_amount": self.reserve_amount, "paid_amount": self.paid_amount}


def receipt_totals(receipts: QuerySet[PremiumReceipt]) -> ReceiptTotals:
    row = receipts.order_by().aggregate(
        count=Count("id"),
        amount=sum_of_cents("amount", filter=~Q(status=ReceiptStatus.CANCELLED)),
    )
    return ReceiptTotals(row["count"], euros_of_cents(row["amount"]))


def contract_totals(contracts: QuerySet[Contract]) -> ContractTotals:
    row = contracts.order_by().aggregate(count=Count("id"), premium=sum_of_cents("annual_premium"))
    return ContractTotals(row["count"], euros_of_cents(row["premium"]))


def claim_totals(claims: QuerySet[Claim]) -> ClaimTotals:
    row = claims.order_by().aggregate(
        count=Count("id"), reserve=sum_of_cents("reserve_amount"), paid=sum_of_cents("paid_amount")
    )
    return ClaimTotals(row["count"], euros_of_cents(row["reserve"]), euros_of_cents(row["paid"]))


def contract_holds_records(contract: Contract) -> bool:
    """I1: a contract with receipts or claims is terminated, never deleted."""
    return contract.receipts.exists() or contract.claims.exists()


# A contract's page ---------------------------------------------------------------------


def contract_receipts(contract: Contract) -> QuerySet[PremiumReceipt]:
    """I2: a contract's receipts, latest due date first."""
    return contract.receipts.select_related("client", "contract").order_by("-due_date", "-id")


def contract_claims(contract: Contract) -> QuerySet[Claim]:
    """I3: a contract's claims, latest loss first."""
    return contract.claims.select_related("client", "contract").order_by("-loss_date", "-id")
