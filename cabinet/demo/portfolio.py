"""The demo's insurance portfolio (I1–I3), loaded after the firm: insurers, contracts on
most companies of the groups, on other companies and on some persons, their premium
receipts from January four years ago to the end of this year, and claims.

- Contracts: mostly active, some quotes (effective in the coming months, no receipt), some
  terminated — at an anniversary, or during a period (the unused premium comes back as a
  refund, a negative receipt, and a receipt issued after the termination is cancelled) —
  and fixed-term construction contracts, ended or not.
- Receipts: monthly, quarterly or yearly by product, due on their period's first day,
  issued three weeks before; paid when due over a month ago (a few remain unpaid), issued
  otherwise; a few cancelled and reissued. The premium grows a little every year.
- Claims: a third open (reserve, sometimes a first payment), the others closed (paid, or
  nothing); each closed one was opened first and closed later, so its history shows both.

Deterministic: its own `random.Random` drawn from the seed, the clients read from the
database in number order, dates counted from `today`. Contracts, terminations and claims go
through the services, by whoever would make them (the partner or the managing partner;
the associate and the assistant on the persons they took on, the only clients they see);
receipts, a thousand or two, are written in bulk rows the services' checks would accept,
with a history naming their contract's author (U3).
"""

from __future__ import annotations

import calendar
import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from simple_history.utils import bulk_create_with_history

from cabinet.accounts.models import User
from cabinet.clients.models import Client, ClientKind
from cabinet.core.money import fits_money
from cabinet.demo import insurance_data as idata
from cabinet.demo import matter_data as md
from cabinet.groups.models import GroupMembership
from cabinet.insurance import services
from cabinet.insurance.models import (
    ClaimStatus,
    Contract,
    ContractStatus,
    PremiumReceipt,
    ReceiptStatus,
)
from cabinet.insurance.selectors import insurer_find

YEARS = 5  # receipts from January of `today.year - 4` to December of `today.year` at least
GROUP_SHARE = 0.85  # of the groups' companies insured through the firm
OTHER_COMPANIES = 10  # companies outside the groups
OWN_PERSONS = {"collaborateur": 4, "assistant": 2}  # persons each insures (his own clients)
OTHER_PERSONS = 12
QUOTE_SHARE, TERMINATED_SHARE, FIXED_TERM_SHARE = 0.08, 0.12, 0.06
CLAIM_COUNT = 36
PAID_AFTER = datetime.timedelta(days=30)  # a receipt due longer ago than this is paid…
UNPAID_SHARE = 0.01  # …but for these
REISSUED_SHARE = 0.01  # cancelled and reissued for the same period
ISSUED_BEFORE_DUE = (10, 25)  # days
CENT = Decimal("0.01")
CLAIM_AMOUNTS = {
    "industrie": (10_000, 250_000),
    "multirisque": (1_500, 80_000),
    "immeuble": (800, 25_000),
    "flotte": (800, 25_000),
    "decennale": (5_000, 120_000),
    "trc": (5_000, 90_000),
    "cyber": (8_000, 60_000),
    "rc_medicale": (10_000, 150_000),
    "habitation": (400, 9_000),
    "auto": (300, 6_000),
}


@dataclass
class PortfolioSummary:
    insurers: int = 0
    contracts: int = 0
    quotes: int = 0
    terminated: int = 0
    receipts: int = 0
    refunds: int = 0
    cancelled: int = 0
    claims: int = 0
    open_claims: int = 0

    def __str__(self) -> str:
        return (
            f"Portefeuille : {self.insurers} assureurs, {self.contracts} contrats (dont "
            f"{self.quotes} devis et {self.terminated} résiliés), {self.receipts} quittances "
            f"(dont {self.refunds} ristournes et {self.cancelled} annulées), {self.claims} "
            f"sinistres (dont {self.open_claims} en cours)."
        )


@dataclass
class _Plan:
    """A contract to write, and what happens to it later."""

    client: Client
    actor: User
    line: str
    insurer: str  # code
    fields: dict
    terminate: dict | None = None  # contract_update's fields, after the receipts
    contract: Contract | None = None
    receipts: list[PremiumReceipt] = field(default_factory=list)


def is_loaded() -> bool:
    """The portfolio is loaded once, on a database without any contract."""
    return Contract.objects.exists()


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class _Portfolio:
    def __init__(self, *, seed: int, today: datetime.date, users: dict[str, User]):
        self.rng = random.Random(f"portfolio-{seed}")
        self.today = today
        self.users = users
        # In December the window reaches into January: the next receipts are issued ahead.
        next_month_end = (today.replace(day=28) + datetime.timedelta(days=35)).replace(day=1)
        self.window = (
            datetime.date(today.year - YEARS + 1, 1, 1),
            max(datetime.date(today.year, 12, 31), next_month_end - datetime.timedelta(days=1)),
        )
        self.numbers: set[tuple[str, str]] = set()
        self.receipt_counter = 0
        self.summary = PortfolioSummary()

    # -- who is insured ----------------------------------------------------------------------

    def partner(self) -> User:
        return self.users["associe"] if self.rng.random() < 0.65 else self.users["admin"]

    def insured(self) -> list[tuple[Client, User]]:
        rng = self.rng
        members = [
            m.client
            for m in GroupMembership.objects.select_related("client").order_by("group_id", "id")
        ]
        chosen = [c for c in members if rng.random() < GROUP_SHARE]
        neutral = set(md.INSURERS) | set(md.BANKS)
        companies = list(
            Client.objects.filter(kind=ClientKind.COMPANY, group_membership=None)
            .exclude(name__in=neutral)
            .order_by("number")
        )
        chosen += rng.sample(companies, min(OTHER_COMPANIES, len(companies)))
        pairs = [(client, self.partner()) for client in chosen]
        for username, count in OWN_PERSONS.items():
            user = self.users[username]
            theirs = list(
                Client.objects.filter(kind=ClientKind.PERSON, created_by=user).order_by("number")
            )
            for client in rng.sample(theirs, min(count, len(theirs))):
                pairs.append((client, user))
        # Other persons: those the partners took on (the others' own are theirs to insure).
        persons = list(
            Client.objects.filter(kind=ClientKind.PERSON)
            .exclude(created_by__in=[self.users[username] for username in OWN_PERSONS])
            .order_by("number")
        )
        pairs += [
            (c, self.partner()) for c in rng.sample(persons, min(OTHER_PERSONS, len(persons)))
        ]
        return pairs

    def lines(self, client: Client) -> list[str]:
        rng = self.rng
        if client.kind == ClientKind.PERSON:
            main, extra = idata.PERSON_LINES
            chosen = [line for line in main if rng.random() < 0.7] or [rng.choice(main)]
            return chosen + [line for line in extra if rng.random() < 0.25]
        for words, main, extra in idata.COMPANY_LINES:
            if words is None or any(word in client.name for word in words):
                return list(main) + [line for line in extra if rng.random() < 0.25]
        raise AssertionError("the last entry matches every company")

    # -- contracts ---------------------------------------------------------------------------

    def contract_number(self, code: str) -> str:
        _name, _code, prefix, digits = next(i for i in idata.INSURERS if i[1] == code)
        while True:
            number = prefix + "".join(str(self.rng.randint(0, 9)) for _ in range(digits))
            if (code, number) not in self.numbers:
                self.numbers.add((code, number))
                return number

    def first_of_month(self, low: datetime.date, high: datetime.date) -> datetime.date:
        months = (high.year - low.year) * 12 + high.month - low.month
        return add_months(low.replace(day=1), self.rng.randint(0, max(months, 0)))

    def plan(self, client: Client, actor: User, line: str, *, terminated: bool) -> _Plan:
        rng, today = self.rng, self.today
        names, (low, high), _months, _tax, _commission, insurers = idata.LINES[line]
        code = rng.choice(insurers)
        fields = {
            "number": self.contract_number(code),
            "product": rng.choice(names),
            "annual_premium": Decimal(rng.randint(low * 100, high * 100)) / 100,
        }
        plan = _Plan(client=client, actor=actor, line=line, insurer=code, fields=fields)
        window_start = self.window[0]
        draw = rng.random()
        if line == "trc" or draw < FIXED_TERM_SHARE:
            # A fixed term: a building site (ended once received), or a contract ending at
            # the end of next year.
            start = self.first_of_month(window_start, today - datetime.timedelta(days=200))
            if line == "trc":
                end = add_months(start, rng.choice((12, 18, 24))) - datetime.timedelta(days=1)
            else:
                end = datetime.date(today.year + 1, 12, 31)
            fields.update(status=ContractStatus.ACTIVE, start_date=start, end_date=end)
            if end < today:
                plan.terminate = {
                    "status": ContractStatus.TERMINATED,
                    "terminated_on": end,
                    "termination_reason": idata.EXPIRED,
                }
            return plan
        if draw < FIXED_TERM_SHARE + QUOTE_SHARE:
            start = self.first_of_month(
                today + datetime.timedelta(days=20), today + datetime.timedelta(days=100)
            )
            fields.update(status=ContractStatus.QUOTE, start_date=start)
            return plan
        old = rng.random() < 0.5  # renewed every year since before the receipts' window
        if old:
            start = self.first_of_month(
                window_start.replace(year=window_start.year - 8),
                window_start - datetime.timedelta(days=1),
            )
        else:
            start = self.first_of_month(window_start, today - datetime.timedelta(days=60))
        fields.update(status=ContractStatus.ACTIVE, start_date=start)
        if terminated or draw > 1 - TERMINATED_SHARE:
            plan.terminate = self.termination(plan, start, during=terminated)
        return plan

    def termination(self, plan: _Plan, start: datetime.date, *, during: bool) -> dict | None:
        """The day and the reason of a termination between the window's seventh month and
        three weeks ago; None when the contract is too recent for one."""
        rng = self.rng
        earliest = max(add_months(start, 6), add_months(self.window[0], 6))
        latest = self.today - datetime.timedelta(days=21)
        if earliest > latest:
            return None
        day = earliest + datetime.timedelta(days=rng.randint(0, (latest - earliest).days))
        if not during and rng.random() < 0.5:
            anniversary = start.replace(year=day.year)
            if anniversary <= start:
                anniversary = anniversary.replace(year=anniversary.year + 1)
            if anniversary - datetime.timedelta(days=1) <= latest:
                return {
                    "status": ContractStatus.TERMINATED,
                    "terminated_on": anniversary - datetime.timedelta(days=1),
                    "termination_reason": rng.choice(idata.TERMINATED_AT_ANNIVERSARY),
                }
        if day.day == 1:  # not on a period's boundary
            day += datetime.timedelta(days=rng.randint(1, 20))
        reasons = list(idata.TERMINATED_DURING_PERIOD)
        if plan.client.kind == ClientKind.PERSON:
            reasons = [r for r in reasons if "Hamon" in r or "véhicules" in r]
        else:
            reasons = [r for r in reasons if "Hamon" not in r]
        if plan.line not in ("flotte", "auto"):
            reasons = [r for r in reasons if "véhicules" not in r]
        return {
            "status": ContractStatus.TERMINATED,
            "terminated_on": day,
            "termination_reason": rng.choice(reasons),
        }

    # -- receipts ----------------------------------------------------------------------------

    def receipt(self, plan: _Plan, start, end, amount: Decimal, status: str, **extra):
        _names, _range, _months, tax_rate, commission_rate, _insurers = idata.LINES[plan.line]
        tax = _cents(amount * Decimal(tax_rate) / (1 + Decimal(tax_rate)))
        self.receipt_counter += 1
        prefix = "R" if amount < 0 else "Q"
        due = extra.pop("due_date", start)
        receipt = PremiumReceipt(
            contract=plan.contract,
            client_id=plan.contract.client_id,
            number=f"{prefix}{start.year}-{self.receipt_counter:06d}",
            period_start=start,
            period_end=end,
            due_date=due,
            accounting_date=extra.pop(
                "accounting_date",
                due - datetime.timedelta(days=self.rng.randint(*ISSUED_BEFORE_DUE)),
            ),
            amount=amount,
            tax=tax,
            commission=_cents((amount - tax) * Decimal(commission_rate)),
            status=status,
        )
        # What the services would check (I2): the period in order and within the contract,
        # the amounts storable.
        contract = plan.contract
        assert contract.start_date <= start <= end, receipt
        assert contract.end_date is None or end <= contract.end_date, receipt
        assert all(fits_money(v) for v in (receipt.amount, receipt.tax, receipt.commission))
        plan.receipts.append(receipt)
        self.summary.receipts += 1
        self.summary.refunds += amount < 0
        self.summary.cancelled += status == ReceiptStatus.CANCELLED
        return receipt

    def status(self, due: datetime.date) -> str:
        if due <= self.today - PAID_AFTER and self.rng.random() >= UNPAID_SHARE:
            return ReceiptStatus.PAID
        return ReceiptStatus.ISSUED

    def receipts(self, plan: _Plan) -> None:
        """The contract's receipts whose periods start in the window: whole periods from
        its start date, the last one cut at its end date; after a termination, a refund of
        the unused part and, sometimes, the next receipt cancelled."""
        rng = self.rng
        contract = plan.contract
        if contract.status == ContractStatus.QUOTE:
            return
        _names, _range, months, _tax, _commission, _insurers = idata.LINES[plan.line]
        growth = Decimal(rng.randint(15, 45)) / 1000  # the premium's yearly increase
        window_start, window_end = self.window
        last_day = min(contract.end_date or window_end, window_end)
        ended = plan.terminate["terminated_on"] if plan.terminate else None
        step = 0
        while add_months(contract.start_date, step * months) < window_start:
            step += 1
        while True:
            start = add_months(contract.start_date, step * months)
            step += 1
            if start > last_day:
                break
            end = add_months(contract.start_date, step * months) - datetime.timedelta(days=1)
            if contract.end_date is not None:
                end = min(end, contract.end_date)
            annual = contract.annual_premium / (1 + growth) ** (self.today.year - start.year)
            days = (add_months(start, months) - start).days
            amount = _cents(annual * months / 12 * ((end - start).days + 1) / days)
            if ended is not None and start > ended:
                # Issued before the termination was known: cancelled.
                if (start - ended).days <= ISSUED_BEFORE_DUE[1] and rng.random() < 0.6:
                    self.receipt(plan, start, end, amount, ReceiptStatus.CANCELLED)
                break
            if rng.random() < REISSUED_SHARE:
                self.receipt(plan, start, end, amount, ReceiptStatus.CANCELLED)
                amount = _cents(amount * Decimal(rng.randint(102, 115)) / 100)  # an amendment
            status = self.status(start)
            self.receipt(plan, start, end, amount, status)
            if ended is not None and ended < end:
                # The unused part of the paid premium comes back.
                unused = Decimal((end - ended).days) / ((end - start).days + 1)
                due = ended + datetime.timedelta(days=rng.randint(15, 30))
                self.receipt(
                    plan,
                    ended + datetime.timedelta(days=1),
                    end,
                    -_cents(amount * unused),
                    self.status(due),
                    due_date=due,
                    accounting_date=due,
                )
                break

    # -- claims ------------------------------------------------------------------------------

    def claims(self, plans: list[_Plan]) -> None:
        rng, today = self.rng, self.today
        candidates = [
            p for p in plans if p.line in idata.CLAIMS and p.contract.status != ContractStatus.QUOTE
        ]
        for index, plan in enumerate(rng.sample(candidates, min(CLAIM_COUNT, len(candidates)))):
            contract = plan.contract
            first = max(contract.start_date, self.window[0])
            last = min(plan.terminate["terminated_on"] if plan.terminate else today, today)
            if index % 3 == 0:  # open: a recent loss
                first = max(first, today - datetime.timedelta(days=400))
            else:  # closed: a loss a while ago
                last = min(last, today - datetime.timedelta(days=90))
            if first > last:
                continue
            loss = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
            reported = min(today, loss + datetime.timedelta(days=rng.randint(0, 20)))
            low, high = CLAIM_AMOUNTS.get(plan.line, (1_000, 30_000))
            cost = Decimal(rng.randint(low, high) * 100) / 100
            paid = _cents(cost * Decimal(rng.choice((0, 0, 20, 40))) / 100)
            self.summary.claims += 1
            self.summary.open_claims += index % 3 == 0
            claim = services.claim_create(
                actor=plan.actor,
                contract_id=contract.id,
                number=f"S{loss.year}-{self.summary.claims:05d}",
                loss_date=loss,
                reported_date=reported,
                description=rng.choice(idata.CLAIMS[plan.line]),
                reserve_amount=cost - paid,
                paid_amount=paid,
            )
            if index % 3 == 0:
                continue
            yesterday = today - datetime.timedelta(days=1)
            closed = reported + datetime.timedelta(
                days=rng.randint(30, min(400, (yesterday - reported).days))
            )
            services.claim_update(
                actor=plan.actor,
                claim=claim,
                status=ClaimStatus.CLOSED,
                closed_date=closed,
                reserve_amount=Decimal(0),
                # Settled, or closed without payment (not covered, under the deductible).
                paid_amount=Decimal(0) if rng.random() < 0.15 else cost,
            )

    # -- the whole -------------------------------------------------------------------------

    def load(self) -> PortfolioSummary:
        admin = self.users["admin"]
        names = {}
        for name, code, _prefix, _digits in idata.INSURERS:
            names[code] = name
            if not (insurer_find(name) or insurer_find(code)):  # listed by hand already
                services.insurer_create(actor=admin, name=name, code=code)
                self.summary.insurers += 1
        plans: list[_Plan] = []
        for client, actor in self.insured():
            for line in self.lines(client):
                # The first termination falls during a period: the demo has a refund.
                first_terminated = not any(p.terminate for p in plans)
                plans.append(self.plan(client, actor, line, terminated=first_terminated))
        for plan in plans:
            plan.contract = services.contract_create(
                actor=plan.actor,
                client_id=plan.client.id,
                insurer=names[plan.insurer],
                **plan.fields,
            )
            self.receipts(plan)
            self.summary.contracts += 1
            self.summary.quotes += plan.contract.status == ContractStatus.QUOTE
        by_actor: dict[int, list[PremiumReceipt]] = defaultdict(list)
        actors = {}
        for plan in plans:
            by_actor[plan.actor.pk] += plan.receipts
            actors[plan.actor.pk] = plan.actor
        for pk, receipts in by_actor.items():
            bulk_create_with_history(
                receipts, PremiumReceipt, batch_size=500, default_user=actors[pk]
            )
        for plan in plans:
            if plan.terminate:
                plan.contract = services.contract_update(
                    actor=plan.actor, contract=plan.contract, **plan.terminate
                )
                self.summary.terminated += 1
        self.claims(plans)
        return self.summary


def load_portfolio(*, seed: int, today: datetime.date, users: dict[str, User]) -> PortfolioSummary:
    return _Portfolio(seed=seed, today=today, users=users).load()
