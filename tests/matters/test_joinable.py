"""M6: matters one can join — found in the list and search, joined in one click, their
activities and bills hidden until then (API and pages)."""

import pytest
from django.test import Client as HttpClient

from cabinet.matters.models import Intervenant
from tests.conftest import make_api_client
from tests.factories import ClientFactory
from tests.matters.helpers import add_activity, new_matter, patch, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner_matter(api):
    """A partner's open matter, with an activity, the assistant is not on."""
    matter = new_matter(api, [ClientFactory(name="Durand Industrie")], title="Cession Durand")
    assert add_activity(api, matter).status_code == 201
    return matter


def browser_for(user) -> HttpClient:
    browser = HttpClient()
    browser.force_login(user)
    return browser


def test_m6_joinable_lists_every_open_matter_with_its_clients_by_name_only(
    api, assistant, assistant_api, partner_matter
):
    closed = new_matter(api, [ClientFactory()], title="Ancien dossier")
    patch(api, f"/api/v1/matters/{closed['id']}", {"status": "closed"})

    mine = assistant_api.get("/api/v1/matters").json()
    joinable = assistant_api.get("/api/v1/matters?joinable=true")

    assert mine["count"] == 0
    assert joinable.status_code == 200
    assert [m["id"] for m in joinable.json()["items"]] == [partner_matter["id"]]
    item = joinable.json()["items"][0]
    assert item["number"] == partner_matter["number"]
    assert item["title"] == "Cession Durand"
    assert [p["client"] for p in item["parties"]] == [
        {
            "id": partner_matter["parties"][0]["client"]["id"],
            "number": None,
            "display_name": "Durand Industrie",
        }
    ]


def test_m6_joinable_is_searched_by_number_title_and_client(assistant_api, partner_matter):
    by_client = assistant_api.get("/api/v1/matters?joinable=true&q=durand").json()
    by_title = assistant_api.get("/api/v1/matters?joinable=true&q=cession").json()
    none = assistant_api.get("/api/v1/matters?joinable=true&q=martin").json()

    assert [m["id"] for m in by_client["items"]] == [partner_matter["id"]]
    assert [m["id"] for m in by_title["items"]] == [partner_matter["id"]]
    assert none["count"] == 0


def test_m6_activities_and_bills_stay_hidden_until_he_joins(assistant_api, partner_matter):
    matter_id = partner_matter["id"]

    before = [
        assistant_api.get(f"/api/v1/matters/{matter_id}").status_code,
        assistant_api.get(f"/api/v1/matters/{matter_id}/activities").status_code,
        assistant_api.get(f"/api/v1/matters/{matter_id}/allocation").status_code,
    ]
    joined = post(assistant_api, f"/api/v1/matters/{matter_id}/intervenants")
    after = assistant_api.get(f"/api/v1/matters/{matter_id}/activities")

    assert before == [403, 403, 403]
    assert joined.status_code == 201
    assert after.status_code == 200 and after.json()["count"] == 1
    assert assistant_api.get("/api/v1/matters?joinable=true").json()["count"] == 0


def test_m6_a_profile_without_the_right_finds_no_matter_to_join(user_with_profile, partner_matter):
    profile_less = user_with_profile("assistant")
    profile_less.profile.rights = []
    profile_less.profile.save()
    api = make_api_client(profile_less)

    listed = api.get("/api/v1/matters?joinable=true")
    joined = post(api, f"/api/v1/matters/{partner_matter['id']}/intervenants")

    assert listed.status_code == 403
    assert listed.json()["code"] == "right_required:self_intervene"
    assert joined.status_code == 403
    assert not Intervenant.objects.filter(user=profile_less).exists()


def test_m6_a_closed_matter_cannot_be_joined(api, assistant_api, partner_matter):
    patch(api, f"/api/v1/matters/{partner_matter['id']}", {"status": "closed"})

    joined = post(assistant_api, f"/api/v1/matters/{partner_matter['id']}/intervenants")

    assert joined.status_code == 403
    assert assistant_api.get("/api/v1/matters?joinable=true").json()["count"] == 0


def test_m6_naming_other_intervenants_takes_the_right_to_act_on_every_matter(
    assistant, assistant_api, partner
):
    client = ClientFactory(created_by=assistant)
    body = {
        "title": "Avec un collègue",
        "opened_on": "2026-01-15",
        "parties": [{"client_id": client.id}],
        "intervenant_ids": [partner.id],
    }

    response = post(assistant_api, "/api/v1/matters", body)
    alone = post(assistant_api, "/api/v1/matters", {**body, "intervenant_ids": []})

    assert response.status_code == 403
    assert response.json()["code"] == "right_required:all_matters"
    assert alone.status_code == 201
    assert [i["username"] for i in alone.json()["intervenants"]] == [assistant.username]


def test_m6_joinable_list_costs_a_bounded_number_of_queries(
    api, assistant_api, django_assert_max_num_queries
):
    for n in range(12):
        new_matter(api, [ClientFactory(), ClientFactory()], title=f"Dossier {n}")

    with django_assert_max_num_queries(8):
        response = assistant_api.get("/api/v1/matters?joinable=true")

    assert response.status_code == 200 and response.json()["count"] == 12


# Pages --------------------------------------------------------------------------------


def test_m6_page_dossiers_que_je_peux_rejoindre_and_join_in_one_click(assistant, partner_matter):
    browser = browser_for(assistant)

    mine = browser.get("/matters/").content.decode()
    page = browser.get("/matters/?joinable=1").content.decode()
    joined = browser.post(f"/matters/{partner_matter['id']}/intervenants/add/", follow=True)

    assert "Dossiers que je peux rejoindre" in mine
    assert partner_matter["number"] in page and "Cession Durand" in page
    assert "Durand Industrie" in page
    assert f'href="/clients/{partner_matter["parties"][0]["client"]["id"]}/"' not in page
    assert f'href="/matters/{partner_matter["id"]}/"' not in page
    assert "Rejoindre" in page
    assert joined.status_code == 200
    assert joined.redirect_chain[-1][0] == f"/matters/{partner_matter['id']}/"
    assert "Vous intervenez sur ce dossier." in joined.content.decode()
    assert Intervenant.objects.filter(matter_id=partner_matter["id"], user=assistant).exists()


def test_m6_the_disabled_self_intervention_shows_the_service_sentence(api, partner, partner_matter):
    """M6: the page's disabled «S'ajouter comme intervenant» says what the API answers."""
    browser = browser_for(partner)

    page = browser.get(f"/matters/{partner_matter['id']}/").content.decode()
    api_answer = post(api, f"/api/v1/matters/{partner_matter['id']}/intervenants")

    assert api_answer.status_code == 409
    assert api_answer.json()["detail"] == "Cet utilisateur intervient déjà sur le dossier."
    assert 'id="btn-self-intervene"' not in page  # he is an intervenant: nothing to add


def test_m6_page_without_the_right_shows_no_joinable_tab(user_with_profile, partner_matter):
    profile_less = user_with_profile("assistant")
    profile_less.profile.rights = []
    profile_less.profile.save()
    browser = browser_for(profile_less)

    page = browser.get("/matters/").content.decode()
    joinable = browser.get("/matters/?joinable=1")

    assert "Dossiers que je peux rejoindre" not in page
    assert joinable.status_code == 403
