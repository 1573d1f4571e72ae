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
from cabinet.matters.models import MatterParty
from tests.factories import ClientFactory, ContactFactory, data_builder
from tests.matters.helpers import new_matter, post

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


def _link(api, matter, contact):
    return post(
        api,
        f"/api/v1/matters/{matter['id']}/parties",
        {
            "role": "linked_contact",
            "contact_id": contact.pk,
            "linked_party_id": matter["parties"][0]["id"],
        },
    )


def test_u4_g9_a_hidden_members_group_contact_shown_on_his_record_may_be_linked(
    assistant_api, world
):
    """U4, G9: a group contact of a client he may not open shows on the record of his own
    client of the group, so he may name it in a request."""
    matter = new_matter(assistant_api, [world["mine"]])

    response = _link(assistant_api, matter, world["contact"])

    assert response.status_code == 201, response.content
    assert MatterParty.objects.get(pk=response.json()["id"]).contact == world["contact"]


def test_u4_g9_a_contact_shown_on_no_record_he_may_open_is_refused_as_unknown(assistant_api, world):
    """U4, G9: a hidden member's own contact, and the group contact of a hidden client of
    another group, show on no record he may open: refused as an absent id, nothing written."""
    partner = data_builder()
    private = ContactFactory(client=world["hidden"], last_name="Privé")
    stranger = ClientFactory(name="Holding Étrangère", created_by=partner)
    other_group = group_services.group_create(actor=partner, name="Autre Groupe")
    group_services.membership_set(actor=partner, client=stranger, group_id=other_group.pk)
    foreign = ContactFactory(client=stranger, last_name="Lointain", is_group_contact=True)
    matter = new_matter(assistant_api, [world["mine"]])

    answers = [_link(assistant_api, matter, contact) for contact in (private, foreign)]

    assert [a.status_code for a in answers] == [422, 422]
    assert {a.json()["code"] for a in answers} == {"unknown_contact"}
    assert not MatterParty.objects.filter(contact__in=[private, foreign]).exists()
