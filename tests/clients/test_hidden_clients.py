"""U4: what an answer or a page may show of a client the user cannot open, where the
context needs it — `{id, display_name}` with `number` null in the API, the name unlinked
on pages, never its details or tools."""

import datetime
import re

import pytest
from django.test import Client as HttpClient

from cabinet.clients import connexity_services
from cabinet.clients import services as client_services
from cabinet.groups import services as group_services
from tests.factories import ClientFactory, ContactFactory, data_builder

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(assistant):
    """The assistant's own client, and a client of the firm he may not open, linked to it
    by a partner in every way the record shows: attachment, connexity, group, seat,
    representative and group contact."""
    partner = data_builder()
    mine = ClientFactory(name="Boulangerie Petit", created_by=assistant)
    hidden = ClientFactory(name="Holding Secrète", created_by=partner)
    client_services.client_update(actor=partner, client=mine, attached_to_id=hidden.pk)
    connexity_services.connexity_create(
        actor=partner,
        client=mine,
        other_client_id=hidden.pk,
        label="filiale de",
        inverse_label="mère de",
        start_date=datetime.date(2020, 1, 1),
    )
    group = group_services.group_create(
        actor=partner, name="Groupe Secret", representative_client_id=hidden.pk
    )
    group_services.membership_set(actor=partner, client=hidden, group_id=group.pk, is_seat=True)
    group_services.membership_set(
        actor=partner, client=mine, group_id=group.pk, parent_client_id=hidden.pk
    )
    contact = ContactFactory(client=hidden, last_name="Dubreuil", is_group_contact=True)
    return {"mine": mine, "hidden": hidden, "group": group, "contact": contact}


def hidden_ref(client) -> dict:
    return {"id": client.pk, "number": None, "display_name": client.display_name}


def test_u4_api_names_a_hidden_client_without_its_number(assistant_api, world):
    mine, hidden, group = world["mine"], world["hidden"], world["group"]

    record = assistant_api.get(f"/api/v1/clients/{mine.pk}").json()
    connexities = assistant_api.get(f"/api/v1/clients/{mine.pk}/connexities").json()
    contacts = assistant_api.get(f"/api/v1/clients/{mine.pk}/contacts").json()
    tree = assistant_api.get(f"/api/v1/groups/{group.pk}").json()
    groups = assistant_api.get("/api/v1/groups").json()

    assert record["attached_to"] == hidden_ref(hidden)
    assert connexities["items"][0]["other_client"] == hidden_ref(hidden)
    assert [c["client"] for c in contacts["items"]] == [hidden_ref(hidden)]
    assert tree["representative_client"] == hidden_ref(hidden)
    root = tree["tree"][0]
    assert root["client"] == hidden_ref(hidden) and root["is_seat"] is True
    assert root["children"][0]["client"]["number"] == mine.number
    assert groups["items"][0]["representative_client"] == hidden_ref(hidden)
    assert assistant_api.get(f"/api/v1/clients/{hidden.pk}").status_code == 403


def test_u4_a_partner_sees_every_number(api, world):
    record = api.get(f"/api/v1/clients/{world['mine'].pk}").json()

    assert record["attached_to"]["number"] == world["hidden"].number


def test_u4_pages_name_a_hidden_client_without_a_link_or_a_tool(assistant, world):
    mine, hidden, group = world["mine"], world["hidden"], world["group"]
    browser = HttpClient()
    browser.force_login(assistant)
    link = f'href="/clients/{hidden.pk}/'

    pages = {
        "record": browser.get(f"/clients/{mine.pk}/"),
        "connexities": browser.get(f"/clients/{mine.pk}/connexities/"),
        "contacts": browser.get(f"/clients/{mine.pk}/contacts/"),
        "group": browser.get(f"/groups/{group.pk}/"),
        "groups": browser.get("/groups/"),
        "client group": browser.get(f"/clients/{mine.pk}/group/"),
    }

    for name, response in pages.items():
        html = response.content.decode()
        assert response.status_code == 200, name
        assert link not in html, name
        assert hidden.number not in html, name
    assert "Holding Secrète" in pages["record"].content.decode()
    assert "Dubreuil" in pages["contacts"].content.decode()
    tree = pages["group"].content.decode()
    assert "Holding Secrète" in tree
    assert not re.search(rf'name="client_id" value="{hidden.pk}"', tree)
    assert f'data-drop-parent="{hidden.pk}"' not in tree
    assert f'name="client_id" value="{mine.pk}"' in tree
