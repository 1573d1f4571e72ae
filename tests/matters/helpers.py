import json


def post(api, path, body=None):
    return api.post(
        path, json.dumps(body) if body is not None else "", content_type="application/json"
    )


def patch(api, path, body):
    return api.patch(path, json.dumps(body), content_type="application/json")


def new_matter(api, clients, *, inactive=(), others=(), title="Succession Moreau"):
    parties = [
        {"client_id": c.id, "role": "client", "is_active": c not in inactive} for c in clients
    ]
    parties += [{"client_id": c.id, "role": "adverse"} for c in others]
    response = post(
        api,
        "/api/v1/matters",
        {"title": title, "type": "Contentieux", "opened_on": "2026-01-15", "parties": parties},
    )
    assert response.status_code == 201, response.content
    return response.json()


def party_of(matter, client):
    return next(p for p in matter["parties"] if p["client"] and p["client"]["id"] == client.id)


def add_activity(api, matter, **extra):
    body = {"kind": "fee", "date": "2026-02-01", "description": "Consultation", "amount": "100.00"}
    body.update(extra)
    return post(api, f"/api/v1/matters/{matter['id']}/activities", body)
