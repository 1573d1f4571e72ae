"""Load the demo firm: staff of each built-in profile, ~370 clients with aliases, contacts,
families and employers; then connexities, groups, matters and activities (`relations`,
`matters`), bills (`billing`) and the insurance portfolio (`portfolio`).

Deterministic: one `random.Random(seed)` draws everything, and dates are counted from
`today`, so two loads on the same day give the same firm. Idempotent: the staff are
created when missing, everything else only when the demo's marker client (the SNCF of C2)
is absent, in one transaction (the portfolio also when a demo loaded before it existed
has no contract). Everything goes through the domain services, so numbers
follow their sequences (C1), the search column is right (C2) and the history records who
acted (U3) — but for the premium receipts, written in bulk (see `portfolio`).
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cabinet.accounts.models import Profile, User
from cabinet.clients.models import Client, ClientAlias, ClientKind, ClientNumberSequence
from cabinet.clients.services import client_create, client_update, contact_create
from cabinet.core.text import normalize
from cabinet.demo import billing, data, matters, portal, portfolio, relations
from cabinet.demo.portal import PortalSummary
from cabinet.demo.portfolio import PortfolioSummary

DEFAULT_SEED = 363
# Enough clients for the numbers of the specification's group example (000362, 000363).
COMPANY_COUNT = 140  # the known companies and the groups' companies included
PERSON_COUNT = 230  # the families' members included
FAMILY_COUNT = 12  # households: a couple and one to three grown-up children
EMPLOYEE_SHARE = 0.35  # persons outside the families attached to an employer company (C3)
OWN_CLIENTS = {"collaborateur": 20, "assistant": 8}  # persons created by these users


@dataclass
class DemoSummary:
    users_created: list[str] = field(default_factory=list)
    clients: int = 0
    aliases: int = 0
    attachments: int = 0
    contacts: int = 0
    connexities: int = 0
    groups: int = 0
    group_contacts: int = 0
    matters: int = 0
    activities: int = 0
    portfolio: PortfolioSummary | None = None
    portal: PortalSummary | None = None
    loaded: bool = False

    def __str__(self) -> str:
        if not self.loaded:
            created = ""
            if self.users_created:
                created = f" (utilisateurs recréés : {', '.join(self.users_created)})"
            added = " ".join(str(part) for part in (self.portfolio, self.portal) if part)
            if added:
                return f"La démo est déjà chargée ; ajouté : {added}{created}"
            return f"La démo est déjà chargée : rien à faire{created}."
        return (
            f"Démo chargée : {self.clients} clients, {self.aliases} liaisons, "
            f"{self.attachments} rattachements, {self.contacts} contacts "
            f"(dont {self.group_contacts} contacts de groupe), {self.connexities} connexités, "
            f"{self.groups} groupes, {self.matters} dossiers, {self.activities} activités, "
            f"{len(self.users_created)} utilisateurs. {self.portfolio or ''} {self.portal or ''}"
        ).strip()


def demo_is_loaded() -> bool:
    return Client.objects.filter(name=data.SNCF_NAME, aliases__value="SNCF").exists()


def load_demo(
    *,
    seed: int = DEFAULT_SEED,
    today: datetime.date | None = None,
    log: Callable[[str], None] = lambda _: None,
) -> DemoSummary:
    """Load the demo firm unless it is there already; say what was done."""
    summary = DemoSummary()
    with transaction.atomic():
        users = _ensure_users(summary)
        today = today or timezone.localdate()
        if demo_is_loaded():
            if not portfolio.is_loaded():  # a demo loaded before the portfolio existed
                log("Création du portefeuille d'assurance…")
                summary.portfolio = portfolio.load_portfolio(seed=seed, today=today, users=users)
            if not portal.is_loaded():  # a demo loaded before the portal existed
                log("Création des accès au portail…")
                summary.portal = portal.load_portal(users=users)
            return summary
        firm = DemoFirm(rng=random.Random(seed), today=today, users=users)
        log("Création des clients…")
        firm.load(summary)
        log("Création des connexités et des groupes…")
        relations.load_connexities(firm, summary)
        relations.load_groups(firm, summary)
        log("Création des dossiers et des activités…")
        matters.load_matters(firm, summary)
        log("Facturation de quelques dossiers…")
        log(str(billing.load_billing(firm)))
        log("Création du portefeuille d'assurance…")
        summary.portfolio = portfolio.load_portfolio(seed=seed, today=today, users=users)
        log("Création des accès au portail…")
        summary.portal = portal.load_portal(users=users)
    summary.loaded = True
    return summary


def _ensure_users(summary: DemoSummary) -> dict[str, User]:
    """The four demo staff members, one per built-in profile, created when missing."""
    users: dict[str, User] = {}
    for username, password, profile_code, first_name, last_name in data.DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                first_name=first_name,
                last_name=last_name,
                email=f"{_slug(first_name, '.')}.{_slug(last_name, '.')}@lv-avocats.exemple.fr",
                profile=Profile.objects.get(code=profile_code),
                is_staff=profile_code == "admin",
                is_superuser=profile_code == "admin",
                hourly_rate=Decimal(data.DEMO_HOURLY_RATES[username]),
            )
            validate_password(password, user)
            user.set_password(password)
            user._history_user = users.get("admin")
            user.save()
            summary.users_created.append(username)
        users[username] = user
    return users


def _slug(text: str, sep: str = "-") -> str:
    return normalize(text).replace(" ", sep)


@dataclass
class Family:
    """A household of the demo: its members' specs first, their clients once created."""

    father: dict
    mother: dict
    children: list[dict]
    married_on: datetime.date
    divorced_on: datetime.date | None
    births: list[datetime.date]


class DemoFirm:
    """The clients of the demo, and what the later steps need to know about them."""

    def __init__(self, *, rng: random.Random, today: datetime.date, users: dict[str, User]):
        self.rng = rng
        self.today = today
        self.admin = users["admin"]
        self.users = users
        self.company_names: set[str] = set()
        self.created_ids: list[int] = []
        # Filled by load(), read by the relations and matters steps.
        self.client_of: dict[int, Client] = {}  # id(spec) → client
        self.companies: list[Client] = []
        self.families: list[Family] = []
        self.employees: list[Client] = []  # attached to their employer (C3)
        self.loners: list[Client] = []  # persons in no family and attached to no one
        self.partners: list[tuple[Client, Client]] = []  # «associé de» each other (R1)
        self.own_clients: dict[str, list[Client]] = {}  # username → clients he created
        self.group_members: list[list[Client]] = []  # per data.GROUPS, in member order
        # Numbers to hand to given specs when the sequence reaches them (the group example).
        self.reserved: dict[int, dict] = {}
        self.next_number = 1

    # -- building blocks ------------------------------------------------------------------

    def town(self, name: str | None = None) -> tuple[str, str, str]:
        if name is not None:
            return next(t for t in data.TOWNS if t[0] == name)
        return self.rng.choice(data.TOWNS)

    def address(self) -> str:
        number = self.rng.randint(1, 180)
        suffix = " bis" if self.rng.random() < 0.05 else ""
        return f"{number}{suffix} {self.rng.choice(data.STREETS)}"

    def phone(self, prefix: str) -> str:
        return f"{prefix} {self.rng.randint(0, 99):02d} {self.rng.randint(0, 99):02d}"

    def person_name(self) -> tuple[str, str, bool]:
        """First name, last name, and whether the first name is a woman's."""
        female = self.rng.random() < 0.5
        names = data.FIRST_NAMES_F if female else data.FIRST_NAMES_M
        return self.rng.choice(names), self.rng.choice(data.LAST_NAMES), female

    def days_ago(self, low: int, high: int) -> datetime.date:
        return self.today - datetime.timedelta(days=self.rng.randint(low, high))

    def days_ahead(self, low: int, high: int) -> datetime.date:
        return self.today + datetime.timedelta(days=self.rng.randint(low, high))

    # -- clients --------------------------------------------------------------------------

    def known_company(self, name: str, aliases: tuple[str, ...], town: str) -> dict:
        city, postal_code, prefix = self.town(town)
        return {
            "kind": ClientKind.COMPANY,
            "name": name,
            "aliases": list(aliases),
            "address": self.address(),
            "postal_code": postal_code,
            "city": city,
            "phone": self.phone(prefix),
            "email": f"contact@{_slug(aliases[0] if aliases else name)}.{data.COMPANY_MAIL_SUFFIX}",
        }

    def generated_company(self) -> dict:
        rng = self.rng
        city, postal_code, prefix = self.town()
        while True:
            family = rng.choice(data.LAST_NAMES)
            trade, adjective, sign = rng.choice(data.TRADES)
            shape = rng.random()
            # A trading company may trade under a sign; a family firm may have been
            # «Établissements <family>» before.
            may_have = {"sign": True, "former": False}
            if shape < 0.45:
                name = f"{rng.choice(data.LEGAL_FORMS[:3])} {trade} {family}"
                may_have["former"] = True
            elif shape < 0.6:
                name = f"SCI {rng.choice(data.RESIDENCES)}"
                may_have["sign"] = False
            elif shape < 0.75:
                name = f"{family} & Fils"
                may_have = {"sign": False, "former": True}
            elif shape < 0.85:
                name = f"SELARL {family} et Associés"
                may_have["sign"] = False
            else:
                name = f"Société {adjective} {rng.choice(data.PLACES)}"
            if name not in self.company_names:
                break
        aliases: list[str] = []
        if may_have["sign"] and rng.random() < 0.4:
            aliases.append(f"{sign} {city}")
        if may_have["former"] and rng.random() < 0.3:
            aliases.append(f"Établissements {family}")
        return {
            "kind": ClientKind.COMPANY,
            "name": name,
            "aliases": aliases,
            "address": self.address(),
            "postal_code": postal_code,
            "city": city,
            "phone": self.phone(prefix),
            "email": f"contact@{_slug(name)}.{data.COMPANY_MAIL_SUFFIX}",
            "notes": "Client depuis " + str(rng.randint(1995, self.today.year - 1)) + "."
            if rng.random() < 0.2
            else "",
        }

    def person(
        self, *, female: bool | None = None, last_name: str = "", home: dict | None = None
    ) -> dict:
        rng = self.rng
        if female is None:
            first_name, random_last_name, female = self.person_name()
        else:
            names = data.FIRST_NAMES_F if female else data.FIRST_NAMES_M
            first_name, random_last_name = rng.choice(names), rng.choice(data.LAST_NAMES)
        last_name = last_name or random_last_name
        city, postal_code, prefix = self.town()
        if home is None:
            home = {"address": self.address(), "postal_code": postal_code, "city": city}
        aliases = []
        if female and rng.random() < 0.2:
            aliases.append(f"née {rng.choice(data.LAST_NAMES)}")  # a maiden name
        mailbox = rng.choice(data.PERSON_MAILBOXES)
        return {
            "kind": ClientKind.PERSON,
            "name": last_name,
            "first_name": first_name,
            "aliases": aliases,
            **home,
            "phone": self.phone(data.MOBILE_PREFIX if rng.random() < 0.7 else prefix),
            "email": f"{_slug(first_name, '.')}.{_slug(last_name, '.')}@{mailbox}"
            if rng.random() < 0.85
            else "",
        }

    def family(self, *, divorced: bool) -> Family:
        """A couple sharing a name and a home (unless divorced), and one to three grown-up
        children."""
        rng = self.rng
        last_name = rng.choice(data.LAST_NAMES)
        city, postal_code, _prefix = self.town()
        home = {"address": self.address(), "postal_code": postal_code, "city": city}
        father = self.person(female=False, last_name=last_name, home=home)
        mother = self.person(female=True, last_name=last_name, home=None if divorced else home)
        if not mother["aliases"] and rng.random() < 0.6:
            mother["aliases"] = [f"née {rng.choice(data.LAST_NAMES)}"]
        married_on = self.days_ago(11_000, 17_000)
        divorced_on = None
        if divorced:
            divorced_on = min(
                married_on + datetime.timedelta(days=rng.randint(2_000, 8_000)),
                self.days_ago(60, 400),
            )
        count = rng.choices((1, 2, 3), weights=(35, 45, 20))[0]
        births = sorted(
            married_on + datetime.timedelta(days=rng.randint(300, 4_000)) for _ in range(count)
        )
        children = []
        for _ in births:
            # Grown-up children mostly live elsewhere.
            children.append(
                self.person(
                    female=rng.random() < 0.5,
                    last_name=last_name,
                    home=home if rng.random() < 0.3 else None,
                )
            )
        return Family(father, mother, children, married_on, divorced_on, births)

    def group_company(self, name: str, aliases: tuple[str, ...], town: str, domain: str) -> dict:
        city, postal_code, prefix = self.town(town)
        return {
            "kind": ClientKind.COMPANY,
            "name": name,
            "aliases": list(aliases),
            "address": self.address(),
            "postal_code": postal_code,
            "city": city,
            "phone": self.phone(prefix),
            "email": f"contact@{_slug(name)}.{domain}.{data.COMPANY_MAIL_SUFFIX}",
        }

    def create(self, spec: dict, summary: DemoSummary, actor: User | None = None, **extra):
        while self.next_number in self.reserved:
            self._create(self.reserved.pop(self.next_number), summary, self.admin)
        return self._create(spec, summary, actor or self.admin, **extra)

    def _create(self, spec: dict, summary: DemoSummary, actor: User, **extra) -> Client:
        fields = {key: value for key, value in spec.items() if value != ""}
        client = client_create(actor=actor, **fields, **extra)
        self.client_of[id(spec)] = client
        self.next_number = int(client.number) + 1
        self.created_ids.append(client.pk)
        summary.clients += 1
        summary.attachments += client.attached_to_id is not None
        return client

    # -- contacts (C4) --------------------------------------------------------------------

    def contact_period(self) -> tuple[datetime.date, datetime.date | None]:
        """Mostly current; some ended in the past, some starting in the future."""
        draw = self.rng.random()
        if draw < 0.15:
            return self.days_ago(1200, 3000), self.days_ago(10, 700)
        if draw < 0.25:
            return self.days_ahead(5, 120), None
        if draw < 0.35:
            return self.days_ago(30, 2000), self.days_ahead(20, 365)
        return self.days_ago(1, 3000), None

    def add_contact(
        self,
        client: Client,
        roles: tuple[str, str],
        summary: DemoSummary,
        period=None,
        *,
        group_contact: bool = False,
    ) -> None:
        fields = {}
        first_name, last_name, female = self.person_name()
        valid_from, valid_to = period or self.contact_period()
        domain = client.email.partition("@")[2] or data.PERSON_MAILBOXES[0]
        if group_contact:
            fields["is_group_contact"] = True
            summary.group_contacts += 1
        contact_create(
            actor=self.admin,
            client=client,
            first_name=first_name,
            last_name=last_name,
            role=roles[female],
            email=f"{_slug(first_name, '.')}.{_slug(last_name, '.')}@{domain}",
            phone=self.phone(client.phone[:8] if client.phone else data.MOBILE_PREFIX),
            valid_from=valid_from,
            valid_to=valid_to,
            **fields,
        )
        summary.contacts += 1

    # -- the whole firm -------------------------------------------------------------------

    def load(self, summary: DemoSummary) -> None:
        rng = self.rng
        specs = [self.known_company(*known) for known in data.KNOWN_COMPANIES]
        known_names = {spec["name"] for spec in specs}
        group_specs: list[list[dict | None]] = []  # None: a known company, created above
        for _name, town, domain, members in data.GROUPS:
            group_specs.append(
                [
                    None if name in known_names else self.group_company(name, aliases, town, domain)
                    for name, aliases, _parent, _seat in members
                ]
            )
        specs += [spec for members in group_specs for spec in members if spec is not None]
        for spec in specs:
            self.company_names.add(spec["name"])
        while len(specs) < COMPANY_COUNT:
            spec = self.generated_company()
            self.company_names.add(spec["name"])
            specs.append(spec)
        # The group example of the specification takes its numbers when the sequence
        # reaches them (C1 gives numbers in order: the data decides who gets which).
        highest = Client.objects.aggregate(highest=Max("number"))["highest"]
        sequence = ClientNumberSequence.objects.first()
        self.next_number = 1 + max(int(highest or 0), sequence.last_value if sequence else 0)
        example = group_specs[data.EXAMPLE_GROUP]
        for number, spec in zip(data.EXAMPLE_NUMBERS, example, strict=False):
            if spec is not None and int(number) >= self.next_number:
                self.reserved[int(number)] = spec
                specs.remove(spec)
        reserved_specs = list(self.reserved.values())

        self.families = [self.family(divorced=i % 4 == 1) for i in range(FAMILY_COUNT)]
        relatives = [spec for f in self.families for spec in (f.father, f.mother, *f.children)]
        people = [self.person() for _ in range(PERSON_COUNT - len(relatives))]
        employees = people[: int(len(people) * EMPLOYEE_SHARE)]
        others = people[len(employees) :]

        # The firm took its clients on over the years: numbers mix companies and persons.
        own_count = sum(OWN_CLIENTS.values())
        first_batch = specs + others[own_count:] + relatives
        rng.shuffle(first_batch)
        created = [self.create(spec, summary) for spec in first_batch]
        companies = [c for c in created if c.kind == ClientKind.COMPANY]
        persons = [c for c in created if c.kind == ClientKind.PERSON]
        # Persons taken on by the associate and the assistant, who see only their own
        # clients (their profiles lack «see every client»).
        own = others[:own_count]
        for username, count in OWN_CLIENTS.items():
            actor = self.users[username]
            mine = [self.create(spec, summary, actor=actor) for spec in own[:count]]
            self.own_clients[username] = mine
            persons += mine
            own = own[count:]
        # C3: employees attached to their employer, the well-known companies first.
        by_name = {c.name: c for c in companies}
        known = [by_name[name] for name, _, _ in data.KNOWN_COMPANIES]
        for index, spec in enumerate(employees):
            employer = known[index] if index < len(known) else rng.choice(companies)
            mailbox = employer.email.partition("@")[2]
            spec["email"] = f"{_slug(spec['first_name'], '.')}.{_slug(spec['name'], '.')}@{mailbox}"
            self.employees.append(self.create(spec, summary, attached_to_id=employer.pk))
        for number in sorted(self.reserved):  # fewer clients than the example's numbers
            self._create(self.reserved.pop(number), summary, self.admin)
        persons += self.employees
        companies += [self.client_of[id(spec)] for spec in reserved_specs]
        self.companies = companies
        self.loners = [self.client_of[id(spec)] for spec in others[own_count:]]
        for members, definition in zip(group_specs, data.GROUPS, strict=True):
            self.group_members.append(
                [
                    by_name[name] if spec is None else self.client_of[id(spec)]
                    for spec, (name, _, _, _) in zip(members, definition[3], strict=True)
                ]
            )

        # Later changes, so that the history shows a before and an after (U3).
        for client in rng.sample(companies, 12):
            city, postal_code, prefix = self.town()
            client_update(
                actor=self.admin,
                client=client,
                address=self.address(),
                postal_code=postal_code,
                city=city,
                phone=self.phone(prefix),
            )
        women = [c for c in persons if c.first_name in data.FIRST_NAMES_F]
        for client in rng.sample(women, 5):
            former = [alias.value for alias in client.aliases.all()]
            former.append(f"née {rng.choice(data.LAST_NAMES)}")
            client_update(actor=self.admin, client=client, aliases=former)

        # C4: the SNCF shows a current, an ended and a future contact; then the others.
        sncf = by_name[data.SNCF_NAME]
        for role, period in (
            (data.COMPANY_ROLES[0], (self.days_ago(400, 2000), None)),
            (data.COMPANY_ROLES[2], (self.days_ago(2000, 3000), None)),
            (data.COMPANY_ROLES[0], (self.days_ago(3000, 4000), self.days_ago(400, 600))),
            (data.COMPANY_ROLES[-1], (self.days_ahead(15, 30), None)),
        ):
            self.add_contact(sncf, role, summary, period)
        for client in companies:
            for _ in range(rng.randint(1, 4)):
                self.add_contact(client, rng.choice(data.COMPANY_ROLES), summary)
        for client in persons:
            if rng.random() < 0.2:
                self.add_contact(client, rng.choice(data.PERSON_CONTACT_ROLES), summary)
        summary.aliases = ClientAlias.objects.filter(client__in=self.created_ids).count()
