"""A synthetic firm of any size, to measure Cabinet's reads against (`cabinet generate`).

Deterministic for a seed: the same rows in the same order. The rows are those the services
would write — the search column of C2 (`clients.search.search_text_of`), the numbering
sequence, group trees with their seats — written in bulk (cabinet/synthetic/bulk.py). No
history: a generated firm starts with none.

The shape (issue «A synthetic million-client firm»): ~60 % persons and 40 % companies, 0–3
aliases each, ~2 connexities per client (some ended), groups of 2 to 2,000 companies with
sub-structures and seats (one of exactly 2,000 when there are enough companies), ~1.5
contacts per client (some ended) and group contacts.
"""

import datetime
import functools
import random
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, models

from cabinet.activities.models import Activity
from cabinet.billing.models import CreditNote, Invoice
from cabinet.clients.models import (
    Client,
    ClientAlias,
    ClientNumberSequence,
    ClientWord,
    Connexity,
    ConnexityLabel,
    Contact,
)
from cabinet.clients.search import search_text_of, words_of
from cabinet.core.text import normalize
from cabinet.demo import data, matter_data
from cabinet.groups.models import Group, GroupMembership
from cabinet.matters.models import Intervenant, Matter, MatterNumberSequence, MatterParty
from cabinet.synthetic.billing import Biller
from cabinet.synthetic.bulk import BulkWriter, columns_of

CENT = Decimal("0.01")
MAX_CLIENTS = 999_999  # C1: six-digit client numbers
LARGEST_GROUP = 2_000
REFERENCE_DAY = datetime.date(2026, 12, 1)  # «today» of every generated firm
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
PERSON_SHARE = 0.6
GROUPED_COMPANY_SHARE = 0.6


@functools.lru_cache(maxsize=200_000)
def _normalized_word(value: str) -> str:
    return normalize(value)


def cached_normalize(value: str) -> str:
    """`core.text.normalize`, remembered for the few thousand names of the generator's
    lists; a client number (digits) is its own normal form."""
    return value if value.isdigit() else _normalized_word(value)


def row_maker(model: type[models.Model], **defaults):
    """A function of keyword values (by column) giving the row tuple in column order; a
    column given neither a value nor a default is an error."""
    columns = columns_of(model)
    fixed = {"created_at": NOW, "updated_at": NOW, **defaults}

    def make(**values) -> tuple:
        merged = {**fixed, **values}
        return tuple(merged[c] for c in columns)

    return make


def _zipf_weights(n: int) -> list[float]:
    return [1 / (rank + 1) for rank in range(n)]


class SyntheticFirm:
    """Generates the firm into an empty database, in steps; `summary()` says what it made."""

    def __init__(self, *, clients: int, seed: int, writer: BulkWriter, progress=None):
        if not 1 <= clients <= MAX_CLIENTS:
            raise ValueError(f"--clients must be between 1 and {MAX_CLIENTS:,}")
        self.n = clients
        self.seed = seed
        self.rng = random.Random(seed)
        self.display_names: list[str] = []  # by client index (id - 1)
        self.towns = bytearray()  # index in data.TOWNS, by client index
        self.writer = writer
        self.progress = progress
        self.kinds = bytearray()  # 1: person, 0: company, by client index (id - 1)
        self.companies: list[int] = []  # ids of company clients
        self.last_names: list[int] = []  # index in data.LAST_NAMES of each person's name
        self.sample_alias = ""
        self.group_of: dict[int, int] = {}  # client id → group id
        self.largest_group_id: int | None = None
        self.largest_group_members: list[int] = []
        self.group_contact_owners: set[int] = set()
        self.actor_id: int | None = None
        self.portfolio: dict = {}  # summary entries of cabinet/synthetic/portfolio.py

    # -- steps ---------------------------------------------------------------------------

    def run(self) -> None:
        self.writer.start()
        self.actor_id = self._actor()
        self._step("Clients et liaisons", self._clients)
        self._step("Groupes", self._groups)
        self._step("Contacts", self._contacts)
        self._step("Connexités", self._connexities)
        self._step("Dossiers", self._matters)
        self._step("Activités", self._activities)
        self._step("Portefeuille", self._portfolio)
        self.writer.finish()

    def _portfolio(self) -> None:
        from cabinet.synthetic.portfolio import generate_portfolio  # it imports this module

        self.portfolio = generate_portfolio(self)

    def _step(self, label: str, step) -> None:
        if self.progress is not None:
            self.progress.begin(label)
        step()

    def _actor(self) -> int:
        """The firm's demo users (README logins) are the generated rows' authors; the
        partner opens the matters, the others intervene on some."""
        from cabinet.demo.loader import DemoSummary, _ensure_users

        users = _ensure_users(DemoSummary())
        self.users = {name: (user.pk, user.hourly_rate) for name, user in users.items()}
        return users["associe"].pk

    # -- clients (C1–C3) -------------------------------------------------------------------

    def _clients(self) -> None:
        rng = self.rng
        weights = _zipf_weights(len(data.LAST_NAMES))
        client_row = row_maker(
            Client,
            address="",
            country="France",
            notes="",
            attached_to_id=None,
            created_by_id=self.actor_id,
        )
        alias_row = row_maker(ClientAlias)
        aliases: list[tuple] = []
        searched: list[tuple[str, str, str]] = []  # name, first name, search column
        alias_id = 0

        def clients() -> Iterator[tuple]:
            nonlocal alias_id
            for client_id in range(1, self.n + 1):
                number = f"{client_id:06d}"
                town_index = rng.randrange(len(data.TOWNS))
                town, postal_code, prefix = data.TOWNS[town_index]
                self.towns.append(town_index)
                if rng.random() < PERSON_SHARE:
                    self.kinds.append(1)
                    last = rng.choices(range(len(data.LAST_NAMES)), weights)[0]
                    self.last_names.append(last)
                    name = data.LAST_NAMES[last]
                    pool = data.FIRST_NAMES_F if rng.random() < 0.5 else data.FIRST_NAMES_M
                    first_name = rng.choice(pool)
                    values = self._person_aliases(first_name, name)
                    mailbox = data.PERSON_MAILBOXES[client_id % 3]
                    email = f"{_slug(first_name)}.{_slug(name)}{client_id}@{mailbox}"
                    phone = (
                        f"{data.MOBILE_PREFIX} {client_id % 100:02d} {client_id // 100 % 100:02d}"
                    )
                    kind = "person"
                else:
                    self.kinds.append(0)
                    self.companies.append(client_id)
                    trade, adjective, sign = rng.choice(data.TRADES)
                    place = rng.choice(data.PLACES)
                    form = rng.choice(data.LEGAL_FORMS)
                    name = f"{trade} {place} {form}"
                    first_name = ""
                    values = self._company_aliases(trade, place, sign)
                    email = f"contact{client_id}@{_slug(trade)}.{data.COMPANY_MAIL_SUFFIX}"
                    phone = f"{prefix} {client_id % 100:02d} {client_id // 100 % 100:02d}"
                    kind = "company"
                self.display_names.append(f"{first_name} {name}" if first_name else name)
                for value in values:
                    alias_id += 1
                    aliases.append(
                        alias_row(
                            id=alias_id,
                            client_id=client_id,
                            value=value,
                            normalized=cached_normalize(value),
                            created_at=NOW,
                        )
                    )
                if values and not self.sample_alias and kind == "company":
                    self.sample_alias = values[0]
                search_text = search_text_of(
                    number, name, first_name, sorted(values), normalized=cached_normalize
                )
                searched.append((name, first_name, search_text))
                yield client_row(
                    id=client_id,
                    number=number,
                    kind=kind,
                    name=name,
                    first_name=first_name,
                    postal_code=postal_code,
                    city=town,
                    email=email,
                    phone=phone,
                    search_text=search_text,
                )
                if len(aliases) >= 20_000:
                    self._flush_aliases(aliases)

        self.writer.write(Client, clients())
        self._flush_aliases(aliases)
        # C2's words, from the search columns; their two indexes made once they are in.
        with self.writer.indexes_deferred(ClientWord):
            self.writer.write(ClientWord, self._words(searched))
        searched.clear()
        ClientNumberSequence.objects.update_or_create(pk=1, defaults={"last_value": self.n})

    def _flush_aliases(self, aliases: list[tuple]) -> None:
        self.writer.write(ClientAlias, aliases)
        aliases.clear()

    def _words(self, searched: list[tuple[str, str, str]]) -> Iterator[tuple]:
        """C2: each client's words as `clients.search.words_rows` makes them."""
        word_row = row_maker(ClientWord)
        word_id = 0
        for client_id, (name, first_name, search_text) in enumerate(searched, start=1):
            number = f"{client_id:06d}"
            for word in sorted(words_of(search_text)):
                word_id += 1
                yield word_row(
                    id=word_id,
                    client_id=client_id,
                    word=word,
                    name=name,
                    first_name=first_name,
                    number=number,
                )

    def _alias_count(self) -> int:
        return self.rng.choices((0, 1, 2, 3), (0.4, 0.3, 0.2, 0.1))[0]

    def _company_aliases(self, trade: str, place: str, sign: str) -> list[str]:
        words = [w for w in f"{trade} {place}".replace("'", " ").split() if len(w) > 2]
        candidates = ["".join(w[0] for w in words).upper(), sign, f"{sign} {place}"]
        return _unique(candidates[: self._alias_count()])

    def _person_aliases(self, first_name: str, name: str) -> list[str]:
        candidates = [f"{first_name[0]}. {name}", f"{name} {first_name}", name.upper()]
        return _unique(candidates[: self._alias_count()])

    # -- groups (G1–G4) --------------------------------------------------------------------

    def _group_sizes(self, companies: int) -> list[int]:
        """One group of LARGEST_GROUP when there are enough companies, then groups of 2 to
        a few hundred (most small), over GROUPED_COMPANY_SHARE of the companies."""
        budget = int(companies * GROUPED_COMPANY_SHARE)
        sizes = []
        if budget >= LARGEST_GROUP * 2:
            sizes.append(LARGEST_GROUP)
            budget -= LARGEST_GROUP
        while budget >= 2:
            size = min(budget, max(2, int(self.rng.paretovariate(1.2) * 2)), 400)
            sizes.append(size)
            budget -= size
        if not sizes and companies >= 2:
            sizes.append(min(companies, LARGEST_GROUP))
        return sizes

    def _groups(self) -> None:
        rng = self.rng
        companies = list(self.companies)
        rng.shuffle(companies)
        sizes = self._group_sizes(len(companies))
        group_row = row_maker(
            Group, address="", postal_code="", phone="", email="", representative_client_id=None
        )
        membership_row = row_maker(GroupMembership)
        groups, memberships = [], []
        start = 0
        membership_id = 0
        for group_id, size in enumerate(sizes, start=1):
            members = companies[start : start + size]
            start += size
            town = rng.choice(data.TOWNS)[0]
            ids: list[int] = []  # membership ids of this group, in order
            for position, client_id in enumerate(members):
                membership_id += 1
                if position == 0 or rng.random() < 0.1:
                    parent = None  # a root
                else:
                    parent = ids[rng.randrange(max(0, len(ids) - 50), len(ids))]
                seat = position == 0 or rng.random() < 0.03
                memberships.append(
                    membership_row(
                        id=membership_id,
                        group_id=group_id,
                        client_id=client_id,
                        parent_id=parent,
                        is_seat=seat,
                    )
                )
                ids.append(membership_id)
                self.group_of[client_id] = group_id
            groups.append(
                group_row(
                    id=group_id,
                    name=f"Groupe {rng.choice(data.LAST_NAMES)} {group_id}",
                    city=town,
                    representative_client_id=members[0],
                )
            )
            if len(members) > len(self.largest_group_members):
                self.largest_group_id = group_id
                self.largest_group_members = members
        self.writer.write(Group, groups)
        self.writer.write(GroupMembership, memberships)

    # -- contacts (C4, G9) -------------------------------------------------------------------

    def _contacts(self) -> None:
        rng = self.rng
        contact_row = row_maker(Contact, phone="")
        today = REFERENCE_DAY
        grouped_owners = set(self.largest_group_members[:5])  # group contacts of the largest

        mailbox = data.PERSON_MAILBOXES[0]

        def contacts() -> Iterator[tuple]:
            contact_id = 0
            for index in range(self.n):
                client_id = index + 1
                person = self.kinds[index] == 1
                count = rng.choices((0, 1, 2, 3, 4), (0.2, 0.35, 0.25, 0.12, 0.08))[0]
                group_contact = client_id in grouped_owners or (
                    not person and client_id in self.group_of and rng.random() < 0.02
                )
                if group_contact:
                    count = max(count, 1)
                for position in range(count):
                    contact_id += 1
                    female = rng.random() < 0.5
                    first = rng.choice(data.FIRST_NAMES_F if female else data.FIRST_NAMES_M)
                    last = rng.choice(data.LAST_NAMES)
                    roles = data.PERSON_CONTACT_ROLES if person else data.COMPANY_ROLES
                    role = rng.choice(roles)[1 if female else 0]
                    start = today - datetime.timedelta(days=rng.randrange(30, 3650))
                    end = None
                    if rng.random() < 0.2:
                        end = start + datetime.timedelta(
                            days=rng.randrange(0, (today - start).days + 1)
                        )
                    is_group = group_contact and position == 0
                    if is_group:
                        end = None
                        role = rng.choice(data.GROUP_CONTACT_ROLES)[1 if female else 0]
                        self.group_contact_owners.add(client_id)
                    yield contact_row(
                        id=contact_id,
                        client_id=client_id,
                        first_name=first,
                        last_name=last,
                        role=role,
                        email=f"{_slug(first)}.{_slug(last)}.{contact_id}@{mailbox}",
                        valid_from=start,
                        valid_to=end,
                        is_group_contact=is_group,
                    )

        self.writer.write(Contact, contacts())

    # -- connexities (R1–R10) ----------------------------------------------------------------

    PAIRS = (
        ("père de", "fils de"),
        ("mère de", "fille de"),
        ("époux de", "épouse de"),
        ("frère de", "sœur de"),
        ("salarié de", "employeur de"),
        ("associé de", "associée de"),
        ("gérant de", "a pour gérant"),
        ("fournisseur de", "client de"),
        ("bailleur de", "locataire de"),
        ("filiale de", "société mère de"),
    )

    def _connexities(self) -> None:
        rng = self.rng
        row = row_maker(Connexity)
        today = REFERENCE_DAY
        labels = sorted({label for pair in self.PAIRS for label in pair})
        label_row = row_maker(ConnexityLabel)
        existing = set(ConnexityLabel.objects.values_list("normalized", flat=True))
        next_label = (ConnexityLabel.objects.aggregate(m=models.Max("id"))["m"] or 0) + 1
        new_labels = []
        for label in labels:
            if normalize(label) not in existing:
                new_labels.append(
                    label_row(id=next_label, label=label, normalized=normalize(label))
                )
                next_label += 1
        self.writer.write(ConnexityLabel, new_labels)

        def connexities() -> Iterator[tuple]:
            if self.n < 2:
                return
            for connexity_id in range(1, self.n + 1):
                client_id = rng.randint(1, self.n)
                other = rng.randint(1, self.n - 1)
                other = other + 1 if other >= client_id else other
                label, inverse = rng.choice(self.PAIRS)
                start = today - datetime.timedelta(days=rng.randrange(30, 7300))
                end = None
                if rng.random() < 0.15:
                    end = start + datetime.timedelta(
                        days=rng.randrange(0, (today - start).days + 1)
                    )
                yield row(
                    id=connexity_id,
                    client_id=client_id,
                    other_id=other,
                    label=label,
                    inverse_label=inverse,
                    start_date=start,
                    end_date=end,
                )

        self.writer.write(Connexity, connexities())

    # -- matters (M1–M8) ------------------------------------------------------------------

    MATTER_TYPES = (
        matter_data.COMMERCIAL,
        matter_data.SOCIAL,
        matter_data.LEASE,
        matter_data.ADVICE,
        matter_data.FAMILY,
        matter_data.COLLECTION,
        matter_data.INSURANCE,
        matter_data.CORPORATE,
    )

    def _matters(self) -> None:
        """N/5 matters (at least one) of 1–4 client parties, some inactive on a
        multi-client matter; the first is the busy matter: four active client parties
        (its 2,000 activities come with the activities). Numbered per opening year as
        `matters.services` numbers them; the partner opens them and intervenes."""
        rng = self.rng
        count = max(1, self.n // 5)
        matter_row = row_maker(Matter, description="", created_by_id=self.actor_id)
        party_row = row_maker(MatterParty, contact_id=None, linked_party_id=None)
        intervenant_row = row_maker(Intervenant, added_at=NOW)
        others = [self.users[name][0] for name in ("collaborateur", "assistant")]
        first_day = datetime.date(2023, 1, 1)
        span = (REFERENCE_DAY - first_day).days
        per_year: dict[int, int] = {}
        self.matter_days: list[datetime.date] = []
        self.matter_parties: list[tuple[int, ...]] = []  # active client parties, per matter
        self.matter_intervenants: list[tuple[int, ...]] = []
        self.matter_closed: list[bool] = []
        parties, intervenants = [], []
        party_id = intervenant_id = 0

        def matters() -> Iterator[tuple]:
            nonlocal party_id, intervenant_id
            for matter_id in range(1, count + 1):
                busy = matter_id == 1
                size = (
                    min(4, self.n) if busy else rng.choices((1, 2, 3, 4), (0.6, 0.25, 0.1, 0.05))[0]
                )
                size = min(size, self.n)
                clients = _distinct(rng, self.n, size)
                opened_on = first_day + datetime.timedelta(days=rng.randrange(span))
                year = opened_on.year
                per_year[year] = per_year.get(year, 0) + 1
                closed = not busy and rng.random() < 0.1
                closed_on = (
                    opened_on
                    + datetime.timedelta(days=rng.randrange((REFERENCE_DAY - opened_on).days + 1))
                    if closed
                    else None
                )
                active = []
                for position, client_id in enumerate(clients):
                    party_id += 1
                    is_active = busy or size == 1 or position == 0 or rng.random() > 0.15
                    if is_active:
                        active.append(client_id)
                    parties.append(
                        party_row(
                            id=party_id,
                            matter_id=matter_id,
                            role="client",
                            client_id=client_id,
                            is_active=is_active,
                            portal_shared=is_active,
                        )
                    )
                team = [self.actor_id] + [u for u in others if busy or rng.random() < 0.3]
                for user_id in team:
                    intervenant_id += 1
                    intervenants.append(
                        intervenant_row(id=intervenant_id, matter_id=matter_id, user_id=user_id)
                    )
                self.matter_days.append(opened_on)
                self.matter_parties.append(tuple(active))
                self.matter_intervenants.append(tuple(team))
                self.matter_closed.append(closed)
                kind = rng.choice(self.MATTER_TYPES)
                yield matter_row(
                    id=matter_id,
                    number=f"{year}-{per_year[year]:04d}",
                    title=f"{kind} — dossier {matter_id}",
                    type=kind,
                    opened_on=opened_on,
                    status="closed" if closed else "open",
                    closed_on=closed_on,
                )
                if len(parties) >= 20_000:
                    self.writer.write(MatterParty, parties)
                    parties.clear()
                    self.writer.write(Intervenant, intervenants)
                    intervenants.clear()

        self.writer.write(Matter, matters())
        self.writer.write(MatterParty, parties)
        self.writer.write(Intervenant, intervenants)
        for year, last in sorted(per_year.items()):
            MatterNumberSequence.objects.update_or_create(year=year, defaults={"last_value": last})

    # -- activities (A1) -----------------------------------------------------------------

    BUSY_ACTIVITIES = 2_000

    def _activities(self) -> None:
        """About ten activities per matter (2,000 on the busy one), by its intervenants,
        dated from its opening to «today»: time at the intervenant's rate, fees and
        expenses; most common to the matter, some for one of its active client parties.
        All unbilled here; the billing step bills some."""
        rng = self.rng
        row = row_maker(Activity, state="unbilled")
        rates = dict(self.users.values())
        tasks = matter_data.COMMON_TASKS
        vat = Decimal("20.00")

        biller = Biller(firm=self, seed=self.seed, today=REFERENCE_DAY, row_maker=row_maker)

        def activities() -> Iterator[tuple]:
            activity_id = 0
            for index, opened_on in enumerate(self.matter_days):
                matter_id = index + 1
                count = self.BUSY_ACTIVITIES if matter_id == 1 else rng.randint(5, 15)
                active = self.matter_parties[index]
                team = self.matter_intervenants[index]
                days = max(1, (REFERENCE_DAY - opened_on).days + 1)
                billed = biller.is_billed(
                    matter_id=matter_id, closed=self.matter_closed[index], active=active
                )
                values_of_matter = []
                for _ in range(count):
                    activity_id += 1
                    user_id = rng.choice(team)
                    client_id = rng.choice(active) if active and rng.random() < 0.3 else None
                    roll = rng.random()
                    hours = rate = None
                    if roll < 0.7:
                        kind = "time"
                        hours = Decimal(rng.randint(1, 32)) / 4
                        rate = rates[user_id]
                        amount = (hours * rate).quantize(CENT, rounding=ROUND_HALF_UP)
                    elif roll < 0.9:
                        kind = "fee"
                        amount = Decimal(rng.randint(2, 60) * 50)
                    else:
                        kind = "expense"
                        amount = Decimal(rng.randint(500, 50000)) / 100
                    values = {
                        "id": activity_id,
                        "matter_id": matter_id,
                        "user_id": user_id,
                        "kind": kind,
                        "date": opened_on + datetime.timedelta(days=rng.randrange(days)),
                        "description": rng.choice(tasks),
                        "hours": hours,
                        "hourly_rate": rate,
                        "amount": amount,
                        "vat_rate": vat,
                        "client_id": client_id,
                    }
                    if not billed:
                        yield row(**values)
                        continue
                    values_of_matter.append(values)
                if billed:
                    biller.bill(
                        matter_id=matter_id,
                        opened_on=opened_on,
                        active=active,
                        activities=values_of_matter,
                    )
                    for values in values_of_matter:
                        yield row(**values)

        self.writer.write(Activity, activities())
        if self.progress is not None:
            self.progress.begin("Factures")
        biller.finish(
            self.writer,
            invoice_row=row_maker(Invoice),
            note_row=row_maker(CreditNote),
        )
        self.billed_matters = biller.matters

    def billed_client(self, client_id: int) -> dict:
        """A7: the client as an invoice issued to it names it (its snapshot)."""
        town, postal_code, _ = data.TOWNS[self.towns[client_id - 1]]
        return {
            "client_name": self.display_names[client_id - 1],
            "client_number": f"{client_id:06d}",
            "client_address": "",
            "client_postal_code": postal_code,
            "client_city": town,
            "client_country": "France",
        }

    # -- summary ---------------------------------------------------------------------------

    def common_last_name(self) -> str:
        counts: dict[int, int] = {}
        for index in self.last_names:
            counts[index] = counts.get(index, 0) + 1
        best = max(counts, key=lambda i: (counts[i], -i)) if counts else 0
        return data.LAST_NAMES[best]

    def busiest_client_id(self) -> int | None:
        """A member of the largest group whose record shows the group's contacts."""
        members = [m for m in self.largest_group_members if m not in self.group_contact_owners]
        return (members or self.largest_group_members or [None])[0]

    def summary(self) -> dict:
        return {
            "sample_alias": self.sample_alias,
            "common_last_name": self.common_last_name(),
            "sample_number": f"{(self.n + 1) // 2:06d}",
            "busiest_client_id": self.busiest_client_id(),
            "largest_group_id": self.largest_group_id,
            "largest_group_size": len(self.largest_group_members),
            "busiest_matter_id": 1,
            "billed_matters": getattr(self, "billed_matters", 0),
            **self.portfolio,
            "rows": dict(sorted(self.writer.counts.items())),
            "database": connection.vendor,
        }


def _distinct(rng: random.Random, n: int, size: int) -> list[int]:
    """`size` distinct client ids out of 1..n (n large: redraw the rare repeat)."""
    chosen: list[int] = []
    while len(chosen) < size:
        candidate = rng.randint(1, n)
        if candidate not in chosen:
            chosen.append(candidate)
    return chosen


@functools.lru_cache(maxsize=200_000)
def _slug(part: str) -> str:
    """A name as it stands in a demo e-mail address: «Le Gall» → «le-gall»."""
    return normalize(part).replace(" ", "-")


def _unique(values: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(normalize(value), value)
    return [v for k, v in seen.items() if k]


def database_refusal() -> str | None:
    """The generator writes only into a firm without clients nor groups."""
    if Client.objects.exists() or Group.objects.exists():
        return (
            "La base contient déjà des clients ou des groupes : `cabinet generate` ne "
            "remplit qu'une base vide (migrée, sans démo)."
        )
    return None
