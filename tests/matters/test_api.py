"""Matters, parties and intervenants through HTTP (M1–M10, A9)."""

import pytest

from cabinet.matters.models import Matter, MatterParty
from tests.conftest import make_api_client
from tests.factories import ClientFactory, ContactFactory, PersonFactory
from tests.matters.helpers import add_activity, new_matter, party_of, patch, post

pytestmark = pytest.mark.django_db
M4 = "Attention : le dossier contient des activités non facturées liées à ce client"


def test_m1_a_matter_has_number_title_type_date_status_parties_intervenants(api, partner):
    client = ClientFactory()
    matter = new_matter(api, [client])
    assert matter["number"].endswith("-0001")
    assert matter["status"] == "open"
    assert matter["type"] == "Contentieux"
    assert matter["opened_on"] == "2026-01-15"
    assert [p["role"] for p in matter["parties"]] == ["client"]
    assert [i["username"] for i in matter["intervenants"]] == [partner.username]
    second = new_matter(api, [client], title="Autre")
    assert second["number"].endswith("-0002")


def test_m1_a_matter_needs_a_client_party_and_valid_input(api):
    adverse = ClientFactory()
    no_client = post(
        api,
        "/api/v1/matters",
        {
            "title": "X",
            "opened_on": "2026-01-01",
            "parties": [{"client_id": adverse.id, "role": "adverse"}],
        },
    )
    assert no_client.status_code == 422
    for body in [
        {"title": "", "opened_on": "2026-01-01", "parties": [{"client_id": adverse.id}]},
        {"title": "X", "opened_on": "demain", "parties": [{"client_id": adverse.id}]},
        {"title": "X", "opened_on": "2026-01-01", "parties": []},
        {"title": "X", "opened_on": "2026-01-01", "parties": [{"client_id": 999999}]},
        {
            "title": "X",
            "opened_on": "2026-01-01",
            "parties": [{"client_id": adverse.id, "role": "juge"}],
        },
        {"title": "X\x00", "opened_on": "2026-01-01", "parties": [{"client_id": adverse.id}]},
    ]:
        assert post(api, "/api/v1/matters", body).status_code == 422, body
    assert Matter.objects.count() == 0


def test_m1_close_and_reopen_keeps_everything(api):
    matter = new_matter(api, [ClientFactory()])
    closed = patch(api, f"/api/v1/matters/{matter['id']}", {"status": "closed"}).json()
    assert closed["status"] == "closed" and closed["closed_on"]
    assert len(closed["parties"]) == 1
    reopened = patch(api, f"/api/v1/matters/{matter['id']}", {"status": "open"}).json()
    assert reopened["status"] == "open" and reopened["closed_on"] is None


def test_m1_list_filters_and_searches(api):
    alpha, beta = ClientFactory(name="Alpha SA"), ClientFactory(name="Beta SARL")
    first = new_matter(api, [alpha], title="Bail commercial")
    new_matter(api, [beta], title="Licenciement")
    patch(api, f"/api/v1/matters/{first['id']}", {"status": "closed"})
    assert api.get("/api/v1/matters", {"q": "bail"}).json()["count"] == 1
    assert api.get("/api/v1/matters", {"q": "beta"}).json()["count"] == 1
    assert api.get("/api/v1/matters", {"status": "open"}).json()["count"] == 1
    assert api.get("/api/v1/matters", {"client_id": alpha.id}).json()["count"] == 1
    assert api.get("/api/v1/matters", {"status": "zzz"}).status_code == 422


def test_m2_mono_and_multi_client_are_derived(api):
    mono = new_matter(api, [ClientFactory()], others=[ClientFactory()])
    multi = new_matter(api, [ClientFactory(), ClientFactory()])
    assert mono["is_multi_client"] is False
    assert multi["is_multi_client"] is True


def test_m2_status_on_one_matter_never_changes_another(api):
    client = ClientFactory()
    first, second = new_matter(api, [client]), new_matter(api, [client])
    patch(
        api,
        f"/api/v1/matters/{first['id']}/parties/{party_of(first, client)['id']}",
        {"is_active": False},
    )
    assert party_of(api.get(f"/api/v1/matters/{second['id']}").json(), client)["is_active"]


def test_m2_m3_toggle_active_inactive_in_one_call(api):
    a, b = ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b])
    response = patch(
        api,
        f"/api/v1/matters/{matter['id']}/parties/{party_of(matter, a)['id']}",
        {"is_active": False},
    )
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert response.json()["warning"] is None


def test_m4_deactivating_a_client_with_unbilled_activities_warns(api):
    a, b = ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b])
    assert add_activity(api, matter, client_id=a.id).status_code == 201
    response = patch(
        api,
        f"/api/v1/matters/{matter['id']}/parties/{party_of(matter, a)['id']}",
        {"is_active": False},
    )
    assert response.status_code == 200
    assert response.json()["warning"] == M4
    assert response.json()["is_active"] is False


def test_m5_a_matter_whose_clients_are_all_inactive_accepts_no_activity(api):
    a, b = ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b], inactive=[a])
    assert matter["accepts_activities"] is True
    patch(
        api,
        f"/api/v1/matters/{matter['id']}/parties/{party_of(matter, b)['id']}",
        {"is_active": False},
    )
    refreshed = api.get(f"/api/v1/matters/{matter['id']}").json()
    assert refreshed["accepts_activities"] is False
    refused = add_activity(api, matter)
    assert refused.status_code == 409
    assert refused.json()["code"] == "matter_refuses_activities"


def test_m5_mono_client_matter_with_inactive_client_refuses_activities(api):
    client = ClientFactory()
    matter = new_matter(api, [client], inactive=[client])
    assert matter["accepts_activities"] is False
    assert add_activity(api, matter).status_code == 409


def test_m6_only_intervenants_enter_activities_and_users_add_themselves(api, user_with_profile):
    matter = new_matter(api, [ClientFactory()])
    assistant = user_with_profile("assistant")
    assistant_api = make_api_client(assistant)
    associate = make_api_client(user_with_profile("associate"))
    assert associate.get(f"/api/v1/matters/{matter['id']}").status_code == 403
    post(api, f"/api/v1/matters/{matter['id']}/intervenants", {"user_id": assistant.id})
    joined = api.get(f"/api/v1/matters/{matter['id']}").json()
    assert assistant.username in [i["username"] for i in joined["intervenants"]]
    assert add_activity(assistant_api, matter).status_code == 201


def test_m6_self_add_needs_the_right(api, user_with_profile):
    matter = new_matter(api, [ClientFactory()])
    no_right = user_with_profile("assistant")
    no_right.profile.rights = []
    no_right.profile.save()
    response = post(make_api_client(no_right), f"/api/v1/matters/{matter['id']}/intervenants")
    assert response.status_code in (403,)


def test_m6_partner_with_all_matters_adds_himself_and_twice_is_409(api, partner):
    matter = new_matter(api, [ClientFactory()])
    again = post(api, f"/api/v1/matters/{matter['id']}/intervenants", {"user_id": partner.id})
    assert again.status_code == 409


def test_m7_client_matters_for_activity_only_where_active(api):
    client = ClientFactory()
    active = new_matter(api, [client, ClientFactory()], title="Actif")
    new_matter(api, [client, ClientFactory()], inactive=[client], title="Inactif")
    new_matter(api, [ClientFactory()], others=[client], title="Adverse")
    every = api.get(f"/api/v1/clients/{client.id}/matters").json()
    assert every["count"] == len(every["items"]) == 3
    usable = api.get(f"/api/v1/clients/{client.id}/matters", {"for_activity": True}).json()
    assert [m["id"] for m in usable["items"]] == [active["id"]]
    assert usable["count"] == 1


def test_m7_activity_for_an_inactive_client_party_is_409(api):
    a, b = ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b], inactive=[a])
    response = add_activity(api, matter, client_id=a.id)
    assert response.status_code == 409
    assert response.json()["code"] == "client_inactive_on_matter"


def test_m8_deactivating_switches_portal_sharing_off_and_it_can_be_switched_on(api):
    a, b = ClientFactory(), ClientFactory()
    matter = new_matter(api, [a, b])
    party = party_of(matter, a)
    assert party["portal_shared"] is True
    off = patch(
        api, f"/api/v1/matters/{matter['id']}/parties/{party['id']}", {"is_active": False}
    ).json()
    assert off["portal_shared"] is False
    on = patch(
        api, f"/api/v1/matters/{matter['id']}/parties/{party['id']}", {"portal_shared": True}
    ).json()
    assert on["portal_shared"] is True and on["is_active"] is False


def test_m9_deletion_needs_the_right_and_an_empty_matter(api, user_with_profile):
    matter = new_matter(api, [ClientFactory()])
    associate = user_with_profile("associate")
    post(api, f"/api/v1/matters/{matter['id']}/intervenants", {"user_id": associate.id})
    assert make_api_client(associate).delete(f"/api/v1/matters/{matter['id']}").status_code == 403
    add_activity(api, matter)
    refused = api.delete(f"/api/v1/matters/{matter['id']}")
    assert refused.status_code == 409
    assert Matter.objects.filter(pk=matter["id"]).exists()


def test_m9_deleting_an_empty_matter_is_recorded_in_history(api, partner):
    matter = new_matter(api, [ClientFactory()])
    assert api.delete(f"/api/v1/matters/{matter['id']}").status_code == 204
    assert not Matter.objects.filter(pk=matter["id"]).exists()
    events = api.get("/api/v1/history", {"model": "matter", "id": matter["id"]}).json()["items"]
    assert events[0]["action"] == "deleted"
    assert events[0]["user"] == partner.username


def test_m10_linked_contacts_follow_their_party_to_inactive(api):
    client, adverse = ClientFactory(), PersonFactory()
    lawyer = ContactFactory(client=adverse, last_name="Avocat")
    matter = new_matter(api, [client], others=[adverse])
    adverse_party = party_of(matter, adverse)
    linked = post(
        api,
        f"/api/v1/matters/{matter['id']}/parties",
        {"role": "linked_contact", "contact_id": lawyer.id, "linked_party_id": adverse_party["id"]},
    )
    assert linked.status_code == 201
    patch(
        api, f"/api/v1/matters/{matter['id']}/parties/{adverse_party['id']}", {"is_active": False}
    )
    assert MatterParty.objects.get(pk=linked.json()["id"]).is_active is False


def test_m10_linked_contact_needs_a_party_of_this_matter(api):
    matter = new_matter(api, [ClientFactory()])
    other = new_matter(api, [ClientFactory()])
    contact = ContactFactory()
    response = post(
        api,
        f"/api/v1/matters/{matter['id']}/parties",
        {
            "role": "linked_contact",
            "contact_id": contact.id,
            "linked_party_id": other["parties"][0]["id"],
        },
    )
    assert response.status_code == 422


def test_m2_the_same_client_twice_on_a_matter_is_409(api):
    client = ClientFactory()
    matter = new_matter(api, [client])
    again = post(
        api, f"/api/v1/matters/{matter['id']}/parties", {"client_id": client.id, "role": "adverse"}
    )
    assert again.status_code == 409


def test_a9_quick_add_lists_matters_that_accept_activities_for_the_user(api, user_with_profile):
    a = ClientFactory()
    open_one = new_matter(api, [a], title="Accepte")
    closed_for_activity = new_matter(api, [a], inactive=[a], title="Tous inactifs")
    archived = new_matter(api, [a], title="Clos")
    patch(api, f"/api/v1/matters/{archived['id']}", {"status": "closed"})
    listed = [m["id"] for m in api.get("/api/v1/matters/quick-add").json()["items"]]
    assert listed == [open_one["id"]]
    assert closed_for_activity["id"] not in listed
    stranger = make_api_client(user_with_profile("associate"))
    assert stranger.get("/api/v1/matters/quick-add").json() == {
        "items": [],
        "count": 0,
        "count_capped": False,
    }


def test_a9_quick_add_is_searchable_and_paginated(api):
    a = ClientFactory(name="Durand")
    bail = new_matter(api, [a], title="Bail commercial")
    new_matter(api, [ClientFactory(name="Martin")], title="Succession")
    found = api.get("/api/v1/matters/quick-add", {"q": "bail"}).json()
    assert [m["id"] for m in found["items"]] == [bail["id"]] and found["count"] == 1
    by_client = api.get("/api/v1/matters/quick-add", {"q": "durand"}).json()
    assert [m["id"] for m in by_client["items"]] == [bail["id"]]
    second = api.get("/api/v1/matters/quick-add", {"limit": 1, "offset": 1}).json()
    assert second["count"] == 2 and len(second["items"]) == 1
    assert second["items"][0]["id"] != bail["id"]


def test_m1_matter_endpoints_need_a_token(anonymous_api):
    for path in ["/api/v1/matters", "/api/v1/matters/1", "/api/v1/matters/quick-add"]:
        assert anonymous_api.get(path).status_code == 401


def test_m1_matter_page_api_costs_bounded_queries(api, django_assert_max_num_queries):
    clients = ClientFactory.create_batch(30)
    matter = new_matter(api, clients, others=ClientFactory.create_batch(10))
    for _ in range(20):
        add_activity(api, matter, client_id=clients[0].id)
    with django_assert_max_num_queries(8):
        api.get(f"/api/v1/matters/{matter['id']}")
    for _ in range(30):
        new_matter(api, ClientFactory.create_batch(2))
    with django_assert_max_num_queries(8):
        api.get("/api/v1/matters/quick-add")
    with django_assert_max_num_queries(9):
        api.get("/api/v1/matters", {"limit": 100})


def test_m1_closing_on_a_given_day_and_never_before_opening(api):
    matter = new_matter(api, [ClientFactory()])
    closed = patch(
        api, f"/api/v1/matters/{matter['id']}", {"status": "closed", "closed_on": "2026-03-31"}
    ).json()
    assert closed["closed_on"] == "2026-03-31"
    refused = patch(
        api,
        f"/api/v1/matters/{matter['id']}",
        {"title": "Nouveau titre", "status": "closed", "closed_on": "2025-01-01"},
    )
    assert refused.status_code == 422
    kept = api.get(f"/api/v1/matters/{matter['id']}").json()
    assert (kept["title"], kept["closed_on"]) == ("Succession Moreau", "2026-03-31")


def test_m1_matters_are_numbered_by_their_opening_year(api):
    body = post(
        api,
        "/api/v1/matters",
        {
            "title": "Ancien",
            "opened_on": "2025-06-01",
            "parties": [{"client_id": ClientFactory().id}],
        },
    )
    assert body.json()["number"] == "2025-0001"
