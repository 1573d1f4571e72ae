"""Writes on the portfolio: insurers, contracts (I1), premium receipts (I2), claims (I3).

Every write resolves the ids it is given through the selectors' access rule with its actor
(U4), checks its dates and amounts before anything is written (422 with the field), and
records who changed what (U3). A contract's client never changes: its receipts and claims
carry it too."""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction

from cabinet.accounts.models import User
from cabinet.clients.selectors import client_get_for_user
from cabinet.core.errors import Conflict, InvalidInput, NotFound
from cabinet.core.money import MONEY_MAX_TEXT, fits_money
from cabinet.insurance import selectors
from cabinet.insurance.models import (
    Claim,
    ClaimStatus,
    Contract,
    ContractStatus,
    Insurer,
    PremiumReceipt,
)

UNKNOWN_CLIENT = InvalidInput("Ce client n'existe pas.", code="unknown_client", field="client_id")
UNKNOWN_CONTRACT = InvalidInput(
    "Ce contrat n'existe pas.", code="unknown_contract", field="contract_id"
)


def _save(obj, actor: User, fields: list[str] | None = None) -> None:
    obj._history_user = actor
    obj.save(update_fields=fields)


def _money(value: Decimal | None, field: str) -> None:
    if value is not None and not fits_money(value):
        raise InvalidInput(
            f"Le montant dépasse le maximum enregistrable : {MONEY_MAX_TEXT}.",
            code="amount_too_large",
            field=field,
        )


def _not_before(later: datetime.date | None, earlier: datetime.date, *, field: str, text: str):
    if later is not None and later < earlier:
        raise InvalidInput(text, code="dates_out_of_order", field=field)


# Insurers -----------------------------------------------------------------------------


def insurer_create(*, actor: User, name: str, code: str = "") -> Insurer:
    name, code = name.strip(), code.strip()
    key = selectors.insurer_key(name)
    if not key:
        raise InvalidInput("Le nom de l'assureur est obligatoire.", code="required", field="name")
    code_key = selectors.insurer_key(code)
    with transaction.atomic():
        taken = selectors.insurer_find(name) or (code_key and selectors.insurer_find(code))
        if taken:
            raise Conflict(
                f"L'assureur « {taken.name} » est déjà dans la liste.", code="insurer_exists"
            )
        insurer = Insurer(name=name, code=code, key=key, code_key=code_key)
        try:
            with transaction.atomic():
                _save(insurer, actor)
        except IntegrityError as exc:
            raise Conflict("Cet assureur vient d'être ajouté.", code="insurer_exists") from exc
    return insurer


def insurer_resolve(*, actor: User, value: str) -> Insurer:
    """The listed insurer named (name or code, accents and case ignored) by `value`; an
    unknown one is added to the list."""
    if not selectors.insurer_key(value):
        raise InvalidInput("Choisissez un assureur.", code="required", field="insurer")
    insurer = selectors.insurer_find(value)
    if insurer is not None:
        return insurer
    try:
        return insurer_create(actor=actor, name=value)
    except Conflict:  # added by another request meanwhile
        return selectors.insurer_find(value)


# Contracts ----------------------------------------------------------------------------

CONTRACT_FIELDS = (
    "number",
    "product",
    "status",
    "start_date",
    "end_date",
    "terminated_on",
    "termination_reason",
    "annual_premium",
)


def _check_contract(contract: Contract) -> None:
    if not contract.number:
        raise InvalidInput("Le numéro du contrat est obligatoire.", code="required", field="number")
    _not_before(
        contract.end_date,
        contract.start_date,
        field="end_date",
        text="La date de fin précède la date d'effet.",
    )
    if contract.status == ContractStatus.TERMINATED:
        if contract.terminated_on is None:
            raise InvalidInput(
                "Un contrat résilié a une date de résiliation.",
                code="termination_date_required",
                field="terminated_on",
            )
        _not_before(
            contract.terminated_on,
            contract.start_date,
            field="terminated_on",
            text="La date de résiliation précède la date d'effet.",
        )
    else:
        contract.terminated_on = None
        contract.termination_reason = ""
    if contract.annual_premium is not None and contract.annual_premium < 0:
        raise InvalidInput(
            "La prime annuelle est positive.", code="negative_amount", field="annual_premium"
        )
    _money(contract.annual_premium, "annual_premium")
    duplicate = Contract.objects.filter(insurer=contract.insurer_id, number=contract.number)
    if duplicate.exclude(pk=contract.pk).exists():
        raise Conflict(
            f"Le contrat n° {contract.number} existe déjà chez cet assureur.",
            code="contract_number_taken",
        )


def _check_records_within(contract: Contract) -> None:
    """I2: the contract's dates still hold every receipt's period."""
    receipts = contract.receipts.filter(period_start__lt=contract.start_date)
    field = "start_date"
    if not receipts.exists() and contract.end_date is not None:
        receipts, field = contract.receipts.filter(period_end__gt=contract.end_date), "end_date"
    outside = receipts.order_by("period_start").first()
    if outside is not None:
        raise InvalidInput(
            f"La quittance {outside.number} couvre une période hors de ces dates.",
            code="receipt_outside_contract",
            field=field,
        )


def _saved(obj, actor: User, *, what: str) -> None:
    """Save, a lost race on a unique number answered as the 409 it is."""
    try:
        with transaction.atomic():
            _save(obj, actor)
    except IntegrityError as exc:
        raise Conflict(
            f"{what} vient d'être enregistré par ailleurs.", code="concurrent_change"
        ) from exc


def contract_create(*, actor: User, client_id: int, insurer: str, **fields) -> Contract:
    with transaction.atomic():
        client = client_get_for_user(user=actor, client_id=client_id, unknown=UNKNOWN_CLIENT)
        contract = Contract(client=client, insurer=insurer_resolve(actor=actor, value=insurer))
        for field, value in fields.items():
            if field not in CONTRACT_FIELDS:
                raise TypeError(field)
            setattr(contract, field, value.strip() if isinstance(value, str) else value)
        _check_contract(contract)
        _saved(contract, actor, what="Ce contrat")
    return contract


def contract_update(*, actor: User, contract: Contract, **fields) -> Contract:
    with transaction.atomic():
        contract = Contract.objects.select_for_update().get(pk=contract.pk)
        if "insurer" in fields:
            contract.insurer = insurer_resolve(actor=actor, value=fields.pop("insurer"))
        for field, value in fields.items():
            if field not in CONTRACT_FIELDS:
                raise TypeError(field)
            setattr(contract, field, value.strip() if isinstance(value, str) else value)
        _check_contract(contract)
        _check_records_within(contract)
        _saved(contract, actor, what="Ce contrat")
    return contract


def contract_delete(*, actor: User, contract: Contract) -> None:
    """I1: a contract with receipts or claims is terminated, never deleted."""
    with transaction.atomic():
        contract = Contract.objects.select_for_update().get(pk=contract.pk)
        if selectors.contract_holds_records(contract):
            raise Conflict(
                "Ce contrat a des quittances ou des sinistres : résiliez-le au lieu de le "
                "supprimer.",
                code="contract_has_records",
            )
        contract._history_user = actor
        contract.delete()


# Premium receipts ---------------------------------------------------------------------

RECEIPT_FIELDS = (
    "number",
    "period_start",
    "period_end",
    "due_date",
    "accounting_date",
    "amount",
    "tax",
    "commission",
    "status",
)


def _check_receipt(receipt: PremiumReceipt, contract: Contract) -> None:
    if not receipt.number:
        raise InvalidInput(
            "Le numéro de la quittance est obligatoire.", code="required", field="number"
        )
    _not_before(
        receipt.period_end,
        receipt.period_start,
        field="period_end",
        text="La fin de la période précède son début.",
    )
    if receipt.period_start < contract.start_date:
        raise InvalidInput(
            "La période commence avant la date d'effet du contrat "
            f"({contract.start_date:%d/%m/%Y}).",
            code="receipt_outside_contract",
            field="period_start",
        )
    if contract.end_date is not None and receipt.period_end > contract.end_date:
        raise InvalidInput(
            f"La période finit après la fin du contrat ({contract.end_date:%d/%m/%Y}).",
            code="receipt_outside_contract",
            field="period_end",
        )
    for field in ("amount", "tax", "commission"):
        _money(getattr(receipt, field), field)
    duplicate = PremiumReceipt.objects.filter(contract=contract, number=receipt.number)
    if duplicate.exclude(pk=receipt.pk).exists():
        raise Conflict(
            f"La quittance n° {receipt.number} existe déjà sur ce contrat.",
            code="receipt_number_taken",
        )


def receipt_create(*, actor: User, contract: Contract, **fields) -> PremiumReceipt:
    with transaction.atomic():
        contract = Contract.objects.select_for_update().get(pk=contract.pk)
        receipt = PremiumReceipt(contract=contract, client_id=contract.client_id)
        _set(receipt, fields, RECEIPT_FIELDS)
        _check_receipt(receipt, contract)
        _saved(receipt, actor, what="Cette quittance")
    return receipt


def receipt_update(*, actor: User, receipt: PremiumReceipt, **fields) -> PremiumReceipt:
    with transaction.atomic():
        contract = Contract.objects.select_for_update().get(pk=receipt.contract_id)
        receipt = PremiumReceipt.objects.select_for_update().get(pk=receipt.pk)
        _set(receipt, fields, RECEIPT_FIELDS)
        _check_receipt(receipt, contract)
        _saved(receipt, actor, what="Cette quittance")
    return receipt


def _set(obj, fields: dict, allowed: tuple[str, ...]) -> None:
    for field, value in fields.items():
        if field not in allowed:
            raise TypeError(field)
        setattr(obj, field, value.strip() if isinstance(value, str) else value)


# Claims -------------------------------------------------------------------------------

CLAIM_FIELDS = (
    "number",
    "loss_date",
    "reported_date",
    "status",
    "closed_date",
    "description",
    "reserve_amount",
    "paid_amount",
)


def _check_claim(claim: Claim) -> None:
    if not claim.number:
        raise InvalidInput(
            "Le numéro du sinistre est obligatoire.", code="required", field="number"
        )
    _not_before(
        claim.reported_date,
        claim.loss_date,
        field="reported_date",
        text="La date de déclaration précède la date du sinistre.",
    )
    if claim.status == ClaimStatus.CLOSED:
        if claim.closed_date is None:
            raise InvalidInput(
                "Un sinistre clos a une date de clôture.",
                code="closing_date_required",
                field="closed_date",
            )
        _not_before(
            claim.closed_date,
            claim.loss_date,
            field="closed_date",
            text="La date de clôture précède la date du sinistre.",
        )
    else:
        claim.closed_date = None
    for field in ("reserve_amount", "paid_amount"):
        value = getattr(claim, field)
        if value < 0:
            raise InvalidInput("Le montant est positif.", code="negative_amount", field=field)
        _money(value, field)
    duplicate = Claim.objects.filter(contract=claim.contract_id, number=claim.number)
    if duplicate.exclude(pk=claim.pk).exists():
        raise Conflict(
            f"Le sinistre n° {claim.number} existe déjà sur ce contrat.",
            code="claim_number_taken",
        )


def claim_create(*, actor: User, contract_id: int, **fields) -> Claim:
    with transaction.atomic():
        contract = selectors.contract_get_for_user(
            user=actor, contract_id=contract_id, unknown=UNKNOWN_CONTRACT
        )
        claim = Claim(contract=contract, client_id=contract.client_id)
        _set(claim, fields, CLAIM_FIELDS)
        _check_claim(claim)
        _saved(claim, actor, what="Ce sinistre")
    return claim


def claim_update(*, actor: User, claim: Claim, **fields) -> Claim:
    with transaction.atomic():
        claim = Claim.objects.select_for_update().filter(pk=claim.pk).first()
        if claim is None:
            raise NotFound("Sinistre introuvable.", code="claim_not_found")
        _set(claim, fields, CLAIM_FIELDS)
        _check_claim(claim)
        _saved(claim, actor, what="Ce sinistre")
    return claim
