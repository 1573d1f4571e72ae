import json
import re
from html import unescape


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


def title_of(html: str, element_id: str, *, disabled: bool = False) -> str:
    """The title of the element with this id, as a person reads it; `disabled`: the element
    must be a disabled control (a refusal says why in its title)."""
    opening = re.search(rf'<[a-z]+\b[^>]*\bid="{re.escape(element_id)}"[^>]*>', html)
    assert opening, f"no element #{element_id}"
    if disabled:
        assert " disabled" in opening.group(0), opening.group(0)
    return unescape(re.search(r'title="([^"]*)"', opening.group(0)).group(1))
