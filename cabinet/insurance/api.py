"""The portfolio through the API (I1–I3, I5) and the group views (G10), as API.md writes
them. Lists answer `{items, count, totals}`; `totals` sums the whole filtered list."""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Query, Router, Status
from pydantic import BaseModel, Field

from cabinet.clients.api import client_ref
from cabinet.clients.schemas import ClientRef
from cabinet.clients.selectors import client_get_for_user
from cabinet.core.exports import ExportFormat, export_response
from cabinet.core.money import Money, money_str
from cabinet.core.pagination import PageQuery, api_slice, page_answer
from cabinet.core.schemas import Id, In, Text, errors, patch_data
from cabinet.groups.selectors import group_get_for_user
from cabinet.insurance import selectors, services
from cabinet.insurance.exports import CLAIM_COLUMNS, CONTRACT_COLUMNS, RECEIPT_COLUMNS
from cabinet.insurance.models import Claim, Contract, Insurer, PremiumReceipt

contract_router = Router(tags=["insurance"])
receipt_router = Router(tags=["insurance"])
claim_router = Router(tags=["insurance"])
client_router = Router(tags=["insurance"])
group_router = Router(tags=["insurance"])
insurer_router = Router(tags=["insurance"])

# A signed amount (a refund, «ristourne», is negative), bounded by its column (A12).
SignedMoney = Annotated[
    Decimal,
    Field(gt=-(10**10), lt=10**10, max_digits=12, decimal_places=2, allow_inf_nan=False),
]
ContractStatusIn = Literal["quote", "active", "terminated"]
ReceiptStatusIn = Literal["issued", "paid", "cancelled"]
ClaimStatusIn = Literal["open", "closed"]


class InsurerOut(BaseModel):
    id: int
    name: str
    code: str


class ContractRef(BaseModel):
    id: int
    number: str


class ContractIn(In):
    client_id: Id
    number: Text(50, min_length=1)
    insurer: Text(200, min_length=1)
    product: Text(200) = ""
    status: ContractStatusIn = "active"
    start_date: datetime.date
    end_date: datetime.date | None = None
    terminated_on: datetime.date | None = None
    termination_reason: Text(300) = ""
    annual_premium: Money | None = None


class ContractPatch(In):
    number: Text(50, min_length=1) | None = None
    insurer: Text(200, min_length=1) | None = None
    product: Text(200) | None = None
    status: ContractStatusIn | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    terminated_on: datetime.date | None = None
    termination_reason: Text(300) | None = None
    annual_premium: Money | None = None


class ContractOut(BaseModel):
    id: int
    client: ClientRef
    number: str
    insurer: InsurerOut
    product: str
    status: str
    start_date: datetime.date
    end_date: datetime.date | None
    terminated_on: datetime.date | None
    termination_reason: str
    annual_premium: str | None


class ReceiptIn(In):
    number: Text(50, min_length=1)
    period_start: datetime.date
    period_end: datetime.date
    due_date: datetime.date
    accounting_date: datetime.date
    amount: SignedMoney
    tax: SignedMoney | None = None
    commission: SignedMoney | None = None
    status: ReceiptStatusIn = "issued"


class ReceiptPatch(In):
    number: Text(50, min_length=1) | None = None
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    due_date: datetime.date | None = None
    accounting_date: datetime.date | None = None
    amount: SignedMoney | None = None
    tax: SignedMoney | None = None
    commission: SignedMoney | None = None
    status: ReceiptStatusIn | None = None


class ReceiptOut(BaseModel):
    id: int
    number: str
    contract: ContractRef
    client: ClientRef
    period_start: datetime.date
    period_end: datetime.date
    due_date: datetime.date
    accounting_date: datetime.date
    amount: str
    tax: str | None
    commission: str | None
    status: str


class ClaimIn(In):
    contract_id: Id
    number: Text(50, min_length=1)
    loss_date: datetime.date
    reported_date: datetime.date
    status: ClaimStatusIn = "open"
    closed_date: datetime.date | None = None
    description: Text(5000) = ""
    reserve_amount: Money = Decimal("0.00")
    paid_amount: Money = Decimal("0.00")


class ClaimPatch(In):
    number: Text(50, min_length=1) | None = None
    loss_date: datetime.date | None = None
    reported_date: datetime.date | None = None
    status: ClaimStatusIn | None = None
    closed_date: datetime.date | None = None
    description: Text(5000) | None = None
    reserve_amount: Money | None = None
    paid_amount: Money | None = None


class ClaimOut(BaseModel):
    id: int
    contract: ContractRef
    client: ClientRef
    number: str
    loss_date: datetime.date
    reported_date: datetime.date
    status: str
    closed_date: datetime.date | None
    description: str
    reserve_amount: str
    paid_amount: str


def insurer_out(insurer: Insurer) -> dict:
    return {"id": insurer.id, "name": insurer.name, "code": insurer.code}


def contract_out(contract: Contract) -> dict:
    return {
        "id": contract.id,
        "client": client_ref(contract.client),
        "number": contract.number,
        "insurer": insurer_out(contract.insurer),
        "product": contract.product,
        "status": contract.status,
        "start_date": contract.start_date,
        "end_date": contract.end_date,
        "terminated_on": contract.terminated_on,
        "termination_reason": contract.termination_reason,
        "annual_premium": money_str(contract.annual_premium),
    }


def receipt_out(receipt: PremiumReceipt) -> dict:
    return {
        "id": receipt.id,
        "number": receipt.number,
        "contract": {"id": receipt.contract_id, "number": receipt.contract.number},
        "client": client_ref(receipt.client),
        "period_start": receipt.period_start,
        "period_end": receipt.period_end,
        "due_date": receipt.due_date,
        "accounting_date": receipt.accounting_date,
        "amount": money_str(receipt.amount),
        "tax": money_str(receipt.tax),
        "commission": money_str(receipt.commission),
        "status": receipt.status,
    }


def claim_out(claim: Claim) -> dict:
    return {
        "id": claim.id,
        "contract": {"id": claim.contract_id, "number": claim.contract.number},
        "client": client_ref(claim.client),
        "number": claim.number,
        "loss_date": claim.loss_date,
        "reported_date": claim.reported_date,
        "status": claim.status,
        "closed_date": claim.closed_date,
        "description": claim.description,
        "reserve_amount": money_str(claim.reserve_amount),
        "paid_amount": money_str(claim.paid_amount),
    }


# Lists with their totals (I5) ---------------------------------------------------------


class ContractTotalsOut(BaseModel):
    annual_premium: str


class ReceiptTotalsOut(BaseModel):
    amount: str


class ClaimTotalsOut(BaseModel):
    reserve_amount: str
    paid_amount: str


class ContractListOut(BaseModel):
    items: list[ContractOut]
    count: int
    count_capped: bool = False
    totals: ContractTotalsOut


class ReceiptListOut(BaseModel):
    items: list[ReceiptOut]
    count: int
    count_capped: bool = False
    totals: ReceiptTotalsOut


class ClaimListOut(BaseModel):
    items: list[ClaimOut]
    count: int
    count_capped: bool = False
    totals: ClaimTotalsOut


class ExportQuery(PageQuery):
    format: ExportFormat | None = Field(
        None, description="`csv` or `xlsx`: download every row of the filtered list"
    )


class ContractListQuery(ExportQuery):
    status: Literal["quote", "active", "terminated", "all"] = "all"


class ReceiptListQuery(ExportQuery):
    date_field: Literal["due", "accounting"] = "due"
    from_: datetime.date | None = Field(None, alias="from")
    to: datetime.date | None = None
    status: Literal["", "issued", "paid", "cancelled"] = ""


class ClaimListQuery(ExportQuery):
    from_: datetime.date | None = Field(None, alias="from", description="date of loss from")
    to: datetime.date | None = Field(None, description="date of loss up to")
    open_only: bool = True


def _export(query: ExportQuery, rows, *, columns, totals: dict, filename: str):
    """I5: the whole filtered list, not the page, with its totals."""
    return export_response(
        query.format,
        columns=columns,
        rows=rows.iterator(chunk_size=2000),
        totals=totals,
        filename=filename,
    )


def _contract_list(clients, query: ContractListQuery, *, filename: str):
    contracts = selectors.contracts_of(clients, status=query.status)
    totals = selectors.contract_totals(contracts)
    if query.format:
        return _export(
            query,
            contracts,
            columns=CONTRACT_COLUMNS,
            totals=totals.by_column(),
            filename=f"contrats-{filename}",
        )
    listed = selectors.ListedRows(contracts, count=totals.count)
    page = api_slice(listed, limit=query.limit, offset=query.offset)
    return {
        **page_answer(page, contract_out),
        "totals": {"annual_premium": money_str(totals.annual_premium)},
    }


def _receipt_list(clients, query: ReceiptListQuery, *, filename: str):
    receipts = selectors.receipts_of(
        clients,
        date_field=query.date_field,
        date_from=query.from_,
        date_to=query.to,
        status=query.status,
    )
    totals = selectors.receipt_totals(receipts)
    if query.format:
        return _export(
            query,
            receipts,
            columns=RECEIPT_COLUMNS,
            totals=totals.by_column(),
            filename=f"quittances-{filename}",
        )
    listed = selectors.ListedRows(receipts, count=totals.count)
    page = api_slice(listed, limit=query.limit, offset=query.offset)
    return {
        **page_answer(page, receipt_out),
        "totals": {"amount": money_str(totals.amount)},
    }


def _claim_list(clients, query: ClaimListQuery, *, filename: str):
    claims = selectors.claims_of(
        clients, date_from=query.from_, date_to=query.to, open_only=query.open_only
    )
    totals = selectors.claim_totals(claims)
    if query.format:
        return _export(
            query,
            claims,
            columns=CLAIM_COLUMNS,
            totals=totals.by_column(),
            filename=f"sinistres-{filename}",
        )
    listed = selectors.ListedRows(claims, count=totals.count)
    page = api_slice(listed, limit=query.limit, offset=query.offset)
    return {
        **page_answer(page, claim_out),
        "totals": {
            "reserve_amount": money_str(totals.reserve_amount),
            "paid_amount": money_str(totals.paid_amount),
        },
    }


# Contracts ----------------------------------------------------------------------------


@contract_router.post("", response={201: ContractOut, **errors(401, 403, 409, 422)})
def contract_create(request, body: ContractIn):
    """I1: a contract of a client the caller may see; `insurer` is a listed insurer's name
    or code (accents and case ignored), an unknown one is added to the list."""
    contract = services.contract_create(actor=request.auth, **body.model_dump())
    return Status(201, contract_out(_contract(request, contract.id)))


def _contract(request, contract_id: int) -> Contract:
    return selectors.contract_get_for_user(user=request.auth, contract_id=contract_id)


@contract_router.get("/{contract_id}", response={200: ContractOut, **errors(401, 403, 404, 422)})
def contract_get(request, contract_id: Id):
    return contract_out(_contract(request, contract_id))


@contract_router.patch(
    "/{contract_id}", response={200: ContractOut, **errors(401, 403, 404, 409, 422)}
)
def contract_update(request, contract_id: Id, body: ContractPatch):
    contract = _contract(request, contract_id)
    data = patch_data(body, nullable=("end_date", "terminated_on", "annual_premium"))
    services.contract_update(actor=request.auth, contract=contract, **data)
    return contract_out(_contract(request, contract_id))


@contract_router.delete("/{contract_id}", response={204: None, **errors(401, 403, 404, 409, 422)})
def contract_delete(request, contract_id: Id):
    """I1: `409` when the contract has receipts or claims: terminate it instead."""
    services.contract_delete(actor=request.auth, contract=_contract(request, contract_id))
    return Status(204, None)


@contract_router.post(
    "/{contract_id}/premium-receipts",
    response={201: ReceiptOut, **errors(401, 403, 404, 409, 422)},
)
def receipt_create(request, contract_id: Id, body: ReceiptIn):
    """I2: a receipt for a period within the contract's dates."""
    contract = _contract(request, contract_id)
    receipt = services.receipt_create(actor=request.auth, contract=contract, **body.model_dump())
    return Status(201, receipt_out(_receipt(request, receipt.id)))


# Receipts and claims ------------------------------------------------------------------


def _receipt(request, receipt_id: int) -> PremiumReceipt:
    return selectors.receipt_get_for_user(user=request.auth, receipt_id=receipt_id)


@receipt_router.get("/{receipt_id}", response={200: ReceiptOut, **errors(401, 403, 404, 422)})
def receipt_get(request, receipt_id: Id):
    return receipt_out(_receipt(request, receipt_id))


@receipt_router.patch(
    "/{receipt_id}", response={200: ReceiptOut, **errors(401, 403, 404, 409, 422)}
)
def receipt_update(request, receipt_id: Id, body: ReceiptPatch):
    receipt = _receipt(request, receipt_id)
    data = patch_data(body, nullable=("tax", "commission"))
    services.receipt_update(actor=request.auth, receipt=receipt, **data)
    return receipt_out(_receipt(request, receipt_id))


def _claim(request, claim_id: int) -> Claim:
    return selectors.claim_get_for_user(user=request.auth, claim_id=claim_id)


@claim_router.post("", response={201: ClaimOut, **errors(401, 403, 409, 422)})
def claim_create(request, body: ClaimIn):
    """I3: a claim on a contract the caller may see."""
    claim = services.claim_create(actor=request.auth, **body.model_dump())
    return Status(201, claim_out(_claim(request, claim.id)))


@claim_router.get("/{claim_id}", response={200: ClaimOut, **errors(401, 403, 404, 422)})
def claim_get(request, claim_id: Id):
    return claim_out(_claim(request, claim_id))


@claim_router.patch("/{claim_id}", response={200: ClaimOut, **errors(401, 403, 404, 409, 422)})
def claim_update(request, claim_id: Id, body: ClaimPatch):
    claim = _claim(request, claim_id)
    data = patch_data(body, nullable=("closed_date",))
    services.claim_update(actor=request.auth, claim=claim, **data)
    return claim_out(_claim(request, claim_id))


# A client's portfolio (I5) ------------------------------------------------------------


def _one_client(request, client_id: int) -> tuple[list[int], str]:
    client = client_get_for_user(user=request.auth, client_id=client_id)
    return [client.pk], f"client-{client.number}"


@client_router.get(
    "/{client_id}/contracts", response={200: ContractListOut, **errors(401, 403, 404, 422)}
)
def client_contracts(request, client_id: Id, query: Query[ContractListQuery]):
    """I1/I5: the client's contracts, all or of one `status`, with the premiums' total."""
    clients, filename = _one_client(request, client_id)
    return _contract_list(clients, query, filename=filename)


@client_router.get(
    "/{client_id}/premium-receipts", response={200: ReceiptListOut, **errors(401, 403, 404, 422)}
)
def client_receipts(request, client_id: Id, query: Query[ReceiptListQuery]):
    """I2/I5: the client's receipts in a period on their due or accounting date
    (`date_field`); `totals.amount` leaves the cancelled ones out."""
    clients, filename = _one_client(request, client_id)
    return _receipt_list(clients, query, filename=filename)


@client_router.get(
    "/{client_id}/claims", response={200: ClaimListOut, **errors(401, 403, 404, 422)}
)
def client_claims(request, client_id: Id, query: Query[ClaimListQuery]):
    """I3/I5: the client's claims by date of loss, open ones only unless `open_only` is
    false."""
    clients, filename = _one_client(request, client_id)
    return _claim_list(clients, query, filename=filename)


# The group views (G10) ----------------------------------------------------------------


def _group_clients(request, group_id: int):
    group = group_get_for_user(user=request.auth, group_id=group_id)
    return selectors.group_clients_for_user(user=request.auth, group=group), f"groupe-{group.name}"


@group_router.get(
    "/{group_id}/premium-receipts", response={200: ReceiptListOut, **errors(401, 403, 404, 422)}
)
def group_receipts(request, group_id: Id, query: Query[ReceiptListQuery]):
    """G10 «Quittances»: over the group's clients the caller may see, in a period on the
    due date or the accounting date."""
    clients, filename = _group_clients(request, group_id)
    return _receipt_list(clients, query, filename=filename)


@group_router.get(
    "/{group_id}/contracts", response={200: ContractListOut, **errors(401, 403, 404, 422)}
)
def group_contracts(request, group_id: Id, query: Query[ContractListQuery]):
    """G10 «Contrats»: all, quotes/proposals only (`quote`) or active ones (`active`)."""
    clients, filename = _group_clients(request, group_id)
    return _contract_list(clients, query, filename=filename)


@group_router.get("/{group_id}/claims", response={200: ClaimListOut, **errors(401, 403, 404, 422)})
def group_claims(request, group_id: Id, query: Query[ClaimListQuery]):
    """G10 «Sinistres»: by date of loss, open ones only by default."""
    clients, filename = _group_clients(request, group_id)
    return _claim_list(clients, query, filename=filename)


# Insurers (settings) ------------------------------------------------------------------


class InsurerIn(In):
    name: Text(200, min_length=1)
    code: Text(30) = ""


class InsurerListQuery(PageQuery):
    q: Text(100) = ""


class InsurerListOut(BaseModel):
    items: list[InsurerOut]
    count: int
    count_capped: bool = False


@insurer_router.get("/insurers", response={200: InsurerListOut, **errors(401, 422)})
def insurer_list(request, query: Query[InsurerListQuery]):
    """The firm's insurers, by name; `q` finds them by the start of their name or code
    (accents and case ignored), for autocompletion."""
    page = api_slice(selectors.insurer_list(q=query.q), limit=query.limit, offset=query.offset)
    return page_answer(page, insurer_out)


@insurer_router.post("/insurers", response={201: InsurerOut, **errors(401, 403, 409, 422)})
def insurer_create(request, body: InsurerIn):
    insurer = services.insurer_create(actor=request.auth, name=body.name, code=body.code)
    return Status(201, insurer_out(insurer))
