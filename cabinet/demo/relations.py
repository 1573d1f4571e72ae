"""The demo's relations between clients: connexities (R1–R10) and groups (G1–G9).

Connexities join the members of each family (spouses, parents and children, brothers and
sisters), employees and their employers, partners, managers and their companies, and
companies between themselves. Some have ended («Historisées», R5); some clients have
several with the same other client (R8). Groups reproduce the specification's example
(000363 under 000362), with trees two or three levels deep, seats and group contacts.
"""

from __future__ import annotations

import datetime
import itertools
from typing import TYPE_CHECKING

from cabinet.clients.connexity_services import connexity_create, connexity_label_create
from cabinet.clients.models import Client
from cabinet.demo import data
from cabinet.groups.services import group_create, membership_set

if TYPE_CHECKING:
    from cabinet.demo.loader import DemoFirm, DemoSummary


def pairs(items: list) -> list[tuple]:
    """[a, b, c, d] → [(a, b), (c, d)]."""
    return list(zip(items[::2], items[1::2], strict=False))


def is_female(client: Client) -> bool:
    return client.first_name in data.FIRST_NAMES_F


def gendered(client: Client, masculine: str, feminine: str) -> str:
    return feminine if is_female(client) else masculine


class _Connexities:
    def __init__(self, firm: DemoFirm, summary: DemoSummary):
        self.firm = firm
        self.rng = firm.rng
        self.summary = summary

    def link(
        self,
        client: Client,
        other: Client,
        label: str,
        inverse_label: str,
        start: datetime.date,
        end: datetime.date | None = None,
    ) -> None:
        """`label` is `client`'s relation to `other` (R1)."""
        connexity_create(
            actor=self.firm.admin,
            client=client,
            other_client_id=other.id,
            label=label,
            inverse_label=inverse_label,
            start_date=start,
            end_date=end,
        )
        self.summary.connexities += 1

    def ended_between(self, start: datetime.date) -> datetime.date:
        """An end in the past, after `start` (R4, R5)."""
        days = (self.firm.today - start).days
        return start + datetime.timedelta(days=self.rng.randint(days // 3, days - 30))

    def families(self) -> None:
        for family in self.firm.families:
            father = self.firm.client_of[id(family.father)]
            mother = self.firm.client_of[id(family.mother)]
            children = [self.firm.client_of[id(spec)] for spec in family.children]
            self.link(
                father, mother, "époux de", "épouse de", family.married_on, family.divorced_on
            )
            for child, born in zip(children, family.births, strict=True):
                self.link(child, father, gendered(child, "fils de", "fille de"), "père de", born)
                self.link(child, mother, gendered(child, "fils de", "fille de"), "mère de", born)
            for (elder, _), (younger, born) in itertools.combinations(
                zip(children, family.births, strict=True), 2
            ):
                self.link(
                    elder,
                    younger,
                    gendered(elder, "frère de", "sœur de"),
                    gendered(younger, "frère de", "sœur de"),
                    born,
                )
        # R8: fathers in business with a grown-up son, a couple partners in a company.
        sons = [
            (self.firm.client_of[id(f.father)], self.firm.client_of[id(spec)], born)
            for f in self.firm.families
            for spec, born in zip(f.children, f.births, strict=True)
            if spec["first_name"] in data.FIRST_NAMES_M
        ]
        for father, son, born in sons[:3]:
            start = born + datetime.timedelta(days=self.rng.randint(8_000, 9_500))
            start = min(start, self.firm.days_ago(100, 300))
            self.link(father, son, "associé de", "associé de", start)
        couple = next(f for f in self.firm.families if f.divorced_on is None)
        self.link(
            self.firm.client_of[id(couple.father)],
            self.firm.client_of[id(couple.mother)],
            "associé de",
            "associée de",
            self.firm.days_ago(1_500, 6_000),
        )

    def employment(self) -> None:
        rng, firm = self.rng, self.firm
        for index, employee in enumerate(rng.sample(firm.employees, 12)):
            employer = employee.attached_to
            hired = firm.days_ago(200, 7_000)
            if index < 3:
                # R8: an internship at the same company before being hired there.
                intern_from = hired - datetime.timedelta(days=rng.randint(200, 900))
                self.link(
                    employee,
                    employer,
                    "stagiaire de",
                    "maître de stage de",
                    intern_from,
                    intern_from + datetime.timedelta(days=rng.randint(60, 180)),
                )
            elif index < 7:
                # A former employer: ended before the current job began.
                former = rng.choice([c for c in firm.companies if c.pk != employer.pk])
                start = hired - datetime.timedelta(days=rng.randint(700, 4_000))
                end = hired - datetime.timedelta(days=rng.randint(15, 200))
                label = gendered(employee, "salarié de", "salariée de")
                self.link(employee, former, label, "employeur de", start, end)
            label = gendered(employee, "salarié de", "salariée de")
            self.link(employee, employer, label, "employeur de", hired)

    def partners_and_managers(self) -> None:
        rng, firm = self.rng, self.firm
        loners = rng.sample(firm.loners, 18)
        for index, (one, two) in enumerate(pairs(loners[:12])):
            start = firm.days_ago(500, 5_000)
            end = self.ended_between(start) if index == 0 else None
            if end is None:
                firm.partners.append((one, two))
            self.link(
                one,
                two,
                gendered(one, "associé de", "associée de"),
                gendered(two, "associé de", "associée de"),
                start,
                end,
            )
        small = [c for c in firm.companies if c.name.startswith(("SARL ", "SAS "))]
        for index, (manager, company) in enumerate(
            zip(loners[12:], rng.sample(small, 6), strict=True)
        ):
            start = firm.days_ago(300, 6_000)
            end = self.ended_between(start) if index == 0 else None
            self.link(
                manager,
                company,
                gendered(manager, "gérant de", "gérante de"),
                gendered(manager, "a pour gérant", "a pour gérante"),
                start,
                end,
            )

    def between_companies(self) -> None:
        rng, firm = self.rng, self.firm
        scis = [c for c in firm.companies if c.name.startswith("SCI ")]
        trading = [c for c in firm.companies if not c.name.startswith("SCI ")]
        companies = rng.sample(trading, 16)
        for index, (supplier, customer) in enumerate(pairs(companies[:10])):
            start = firm.days_ago(400, 4_000)
            end = self.ended_between(start) if index == 0 else None
            self.link(supplier, customer, "fournisseur de", "client de", start, end)
        for contractor, principal in pairs(companies[10:]):
            self.link(
                contractor,
                principal,
                "sous-traitant de",
                "donneur d'ordre de",
                firm.days_ago(300, 3_000),
            )
        tenants = rng.sample([c for c in trading if c not in companies], 4)
        for index, (landlord, tenant) in enumerate(zip(rng.sample(scis, 4), tenants, strict=True)):
            start = firm.days_ago(1_000, 5_000)
            end = self.ended_between(start) if index == 0 else None
            self.link(landlord, tenant, "bailleur de", "locataire de", start, end)


def load_connexities(firm: DemoFirm, summary: DemoSummary) -> None:
    """R3: the configurable labels first, then ~110 connexities, some ended."""
    for label in data.CONNEXITY_LABELS:
        connexity_label_create(actor=firm.admin, label=label)
    connexities = _Connexities(firm, summary)
    connexities.families()
    connexities.employment()
    connexities.partners_and_managers()
    connexities.between_companies()


def load_groups(firm: DemoFirm, summary: DemoSummary) -> None:
    """G1–G4, G9: the groups of data.GROUPS, their trees, seats and group contacts."""
    rng = firm.rng
    for index, (name, town, domain, members) in enumerate(data.GROUPS):
        clients = list(firm.group_members[index])
        if index == data.EXAMPLE_GROUP:
            # The example's numbers, whoever holds them (on a fresh database, the two
            # companies the loader gave them to).
            for position, number in enumerate(data.EXAMPLE_NUMBERS):
                holder = Client.objects.filter(number=number).first()
                if holder is not None:
                    clients[position] = holder
        city, postal_code, prefix = firm.town(town)
        group = group_create(
            actor=firm.admin,
            name=name,
            representative_client_id=clients[0].id,
            address=firm.address(),
            postal_code=postal_code,
            city=city,
            phone=firm.phone(prefix),
            email=f"contact@{domain}.{data.COMPANY_MAIL_SUFFIX}",
        )
        summary.groups += 1
        for client, (_name, _aliases, parent, seat) in zip(clients, members, strict=True):
            membership_set(
                actor=firm.admin,
                client=client,
                group_id=group.id,
                parent_client_id=None if parent is None else clients[parent].id,
                is_seat=seat,
            )
        # G9: the group's own contacts at its head, and one at a subsidiary of some.
        holders = [clients[0]] * rng.randint(1, 2)
        if rng.random() < 0.6:
            holders.append(rng.choice(clients[1:]))
        roles = rng.sample(data.GROUP_CONTACT_ROLES, len(holders))
        for holder, role in zip(holders, roles, strict=True):
            period = (firm.days_ago(100, 3_000), None)
            firm.add_contact(holder, role, summary, period, group_contact=True)
    # An ended group contact: not listed today, listed at a past date (C4, G9).
    head = firm.group_members[1][0]
    firm.add_contact(
        head,
        data.GROUP_CONTACT_ROLES[1],
        summary,
        (firm.days_ago(2_000, 3_000), firm.days_ago(100, 600)),
        group_contact=True,
    )
