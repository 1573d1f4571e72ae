"""Connexities through HTTP (R1–R10) and the list of relation labels (R3)."""

import datetime
import json

import pytest
from django.utils import timezone

from cabinet.clients.models import Connexity, ConnexityLabel
from tests.factories import ClientFactory, PersonFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def post(api, path, body):
    return api.post(path, json.dumps(body), content_type="application/json")


def patch(api, path, body):
    return api.patch(path, json.dumps(body), content_type="application/json")


@pytest.fixture
def family():
    son = PersonFactory(name="Moreau", first_name="Luc")
    father = PersonFactory(name="Moreau", first_name="Henri")
    return son, father


def link(api, son, father, **extra):
    body = {
        "other_client_id": father.id,
        "label": "fils de",
        "inverse_label": "père de",
        "start_date": "2020-01-01",
    }
    body.update(extra)
    response = post(api, f"/api/v1/clients/{son.id}/connexities", body)
    assert response.status_code == 201, response.content
    return response.json()


def test_r1_a_connexity_is_qualified_in_both_directions(api, family):
    son, father = family
    body = link(api, son, father)
    assert body["other_client"]["id"] == father.id
    assert (body["label"], body["inverse_label"]) == ("fils de", "père de")
    assert body["is_current"] is True
    assert Connexity.objects.count() == 1


def test_r2_each_record_shows_it_from_its_own_point_of_view(api, family):
    son, father = family
    link(api, son, father)
    from_father = api.get(f"/api/v1/clients/{father.id}/connexities").json()["items"]
    assert len(from_father) == 1
    assert from_father[0]["other_client"]["id"] == son.id
    assert (from_father[0]["label"], from_father[0]["inverse_label"]) == ("père de", "fils de")


def test_r1_a_client_cannot_be_connected_to_itself(api, family):
    son, _ = family
    response = post(
        api,
        f"/api/v1/clients/{son.id}/connexities",
        {"other_client_id": son.id, "label": "a", "inverse_label": "b", "start_date": "2020-01-01"},
    )
    assert response.status_code == 409
    assert Connexity.objects.count() == 0


def test_r4_start_date_is_required_and_end_not_before_start(api, family):
    son, father = family
    missing = post(
        api,
        f"/api/v1/clients/{son.id}/connexities",
        {"other_client_id": father.id, "label": "a", "inverse_label": "b"},
    )
    assert missing.status_code == 422
    backwards = post(
        api,
        f"/api/v1/clients/{son.id}/connexities",
        {
            "other_client_id": father.id,
            "label": "a",
            "inverse_label": "b",
            "start_date": "2020-01-02",
            "end_date": "2020-01-01",
        },
    )
    assert backwards.status_code == 422
    assert Connexity.objects.count() == 0


def test_r4_database_refuses_an_end_before_the_start(family):
    from django.db import IntegrityError, transaction

    son, father = family
    with pytest.raises(IntegrityError), transaction.atomic():
        Connexity.objects.create(
            client=son,
            other=father,
            label="a",
            inverse_label="b",
            start_date=datetime.date(2020, 1, 2),
            end_date=datetime.date(2020, 1, 1),
        )


def test_r5_ended_connexities_show_only_with_historisees(api, family):
    son, father = family
    link(api, son, father, end_date=(TODAY - datetime.timedelta(days=1)).isoformat())
    ends_today = link(
        api,
        son,
        father,
        label="employé de",
        inverse_label="employeur de",
        end_date=TODAY.isoformat(),
    )
    current = api.get(f"/api/v1/clients/{son.id}/connexities").json()["items"]
    assert [c["id"] for c in current] == [ends_today["id"]]
    every = api.get(f"/api/v1/clients/{son.id}/connexities", {"historical": "true"}).json()
    assert every["count"] == 2
    assert sorted(c["is_current"] for c in every["items"]) == [False, True]


def test_r6_labels_and_dates_change_but_not_the_other_client(api, family):
    son, father = family
    body = link(api, son, father)
    changed = patch(
        api,
        f"/api/v1/clients/{son.id}/connexities/{body['id']}",
        {"label": "beau-fils de", "end_date": "2030-01-01"},
    )
    assert changed.status_code == 200
    assert changed.json()["label"] == "beau-fils de"
    assert changed.json()["end_date"] == "2030-01-01"
    someone = ClientFactory()
    refused = patch(
        api,
        f"/api/v1/clients/{son.id}/connexities/{body['id']}",
        {"other_client_id": someone.id, "label": "x"},
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "other_client_fixed"
    stored = Connexity.objects.get()
    assert (stored.other_id, stored.label) == (father.id, "beau-fils de")


def test_r6_labels_edited_from_the_other_side_are_stored_the_right_way(api, family):
    son, father = family
    body = link(api, son, father)
    patch(api, f"/api/v1/clients/{father.id}/connexities/{body['id']}", {"label": "papa de"})
    from_son = api.get(f"/api/v1/clients/{son.id}/connexities").json()["items"][0]
    assert (from_son["label"], from_son["inverse_label"]) == ("fils de", "papa de")


def test_r7_deletion_removes_it_from_both_records(api, family):
    son, father = family
    body = link(api, son, father)
    assert api.delete(f"/api/v1/clients/{father.id}/connexities/{body['id']}").status_code == 204
    assert api.get(f"/api/v1/clients/{son.id}/connexities").json()["count"] == 0
    assert api.get(f"/api/v1/clients/{father.id}/connexities").json()["count"] == 0


def test_r7_a_connexity_of_other_clients_is_404_here(api, family):
    son, father = family
    body = link(api, son, father)
    stranger = ClientFactory()
    assert api.delete(f"/api/v1/clients/{stranger.id}/connexities/{body['id']}").status_code == 404
    assert Connexity.objects.count() == 1


def test_r8_several_connexities_with_the_same_client(api, family):
    son, father = family
    link(api, son, father)
    link(api, son, father, label="associé de", inverse_label="associé de")
    assert api.get(f"/api/v1/clients/{son.id}/connexities").json()["count"] == 2


def test_r9_client_tells_whether_it_has_a_current_connexity(api, family):
    son, father = family
    assert api.get(f"/api/v1/clients/{son.id}").json()["has_current_connexities"] is False
    body = link(api, son, father)
    assert api.get(f"/api/v1/clients/{father.id}").json()["has_current_connexities"] is True
    patch(
        api,
        f"/api/v1/clients/{son.id}/connexities/{body['id']}",
        {"end_date": (TODAY - datetime.timedelta(days=3)).isoformat(), "start_date": "2020-01-01"},
    )
    assert api.get(f"/api/v1/clients/{son.id}").json()["has_current_connexities"] is False


def test_r10_the_other_client_reference_leads_to_its_record(api, family):
    son, father = family
    body = link(api, son, father)
    other = api.get(f"/api/v1/clients/{body['other_client']['id']}")
    assert other.status_code == 200
    assert other.json()["first_name"] == "Henri"


@pytest.mark.parametrize(
    "body",
    [
        {"other_client_id": 999999, "label": "a", "inverse_label": "b", "start_date": "2020-01-01"},
        {"other_client_id": "x", "label": "a", "inverse_label": "b", "start_date": "2020-01-01"},
        {"label": "a", "inverse_label": "b", "start_date": "2020-01-01"},
        {"other_client_id": 1, "label": "", "inverse_label": "b", "start_date": "2020-01-01"},
        {"other_client_id": 1, "label": "a\x00", "inverse_label": "b", "start_date": "2020-01-01"},
        {"other_client_id": 1, "label": "a", "inverse_label": "b", "start_date": "hier"},
    ],
)
def test_r1_bad_connexity_bodies_are_422(api, family, body):
    son, _ = family
    response = post(api, f"/api/v1/clients/{son.id}/connexities", body)
    assert response.status_code == 422, response.content
    assert Connexity.objects.count() == 0


def test_r3_labels_list_autocompletes_and_never_rewrites_connexities(api, admin_api, family):
    son, father = family
    created = post(admin_api, "/api/v1/settings/connexity-labels", {"label": "fils de"})
    assert created.status_code == 201
    post(admin_api, "/api/v1/settings/connexity-labels", {"label": "père de"})
    post(admin_api, "/api/v1/settings/connexity-labels", {"label": "Filleul de"})
    found = api.get("/api/v1/settings/connexity-labels", {"q": "fil"}).json()
    assert [item["label"] for item in found["items"]] == ["Filleul de", "fils de"]
    assert found["count"] == 2
    link(api, son, father)

    label_id = created.json()["id"]
    renamed = patch(
        admin_api, f"/api/v1/settings/connexity-labels/{label_id}", {"label": "enfant de"}
    )
    assert renamed.status_code == 200
    assert admin_api.delete(f"/api/v1/settings/connexity-labels/{label_id}").status_code == 204
    assert Connexity.objects.get().label == "fils de"


def test_r3_label_list_edits_need_manage_settings_and_refuse_duplicates(api, admin_api):
    assert post(api, "/api/v1/settings/connexity-labels", {"label": "x"}).status_code == 403
    post(admin_api, "/api/v1/settings/connexity-labels", {"label": "Père de"})
    again = post(admin_api, "/api/v1/settings/connexity-labels", {"label": "pere de"})
    assert again.status_code == 409
    assert ConnexityLabel.objects.count() == 1


def test_r2_connexity_list_costs_bounded_queries(api, family, django_assert_max_num_queries):
    son, _ = family
    for n in range(50):
        Connexity.objects.create(
            client=son if n % 2 else PersonFactory(),
            other=PersonFactory() if n % 2 else son,
            label="a",
            inverse_label="b",
            start_date=TODAY,
        )
    with django_assert_max_num_queries(6):
        response = api.get(f"/api/v1/clients/{son.id}/connexities")
    assert response.json()["count"] == 50


def test_r9_client_list_flags_cost_bounded_queries(api, django_assert_max_num_queries):
    for _ in range(30):
        a, b = PersonFactory(), PersonFactory()
        Connexity.objects.create(client=a, other=b, label="a", inverse_label="b", start_date=TODAY)
    with django_assert_max_num_queries(6):
        items = api.get("/api/v1/clients", {"limit": 200}).json()["items"]
    assert all(item["has_current_connexities"] for item in items)
