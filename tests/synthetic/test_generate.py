"""`cabinet generate` on a small firm: the rows are the services' (search columns, trees,
numbering), one group per client, and the summary names what the benchmark reads."""

import io
import json
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cabinet.accounts.models import User
from cabinet.clients import services as client_services
from cabinet.clients.models import Client, ClientAlias, ClientNumberSequence, Connexity, Contact
from cabinet.clients.selectors import client_list
from cabinet.groups.models import Group, GroupMembership
from cabinet.groups.selectors import group_contacts
from cabinet.insurance.models import Claim, Contract, PremiumReceipt
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
        assert client.search_text == client_services._search_text(client, aliases), client.number
    found = client_list(q=firm["sample_alias"], user=User.objects.get(username="associe"))
    assert found.exists()
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


def test_generate_is_deterministic_for_a_seed():
    first = generate(clients=200, seed=3)
    rows = list(Client.objects.order_by("id").values_list("name", "first_name", "search_text"))
    for model in (Claim, PremiumReceipt, Contract):
        model.objects.all().delete()
    GroupMembership.objects.update(parent=None)
    GroupMembership.objects.all().delete()
    Group.objects.all().delete()
    Client.objects.all().delete()
    second = generate(clients=200, seed=3)
    assert (
        list(Client.objects.order_by("id").values_list("name", "first_name", "search_text")) == rows
    )
    for summary in (first, second):
        del summary["seconds"]
        del summary["rows"]["clients_connexitylabel"]  # the labels are there the second time
        del summary["rows"]["insurance_insurer"]  # and so are the insurers
    assert first == second


def test_generate_refuses_a_database_with_clients_and_a_size_out_of_range():
    ClientFactory()
    with pytest.raises(CommandError, match="déjà des clients"):
        generate(clients=10)
    with pytest.raises(CommandError, match="six chiffres"):
        call_command("generate", clients=1_000_000, stdout=io.StringIO())
