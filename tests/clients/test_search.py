"""C2 at any size: the search words kept in step with the clients, the ordered first page
equal to the plain query, number search, and counts capped past 1,000."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cabinet.clients import search, selectors
from cabinet.clients.models import Client, ClientWord
from cabinet.core.pagination import COUNT_CAP
from tests.conftest import make_api_client
from tests.factories import ClientFactory, PersonFactory

pytestmark = pytest.mark.django_db


def stored_words(client: Client) -> set[str]:
    return set(ClientWord.objects.filter(client=client).values_list("word", flat=True))


def send(api, method: str, path: str, body: dict):
    return getattr(api, method)(path, json.dumps(body), content_type="application/json")


def found(api, q: str, **params) -> list[str]:
    response = api.get("/api/v1/clients", {"q": q, **params})
    assert response.status_code == 200, response.content
    return [item["number"] for item in response.json()["items"]]


# The words kept in step ---------------------------------------------------------------


def test_c2_words_follow_create_rename_aliases_and_delete(api):
    """C2: the services keep each client's words (with its sort key) in step with its
    number, names and aliases; a deleted client's words go with it."""
    created = send(
        api,
        "post",
        "/api/v1/clients",
        {"kind": "person", "name": "Lefèvre", "first_name": "Hélène", "aliases": ["Madame L."]},
    ).json()
    client = Client.objects.get(pk=created["id"])
    number = client.number.lstrip("0")
    assert stored_words(client) == {number, "lefevre", "helene", "madame", "l"}
    assert set(ClientWord.objects.filter(client=client).values_list("name", flat=True)) == {
        "Lefèvre"
    }
    assert found(api, "madame") == [client.number]

    assert send(api, "patch", f"/api/v1/clients/{client.pk}", {"name": "Durand"}).status_code == 200
    assert stored_words(client) == {number, "durand", "helene", "madame", "l"}
    assert set(ClientWord.objects.filter(client=client).values_list("name", flat=True)) == {
        "Durand"
    }
    assert found(api, "lefevre") == []
    assert found(api, "dur") == [client.number]

    alias = send(api, "post", f"/api/v1/clients/{client.pk}/aliases", {"value": "Tante Rosalie"})
    assert alias.status_code == 201, alias.content
    alias_id = client.aliases.get(value="Tante Rosalie").pk
    assert {"tante", "rosalie"} <= stored_words(client)
    assert found(api, "rosal") == [client.number]

    removed = api.delete(f"/api/v1/clients/{client.pk}/aliases/{alias_id}")
    assert removed.status_code == 204
    assert "rosalie" not in stored_words(client)
    assert found(api, "rosalie") == []

    # Cabinet deletes no client yet; the words go with one (on delete cascade).
    Client.objects.filter(pk=client.pk).delete()
    assert not ClientWord.objects.filter(client_id=client.pk).exists()
    assert found(api, "durand") == []


def test_c2_number_change_moves_its_word_and_sort_key(api):
    client = ClientFactory(name="Atelier Numéro")
    answer = send(api, "patch", f"/api/v1/clients/{client.pk}", {"number": "004242"})
    assert answer.status_code == 200, answer.content
    assert "4242" in stored_words(client)
    assert set(ClientWord.objects.filter(client=client).values_list("number", flat=True)) == {
        "004242"
    }
    assert found(api, "4242") == ["004242"]


# Number search ------------------------------------------------------------------------


def test_c2_number_search_strips_leading_zeros_and_puts_the_exact_number_first(api):
    """A query of digits, its leading zeros stripped, finds the clients whose number
    without its leading zeros starts with it — «22» finds 000022 and 000220 — the client
    with that exact number first."""
    for number, name in [("000220", "Aaa premier"), ("000022", "Zzz dernier"), ("000363", "B")]:
        ClientFactory(number=number, name=name)
    ClientFactory(number="003630", name="Aab avant")
    ClientFactory(number="002200", name="Aac")

    assert found(api, "22") == ["000022", "000220", "002200"]
    assert found(api, "0022") == ["000022", "000220", "002200"]
    assert found(api, "000363") == ["000363", "003630"]
    assert found(api, "363") == ["000363", "003630"]
    assert found(api, "22", sort="-name") == ["000022", "002200", "000220"]
    assert found(api, "22", sort="city")[0] == "000022"


def test_c2_number_search_for_a_user_who_sees_some_clients(user_with_profile):
    """The same rule on the plain query a restricted user's search takes."""
    assistant = user_with_profile("assistant")
    for number in ("000022", "000220", "000221"):
        ClientFactory(number=number, name=f"Client {number}", created_by=assistant)
    ClientFactory(number="000222", name="Pas à lui")
    api = make_api_client(assistant)
    assert found(api, "22") == ["000022", "000220", "000221"]
    assert found(api, "0221") == ["000221"]


# The ordered first page equals the plain query -----------------------------------------

NAMES = ["Martin", "Martine", "Martinez", "Mart", "Bernard", "Dubois", "Marteau"]
FIRSTS = ["", "Jean", "Marie", "Martin", "Anne"]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    people=st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(FIRSTS)), max_size=25),
    q=st.sampled_from(["mar", "martin", "mart", "martin jean", "ma an", "1", "b", "zz"]),
    sort=st.sampled_from(["name", "-name"]),
    offset=st.integers(0, 6),
    limit=st.integers(1, 8),
)
def test_c2_ordered_search_pages_equal_the_plain_query(partner, people, q, sort, offset, limit):
    """C2: the ordered search (first rows of each stored word, merged) gives the same
    page and count as filtering every client and sorting them."""
    Client.objects.all().delete()
    for i, (name, first) in enumerate(people):
        PersonFactory(number=f"{i + 1:06d}", name=name, first_name=first)

    ordered = selectors.client_list(user=partner, q=q, sort=sort)
    plain = (
        Client.objects.filter(search.matching(q))
        .order_by(*search.exact_first(q), *selectors.SORTS[sort])
        .values_list("pk", flat=True)
    )
    assert [c.pk for c in ordered[offset : offset + limit]] == list(plain[offset : offset + limit])
    assert len(ordered) == plain.count()


def test_c2_many_stored_words_under_a_prefix_take_the_plain_query(partner):
    """Past VOCABULARY_CAP stored words under a prefix, the plain query serves the page."""
    for i in range(search.VOCABULARY_CAP + 1):
        ClientFactory(name=f"Société q{i:03d}x")
    assert search.OrderedSearch.of("q", sort="name", load=lambda c: c) is None
    clients = selectors.client_list(user=partner, q="q")
    assert [c.name for c in clients[:2]] == ["Société q000x", "Société q001x"]
    assert search.OrderedSearch.of("q00", sort="name", load=lambda c: c) is not None


# Counts capped past 1,000 ---------------------------------------------------------------


def _many(count: int, name: str) -> None:
    clients = Client.objects.bulk_create(
        Client(number=f"{i + 1:06d}", kind="company", name=f"{name} n{i}") for i in range(count)
    )
    for client in clients:
        client.search_text = search.search_text_of(client.number, client.name, "", [])
    ClientWord.objects.bulk_create(row for c in clients for row in search.words_rows(c))


def test_c2_count_capped_past_a_thousand_matches(api, staff_browser):
    """API.md Conventions: past 1,000 matches `count` is 1000 with `count_capped`; the
    page says «plus de 1 000»; at 1,000 or fewer the count is exact."""
    _many(COUNT_CAP + 5, "Garage")
    answer = api.get("/api/v1/clients", {"q": "garage"}).json()
    assert answer["count"] == COUNT_CAP and answer["count_capped"] is True
    assert len(answer["items"]) == 50
    everyone = api.get("/api/v1/clients").json()
    assert everyone["count"] == COUNT_CAP and everyone["count_capped"] is True

    page = staff_browser.get("/clients/", {"q": "garage"})
    assert page.status_code == 200
    assert "plus de 1\u202f000 clients" in page.content.decode()

    exact = api.get("/api/v1/clients", {"q": "garage n99"}).json()
    assert exact["count_capped"] is False
    assert exact["count"] == len({n for n in range(COUNT_CAP + 5) if str(n).startswith("99")})


def test_c2_search_uses_the_word_index():
    """EXPLAIN: a stored word's first rows come from `client_word_order_idx`."""
    sql = (
        "SELECT client_id FROM clients_clientword WHERE word = %s "
        "ORDER BY name, first_name, number, client_id LIMIT 50"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, ["martin"])
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, ["martin"])
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "client_word_order_idx" in plan
    assert "Sort" not in plan and "TEMP B-TREE" not in plan


# The migration that stores the words ------------------------------------------------

BEFORE_WORDS = [("clients", "0003_connexitylabel_historicalconnexity_and_more")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_c2_migration_writes_every_clients_search_column_and_words_again():
    """C2: migration 0004 writes each existing client's search column again (its number
    without leading zeros) and stores its words, aliases included."""
    _migrate(BEFORE_WORDS)
    try:
        old = MigrationExecutor(connection).loader.project_state(BEFORE_WORDS).apps
        client = old.get_model("clients", "Client").objects.create(
            number="000363",
            kind="person",
            name="Lefèvre",
            first_name="Hélène",
            search_text=" 000363 lefevre helene ",
        )
        old.get_model("clients", "ClientAlias").objects.create(
            client_id=client.pk, value="Tante Rosalie", normalized="tante rosalie"
        )
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    migrated = Client.objects.get(pk=client.pk)
    assert migrated.search_text == " 363 lefevre helene tante rosalie "
    assert stored_words(migrated) == {"363", "lefevre", "helene", "tante", "rosalie"}
    assert set(ClientWord.objects.filter(client=migrated).values_list("number", flat=True)) == {
        "000363"
    }
