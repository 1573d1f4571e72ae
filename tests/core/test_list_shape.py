"""API.md Conventions: every list endpoint takes `?limit=&offset=` and answers
`{"items": [...], "count": N}`; only the answers API.md writes as arrays are arrays."""

import json

import pytest

from cabinet.accounts.models import User
from tests.conftest import make_api_client
from tests.factories import ClientFactory, ContactFactory
from tests.matters.helpers import add_activity, new_matter, post

pytestmark = pytest.mark.django_db

BASE = "/api/v1"

# The answers API.md writes as arrays (split, allocation, the set of proformas just made).
ARRAYS = {
    ("get", "/matters/{matter_id}/split"),
    ("put", "/matters/{matter_id}/split"),
    ("get", "/matters/{matter_id}/allocation"),
    ("post", "/matters/{matter_id}/proformas"),
}

# Every list endpoint, with the query it is called with; `admin`: it needs «manage_settings»;
# `portal`: a web user's (of the client, I4).
LISTS = {
    "/auth/tokens": {},
    "/profiles": {},
    "/users": {"admin": True},
    "/clients": {},
    "/clients/{client_id}/contacts": {},
    "/clients/{client_id}/recipients": {},
    "/clients/{client_id}/connexities": {"historical": "true"},
    "/clients/{client_id}/matters": {"for_activity": "true"},
    "/settings/connexity-labels": {"q": "fil"},
    "/groups": {},
    "/matters": {},
    "/matters/quick-add": {},
    "/matters/{matter_id}/activities": {},
    "/matters/{matter_id}/proformas": {},
    "/invoices": {"state": "to_pay"},
    "/history": {"model": "client", "id": "{client_id}"},
    "/settings/insurers": {"q": "ax"},
    "/clients/{client_id}/contracts": {},
    "/clients/{client_id}/premium-receipts": {},
    "/clients/{client_id}/claims": {},
    "/groups/{group_id}/contracts": {},
    "/groups/{group_id}/premium-receipts": {"date_field": "accounting"},
    "/groups/{group_id}/claims": {"open_only": "false"},
    "/groups/{group_id}/contacts": {"valid_at": "all"},
    "/clients/{client_id}/web-users": {},
    "/groups/{group_id}/web-users": {},
    "/portal/matters": {"portal": True},
    "/portal/contracts": {"portal": True},
}


def _schema(openapi: dict, schema: dict) -> dict:
    if "$ref" in schema:
        return openapi["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _answers(openapi: dict) -> dict[tuple[str, str], tuple[dict, set[str]]]:
    """(method, path without the base) → (its 2xx JSON schema, its query parameters)."""
    answers = {}
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            success = responses.get("200") or responses.get("201") or {}
            content = success.get("content", {}).get("application/json")
            if content is None:
                continue
            query = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            answers[method, path.removeprefix(BASE)] = (_schema(openapi, content["schema"]), query)
    return answers


@pytest.fixture
def firm(partner, admin_user):
    """One of everything a list shows, so that each list answers at least one item."""
    api, admin_api = make_api_client(partner), make_api_client(admin_user)
    client, father = ClientFactory(name="Durand"), ClientFactory(name="Durand")
    ContactFactory(client=client, last_name="Martin", email="martin@exemple.test")
    post(
        api,
        f"{BASE}/clients/{client.id}/connexities",
        {
            "other_client_id": father.id,
            "label": "fils de",
            "inverse_label": "père de",
            "start_date": "2020-01-01",
        },
    )
    post(admin_api, f"{BASE}/settings/connexity-labels", {"label": "fils de"})
    group = post(api, f"{BASE}/groups", {"name": "Groupe Durand"}).json()
    put = api.put(
        f"{BASE}/clients/{client.id}/group",
        json.dumps({"group_id": group["id"], "parent_client_id": None, "is_seat": True}),
        content_type="application/json",
    )
    assert put.status_code == 200, put.content
    contract = post(
        api,
        f"{BASE}/contracts",
        {"client_id": client.id, "number": "C-1", "insurer": "AXA", "start_date": "2024-01-01"},
    ).json()
    post(
        api,
        f"{BASE}/contracts/{contract['id']}/premium-receipts",
        {
            "number": "Q-1",
            "period_start": "2024-01-01",
            "period_end": "2024-03-31",
            "due_date": "2024-01-10",
            "accounting_date": "2024-01-05",
            "amount": "300.00",
        },
    )
    post(
        api,
        f"{BASE}/claims",
        {
            "contract_id": contract["id"],
            "number": "S-1",
            "loss_date": "2024-02-01",
            "reported_date": "2024-02-02",
        },
    )
    billed = new_matter(api, [client], title="Bail commercial")
    add_activity(api, billed)
    [proforma] = post(api, f"{BASE}/matters/{billed['id']}/proformas").json()
    post(api, f"{BASE}/proformas/{proforma['id']}/finalize")
    drafted = new_matter(api, [client], title="Succession Durand")
    add_activity(api, drafted)
    post(api, f"{BASE}/matters/{drafted['id']}/proformas")
    web_user = post(
        api,
        f"{BASE}/portal-users",
        {
            "email": "web@durand.test",
            "name": "Web",
            "client_id": client.id,
            "password": "portail-2026-x",
        },
    )
    assert web_user.status_code == 201, web_user.content
    return {
        "api": api,
        "admin_api": admin_api,
        "portal_api": make_api_client(User.objects.get(email="web@durand.test")),
        "ids": {"client_id": client.id, "matter_id": drafted["id"], "group_id": group["id"]},
    }


def test_every_list_endpoint_answers_items_and_count(firm):
    api, ids = firm["api"], firm["ids"]
    response = api.get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    answers = _answers(response.json())

    arrays = {key for key, (schema, _) in answers.items() if schema.get("type") == "array"}
    assert arrays == ARRAYS
    lists = {
        path
        for (method, path), (schema, _) in answers.items()
        if method == "get" and {"items", "count"} <= set(schema.get("properties", {}))
    }
    assert lists == set(LISTS), "every list endpoint is called below: add it to LISTS"

    for path, params in LISTS.items():
        schema, query = answers["get", path]
        assert {"limit", "offset"} <= query, path
        assert schema["properties"]["items"]["type"] == "array", path
        caller = firm["admin_api"] if params.get("admin") else api
        caller = firm["portal_api"] if params.get("portal") else caller
        params = {k: v.format(**ids) for k, v in params.items() if k not in ("admin", "portal")}
        url = BASE + path.format(**ids)

        first = caller.get(url, {**params, "limit": 1, "offset": 0})
        assert first.status_code == 200, (path, first.content)
        body = first.json()
        assert isinstance(body["items"], list) and isinstance(body["count"], int), path
        assert len(body["items"]) == 1 and body["count"] >= 1, (path, body)

        past = caller.get(url, {**params, "limit": 1, "offset": body["count"]}).json()
        assert past["items"] == [] and past["count"] == body["count"], path
        assert caller.get(url, {**params, "limit": 0}).status_code == 422, path
        assert caller.get(url, {**params, "offset": -1}).status_code == 422, path
