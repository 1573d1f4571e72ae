"""The API's edges: whatever comes in, an answer in the JSON error shape, never a 500
(issue 9 §3): bodies too large (413), unknown paths and methods (404/405), unsafe calls
without a working token (401), loose JSON types (422), usernames unique in any case."""

import datetime
import json

import pytest
from django.db import IntegrityError, transaction
from django.test import Client as HttpClient
from django.utils import timezone

from cabinet.accounts.models import ApiToken, User
from cabinet.matters.services import matter_create
from tests.factories import ClientFactory, UserFactory, give_clients

pytestmark = pytest.mark.django_db
PASSWORD = "motdepasse-solide-42"


def post(api, path, body, method="post"):
    return getattr(api, method)(path, json.dumps(body), content_type="application/json")


def oversized_body() -> str:
    return json.dumps({"name": "x" * (2 * 1024 * 1024 + 500 * 1024)})  # 2.5 MB


@pytest.fixture
def matter(partner):
    client = ClientFactory()
    give_clients(partner, [client])
    return matter_create(
        actor=partner,
        title="Succession Moreau",
        opened_on=datetime.date(2026, 1, 15),
        parties=[{"role": "client", "client_id": client.id}],
    )


def assert_error(response, status: int, code: str):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["detail"], str) and body["detail"]
    return body


# 413 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/clients"),
        ("post", "/api/v1/groups"),
        ("post", "/api/v1/matters"),
        ("patch", "/api/v1/clients/1"),
        ("post", "/api/v1/users"),
    ],
)
def test_body_above_the_limit_is_a_json_413_on_write_endpoints(api, method, path):
    response = getattr(api, method)(path, oversized_body(), content_type="application/json")

    body = assert_error(response, 413, "body_too_large")
    assert "taille autorisée" in body["detail"]


def test_body_above_the_limit_is_a_json_413_on_the_anonymous_token_endpoint(anonymous_api):
    response = anonymous_api.post(
        "/api/v1/auth/token", oversized_body(), content_type="application/json"
    )

    assert_error(response, 413, "body_too_large")


def test_the_body_limit_comes_from_cabinet_max_body_bytes(api, settings):
    settings.CABINET_MAX_BODY_BYTES = 100
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100

    small = post(api, "/api/v1/groups", {"name": "Groupe Martin"})
    large = post(api, "/api/v1/groups", {"name": "G" * 150})

    assert small.status_code == 201
    assert_error(large, 413, "body_too_large")


def test_djangos_own_request_data_too_big_is_the_same_413(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100  # Django refuses before the middleware would

    response = post(api, "/api/v1/groups", {"name": "G" * 150})

    assert_error(response, 413, "body_too_large")


def test_a_page_post_above_the_limit_is_a_plain_413_page(staff_browser):
    response = staff_browser.post("/clients/new/", {"name": "x" * (2 * 1024 * 1024 + 500 * 1024)})

    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert "Requête trop volumineuse" in response.content.decode()


# 404 / 405 -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v1/clients/1/nowhere/x"])
def test_unknown_api_path_is_a_json_404(api, anonymous_api, path):
    assert_error(api.get(path), 404, "not_found")
    assert_error(anonymous_api.post(path, "{}", content_type="application/json"), 404, "not_found")


def test_a_known_api_path_with_a_wrong_method_is_a_json_405(api):
    response = api.put("/api/v1/clients", "{}", content_type="application/json")

    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


def test_an_unknown_page_stays_the_html_404(staff_browser):
    response = staff_browser.get("/nothing-here/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


# 401 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/clients"),
        ("patch", "/api/v1/clients/1"),
        ("put", "/api/v1/matters/1/split"),
        ("delete", "/api/v1/groups/1"),
        ("post", "/api/v1/activities/transfer"),
    ],
)
@pytest.mark.parametrize("authorization", [None, "Bearer not-a-token", "Basic eDp5"])
def test_unsafe_call_without_a_working_token_is_401_not_a_csrf_403(method, path, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    caller = HttpClient(enforce_csrf_checks=True, headers=headers)

    response = getattr(caller, method)(path, "{}", content_type="application/json")

    assert_error(response, 401, "not_authenticated")


def test_unsafe_call_with_a_revoked_token_is_401(partner):
    credentials = {"username": partner.username, "password": PASSWORD}
    raw = post(HttpClient(), "/api/v1/auth/token", credentials).json()["token"]
    caller = HttpClient(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {raw}"})
    assert caller.delete("/api/v1/auth/token").status_code == 204
    assert ApiToken.objects.get().revoked_at is not None

    response = post(caller, "/api/v1/clients", {"kind": "company", "name": "Après révocation"})

    assert_error(response, 401, "not_authenticated")


def test_a_logged_in_browser_session_still_needs_csrf_for_unsafe_calls(partner):
    browser = HttpClient(enforce_csrf_checks=True)
    browser.force_login(partner)

    response = post(browser, "/api/v1/clients", {"kind": "company", "name": "Sans CSRF"})

    assert response.status_code == 403
    assert browser.get("/api/v1/users/me").status_code == 200


def test_a_logged_in_browser_session_with_its_csrf_token_may_write(partner):
    browser = HttpClient(enforce_csrf_checks=True)
    browser.force_login(partner)
    browser.get("/clients/")  # the page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value

    response = browser.post(
        "/api/v1/clients",
        json.dumps({"kind": "company", "name": "Avec CSRF"}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )

    assert response.status_code == 201


# Strict JSON types -----------------------------------------------------------------------


@pytest.mark.parametrize("date", [0, 20260115, True])
def test_a_date_given_as_a_number_is_422(api, matter, date):
    body = {"kind": "fee", "date": date, "description": "Consultation", "amount": "120.50"}

    response = post(api, f"/api/v1/matters/{matter.id}/activities", body)

    assert_error(response, 422, "validation_error")


@pytest.mark.parametrize("flag", [0, 1, "x"])
def test_a_boolean_given_as_0_or_1_is_422(api, matter, flag):
    party = matter.parties.get()

    response = post(
        api, f"/api/v1/matters/{matter.id}/parties/{party.id}", {"is_active": flag}, "patch"
    )

    assert_error(response, 422, "validation_error")
    party.refresh_from_db()
    assert party.is_active is True


@pytest.mark.parametrize("client_id", [True, False])
def test_an_id_given_as_a_boolean_is_422(api, client_id):
    body = {"kind": "company", "name": "Filiale", "attached_to_id": client_id}

    response = post(api, "/api/v1/clients", body)

    assert_error(response, 422, "validation_error")


def test_an_id_list_holding_a_boolean_is_422(api, partner):
    client = ClientFactory()
    body = {
        "title": "Dossier",
        "opened_on": "2026-01-15",
        "parties": [{"role": "client", "client_id": client.id}],
        "intervenant_ids": [partner.id, True],
    }

    response = post(api, "/api/v1/matters", body)

    assert_error(response, 422, "validation_error")


@pytest.mark.parametrize("amount", ["120.50", 120.5, 120])
def test_money_as_a_string_or_a_number_and_a_date_as_a_string_are_accepted(api, matter, amount):
    body = {"kind": "fee", "date": "2026-02-03", "description": "Consultation", "amount": amount}

    response = post(api, f"/api/v1/matters/{matter.id}/activities", body)

    assert response.status_code == 201, response.content
    assert response.json()["date"] == "2026-02-03"


def test_real_booleans_and_ids_are_accepted(api, matter):
    party = matter.parties.get()

    response = post(
        api, f"/api/v1/matters/{matter.id}/parties/{party.id}", {"is_active": False}, "patch"
    )

    assert response.status_code == 200, response.content
    party.refresh_from_db()
    assert party.is_active is False


@pytest.mark.parametrize("flag", ["true", "1"])
def test_query_strings_keep_djangos_lax_parsing(api, flag):
    assert api.get("/api/v1/matters", {"joinable": flag}).status_code == 200
    assert api.get("/api/v1/clients", {"limit": "5"}).status_code == 200


# Usernames -------------------------------------------------------------------------------


def user_body(username: str) -> dict:
    return {
        "username": username,
        "password": "Un-mot-de-passe-long-7",
        "first_name": "Marie",
        "last_name": "Dupont",
        "email": "",
        "profile": "associate",
    }


def test_u1_a_username_differing_only_by_case_is_refused_by_the_api(admin_api):
    assert post(admin_api, "/api/v1/users", user_body("mdupont")).status_code == 201

    response = post(admin_api, "/api/v1/users", user_body("MDupont"))

    body = assert_error(response, 409, "username_taken")
    assert "déjà pris" in body["detail"]
    assert User.objects.filter(username__iexact="mdupont").count() == 1


def test_u1_the_database_refuses_a_username_differing_only_by_case():
    UserFactory(username="mdupont")

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="MDUPONT", date_joined=timezone.now())
