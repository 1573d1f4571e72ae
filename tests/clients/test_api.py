"""Clients through HTTP: C1–C4, with 401/403/404/422/409 answers."""

import datetime
import json

import pytest
from django.utils import timezone

from cabinet.clients.models import Client, ClientAlias, Contact
from cabinet.matters import services as matter_services
from tests.conftest import make_api_client
from tests.factories import AliasFactory, ClientFactory, ContactFactory, PersonFactory

pytestmark = pytest.mark.django_db


def post(api, path, body):
    return api.post(path, json.dumps(body), content_type="application/json")


def patch(api, path, body):
    return api.patch(path, json.dumps(body), content_type="application/json")


def create(api, **body):
    body.setdefault("kind", "company")
    body.setdefault("name", "Durand Industries")
    response = post(api, "/api/v1/clients", body)
    assert response.status_code == 201, response.content
    return response.json()


# C1 — identity and numbers


def test_c1_numbers_are_six_digits_in_sequence(api):
    first = create(api, name="Alpha")
    second = create(api, name="Bravo")
    assert first["number"] == "000001"
    assert second["number"] == "000002"


def test_c1_given_number_is_zero_padded_and_sequence_continues_after_it(api):
    given = create(api, name="Alpha", number="363")
    following = create(api, name="Bravo")
    assert given["number"] == "000363"
    assert following["number"] == "000364"


def test_c1_duplicate_number_is_refused_and_nothing_created(api):
    create(api, name="Alpha", number="000363")
    response = post(api, "/api/v1/clients", {"kind": "company", "name": "B", "number": "363"})
    assert response.status_code == 409
    assert response.json()["code"] == "number_taken"
    assert Client.objects.count() == 1


def test_c1_person_has_first_and_last_name(api):
    body = create(api, kind="person", name="Martin", first_name="Claire", email="c@m.fr")
    assert body["display_name"] == "Claire Martin"
    assert body["kind"] == "person"
    full = api.get(f"/api/v1/clients/{body['id']}").json()
    expected = {
        "id",
        "number",
        "kind",
        "name",
        "first_name",
        "display_name",
        "aliases",
        "email",
        "phone",
        "attached_to",
        "group",
        "has_current_connexities",
    }
    assert expected <= set(full)


def test_c1_company_has_a_legal_name_and_no_first_name(api):
    response = post(
        api, "/api/v1/clients", {"kind": "company", "name": "Acme", "first_name": "Jean"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "first_name"]


def test_c1_patch_changes_only_given_fields(api):
    body = create(api, name="Alpha", phone="01 02 03 04 05")
    response = patch(api, f"/api/v1/clients/{body['id']}", {"city": "Lyon"})
    assert response.status_code == 200
    client = Client.objects.get(pk=body["id"])
    assert (client.city, client.phone, client.name) == ("Lyon", "01 02 03 04 05", "Alpha")


def test_c1_patch_to_a_taken_number_is_refused(api):
    create(api, name="Alpha", number="10")
    other = create(api, name="Bravo")
    response = patch(api, f"/api/v1/clients/{other['id']}", {"number": "10"})
    assert response.status_code == 409
    assert Client.objects.get(pk=other["id"]).number == other["number"]


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "alien", "name": "X"},
        {"kind": "company"},
        {"kind": "company", "name": ""},
        {"kind": "company", "name": "x" * 5000},
        {"kind": "company", "name": 12},
        {"kind": "company", "name": ["a"]},
        {"kind": "company", "name": "a\x00b"},
        {"kind": "company", "name": "ok", "aliases": "SNCF"},
        {"kind": "company", "name": "ok", "aliases": ["a\x00"]},
        {"kind": "company", "name": "ok", "email": "not-an-email"},
        {"kind": "company", "name": "ok", "attached_to_id": 987654},
        {"kind": "company", "name": "ok", "attached_to_id": "abc"},
        {"kind": "company", "name": "ok", "attached_to_id": 10**30},
        {"kind": "company", "name": "ok", "number": "12a"},
        {"kind": "company", "name": "ok", "number": "1234567"},
        {"kind": "company", "name": "ok", "unknown_field": 1},
    ],
)
def test_c1_bad_client_bodies_get_422_and_change_nothing(api, body):
    response = post(api, "/api/v1/clients", body)
    assert response.status_code == 422, response.content
    payload = response.json()
    assert payload["detail"] and payload["code"]
    assert Client.objects.count() == 0


@pytest.mark.parametrize("raw", ["{bad json", '"just a string"', "[1, 2]", "null", "12"])
def test_c1_malformed_bodies_get_422(api, raw):
    response = api.post("/api/v1/clients", raw, content_type="application/json")
    assert response.status_code == 422
    assert set(response.json()) >= {"detail", "code"}
    assert Client.objects.count() == 0


@pytest.mark.parametrize("client_id", ["abc", "0", "-1", "1.5", str(10**30)])
def test_c1_non_numeric_or_out_of_range_ids_get_422(api, client_id):
    response = api.get(f"/api/v1/clients/{client_id}")
    assert response.status_code in (404, 422)
    assert "code" in response.json()


def test_c1_unknown_client_gets_404(api):
    response = api.get("/api/v1/clients/424242")
    assert response.status_code == 404
    assert response.json()["code"] == "client_not_found"


# C2 — aliases and search


@pytest.fixture
def sncf(api):
    return create(
        api, name="Société Nationale des Chemins de Fer", aliases=["SNCF", "Chemins de fer"]
    )


@pytest.mark.parametrize(
    "query", ["SNCF", "sncf", "societe nat", "SOCIÉTÉ", "chemins", "nationale fer", "Chemin"]
)
def test_c2_search_by_alias_prefix_and_contained_word(api, sncf, query):
    create(api, name="Transports Dupont")
    response = api.get("/api/v1/clients", {"q": query})
    assert response.status_code == 200
    names = [c["name"] for c in response.json()["items"]]
    assert names == ["Société Nationale des Chemins de Fer"]


def test_c2_search_by_number(api, sncf):
    create(api, name="Autre")
    items = api.get("/api/v1/clients", {"q": sncf["number"]}).json()["items"]
    assert [c["id"] for c in items] == [sncf["id"]]


def test_c2_search_matches_word_starts_not_inner_fragments(api, sncf):
    assert api.get("/api/v1/clients", {"q": "ationale"}).json()["count"] == 0
    assert api.get("/api/v1/clients", {"q": "zzz"}).json()["count"] == 0


def test_c2_aliases_replace_add_and_remove(api, sncf):
    response = patch(api, f"/api/v1/clients/{sncf['id']}", {"aliases": ["SNCF", "RFF"]})
    assert response.json()["aliases"] == ["RFF", "SNCF"]
    assert api.get("/api/v1/clients", {"q": "rff"}).json()["count"] == 1
    assert api.get("/api/v1/clients", {"q": "chemins de fer"}).json()["count"] == 1

    added = post(api, f"/api/v1/clients/{sncf['id']}/aliases", {"value": "Le Rail"})
    assert added.status_code == 201
    assert "Le Rail" in added.json()["aliases"]

    alias = ClientAlias.objects.get(client_id=sncf["id"], value="RFF")
    removed = api.delete(f"/api/v1/clients/{sncf['id']}/aliases/{alias.id}")
    assert removed.status_code == 204
    assert api.get("/api/v1/clients", {"q": "rff"}).json()["count"] == 0


def test_c2_same_alias_twice_is_refused(api, sncf):
    response = post(api, f"/api/v1/clients/{sncf['id']}/aliases", {"value": "sncf"})
    assert response.status_code == 409
    assert ClientAlias.objects.filter(client_id=sncf["id"]).count() == 2


def test_c2_alias_of_another_client_cannot_be_removed_here(api, sncf):
    other = create(api, name="Autre", aliases=["AUT"])
    alias = ClientAlias.objects.get(client_id=other["id"])
    response = api.delete(f"/api/v1/clients/{sncf['id']}/aliases/{alias.id}")
    assert response.status_code == 404
    assert ClientAlias.objects.filter(pk=alias.pk).exists()


def test_c2_list_is_paginated_and_sorted(api):
    for name in ["Charlie", "Alpha", "Bravo"]:
        create(api, name=name)
    page = api.get("/api/v1/clients", {"limit": 2, "offset": 0, "sort": "name"}).json()
    assert page["count"] == 3
    assert [c["name"] for c in page["items"]] == ["Alpha", "Bravo"]
    rest = api.get("/api/v1/clients", {"limit": 2, "offset": 2, "sort": "-name"}).json()
    assert [c["name"] for c in rest["items"]] == ["Alpha"]
    assert api.get("/api/v1/clients", {"sort": "password"}).status_code == 422


# C3 — attachment


def test_c3_attachment_is_one_way(api):
    employer = create(api, name="Employeur SA")
    employee = create(
        api, kind="person", name="Leroy", first_name="Paul", attached_to_id=employer["id"]
    )
    assert employee["attached_to"]["id"] == employer["id"]
    employer_view = api.get(f"/api/v1/clients/{employer['id']}").json()
    assert employer_view["attached_to"] is None
    assert "Leroy" not in json.dumps(employer_view)


def test_c3_attach_and_detach_through_patch(api):
    employer = create(api, name="Employeur SA")
    person = create(api, kind="person", name="Leroy", first_name="Paul")
    attached = patch(api, f"/api/v1/clients/{person['id']}", {"attached_to_id": employer["id"]})
    assert attached.json()["attached_to"]["number"] == employer["number"]
    detached = patch(api, f"/api/v1/clients/{person['id']}", {"attached_to_id": None})
    assert detached.json()["attached_to"] is None


def test_c3_client_cannot_be_attached_to_itself(api):
    client = create(api, name="Solo")
    response = patch(api, f"/api/v1/clients/{client['id']}", {"attached_to_id": client["id"]})
    assert response.status_code == 409
    assert response.json()["code"] == "self_attachment"
    assert Client.objects.get(pk=client["id"]).attached_to_id is None


def test_c3_database_refuses_self_attachment_too(db):
    from django.db import IntegrityError, transaction

    client = ClientFactory()
    client.attached_to_id = client.id
    with pytest.raises(IntegrityError), transaction.atomic():
        client.save()


def test_c3_unknown_attachment_target_is_422(api):
    client = create(api, name="Solo")
    response = patch(api, f"/api/v1/clients/{client['id']}", {"attached_to_id": 999999})
    assert response.status_code == 422


# C4 — contacts


def contact_body(**extra):
    body = {
        "first_name": "Anne",
        "last_name": "Petit",
        "role": "DAF",
        "email": "anne@petit.fr",
        "phone": "0601020304",
        "valid_from": "2024-01-01",
    }
    body.update(extra)
    return body


def test_c4_contacts_valid_today_by_default(api):
    client = ClientFactory()
    today = timezone.localdate()
    ContactFactory(client=client, last_name="Actuel")
    ContactFactory(client=client, last_name="Ancien", valid_to=today - datetime.timedelta(1))
    ContactFactory(client=client, last_name="Futur", valid_from=today + datetime.timedelta(5))
    listed = api.get(f"/api/v1/clients/{client.id}/contacts").json()
    assert [c["last_name"] for c in listed["items"]] == ["Actuel"]
    every = api.get(f"/api/v1/clients/{client.id}/contacts", {"valid_at": "all"}).json()
    assert {c["last_name"] for c in every["items"]} == {"Actuel", "Ancien", "Futur"}
    later = (today + datetime.timedelta(10)).isoformat()
    future = api.get(f"/api/v1/clients/{client.id}/contacts", {"valid_at": later}).json()
    assert {c["last_name"] for c in future["items"]} == {"Actuel", "Futur"}


def test_c4_create_contact_with_every_field(api):
    client = ClientFactory()
    response = post(
        api,
        f"/api/v1/clients/{client.id}/contacts",
        contact_body(valid_to="2030-12-31", is_group_contact=True),
    )
    assert response.status_code == 201
    body = response.json()
    assert body["client"]["id"] == client.id
    assert body["valid_to"] == "2030-12-31"
    assert body["is_group_contact"] is True


def test_c4_contact_ending_before_it_starts_is_422_and_not_saved(api):
    client = ClientFactory()
    response = post(
        api,
        f"/api/v1/clients/{client.id}/contacts",
        contact_body(valid_from="2024-05-01", valid_to="2024-04-30"),
    )
    assert response.status_code == 422
    assert response.json()["code"] == "contact_ends_before_start"
    assert Contact.objects.count() == 0


def test_c4_database_refuses_contact_ending_before_start(db):
    from django.db import IntegrityError, transaction

    contact = ContactFactory(valid_from=datetime.date(2024, 5, 1))
    contact.valid_to = datetime.date(2024, 4, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        contact.save()


def test_c4_end_a_contact_through_patch(api):
    contact = ContactFactory()
    yesterday = timezone.localdate() - datetime.timedelta(1)
    response = patch(
        api,
        f"/api/v1/clients/{contact.client_id}/contacts/{contact.id}",
        {"valid_to": yesterday.isoformat()},
    )
    assert response.status_code == 200
    assert api.get(f"/api/v1/clients/{contact.client_id}/contacts").json()["count"] == 0


def test_c4_patch_contact_of_another_client_is_404(api):
    contact = ContactFactory()
    other = ClientFactory()
    response = patch(api, f"/api/v1/clients/{other.id}/contacts/{contact.id}", {"role": "X"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"first_name": "Anne"},
        contact_body(valid_from="2024-13-45"),
        contact_body(valid_from="demain"),
        contact_body(email="pas-un-email"),
        contact_body(last_name="x" * 101),
        contact_body(role="a\x00b"),
        contact_body(is_group_contact="peut-être"),
    ],
)
def test_c4_bad_contact_bodies_get_422(api, body):
    client = ClientFactory()
    response = post(api, f"/api/v1/clients/{client.id}/contacts", body)
    assert response.status_code == 422, response.content
    assert Contact.objects.count() == 0


def test_c4_bad_valid_at_is_422(api):
    client = ClientFactory()
    response = api.get(f"/api/v1/clients/{client.id}/contacts", {"valid_at": "hier"})
    assert response.status_code == 422


def test_c4_recipients_are_contacts_valid_today_with_an_email(api):
    client = ClientFactory()
    ContactFactory(client=client, last_name="Avec")
    ContactFactory(client=client, last_name="Sans", email="")
    ContactFactory(
        client=client, last_name="Fini", valid_to=timezone.localdate() - datetime.timedelta(1)
    )
    response = api.get(f"/api/v1/clients/{client.id}/recipients")
    assert [c["last_name"] for c in response.json()["items"]] == ["Avec"]
    assert response.json()["count"] == 1


# Who may ask


@pytest.mark.parametrize(
    "method,path",
    [
        ("get", "/api/v1/clients"),
        ("post", "/api/v1/clients"),
        ("get", "/api/v1/clients/1"),
        ("patch", "/api/v1/clients/1"),
        ("get", "/api/v1/clients/1/contacts"),
        ("post", "/api/v1/clients/1/contacts"),
        ("get", "/api/v1/clients/1/recipients"),
        ("post", "/api/v1/clients/1/aliases"),
    ],
)
def test_u1_client_endpoints_need_a_token(anonymous_api, method, path):
    response = getattr(anonymous_api, method)(path, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_u1_a_bad_token_is_401(db):
    from django.test import Client as HttpClient

    client = HttpClient(headers={"Authorization": "Bearer cab_not-a-real-token"})
    assert client.get("/api/v1/clients").status_code == 401


def test_u1_without_all_clients_a_user_sees_only_the_clients_he_created(assistant_api, api):
    """U1: without «see every client» (and on no matter), only the clients he created."""
    others = create(api, name="Client du cabinet")
    mine = create(assistant_api, name="Mon client")
    listed = assistant_api.get("/api/v1/clients").json()
    assert [c["id"] for c in listed["items"]] == [mine["id"]]
    assert assistant_api.get(f"/api/v1/clients/{others['id']}").status_code == 403
    refused = patch(assistant_api, f"/api/v1/clients/{others['id']}", {"city": "Nice"})
    assert refused.status_code == 403
    assert assistant_api.get(f"/api/v1/clients/{others['id']}/contacts").status_code == 403
    assert api.get(f"/api/v1/clients/{mine['id']}").status_code == 200


def test_u1_without_all_clients_a_user_sees_the_parties_of_the_matters_he_works_on(
    assistant, assistant_api, partner
):
    """U1: a user without «see every client» works on matters: he sees their parties
    (clients and adverse parties), and still not the firm's other clients."""
    client, adverse, elsewhere = (
        ClientFactory(name="Client du dossier"),
        ClientFactory(name="Adversaire du dossier"),
        ClientFactory(name="Hors dossier"),
    )
    matter = matter_services.matter_create(
        actor=partner,
        title="Bail commercial",
        opened_on=datetime.date(2026, 1, 15),
        parties=[
            {"client_id": client.pk, "role": "client", "is_active": True},
            {"client_id": adverse.pk, "role": "adverse"},
        ],
    )
    assert assistant_api.get(f"/api/v1/clients/{client.pk}").status_code == 403

    matter_services.intervenant_add(actor=assistant, matter=matter)

    listed = assistant_api.get("/api/v1/clients").json()
    assert sorted(c["id"] for c in listed["items"]) == sorted([client.pk, adverse.pk])
    assert assistant_api.get(f"/api/v1/clients/{client.pk}").status_code == 200
    assert assistant_api.get(f"/api/v1/clients/{adverse.pk}/contacts").status_code == 200
    assert assistant_api.get(f"/api/v1/clients/{elsewhere.pk}").status_code == 403
    found = assistant_api.get("/api/v1/clients", {"q": "dossier"}).json()
    assert {c["id"] for c in found["items"]} == {client.pk, adverse.pk}


def test_u1_client_visibility_follows_matter_visibility(assistant, partner):
    """U1: every party of every matter a user may see is a client he may see."""
    from cabinet.clients.selectors import clients_visible_to
    from cabinet.matters.selectors import matters_visible_to

    parties = ClientFactory.create_batch(4)
    mine = matter_services.matter_create(
        actor=partner,
        title="Le sien",
        opened_on=datetime.date(2026, 2, 1),
        parties=[{"client_id": c.pk, "role": "client", "is_active": True} for c in parties[:2]],
    )
    matter_services.matter_create(
        actor=partner,
        title="Un autre",
        opened_on=datetime.date(2026, 2, 1),
        parties=[{"client_id": c.pk, "role": "client", "is_active": True} for c in parties[2:]],
    )
    matter_services.intervenant_add(actor=assistant, matter=mine)

    seen_matters = matters_visible_to(assistant)
    expected = set(
        Client.objects.filter(matter_parties__matter__in=seen_matters).values_list("pk", flat=True)
    )
    assert set(clients_visible_to(assistant).values_list("pk", flat=True)) == expected
    assert expected == {parties[0].pk, parties[1].pk}


# Bounded queries


def _populate(count: int) -> Client:
    clients = [ClientFactory() for _ in range(count)]
    for client in clients:
        AliasFactory.create_batch(3, client=client)
        ContactFactory.create_batch(2, client=client)
    employer = ClientFactory()
    for client in clients[::2]:
        client.attached_to = employer
        client.save(update_fields=["attached_to"])
    return clients[0]


@pytest.mark.parametrize("count", [3, 60])
def test_c2_client_list_costs_bounded_queries(api, partner, django_assert_max_num_queries, count):
    _populate(count)
    with django_assert_max_num_queries(6):
        response = api.get("/api/v1/clients", {"limit": 200})
    assert response.json()["count"] == count + 1


@pytest.mark.parametrize("count", [3, 60])
def test_c2_search_costs_bounded_queries(api, django_assert_max_num_queries, count):
    """C2: a search by name reads the stored words under the prefix (one query), the
    first rows of each (one), a capped count (one), then the page's clients."""
    _populate(count)
    with django_assert_max_num_queries(7):
        response = api.get("/api/v1/clients", {"q": "a", "limit": 200})
    assert response.status_code == 200


def test_c4_client_record_and_contacts_cost_bounded_queries(api, django_assert_max_num_queries):
    client = PersonFactory()
    AliasFactory.create_batch(40, client=client)
    ContactFactory.create_batch(40, client=client)
    with django_assert_max_num_queries(5):
        api.get(f"/api/v1/clients/{client.id}")
    with django_assert_max_num_queries(6):
        response = api.get(f"/api/v1/clients/{client.id}/contacts")
    assert response.json()["count"] == 40


def test_u1_token_of_another_user_sees_his_own_scope(db, user_with_profile):
    viewer = user_with_profile("associate")
    api = make_api_client(viewer)
    assert api.get("/api/v1/clients").json() == {"items": [], "count": 0, "count_capped": False}
