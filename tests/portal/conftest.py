"""The portal's world: two clients A and B sharing a multi-client matter (an invoice for
each), a matter of A alone, one of B alone, one of A not shared; contracts of A, of B and
of the members of a group; a web user of A, one of B and one of the group."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from cabinet.activities import services as activity_services
from cabinet.billing import services as billing_services
from cabinet.groups.models import Group, GroupMembership
from cabinet.insurance import services as insurance_services
from cabinet.matters import services as matter_services
from cabinet.matters.models import MatterParty
from cabinet.portal import services as portal_services
from tests.conftest import make_api_client
from tests.factories import ClientFactory

OPENED_ON = datetime.date(2024, 1, 15)
PASSWORD = "portail-solide-2026"
RECEIPT = {
    "number": "Q-1",
    "period_start": datetime.date(2024, 1, 15),
    "period_end": datetime.date(2024, 3, 31),
    "due_date": datetime.date(2024, 1, 15),
    "accounting_date": datetime.date(2024, 1, 5),
    "amount": Decimal("300.00"),
}
CLAIM = {"number": "S-1", "loss_date": OPENED_ON, "reported_date": OPENED_ON}


@dataclass
class PortalWorld:
    partner: Any
    a: Any
    b: Any
    shared: Any  # parties A and B, both shared; an invoice for each
    a_alone: Any
    b_alone: Any
    a_unshared: Any
    invoice_a: Any
    invoice_b: Any
    credit_note_a: Any
    contract_a: Any
    contract_b: Any
    group: Any
    member1: Any
    member2: Any
    contract_m1: Any
    contract_m2: Any
    wa: Any  # web user of A
    wb: Any
    wg: Any  # web user of the group


def _matter(actor, clients, title):
    parties = [{"client_id": c.pk, "role": "client", "is_active": True} for c in clients]
    return matter_services.matter_create(
        actor=actor, title=title, opened_on=OPENED_ON, parties=parties
    )


def _fee(actor, matter, client=None):
    return activity_services.activity_create(
        actor=actor,
        matter=matter,
        kind="fee",
        date=datetime.date(2024, 2, 1),
        description="Consultation",
        amount=Decimal("100.00"),
        client_id=client.pk if client else None,
    )


def web_user(actor, *, email, name, client=None, group=None, password=PASSWORD):
    return portal_services.portal_user_create(
        actor=actor,
        email=email,
        name=name,
        client_id=client.pk if client else None,
        group_id=group.pk if group else None,
        password=password,
    )


def build_portal_world(partner) -> PortalWorld:
    a = ClientFactory(name="Alpha Conseil", created_by=partner)
    b = ClientFactory(name="Bêta Industrie", created_by=partner)
    shared = _matter(partner, [a, b], "Litige commun")
    _fee(partner, shared)
    proformas = billing_services.proformas_create(actor=partner, matter=shared)
    invoices = {
        p.client_id: billing_services.proforma_finalize(actor=partner, proforma=p)
        for p in proformas
    }
    a_alone = _matter(partner, [a], "Bail commercial Alpha")
    _fee(partner, a_alone)
    (proforma,) = billing_services.proformas_create(actor=partner, matter=a_alone)
    credited = billing_services.proforma_finalize(actor=partner, proforma=proforma)
    credit_note_a = billing_services.credit_note_create(actor=partner, invoice=credited)
    b_alone = _matter(partner, [b], "Recouvrement Bêta")
    a_unshared = _matter(partner, [a], "Dossier interne Alpha")
    party = MatterParty.objects.get(matter=a_unshared, client=a)
    matter_services.party_set_portal_shared(
        actor=partner, matter=a_unshared, party_id=party.pk, portal_shared=False
    )

    def contract(client, number):
        made = insurance_services.contract_create(
            actor=partner, client_id=client.pk, insurer="AXA", number=number, start_date=OPENED_ON
        )
        insurance_services.receipt_create(
            actor=partner, contract=made, **{**RECEIPT, "number": f"Q-{number}"}
        )
        insurance_services.claim_create(
            actor=partner, contract_id=made.pk, **{**CLAIM, "number": f"S-{number}"}
        )
        return made

    group = Group.objects.create(name="Groupe Gamma")
    member1 = ClientFactory(name="Gamma Holding", created_by=partner)
    member2 = ClientFactory(name="Gamma Filiale", created_by=partner)
    root = GroupMembership.objects.create(group=group, client=member1, is_seat=True)
    GroupMembership.objects.create(group=group, client=member2, parent=root)

    return PortalWorld(
        partner=partner,
        a=a,
        b=b,
        shared=shared,
        a_alone=a_alone,
        b_alone=b_alone,
        a_unshared=a_unshared,
        invoice_a=invoices[a.pk],
        invoice_b=invoices[b.pk],
        credit_note_a=credit_note_a,
        contract_a=contract(a, "A-1"),
        contract_b=contract(b, "B-1"),
        group=group,
        member1=member1,
        member2=member2,
        contract_m1=contract(member1, "G-1"),
        contract_m2=contract(member2, "G-2"),
        wa=web_user(partner, email="Anne.Alpha@alpha.test", name="Anne Alpha", client=a),
        wb=web_user(partner, email="bruno@beta.test", name="Bruno Bêta", client=b),
        wg=web_user(partner, email="gaelle@gamma.test", name="Gaëlle Gamma", group=group),
    )


@pytest.fixture
def pw(partner) -> PortalWorld:
    return build_portal_world(partner)


def portal_api(portal_user):
    """The portal API as that web user (his own token)."""
    return make_api_client(portal_user.user)
