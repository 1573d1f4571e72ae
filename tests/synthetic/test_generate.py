"""`cabinet generate` on a small firm: the rows are the services' (search columns, trees,
numbering), one group per client, and the summary names what the benchmark reads."""

import hashlib
import io
import json
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cabinet.accounts.models import User
from cabinet.clients import services as client_services
from cabinet.clients.models import (
    Client,
    ClientAlias,
    ClientNumberSequence,
    ClientWord,
    Connexity,
    Contact,
)
from cabinet.clients.search import search_text_of, words_of
from cabinet.clients.selectors import client_list
from cabinet.groups.models import Group, GroupMembership
from cabinet.groups.selectors import group_contacts
from cabinet.synthetic.bulk import BulkWriter
from cabinet.synthetic.firm import SyntheticFirm
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

SIZE = 600


def generate(clients: int = SIZE, seed: int = 7) -> dict:
    out, err = io.StringIO(), io.StringIO()
    call_command("generate", clients=clients, seed=seed, stdout=out, stderr=err)
    return json.loads(out.getvalue().strip().splitlines()[-1])


@pytest.fixture
def firm() -> dict:
    return generate()


def test_generate_makes_the_shape_asked(firm):
    persons = Client.objects.filter(kind="person").count()
    assert Client.objects.count() == SIZE
    assert 0.5 < persons / SIZE < 0.7
    assert firm["rows"]["clients_client"] == SIZE
    assert firm["rows"]["clients_clientalias"] == ClientAlias.objects.count()
    per_client = Counter(ClientAlias.objects.values_list("client_id", flat=True))
    assert max(per_client.values()) <= 3
    assert 1.0 < Contact.objects.count() / SIZE < 2.0
    assert Contact.objects.filter(valid_to__isnull=False).exists()
    assert 1.5 < 2 * Connexity.objects.count() / SIZE < 2.5
    assert Connexity.objects.filter(end_date__isnull=False).exists()
    assert Contact.objects.filter(is_group_contact=True).exists()
    assert firm["seconds"] >= 0


def test_c2_generated_search_columns_are_the_services(firm):
    for client in Client.objects.prefetch_related("aliases")[:200]:
        aliases = sorted(a.value for a in client.aliases.all())
        expected = search_text_of(client.number, client.name, client.first_name, aliases)
        assert client.search_text == expected, client.number
        assert set(
            ClientWord.objects.filter(client=client).values_list("word", flat=True)
        ) == words_of(expected), client.number
    found = client_list(q=firm["sample_alias"], user=User.objects.get(username="associe"))
    assert len(found) > 0
    assert (
        client_list(q=firm["sample_number"], user=User.objects.get(username="associe")).count() >= 1
    )
    common = Client.objects.filter(kind="person", name=firm["common_last_name"]).count()
    assert (
        common
        == Counter(Client.objects.filter(kind="person").values_list("name", flat=True)).most_common(
            1
        )[0][1]
    )


def test_g2_g3_generated_groups_are_trees_of_companies_one_group_each(firm):
    memberships = list(GroupMembership.objects.all())
    assert len({m.client_id for m in memberships}) == len(memberships)
    by_id = {m.id: m for m in memberships}
    for membership in memberships:
        seen = set()
        node = membership
        while node.parent_id is not None:
            parent = by_id[node.parent_id]
            assert parent.group_id == membership.group_id
            assert node.id not in seen
            seen.add(node.id)
            node = parent
    assert not Client.objects.filter(kind="person", group_membership__isnull=False).exists()
    for group in Group.objects.all():
        members = [m for m in memberships if m.group_id == group.id]
        assert len(members) >= 2
        assert group.representative_client_id in {m.client_id for m in members}
        assert any(m.is_seat for m in members)


def test_generated_summary_names_the_largest_group_and_a_member_with_group_contacts(firm):
    largest = Group.objects.get(pk=firm["largest_group_id"])
    sizes = Counter(GroupMembership.objects.values_list("group_id", flat=True))
    assert sizes[largest.pk] == max(sizes.values()) == firm["largest_group_size"]
    busiest = Client.objects.get(pk=firm["busiest_client_id"])
    assert busiest.group_membership.group_id == largest.pk
    shown = group_contacts(user=User.objects.get(username="associe"), group=largest, valid_at=None)
    assert shown.filter(is_group_contact=True).exclude(client=busiest).exists()


def test_c1_the_services_number_and_store_after_the_generated_rows(firm):
    assert ClientNumberSequence.objects.get().last_value == SIZE
    client = client_services.client_create(
        actor=User.objects.get(username="associe"), kind="company", name="Après Génération"
    )
    assert client.number == f"{SIZE + 1:06d}" and client.pk == SIZE + 1
    ClientFactory()  # a plain insert: the id sequence is past the generated ids


class Fingerprint(BulkWriter):
    """Writes nothing: a digest of each table's rows, in order."""

    def __init__(self):
        super().__init__()
        self.digests: dict[str, str] = {}

    def write(self, model, rows) -> int:
        digest = hashlib.sha256(self.digests.get(model._meta.db_table, "").encode())
        written = 0
        for row in rows:
            digest.update(repr(row).encode())
            written += 1
        self.digests[model._meta.db_table] = digest.hexdigest()
        return written

    def finish(self) -> None:
        pass


def test_generate_is_deterministic_for_a_seed():
    runs = []
    for seed in (3, 3, 4):
        writer = Fingerprint()
        SyntheticFirm(clients=300, seed=seed, writer=writer).run()
        runs.append(writer.digests)
    assert runs[0] == runs[1]
    assert runs[0]["clients_client"] != runs[2]["clients_client"]


def test_generate_refuses_a_database_with_clients_and_a_size_out_of_range():
    ClientFactory()
    with pytest.raises(CommandError, match="déjà des clients"):
        generate(clients=10)
    with pytest.raises(CommandError, match="six chiffres"):
        call_command("generate", clients=1_000_000, stdout=io.StringIO())


def test_m1_m2_generated_matters_parties_and_numbering_are_the_services(firm):
    from cabinet.matters import services as matter_services
    from cabinet.matters.models import Matter, MatterNumberSequence, MatterParty

    assert Matter.objects.count() == SIZE // 5
    for matter in Matter.objects.prefetch_related("parties", "intervenants")[:100]:
        clients = [p for p in matter.parties.all() if p.role == "client"]
        assert 1 <= len(clients) <= 4
        assert all(p.portal_shared == p.is_active for p in clients)
        assert matter.intervenants.exists()
        assert matter.number.startswith(f"{matter.opened_on.year}-")
    for sequence in MatterNumberSequence.objects.all():
        last = f"{sequence.year}-{sequence.last_value:04d}"
        assert Matter.objects.filter(number=last).exists()
        assert not Matter.objects.filter(
            number=f"{sequence.year}-{sequence.last_value + 1:04d}"
        ).exists()
    assert MatterParty.objects.filter(is_active=False).exists()
    partner = User.objects.get(username="associe")
    made = matter_services.matter_create(
        actor=partner,
        title="Après génération",
        opened_on=Matter.objects.get(pk=1).opened_on,
        parties=[{"client_id": 1, "role": "client", "is_active": True}],
    )
    year = made.opened_on.year
    assert made.number == f"{year}-{MatterNumberSequence.objects.get(year=year).last_value:04d}"


def test_a1_generated_activities_are_those_the_services_enter(firm):
    from cabinet.activities.models import Activity
    from cabinet.matters.models import Matter, MatterParty

    busy = Matter.objects.get(pk=firm["busiest_matter_id"])
    assert busy.activities.count() == 2_000
    assert busy.parties.filter(role="client", is_active=True).count() == 4
    active = set(
        MatterParty.objects.filter(role="client", is_active=True).values_list(
            "matter_id", "client_id"
        )
    )
    for activity in Activity.objects.exclude(matter=busy)[:500]:
        assert activity.matter.opened_on <= activity.date
        if activity.client_id is not None:
            assert (activity.matter_id, activity.client_id) in active
        if activity.kind == "time":
            assert activity.amount == (activity.hours * activity.hourly_rate).quantize(
                Decimal("0.01")
            )
        assert activity.matter.intervenants.filter(user_id=activity.user_id).exists()
    assert 8 < Activity.objects.exclude(matter=busy).count() / (Matter.objects.count() - 1) < 12


def test_a4_a5_allocation_of_the_busy_matter_is_exact(firm):
    from tests.conftest import make_api_client

    api = make_api_client(User.objects.get(username="associe"))
    response = api.get(f"/api/v1/matters/{firm['busiest_matter_id']}/allocation")
    assert response.status_code == 200
    from cabinet.activities.models import Activity

    total = sum(a.amount for a in Activity.objects.filter(matter_id=firm["busiest_matter_id"]))
    assert sum(Decimal(row["amount"]) for row in response.json()) == total


def test_a2_a11_generated_shares_and_states_are_the_services(firm):
    from cabinet.activities.models import Activity
    from cabinet.billing.selectors import billing_state

    assert firm["billed_matters"] > 0
    billed = Activity.objects.filter(shares__isnull=False).distinct().prefetch_related("shares")
    assert billed.exists()
    for activity in billed:
        shares = list(activity.shares.all())
        assert sum(s.amount for s in shares) == activity.amount
        assert activity.state == billing_state(activity), activity.pk
    states = set(Activity.objects.values_list("state", flat=True))
    assert {"unbilled", "proforma", "invoiced"} <= states


def test_a7_generated_invoices_keep_their_snapshot_and_gapless_chronological_numbers(firm):
    from cabinet.billing.models import BilledClient, CreditNote, Invoice, InvoiceSequence
    from cabinet.billing.selectors import bill_totals
    from cabinet.billing.services.invoicing import firm_snapshot

    invoices = list(Invoice.objects.select_related("client").prefetch_related("lines"))
    assert invoices and CreditNote.objects.exists()
    for invoice in invoices:
        totals = bill_totals(invoice.lines.all())
        assert (invoice.total_excl_tax, invoice.total_vat, invoice.total_incl_tax) == (
            totals.excl_tax,
            totals.vat,
            totals.incl_tax,
        )
        assert invoice.billed_client == BilledClient.of(invoice.client)
        assert invoice.firm == firm_snapshot()
        assert invoice.due_on > invoice.issued_on
        assert invoice.proforma.finalized_at is not None
    for model, prefix in ((Invoice, "F"), (CreditNote, "AV")):
        by_year: dict[int, list] = {}
        for bill in model.objects.order_by("number"):
            by_year.setdefault(bill.issued_on.year, []).append(bill)
        for year, bills in by_year.items():
            assert [b.number for b in bills] == [
                f"{prefix}{year}-{i:06d}" for i in range(1, len(bills) + 1)
            ]
            assert [b.issued_on for b in bills] == sorted(b.issued_on for b in bills)
            series = "invoice" if model is Invoice else "credit_note"
            assert InvoiceSequence.objects.get(series=series, year=year).last_value == len(bills)


def test_a6_a7_the_billing_services_go_on_after_generation(firm):
    from cabinet.billing import services as billing_services
    from cabinet.billing.models import CreditNote, Invoice, Proforma

    partner = User.objects.get(username="associe")
    draft = Proforma.objects.filter(finalized_at__isnull=True).first()
    invoice = billing_services.proforma_finalize(actor=partner, proforma=draft)
    assert invoice.number.endswith(
        f"{Invoice.objects.filter(number__startswith=invoice.number[:6]).count():06d}"
    )
    live = Invoice.objects.filter(credit_note__isnull=True).exclude(pk=invoice.pk).first()
    note = billing_services.credit_note_create(actor=partner, invoice=live)
    assert CreditNote.objects.filter(pk=note.pk).exists()
    credited = Invoice.objects.filter(credit_note__isnull=False).exclude(pk=live.pk).first()
    again = billing_services.proformas_create(actor=partner, matter=credited.matter)
    assert again  # the returned shares are billed again


def test_generated_rows_name_only_rows_that_exist(firm):
    """Every foreign key of every generated row names a row (PostgreSQL does not check
    them one by one while the generator writes)."""
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.app_label not in {
            "clients",
            "groups",
            "matters",
            "activities",
            "billing",
            "insurance",
        }:
            continue
        if model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            if not field.is_relation:
                continue
            target = field.related_model
            dangling = (
                model.objects.exclude(**{f"{field.attname}__isnull": True})
                .exclude(**{f"{field.attname}__in": target.objects.values("pk")})
                .count()
            )
            assert dangling == 0, f"{model.__name__}.{field.name}: {dangling} rows name nothing"
