"""A11 as a property: whatever the order of proforma runs, line removals, proforma
deletions, finalisations, credit notes, reactivations, split changes and write-offs, each
activity is billed once. After every step, for every activity, net invoiced (invoices less
credit notes) + held on open proformas + written off ≤ its amount, and = its amount once
nothing is left to bill. Counted from the bills themselves, not from the shares. And the
allocation's SQL sums stay `allocate_matter`'s, step after step."""

import contextlib
import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cabinet.activities import services as activity_services
from cabinet.activities.models import Activity
from cabinet.billing import selectors, services
from cabinet.billing.allocation import normalized_shares
from cabinet.billing.models import ActivityShare, Invoice, InvoiceLine, Proforma, ProformaLine
from cabinet.core.errors import DomainError
from cabinet.matters import services as matter_services
from cabinet.matters.models import Matter, MatterParty
from tests.factories import ClientFactory

CLIENTS = 3
pick = st.integers(0, 50)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("run")),
        st.tuples(st.just("remove_line"), pick),
        st.tuples(st.just("delete"), pick),
        st.tuples(st.just("finalize"), pick),
        st.tuples(st.just("credit"), pick),
        st.tuples(st.just("toggle"), st.integers(0, CLIENTS - 1)),
        st.tuples(
            st.just("split"), st.lists(st.integers(0, 9), min_size=CLIENTS, max_size=CLIENTS)
        ),
        st.tuples(st.just("write_off"), pick),
        st.tuples(st.just("restore"), pick),
        st.tuples(st.just("add"), st.integers(0, CLIENTS), st.integers(0, 50_000)),
    ),
    max_size=24,
)

ZERO = Decimal("0.00")


def _sum(queryset) -> Decimal:
    return queryset.aggregate(total=Sum("amount"))["total"] or ZERO


def check_billed_once(matter) -> None:
    for activity in Activity.objects.filter(matter=matter).prefetch_related("shares"):
        lines = InvoiceLine.objects.filter(activity=activity)
        net_invoiced = _sum(lines) - _sum(lines.filter(invoice__credit_note__isnull=False))
        held = _sum(ProformaLine.objects.filter(activity=activity, proforma__finalized_at=None))
        written_off = _sum(ActivityShare.objects.filter(activity=activity, status="written_off"))
        billed = net_invoiced + held + written_off
        assert billed <= activity.amount, f"{activity.pk}: {billed} billed of {activity.amount}"
        if not selectors.parts_to_bill(activity):
            assert billed == activity.amount, f"{activity.pk}: {billed} of {activity.amount}"
        assert activity.state == selectors.billing_state(activity), activity.pk


def check_allocation_totals(matter) -> None:
    """A4/A5: the allocation's sums computed in SQL (`allocation_totals`, the allocation
    endpoint and pages) are `allocate_matter`'s, added up part by part."""
    matter = Matter.objects.get(pk=matter.pk)
    try:
        expected = [
            (a.client.id, sum((p.amount for p in a.parts if not p.is_common_part), ZERO), a.total)
            for a in selectors.allocate_matter(matter)
        ]
    except DomainError as refusal:
        with pytest.raises(DomainError) as raised:
            selectors.allocation_totals(matter)
        assert raised.value.code == refusal.code
        return
    totals = selectors.allocation_totals(matter)
    assert [(t.client.id, t.own, t.total) for t in totals] == expected


def _nth(queryset, k):
    rows = list(queryset.order_by("id"))
    return rows[k % len(rows)] if rows else None


def apply(op, *, actor, matter, clients) -> None:
    kind = op[0]
    if kind == "run":
        services.proformas_create(actor=actor, matter=matter)
    elif kind == "remove_line":
        line = _nth(
            ProformaLine.objects.filter(proforma__matter=matter, proforma__finalized_at=None), op[1]
        )
        if line:
            services.proforma_line_remove(actor=actor, proforma=line.proforma, line_id=line.id)
    elif kind in ("delete", "finalize"):
        proforma = _nth(Proforma.objects.filter(matter=matter, finalized_at=None), op[1])
        if proforma and kind == "delete":
            services.proforma_delete(actor=actor, proforma=proforma)
        elif proforma:
            services.proforma_finalize(actor=actor, proforma=proforma)
    elif kind == "credit":
        invoice = _nth(Invoice.objects.filter(matter=matter, credit_note=None), op[1])
        if invoice:
            services.credit_note_create(actor=actor, invoice=invoice)
    elif kind == "toggle":
        party = MatterParty.objects.get(matter=matter, client=clients[op[1]])
        matter_services.party_set_active(
            actor=actor, matter=matter, party_id=party.id, is_active=not party.is_active
        )
    elif kind == "split":
        active = [
            p.client_id for p in matter.parties.filter(role="client", is_active=True).order_by("id")
        ]
        weights = [Decimal(w) for w in op[1][: len(active)]]
        if active and sum(weights):
            shares = normalized_shares(weights)
            services.split_set(
                actor=actor, matter=matter, shares=list(zip(active, shares, strict=True))
            )
    elif kind in ("write_off", "restore"):
        activity = _nth(Activity.objects.filter(matter=matter), op[1])
        if activity and kind == "write_off":
            services.activity_write_off(actor=actor, matter=matter, activity_id=activity.id)
        elif activity:
            services.activity_write_off_cancel(actor=actor, matter=matter, activity_id=activity.id)
    elif kind == "add":
        client = clients[op[1]] if op[1] < CLIENTS else None
        activity_services.activity_create(
            actor=actor,
            matter=matter,
            kind="fee",
            date=datetime.date(2026, 2, 1),
            description="Diligences",
            amount=Decimal(op[2]) / 100,
            client_id=client.id if client else None,
        )


def bill_everything(*, actor, matter) -> None:
    for party in matter.parties.filter(role="client", is_active=False):
        matter_services.party_set_active(
            actor=actor, matter=matter, party_id=party.id, is_active=True
        )
    if selectors.has_something_to_bill(matter):
        services.proformas_create(actor=actor, matter=matter)
    for proforma in Proforma.objects.filter(matter=matter, finalized_at=None):
        if proforma.lines.exists():  # a line removed may have left it empty
            services.proforma_finalize(actor=actor, proforma=proforma)


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
@example(ops=[("run",), ("finalize", 0), ("credit", 0), ("toggle", 0), ("run",), ("run",)])
def test_a11_each_activity_is_billed_once_whatever_the_order(ops, partner):
    """A11 (A2, A10): random sequences of billing operations bill each activity once."""
    with transaction.atomic():
        clients = ClientFactory.create_batch(CLIENTS)
        matter = matter_services.matter_create(
            actor=partner,
            title="Indivision",
            opened_on=datetime.date(2026, 1, 5),
            parties=[{"client_id": c.id, "role": "client", "is_active": True} for c in clients],
        )
        for client, cents in ((None, 12_000), (clients[0], 3_333), (None, 1), (None, 0)):
            activity_services.activity_create(
                actor=partner,
                matter=matter,
                kind="fee",
                date=datetime.date(2026, 2, 1),
                description="Consultation",
                amount=Decimal(cents) / 100,
                client_id=client.id if client else None,
            )
        for op in ops:
            with contextlib.suppress(DomainError):
                apply(op, actor=partner, matter=matter, clients=clients)
            check_billed_once(matter)
            check_allocation_totals(matter)
        bill_everything(actor=partner, matter=matter)
        check_billed_once(matter)
        for activity in Activity.objects.filter(matter=matter):
            assert not selectors.parts_to_bill(
                Activity.objects.prefetch_related("shares").get(pk=activity.pk)
            )
        transaction.set_rollback(True)
