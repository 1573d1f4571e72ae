"""Tokens, profiles and users through HTTP (U1)."""

import datetime
import json

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from cabinet.accounts.models import ApiToken, LoginFailure, Profile, User

pytestmark = pytest.mark.django_db
PASSWORD = "motdepasse-solide-42"


def post(api, path, body):
    return api.post(path, json.dumps(body), content_type="application/json")


def test_u1_token_for_good_credentials_and_it_is_stored_hashed(partner):
    response = post(
        HttpClient(), "/api/v1/auth/token", {"username": partner.username, "password": PASSWORD}
    )
    assert response.status_code == 200
    raw = response.json()["token"]
    stored = ApiToken.objects.get(user=partner)
    assert raw not in (stored.key_hash, stored.hint) and len(stored.key_hash) == 64
    me = HttpClient(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/users/me")
    assert me.json()["username"] == partner.username


def test_u1_token_by_email_works_too(partner):
    response = post(
        HttpClient(), "/api/v1/auth/token", {"username": partner.email, "password": PASSWORD}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "body,status",
    [
        ({"username": "partner-test", "password": "faux"}, 401),
        ({"username": "personne", "password": "faux"}, 401),
        ({"username": "partner-test"}, 422),
        ({"username": "", "password": "x"}, 422),
        ({"username": "a\x00", "password": "x"}, 422),
    ],
)
def test_u1_bad_credentials_are_refused(partner, body, status):
    response = post(HttpClient(), "/api/v1/auth/token", body)
    assert response.status_code == status
    assert "code" in response.json()
    assert not ApiToken.objects.exists()


def test_u1_inactive_user_gets_no_token_and_his_tokens_stop_working(partner, api):
    partner.is_active = False
    partner.save()
    assert api.get("/api/v1/users/me").status_code == 401
    response = post(
        HttpClient(), "/api/v1/auth/token", {"username": partner.username, "password": PASSWORD}
    )
    assert response.status_code == 401


def test_u1_tokens_are_revocable(partner):
    raw = post(
        HttpClient(), "/api/v1/auth/token", {"username": partner.username, "password": PASSWORD}
    ).json()["token"]
    client = HttpClient(headers={"Authorization": f"Bearer {raw}"})
    page = client.get("/api/v1/auth/tokens").json()
    listed = page["items"]
    assert page["count"] == 1 and len(listed) == 1 and raw.startswith(listed[0]["hint"])
    assert client.delete(f"/api/v1/auth/tokens/{listed[0]['id']}").status_code == 204
    assert client.get("/api/v1/users/me").status_code == 401


def test_u1_revoke_the_current_token(partner):
    raw = post(
        HttpClient(), "/api/v1/auth/token", {"username": partner.username, "password": PASSWORD}
    ).json()["token"]
    client = HttpClient(headers={"Authorization": f"Bearer {raw}"})
    assert client.delete("/api/v1/auth/token").status_code == 204
    assert client.get("/api/v1/users/me").status_code == 401


def test_u1_another_users_token_cannot_be_revoked(api, admin_user):
    from tests.conftest import make_api_client

    make_api_client(admin_user)
    theirs = ApiToken.objects.get(user=admin_user)
    assert api.delete(f"/api/v1/auth/tokens/{theirs.id}").status_code == 404
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None


def test_u1_builtin_profiles_and_their_rights(api):
    profiles = {p["code"]: p for p in api.get("/api/v1/profiles").json()["items"]}
    every = {
        "delete_matters",
        "manage_settings",
        "bill",
        "all_matters",
        "all_clients",
        "self_intervene",
        "manage_portal",
    }
    assert set(profiles["admin"]["rights"]) == every
    assert set(profiles["partner"]["rights"]) == every - {"manage_settings"}
    assert set(profiles["associate"]["rights"]) == {"self_intervene", "bill"}
    assert set(profiles["assistant"]["rights"]) == {"self_intervene"}


def test_u1_creating_a_profile_needs_manage_settings(api, admin_api):
    body = {"code": "stagiaire", "name": "Stagiaire", "rights": ["self_intervene"]}
    refused = post(api, "/api/v1/profiles", body)
    assert refused.status_code == 403
    assert not Profile.objects.filter(code="stagiaire").exists()
    created = post(admin_api, "/api/v1/profiles", body)
    assert created.status_code == 201
    assert created.json() == {
        "code": "stagiaire",
        "name": "Stagiaire",
        "rights": ["self_intervene"],
    }


@pytest.mark.parametrize(
    "body,status",
    [
        ({"code": "x", "name": "X", "rights": ["fly"]}, 422),
        ({"code": "Avec Espace", "name": "X", "rights": []}, 422),
        ({"code": "x", "rights": []}, 422),
        ({"code": "x", "name": "X", "rights": "bill"}, 422),
        ({"code": "admin", "name": "Doublon", "rights": []}, 409),
    ],
)
def test_u1_bad_profiles_are_refused(admin_api, body, status):
    before = Profile.objects.count()
    response = post(admin_api, "/api/v1/profiles", body)
    assert response.status_code == status
    assert Profile.objects.count() == before


def user_body(**extra):
    body = {
        "username": "mdupont",
        "password": "Un-mot-de-passe-long-7",
        "first_name": "Marie",
        "last_name": "Dupont",
        "email": "marie@cabinet.fr",
        "profile": "associate",
    }
    body.update(extra)
    return body


def test_u1_creating_a_user_needs_manage_settings(api, admin_api):
    assert post(api, "/api/v1/users", user_body()).status_code == 403
    response = post(admin_api, "/api/v1/users", user_body())
    assert response.status_code == 201
    assert response.json()["profile"] == "associate"
    user = User.objects.get(username="mdupont")
    assert user.check_password("Un-mot-de-passe-long-7")
    assert user.has_right("bill") and not user.has_right("delete_matters")


@pytest.mark.parametrize(
    "body,status",
    [
        (user_body(profile="inconnu"), 422),
        (user_body(password="123"), 422),
        (user_body(username="avec espace"), 422),
        (user_body(email="pas-un-email"), 422),
        (user_body(username="admin-test"), 409),
    ],
)
def test_u1_bad_users_are_refused(admin_api, body, status):
    before = User.objects.count()
    response = post(admin_api, "/api/v1/users", body)
    assert response.status_code == status, response.content
    assert User.objects.count() == before


def test_u1_me_tells_profile_and_rights(assistant_api):
    me = assistant_api.get("/api/v1/users/me").json()
    assert me["profile"] == "assistant"
    assert me["rights"] == ["self_intervene"]


def test_u1_user_list_needs_manage_settings(api, admin_api):
    assert api.get("/api/v1/users").status_code == 403
    assert admin_api.get("/api/v1/users").status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/profiles", "/api/v1/users/me", "/api/v1/users"])
def test_u1_user_endpoints_need_a_token(anonymous_api, path):
    assert anonymous_api.get(path).status_code == 401


def test_u1_browser_session_works_for_reads_and_needs_csrf_for_writes(partner):
    browser = HttpClient(enforce_csrf_checks=True)
    browser.force_login(partner)
    assert browser.get("/api/v1/users/me").status_code == 200
    response = post(browser, "/api/v1/clients", {"kind": "company", "name": "Sans CSRF"})
    assert response.status_code in (401, 403)


def test_u1_openapi_lists_error_answers(anonymous_api):
    schema = anonymous_api.get("/api/v1/openapi.json").json()
    answers = schema["paths"]["/api/v1/clients"]["post"]["responses"]
    assert {"201", "401", "409", "422"} <= set(answers)


# Password guessing ---------------------------------------------------------------------


def test_u1_too_many_wrong_passwords_refuse_the_token_for_a_while(partner, settings):
    settings.CABINET_LOGIN_MAX_FAILURES = 3
    wrong = {"username": partner.username, "password": "faux"}
    for _ in range(3):
        assert post(HttpClient(), "/api/v1/auth/token", wrong).status_code == 401

    right = {"username": partner.username.upper(), "password": PASSWORD}
    refused = post(HttpClient(), "/api/v1/auth/token", right)

    assert refused.status_code == 429
    assert refused.json()["code"] == "too_many_attempts"
    assert "Trop de tentatives" in refused.json()["detail"]
    assert not ApiToken.objects.filter(user=partner).exists()


def test_u1_the_lockout_ends_with_its_window_and_a_success_clears_the_count(partner, settings):
    settings.CABINET_LOGIN_MAX_FAILURES = 2
    wrong = {"username": partner.username, "password": "faux"}
    right = {"username": partner.username, "password": PASSWORD}
    post(HttpClient(), "/api/v1/auth/token", wrong)
    assert post(HttpClient(), "/api/v1/auth/token", right).status_code == 200
    post(HttpClient(), "/api/v1/auth/token", wrong)
    assert post(HttpClient(), "/api/v1/auth/token", right).status_code == 200

    post(HttpClient(), "/api/v1/auth/token", wrong)
    post(HttpClient(), "/api/v1/auth/token", wrong)
    assert post(HttpClient(), "/api/v1/auth/token", right).status_code == 429
    LoginFailure.objects.update(
        at=timezone.now() - datetime.timedelta(minutes=settings.CABINET_LOGIN_LOCKOUT_MINUTES + 1)
    )
    assert post(HttpClient(), "/api/v1/auth/token", right).status_code == 200


def test_u1_a_lockout_holds_one_identifier_only(partner, admin_user, settings):
    settings.CABINET_LOGIN_MAX_FAILURES = 1
    post(HttpClient(), "/api/v1/auth/token", {"username": partner.username, "password": "x"})

    other = post(
        HttpClient(), "/api/v1/auth/token", {"username": admin_user.username, "password": PASSWORD}
    )

    assert other.status_code == 200


def test_u1_openapi_lists_the_429_of_the_token_endpoint(anonymous_api):
    schema = anonymous_api.get("/api/v1/openapi.json").json()
    answers = schema["paths"]["/api/v1/auth/token"]["post"]["responses"]
    assert {"200", "401", "422", "429"} <= set(answers)
