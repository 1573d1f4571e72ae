"""GET /history: who changed what, when, before and after (U3)."""

import json

import pytest

from cabinet.clients.models import Client

pytestmark = pytest.mark.django_db


def post(api, path, body):
    return api.post(path, json.dumps(body), content_type="application/json")


def patch(api, path, body):
    return api.patch(path, json.dumps(body), content_type="application/json")


def history_page(api, model, object_id, **params):
    response = api.get("/api/v1/history", {"model": model, "id": object_id, **params})
    assert response.status_code == 200, response.content
    return response.json()


def history(api, model, object_id):
    page = history_page(api, model, object_id)
    assert page["count"] == len(page["items"])
    return page["items"]


def test_u3_client_creation_and_changes_are_recorded_newest_first(api, partner):
    client = post(api, "/api/v1/clients", {"kind": "company", "name": "Alpha", "city": "Lyon"})
    client_id = client.json()["id"]
    patch(api, f"/api/v1/clients/{client_id}", {"city": "Paris", "phone": "0102030405"})

    events = history(api, "client", client_id)

    assert [e["action"] for e in events] == ["changed", "created"]
    changed, created = events
    assert changed["user"] == partner.username
    assert changed["changes"]["city"] == ["Lyon", "Paris"]
    assert changed["changes"]["phone"] == ["", "0102030405"]
    assert created["changes"]["name"] == [None, "Alpha"]
    assert created["at"] <= changed["at"]


def test_u3_alias_changes_belong_to_the_client_history(api):
    client_id = post(
        api, "/api/v1/clients", {"kind": "company", "name": "SNCF SA", "aliases": ["SNCF"]}
    ).json()["id"]
    patch(api, f"/api/v1/clients/{client_id}", {"aliases": ["RFF"]})

    changes = [e["changes"] for e in history(api, "client", client_id)]

    assert {"aliases": [None, "SNCF"]} in changes
    assert {"aliases": ["SNCF", None]} in changes
    assert {"aliases": [None, "RFF"]} in changes


def test_u3_attachment_change_is_recorded(api):
    employer = post(api, "/api/v1/clients", {"kind": "company", "name": "Emp"}).json()
    person = post(api, "/api/v1/clients", {"kind": "person", "name": "Roy"}).json()
    patch(api, f"/api/v1/clients/{person['id']}", {"attached_to_id": employer["id"]})
    latest = history(api, "client", person["id"])[0]
    assert latest["changes"]["attached_to_id"] == [None, employer["id"]]


def test_u3_contact_history(api, partner):
    client_id = post(api, "/api/v1/clients", {"kind": "company", "name": "Alpha"}).json()["id"]
    contact = post(
        api,
        f"/api/v1/clients/{client_id}/contacts",
        {"last_name": "Petit", "valid_from": "2024-01-01"},
    ).json()
    patch(api, f"/api/v1/clients/{client_id}/contacts/{contact['id']}", {"valid_to": "2024-06-30"})
    events = history(api, "contact", contact["id"])
    assert events[0]["changes"]["valid_to"] == [None, "2024-06-30"]
    assert events[0]["user"] == partner.username
    assert events[1]["action"] == "created"


def test_u3_deleted_client_history_stays_readable(api, partner):
    client_id = post(api, "/api/v1/clients", {"kind": "company", "name": "Parti"}).json()["id"]
    client = Client.objects.get(pk=client_id)
    client._history_user = partner
    client.delete()
    events = history(api, "client", client_id)
    assert [e["action"] for e in events] == ["deleted", "created"]
    assert events[0]["user"] == partner.username


def test_u3_history_answers_401_403_404_422(api, assistant_api, anonymous_api):
    client_id = post(api, "/api/v1/clients", {"kind": "company", "name": "Alpha"}).json()["id"]
    query = {"model": "client", "id": client_id}
    assert anonymous_api.get("/api/v1/history", query).status_code == 401
    assert assistant_api.get("/api/v1/history", query).status_code == 403
    assert api.get("/api/v1/history", {"model": "client", "id": 999999}).status_code == 404
    assert api.get("/api/v1/history", {"model": "spaceship", "id": 1}).status_code == 422
    assert api.get("/api/v1/history", {"model": "client", "id": "x"}).status_code == 422
    assert api.get("/api/v1/history", {"model": "client"}).status_code == 422


def test_u3_history_costs_bounded_queries(api, django_assert_max_num_queries):
    client_id = post(api, "/api/v1/clients", {"kind": "company", "name": "Alpha"}).json()["id"]
    for n in range(30):
        patch(api, f"/api/v1/clients/{client_id}", {"phone": f"01{n:08d}"})
        post(api, f"/api/v1/clients/{client_id}/aliases", {"value": f"A{n}"})
    with django_assert_max_num_queries(8):
        first = history_page(api, "client", client_id)
    rest = history_page(api, "client", client_id, offset=50)
    assert first["count"] == rest["count"] == 61
    assert len(first["items"]) == 50 and len(rest["items"]) == 11
    assert first["items"][-1]["at"] >= rest["items"][0]["at"]


def test_u3_connexity_and_group_changes_are_recorded(api, partner):
    son = post(api, "/api/v1/clients", {"kind": "person", "name": "Fils"}).json()
    father = post(api, "/api/v1/clients", {"kind": "person", "name": "Père"}).json()
    connexity = post(
        api,
        f"/api/v1/clients/{son['id']}/connexities",
        {
            "other_client_id": father["id"],
            "label": "fils de",
            "inverse_label": "père de",
            "start_date": "2020-01-01",
        },
    ).json()
    patch(
        api,
        f"/api/v1/clients/{son['id']}/connexities/{connexity['id']}",
        {"end_date": "2024-01-01"},
    )
    api.delete(f"/api/v1/clients/{son['id']}/connexities/{connexity['id']}")
    events = history(api, "connexity", connexity["id"])
    assert [e["action"] for e in events] == ["deleted", "changed", "created"]
    assert events[1]["changes"]["end_date"] == [None, "2024-01-01"]

    group = post(api, "/api/v1/groups", {"name": "Groupe"}).json()
    api.put(
        f"/api/v1/clients/{son['id']}/group",
        json.dumps({"group_id": group["id"]}),
        content_type="application/json",
    )
    patch(api, f"/api/v1/groups/{group['id']}", {"city": "Lille"})
    group_events = history(api, "group", group["id"])
    assert group_events[0]["changes"] == {"city": ["", "Lille"]}
    assert {"members": [None, son["id"]]} in [e["changes"] for e in group_events]
