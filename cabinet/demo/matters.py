"""The demo's matters (M1–M10) and activities (A1).

About forty matters of the usual kinds, mono- and multi-client, with adverse and other
parties, linked contacts and intervenants, opened from January of last year on. Each gets
its activities (time, expenses, flat fees; ~300 in all) while all its parties are active;
then some parties are made inactive — one client of a multi-client matter, every client of
another, the client of a mono-client matter, each with unbilled activities linked to it
(M4, M5) — and some matters are closed. A client is never on both sides: adverse parties
are drawn from clients the firm does not act for.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q

from cabinet.accounts.models import Right, User
from cabinet.clients.models import Client, Contact
from cabinet.clients.selectors import readable_client_ids
from cabinet.demo import data
from cabinet.demo import matter_data as md
from cabinet.demo.activities import add_activities
from cabinet.demo.relations import is_female
from cabinet.matters.models import Matter, MatterStatus, PartyRole
from cabinet.matters.services import (
    intervenant_add,
    matter_create,
    matter_set_status,
    party_add,
    party_set_active,
)

if TYPE_CHECKING:
    from cabinet.demo.loader import DemoFirm, DemoSummary, Family


@dataclass
class Plan:
    title: str
    type: str
    description: str
    clients: list[Client]
    creator: User
    intervenants: list[User] = field(default_factory=list)
    adverse: list[Client] = field(default_factory=list)
    others: list[Client] = field(default_factory=list)
    linked: list[Client] = field(default_factory=list)  # parties that get a linked contact
    inactive: list[Client] = field(default_factory=list)  # made inactive at the end
    closed: bool = False
    opened_on: datetime.date | None = None


def lower_first(text: str) -> str:
    """«Mise en conformité RGPD» → «mise en conformité RGPD» (a title's second half)."""
    return text[:1].lower() + text[1:]


def civil_name(client: Client) -> str:
    if not client.is_person:
        return client.name
    return f"{'Mme' if is_female(client) else 'M.'} {client.display_name}"


class _Planner:
    """Chooses the parties of each matter; runs no service."""

    def __init__(self, firm: DemoFirm):
        self.firm = firm
        self.rng = firm.rng
        self.users = firm.users
        self.for_us: set[int] = set()  # clients the firm acts for
        self.against: set[int] = set()  # adverse parties
        by_name = {c.name: c for c in firm.companies}
        self.insurers = [by_name[name] for name in md.INSURERS]
        self.banks = [by_name[name] for name in md.BANKS]
        self.grouped = {c.pk for members in firm.group_members for c in members}
        neutral = {c.pk for c in self.insurers + self.banks}
        free = [c for c in firm.companies if c.pk not in self.grouped | neutral]
        self.scis = [c for c in free if c.name.startswith("SCI ")]
        self.trading = [c for c in free if not c.name.startswith("SCI ")]

    # -- parties ----------------------------------------------------------------------------

    def client(self, pool: list[Client]) -> Client:
        client = self.rng.choice([c for c in pool if c.pk not in self.against | self.for_us])
        self.for_us.add(client.pk)
        return client

    def adverse(self, pool: list[Client]) -> Client:
        client = self.rng.choice([c for c in pool if c.pk not in self.for_us | self.against])
        self.against.add(client.pk)
        return client

    def lawyer(self) -> User:
        """Who opens a matter: the partner mostly, the managing partner (admin) often."""
        return self.users["associe"] if self.rng.random() < 0.65 else self.users["admin"]

    def plan(self, **fields) -> Plan:
        fields.setdefault("creator", self.lawyer())
        return Plan(**fields)

    # -- mono-client matters ------------------------------------------------------------------

    def commercial(self) -> Plan:
        client, adverse = self.client(self.trading), self.adverse(self.trading)
        others = [self.rng.choice(self.insurers)] if self.rng.random() < 0.3 else []
        return self.plan(
            title=f"{client.name} c/ {adverse.name}",
            type=md.COMMERCIAL,
            description=self.rng.choice(md.COMMERCIAL_SUBJECTS),
            clients=[client],
            adverse=[adverse],
            others=others,
            linked=[adverse] if self.rng.random() < 0.6 else [client],
        )

    def employer(self) -> Plan:
        trading = {c.pk for c in self.trading}
        employee = self.rng.choice(
            [
                e
                for e in self.firm.employees
                if e.pk not in self.for_us | self.against
                and e.attached_to_id in trading
                and e.attached_to_id not in self.against
            ]
        )
        self.against.add(employee.pk)
        employer = employee.attached_to
        self.for_us.add(employer.pk)
        subject, description = self.rng.choice(md.EMPLOYER_SUBJECTS)
        return self.plan(
            title=f"{employer.name} — {subject} de {civil_name(employee)}",
            type=md.SOCIAL,
            description=description,
            clients=[employer],
            adverse=[employee],
            linked=[employer],
        )

    def employee(self) -> Plan:
        """A matter the associate opened for one of his own clients."""
        person = self.client(self.firm.own_clients["collaborateur"])
        company = self.adverse(self.trading)
        subject, description = self.rng.choice(md.EMPLOYEE_SUBJECTS)
        return self.plan(
            title=f"{civil_name(person)} c/ {company.name} — {subject}",
            type=md.SOCIAL,
            description=description,
            clients=[person],
            adverse=[company],
            creator=self.users["collaborateur"],
        )

    def lease(self, subject: tuple[str, str]) -> Plan:
        landlord, tenant = self.client(self.scis), self.adverse(self.trading)
        return self.plan(
            title=f"{landlord.name} / {tenant.name} — {lower_first(subject[0])}",
            type=md.LEASE,
            description=f"{subject[1]} Locaux sis {landlord.address}, {landlord.city}.",
            clients=[landlord],
            adverse=[tenant],
            linked=[tenant],
        )

    def advice(self, subject: tuple[str, str]) -> Plan:
        client = self.client(self.trading)
        return self.plan(
            title=f"{client.name} — {lower_first(subject[0])}",
            type=md.ADVICE,
            description=subject[1],
            clients=[client],
            others=[self.banks[0]] if "Transmission" in subject[0] else [],
            linked=[client],
        )

    def divorce(self, family: Family) -> Plan:
        firm = self.firm
        wife, husband = firm.client_of[id(family.mother)], firm.client_of[id(family.father)]
        client, adverse = (wife, husband) if self.rng.random() < 0.5 else (husband, wife)
        self.for_us.add(client.pk)
        self.against.add(adverse.pk)
        return self.plan(
            title=f"Divorce {client.name} — {civil_name(client)}",
            type=md.FAMILY,
            description="Divorce, résidence des enfants, liquidation du régime matrimonial.",
            clients=[client],
            adverse=[adverse],
        )

    def collection(self) -> Plan:
        client = self.client(self.trading)
        debtor = self.adverse(self.trading + self.firm.loners)
        return self.plan(
            title=f"{client.name} c/ {civil_name(debtor)} — recouvrement",
            type=md.COLLECTION,
            description="Créance impayée ; mise en demeure puis injonction de payer.",
            clients=[client],
            adverse=[debtor],
            creator=self.users["associe"],
        )

    def consumer(self) -> Plan:
        """A matter the assistant opened for one of her own clients."""
        person = self.client(self.firm.own_clients["assistant"])
        company = self.adverse(self.trading)
        return self.plan(
            title=f"{civil_name(person)} c/ {company.name}",
            type=md.CONSUMER,
            description=self.rng.choice(md.CONSUMER_SUBJECTS),
            clients=[person],
            adverse=[company],
            creator=self.users["assistant"],
        )

    def insurance(self, subject: tuple[str, str]) -> Plan:
        client = self.client(self.trading)
        insurer = self.adverse(self.insurers)
        return self.plan(
            title=f"{client.name} c/ {insurer.name} — {lower_first(subject[0])}",
            type=md.INSURANCE,
            description=subject[1],
            clients=[client],
            adverse=[insurer],
            linked=[insurer],
        )

    # -- multi-client matters -------------------------------------------------------------------

    def estate(self, family: Family) -> Plan:
        firm, rng = self.firm, self.rng
        parent = family.mother if rng.random() < 0.6 else family.father
        heirs = [firm.client_of[id(spec)] for spec in (parent, *family.children)][:4]
        self.for_us.update(c.pk for c in heirs)
        female = rng.random() < 0.5
        taken = {heir.first_name for heir in heirs}
        first = rng.choice(
            [n for n in (data.FIRST_NAMES_F if female else data.FIRST_NAMES_M) if n not in taken]
        )
        deceased = f"{'Mme' if female else 'M.'} {first} {heirs[0].name}"
        died = firm.days_ago(200, 500).strftime("%d/%m/%Y")
        return self.plan(
            title=f"Succession de {deceased}",
            type=md.ESTATE,
            description=(
                f"Règlement de la succession de {deceased}, décédé{'e' if female else ''} "
                f"le {died} : déclaration de succession et partage entre les héritiers."
            ),
            clients=heirs,
            others=[self.banks[0]] if rng.random() < 0.5 else [],
        )

    def joint_ownership(self, family: Family) -> Plan:
        siblings = [self.firm.client_of[id(spec)] for spec in family.children]
        self.for_us.update(c.pk for c in siblings)
        return self.plan(
            title=f"Indivision {siblings[0].name} — vente de l'immeuble de {siblings[0].city}",
            type=md.PROPERTY,
            description="Sortie d'indivision : convention, mise en vente, partage du prix.",
            clients=siblings,
        )

    def group(self, index: int, subject: tuple) -> Plan:
        rng = self.rng
        name = data.GROUPS[index][0]
        members = self.firm.group_members[index]
        clients = [members[0], *rng.sample(members[1:], rng.randint(1, 3))]
        self.for_us.update(c.pk for c in clients)
        title, matter_type, description, with_adverse = subject
        return self.plan(
            title=f"{name} — {title}",
            type=matter_type,
            description=description,
            clients=clients,
            adverse=[self.adverse(self.trading)] if with_adverse else [],
            others=[rng.choice(self.insurers)] if matter_type == md.ADVICE else [],
            linked=[clients[0]],
        )

    def partners(self, pair: tuple[Client, Client]) -> Plan:
        self.for_us.update(c.pk for c in pair)
        company = self.adverse(self.trading)
        return self.plan(
            title=f"{civil_name(pair[0])} et {civil_name(pair[1])} c/ {company.name}",
            type=md.CORPORATE,
            description="Litige entre associés : prix de cession des parts et compte courant.",
            clients=list(pair),
            adverse=[company],
            linked=[company],
        )

    def co_plaintiffs(self) -> Plan:
        rng = self.rng
        clients = [self.client(self.trading) for _ in range(rng.randint(2, 4))]
        adverse = self.adverse(self.trading)
        return self.plan(
            title=f"{clients[0].name} et autres c/ {adverse.name}",
            type=md.COMMERCIAL,
            description="Action commune de distributeurs contre leur fournisseur.",
            clients=clients,
            adverse=[adverse],
            linked=[adverse],
        )

    # -- the whole list -------------------------------------------------------------------------

    def plans(self) -> list[Plan]:
        rng, firm = self.rng, self.firm
        divorced = [f for f in firm.families if f.divorced_on is not None]
        married = [f for f in firm.families if f.divorced_on is None]
        siblings = [f for f in married if len(f.children) >= 2][:2]
        estates = [f for f in married if f not in siblings][:5]

        # The partners first: a debt collection may pick its debtor among persons.
        partners = [self.partners(pair) for pair in firm.partners[:2]]
        commercial = [self.commercial() for _ in range(6)]
        leases = [self.lease(subject) for subject in md.LEASE_SUBJECTS]
        advice = [self.advice(subject) for subject in md.ADVICE_SUBJECTS[:4]]
        divorces = [self.divorce(family) for family in divorced[:2]]
        collections = [self.collection() for _ in range(2)]
        mono = [
            *commercial,
            *(self.employer() for _ in range(2)),
            *(self.employee() for _ in range(2)),
            *leases,
            *advice,
            *divorces,
            *collections,
            self.consumer(),
            *(self.insurance(subject) for subject in md.INSURANCE_SUBJECTS),
        ]
        estate_plans = [self.estate(family) for family in estates]
        joint = [self.joint_ownership(family) for family in siblings]
        groups = [
            self.group(index, subject)
            for index, subject in zip(
                rng.sample(range(len(firm.group_members)), 4), md.GROUP_SUBJECTS, strict=True
            )
        ]
        co_plaintiffs = [self.co_plaintiffs() for _ in range(2)]
        multi = [*estate_plans, *joint, *groups, *partners, *co_plaintiffs]

        # M2/M4/M5: inactive clients, each left with unbilled activities.
        commercial[0].inactive = list(commercial[0].clients)  # mono: no longer accepts
        estate_plans[0].inactive = [estate_plans[0].clients[-1]]  # an heir who renounced
        groups[0].inactive = [groups[0].clients[-1]]  # a subsidiary sold meanwhile
        co_plaintiffs[0].inactive = [co_plaintiffs[0].clients[-1]]  # withdrew
        all_inactive = joint[0] if joint else estate_plans[1]  # no longer accepts (M5)
        all_inactive.inactive = list(all_inactive.clients)
        # An adverse party out of the case: its linked contact goes inactive with it (M10).
        commercial[1].inactive = list(commercial[1].adverse)
        commercial[1].linked = list(commercial[1].adverse)
        # Archived matters (M9), opened earlier.
        for plan in (commercial[2], leases[1], advice[0], divorces[0], collections[0]):
            plan.closed = True
        if len(estate_plans) > 4:
            estate_plans[4].closed = True

        start = datetime.date(firm.today.year - 1, 1, 6)
        span = (firm.today - start).days
        for plan in (*mono, *multi):
            high = span // 2 if plan.closed else span - 20
            plan.opened_on = start + datetime.timedelta(days=rng.randint(0, high))
            plan.intervenants = self.intervenants(plan.creator)
        # Numbers follow the opening dates (M1).
        return sorted((*mono, *multi), key=lambda p: p.opened_on)

    def intervenants(self, creator: User) -> list[User]:
        """M6: the partner oversees most matters, the associate and the assistant work on
        many, the managing partner on a few."""
        rng, users = self.rng, self.users
        chosen = [creator]
        for username, share in (
            ("associe", 0.85),
            ("collaborateur", 0.6),
            ("assistant", 0.4),
            ("admin", 0.15),
        ):
            if users[username] not in chosen and rng.random() < share:
                chosen.append(users[username])
        return chosen


class _Runner:
    """Runs the plans through the services, each write by the user who would make it."""

    def __init__(self, firm: DemoFirm, summary: DemoSummary):
        self.firm = firm
        self.rng = firm.rng
        self.summary = summary

    def run(self, plan: Plan) -> Matter:
        """The creator names the parties he may open and, with the right to act on every
        matter, the other intervenants (U4, M6); the partner adds the rest."""
        parties = [{"role": PartyRole.CLIENT, "client_id": c.id} for c in plan.clients]
        parties += [{"role": PartyRole.ADVERSE, "client_id": c.id} for c in plan.adverse]
        parties += [{"role": PartyRole.OTHER, "client_id": c.id} for c in plan.others]
        creator, partner = plan.creator, self.firm.users["associe"]
        openable = readable_client_ids(user=creator, client_ids=[p["client_id"] for p in parties])
        own = [p for p in parties if openable is None or p["client_id"] in openable]
        others = [u.id for u in plan.intervenants if u != creator]
        names_others = creator.has_right(Right.ALL_MATTERS)
        matter = matter_create(
            actor=creator,
            title=plan.title,
            type=plan.type,
            opened_on=plan.opened_on,
            description=plan.description,
            parties=own,
            intervenant_ids=others if names_others else [],
        )
        for party in parties:
            if party not in own:
                party_add(actor=partner, matter=matter, **party)
        if not names_others:
            for user_id in others:
                intervenant_add(actor=partner, matter=matter, user_id=user_id)
        matter = Matter.objects.prefetch_related("parties").get(pk=matter.pk)
        self.summary.matters += 1
        party_of = {p.client_id: p for p in matter.parties.all()}
        for client in plan.linked:
            contact = self.current_contact(client)
            if contact is not None:
                party_add(
                    actor=plan.creator,
                    matter=matter,
                    role=PartyRole.LINKED_CONTACT,
                    contact_id=contact.id,
                    linked_party_id=party_of[client.id].id,
                )
        add_activities(self.firm, self.summary, matter, plan)
        for client in plan.inactive:
            party_set_active(
                actor=plan.creator, matter=matter, party_id=party_of[client.id].id, is_active=False
            )
        if plan.closed:
            matter_set_status(actor=plan.creator, matter=matter, status=MatterStatus.CLOSED)
        return matter

    def current_contact(self, client: Client) -> Contact | None:
        today = self.firm.today
        return (
            Contact.objects.filter(client=client, valid_from__lte=today)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
            .order_by("id")
            .first()
        )


def load_matters(firm: DemoFirm, summary: DemoSummary) -> None:
    runner = _Runner(firm, summary)
    for plan in _Planner(firm).plans():
        runner.run(plan)
