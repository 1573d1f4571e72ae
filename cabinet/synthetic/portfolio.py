"""The synthetic firm's insurance portfolio (I1–I3, issue 12), written in bulk after the
clients and groups.

- Insurers: the demo's list (cabinet/demo/insurance_data.py), as `insurer_create` writes
  them (name and code folded into `key` and `code_key`); those already listed are reused.
- Contracts: one per company and one per three persons, as `contract_create` writes them:
  mostly active, some quotes (effective in the coming months, no receipt), some terminated
  at an anniversary (`terminated_on`, a reason), building-site contracts of two years
  (`end_date`, terminated at their term once past). Effective on the first of a month
  between 2023-01 and 2025-12.
- Receipts: quarterly from the contract's effective date to REFERENCE_DAY, inside the
  contract's dates, carrying its client, amount = annual premium / 4 incl. tax (with its tax
  and commission), due on the period's first day, accounted 10–21 days before; paid when
  due over a month ago, issued otherwise; about 1 % cancelled and reissued.
- Claims: about one per five contracts in force, as `claim_create` writes them: reported
  on or after the loss, open (reserve, sometimes a first payment) or closed (closing date,
  paid).

Deterministic for the firm's seed, from its own random generator: the portfolio does not
depend on how many numbers the other steps draw. Rows are streamed, a few thousand
contracts at a time with their receipts and claims; a receipt row is a plain tuple of
precomputed strings (RECEIPT_COLUMNS, the model's column order), the only per-row work
being its id, its number and one random draw.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db import models

from cabinet.core.text import normalize
from cabinet.demo import insurance_data as idata
from cabinet.insurance.models import (
    Claim,
    ClaimStatus,
    Contract,
    ContractStatus,
    Insurer,
    PremiumReceipt,
    ReceiptStatus,
)
from cabinet.synthetic.bulk import columns_of
from cabinet.synthetic.firm import NOW, REFERENCE_DAY, row_maker

if TYPE_CHECKING:
    from cabinet.synthetic.firm import SyntheticFirm

FIRST_START = datetime.date(2023, 1, 1)
START_MONTHS = 36  # effective on the first of a month, 2023-01 to 2025-12
PERSON_CONTRACT_SHARE = 1 / 3
QUOTE_SHARE, TERMINATED_SHARE = 0.05, 0.10
CLAIM_SHARE = 0.2
CANCELLED_SHARE = 0.01
PAID_BEFORE = REFERENCE_DAY - datetime.timedelta(days=30)  # due before: paid
ACCOUNTED_BEFORE_DUE = (10, 15, 21)  # days
FIXED_TERM_MONTHS = 24
CHUNK_CONTRACTS = 5_000
CENT = Decimal("0.01")
PERSON_LINES = tuple(line for lines in idata.PERSON_LINES for line in lines)
COMPANY_LINES = tuple(line for line in idata.LINES if line not in PERSON_LINES)
FIXED_TERM_LINES = ("trc",)

RECEIPT_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "contract_id",
    "client_id",
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


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (every date here is a first of the month)."""
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class _Portfolio:
    def __init__(self, firm: SyntheticFirm):
        if columns_of(PremiumReceipt) != list(RECEIPT_COLUMNS):
            raise AssertionError("RECEIPT_COLUMNS is not PremiumReceipt's column order")
        self.firm = firm
        self.rng = random.Random(f"{firm.seed}:portfolio")
        self.contract_row = row_maker(Contract)
        self.claim_row = row_maker(Claim)
        self.contract_id = self.receipt_id = self.claim_id = 0
        self.quotes = self.terminated = self.open_claims = 0
        # The busiest contract: most receipts, then a claim, then in the largest group.
        self.largest = set(firm.largest_group_members)
        self.busiest: tuple = ()
        self.periods = self._periods()
        self.stamp = firm.writer.text(NOW)  # created_at and updated_at of the receipts

    # -- insurers ------------------------------------------------------------------------

    def insurers(self) -> dict[str, tuple[int, str, int]]:
        """By code: (id, number prefix, digits) of the demo's insurers, listed if missing."""
        listed = {
            key: pk
            for pk, key, code_key in Insurer.objects.values_list("id", "key", "code_key")
            for key in (key, code_key)
            if key
        }
        next_id = (Insurer.objects.aggregate(m=models.Max("id"))["m"] or 0) + 1
        row = row_maker(Insurer)
        rows, found = [], {}
        for name, code, prefix, digits in idata.INSURERS:
            key, code_key = normalize(name), normalize(code)
            pk = listed.get(key) or listed.get(code_key)
            if pk is None:
                pk, next_id = next_id, next_id + 1
                rows.append(row(id=pk, name=name, code=code, key=key, code_key=code_key))
            found[code] = (pk, prefix, digits)
        self.firm.writer.write(Insurer, rows)
        return found

    # -- receipts' periods, computed once per effective month -------------------------------

    def _periods(self) -> list[list[list[tuple]]]:
        """For each effective month and each accounting offset, the quarters from that month
        to REFERENCE_DAY: (period start, period end, due date, accounting date, number
        prefix, status), as the strings the rows hold."""
        table = []
        for month in range(START_MONTHS):
            start = add_months(FIRST_START, month)
            quarters = []
            step = 0
            while (begin := add_months(start, 3 * step)) <= REFERENCE_DAY:
                step += 1
                end = add_months(start, 3 * step) - datetime.timedelta(days=1)
                quarters.append((begin, end))
            table.append(
                [
                    [
                        (
                            begin.isoformat(),
                            end.isoformat(),
                            begin.isoformat(),  # due on the period's first day
                            (begin - datetime.timedelta(days=offset)).isoformat(),
                            f"Q{begin.year}-",
                            ReceiptStatus.PAID.value
                            if begin <= PAID_BEFORE
                            else ReceiptStatus.ISSUED.value,
                        )
                        for begin, end in quarters
                    ]
                    for offset in ACCOUNTED_BEFORE_DUE
                ]
            )
        return table

    # -- contracts -----------------------------------------------------------------------

    def plan(self, client_id: int, person: bool, insurers: dict) -> tuple[tuple, tuple, tuple]:
        """The contract row, what its receipts need and its claim's row (or ())."""
        rng = self.rng
        self.contract_id += 1
        contract_id = self.contract_id
        line = rng.choice(PERSON_LINES if person else COMPANY_LINES)
        names, (low, high), _months, tax_rate, commission_rate, codes = idata.LINES[line]
        insurer_id, prefix, digits = insurers[rng.choice(codes)]
        # Unique per insurer: the contract's id scrambled by a bijection modulo 10**digits.
        number = f"{prefix}{(contract_id * 7_654_321 + 1_234_567) % 10**digits:0{digits}d}"
        premium_cents = rng.randint(low * 100, high * 100)
        annual_premium = Decimal(premium_cents) / 100
        month = rng.randrange(START_MONTHS)
        start = add_months(FIRST_START, month)
        periods = self.periods[month][rng.randrange(len(ACCOUNTED_BEFORE_DUE))]
        count = len(periods)
        status, end, terminated_on, reason = ContractStatus.ACTIVE.value, None, None, ""
        draw = rng.random()
        if line in FIXED_TERM_LINES:
            end = add_months(start, FIXED_TERM_MONTHS) - datetime.timedelta(days=1)
            count = min(count, FIXED_TERM_MONTHS // 3)
            if end < REFERENCE_DAY:
                status, terminated_on, reason = ContractStatus.TERMINATED.value, end, idata.EXPIRED
        elif draw < QUOTE_SHARE:
            status, count = ContractStatus.QUOTE.value, 0
            start = add_months(REFERENCE_DAY.replace(day=1), rng.randint(1, 3))
        elif draw > 1 - TERMINATED_SHARE and count > 4:
            # At an anniversary, at least three weeks ago: the receipts stop there.
            years = rng.randint(1, (count - 1) // 4)
            terminated_on = add_months(start, 12 * years) - datetime.timedelta(days=1)
            if terminated_on <= REFERENCE_DAY - datetime.timedelta(days=21):
                status = ContractStatus.TERMINATED.value
                reason = rng.choice(idata.TERMINATED_AT_ANNIVERSARY)
                count = 4 * years
            else:
                terminated_on = None
        self.quotes += status == ContractStatus.QUOTE
        self.terminated += status == ContractStatus.TERMINATED
        contract = self.contract_row(
            id=contract_id,
            client_id=client_id,
            insurer_id=insurer_id,
            number=number,
            product=rng.choice(names),
            status=status,
            start_date=start,
            end_date=end,
            terminated_on=terminated_on,
            termination_reason=reason,
            annual_premium=annual_premium,
        )
        amount = _cents(annual_premium / 4)
        tax = _cents(amount * Decimal(tax_rate) / (1 + Decimal(tax_rate)))
        commission = _cents((amount - tax) * Decimal(commission_rate))
        receipts = (contract_id, client_id, periods, count, str(amount), str(tax), str(commission))
        claim = ()
        if status != ContractStatus.QUOTE and rng.random() < CLAIM_SHARE:
            last = min(terminated_on or REFERENCE_DAY, REFERENCE_DAY - datetime.timedelta(days=1))
            claim = self.claim(contract_id, client_id, line, start, last, annual_premium)
        key = (count, bool(claim), client_id in self.largest, -contract_id)
        if key > self.busiest:
            self.busiest = key
        return contract, receipts, claim

    def claim(
        self,
        contract_id: int,
        client_id: int,
        line: str,
        first: datetime.date,
        last: datetime.date,
        premium: Decimal,
    ) -> tuple:
        rng = self.rng
        self.claim_id += 1
        loss = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
        reported = min(REFERENCE_DAY, loss + datetime.timedelta(days=rng.randint(0, 20)))
        cost = _cents(premium * Decimal(rng.randint(10, 400)) / 100)
        recent = (REFERENCE_DAY - loss).days < 400
        closed = None
        if not (recent and rng.random() < 0.6):
            closed = reported + datetime.timedelta(days=rng.randint(30, 400))
            if closed >= REFERENCE_DAY:
                closed = None
        if closed is None:
            self.open_claims += 1
            paid = _cents(cost * rng.choice((0, 0, 20, 40)) / 100)
            reserve = cost - paid
        else:
            reserve = Decimal("0.00")
            paid = Decimal("0.00") if rng.random() < 0.15 else cost  # not covered, or settled
        return self.claim_row(
            id=self.claim_id,
            contract_id=contract_id,
            client_id=client_id,
            number=f"S{loss.year}-{self.claim_id:06d}",
            loss_date=loss,
            reported_date=reported,
            status=ClaimStatus.OPEN.value if closed is None else ClaimStatus.CLOSED.value,
            closed_date=closed,
            description=rng.choice(idata.CLAIMS.get(line) or idata.CLAIMS[None]),
            reserve_amount=reserve,
            paid_amount=paid,
        )

    def receipts(self, plans: list[tuple]) -> Iterator[tuple]:
        """The receipts of `plans`, in contract order: the hot loop, a tuple per row."""
        random_share = self.rng.random
        stamp = self.stamp
        cancelled = ReceiptStatus.CANCELLED.value
        receipt_id = self.receipt_id
        for contract_id, client_id, periods, count, amount, tax, commission in plans:
            for index in range(count):
                begin, end, due, accounted, prefix, status = periods[index]
                receipt_id += 1
                if random_share() < CANCELLED_SHARE:  # cancelled, then reissued
                    yield (
                        receipt_id,
                        stamp,
                        stamp,
                        contract_id,
                        client_id,
                        f"{prefix}{receipt_id:08d}",
                        begin,
                        end,
                        due,
                        accounted,
                        amount,
                        tax,
                        commission,
                        cancelled,
                    )
                    receipt_id += 1
                yield (
                    receipt_id,
                    stamp,
                    stamp,
                    contract_id,
                    client_id,
                    f"{prefix}{receipt_id:08d}",
                    begin,
                    end,
                    due,
                    accounted,
                    amount,
                    tax,
                    commission,
                    status,
                )
        self.receipt_id = receipt_id

    # -- the whole -----------------------------------------------------------------------

    def run(self) -> dict:
        insurers = self.insurers()
        with self.firm.writer.indexes_deferred(Contract, PremiumReceipt, Claim):
            self.write(insurers)
        return {
            "busiest_contract_id": -self.busiest[3] if self.busiest else None,
            "quote_contracts": self.quotes,
            "terminated_contracts": self.terminated,
            "open_claims": self.open_claims,
        }

    def write(self, insurers: dict) -> None:
        """The contracts by chunks, each followed by its receipts and claims."""
        firm, rng, writer = self.firm, self.rng, self.firm.writer
        contracts, plans, claims = [], [], []

        def flush() -> None:
            writer.write(Contract, contracts)
            writer.write(PremiumReceipt, self.receipts(plans))
            writer.write(Claim, claims)
            contracts.clear()
            plans.clear()
            claims.clear()

        kinds = firm.kinds
        for index in range(firm.n):
            person = kinds[index] == 1
            if person and rng.random() >= PERSON_CONTRACT_SHARE:
                continue
            contract, receipts, claim = self.plan(index + 1, person, insurers)
            contracts.append(contract)
            plans.append(receipts)
            if claim:
                claims.append(claim)
            if len(contracts) >= CHUNK_CONTRACTS:
                flush()
        flush()


def generate_portfolio(firm: SyntheticFirm) -> dict:
    """Writes the portfolio of `firm` (after its clients and groups); returns the summary's
    entries (the row counts are the writer's)."""
    return _Portfolio(firm).run()
