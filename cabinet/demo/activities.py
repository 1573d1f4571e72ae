"""The demo's activities (A1): time, expenses and flat fees on a matter, entered by its
intervenants, linked to a client party or common to the matter.

Time is mostly short entries at the user's own rate; expenses are disbursements without
VAT (court fees, bailiff, stamps) or costs at 20 %; flat fees follow the matter's type.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import TYPE_CHECKING

from cabinet.activities.models import ActivityKind
from cabinet.activities.services import activity_create
from cabinet.clients.models import Client
from cabinet.demo import matter_data as md
from cabinet.matters.models import Matter

if TYPE_CHECKING:
    from cabinet.demo.loader import DemoFirm, DemoSummary
    from cabinet.demo.matters import Plan

ACTIVITIES_PER_MATTER = (5, 10)
OPENING = "opening"  # the flat fee for opening the file, first when there is one


def _money(rng: random.Random, low: int, high: int, step: int = 1) -> Decimal:
    """Euros between `low` and `high`: to the cent, or a multiple of `step` euros."""
    if step > 1:
        return Decimal(rng.randint(low // step, high // step) * step)
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def add_activities(firm: DemoFirm, summary: DemoSummary, matter: Matter, plan: Plan) -> None:
    """A1: time, expenses and flat fees, linked to a client party or common; each
    client to be made inactive gets at least one (M4)."""
    rng, today = firm.rng, firm.today
    count = rng.randint(*ACTIVITIES_PER_MATTER)
    last = min(today, plan.opened_on + datetime.timedelta(days=420))
    days = sorted(rng.randint(0, (last - plan.opened_on).days) for _ in range(count))
    kinds = rng.choices((ActivityKind.TIME, ActivityKind.EXPENSE), weights=(7, 3), k=count)
    if rng.random() < 0.4:
        kinds[0] = OPENING
    if rng.random() < 0.6:
        kinds[rng.randrange(1, count)] = ActivityKind.FEE
    mono = len(plan.clients) == 1
    links: list[Client | None] = [
        (plan.clients[0] if rng.random() < 0.75 else None)
        if mono
        else (None if rng.random() < 0.45 else rng.choice(plan.clients))
        for _ in range(count)
    ]
    for index, client in enumerate(c for c in plan.inactive if c in plan.clients):
        links[-1 - index] = client
    lawyers = [u for u in plan.intervenants if u.username != "assistant"]
    for day, kind, client in zip(days, kinds, links, strict=True):
        fields = {
            "actor": rng.choice(lawyers or plan.intervenants),
            "matter": matter,
            "date": plan.opened_on + datetime.timedelta(days=day),
            "client_id": client.id if client else None,
        }
        if kind == ActivityKind.TIME:
            tasks = md.TASKS[plan.type] if rng.random() < 0.65 else md.COMMON_TASKS
            fields.update(
                kind=kind,
                description=rng.choice(tasks),
                hours=Decimal(rng.choices(md.HOURS, weights=md.HOURS_WEIGHTS)[0]),
            )
        elif kind == ActivityKind.EXPENSE:
            description, low, high, vat = rng.choices(md.EXPENSES, weights=md.EXPENSE_WEIGHTS)[0]
            fields.update(
                actor=rng.choice(plan.intervenants),
                kind=kind,
                description=description,
                amount=_money(rng, low, high),
                vat_rate=Decimal(vat),
            )
        else:
            description, low, high = md.OPENING_FEE if kind == OPENING else md.FEES[plan.type]
            fields.update(
                kind=ActivityKind.FEE,
                description=description,
                amount=_money(rng, low, high, step=10 if kind == OPENING else 50),
            )
        activity_create(**fields)
        summary.activities += 1
