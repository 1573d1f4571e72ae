"""U4: «Paramètres» shows the firm's users as `GET /users` does — to «Gérer les
paramètres» only; the creation form's «3 - Intervenants» offers others only with the
right to act on every matter (M6)."""

import pytest
from django.test import Client as HttpClient

from cabinet.matters.models import Matter
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db


def browser_for(user) -> HttpClient:
    browser = HttpClient()
    browser.force_login(user)
    return browser


def test_u4_settings_page_lists_users_only_where_the_api_does(
    admin_user, partner, assistant, admin_api, api
):
    colleague = UserFactory(username="collegue", email="collegue@cabinet.test")

    as_admin = browser_for(admin_user).get("/settings/").content.decode()
    as_partner = browser_for(partner).get("/settings/").content.decode()

    assert admin_api.get("/api/v1/users").status_code == 200
    assert "collegue@cabinet.test" in as_admin and colleague.username in as_admin
    refused = api.get("/api/v1/users")
    assert refused.status_code == 403
    assert "collegue@cabinet.test" not in as_partner
    assert "collegue" not in as_partner
    assert refused.json()["detail"] in as_partner.replace("&#x27;", "'").replace("&quot;", '"')
    assert partner.username in as_partner  # his own account


def test_m6_creation_step_three_offers_only_himself_without_the_right(assistant, partner):
    client = ClientFactory(created_by=assistant)
    browser = browser_for(assistant)
    start = browser.get(f"/matters/new/?client={client.pk}")
    step1 = start.url
    browser.post(step1, {"title": "Dossier seul", "opened_on": "2026-01-15", "type": ""})
    step3 = step1.replace("/1/", "/3/")

    page = browser.get(step3).content.decode()
    forced = browser.post(step3, {"intervenant_ids": [partner.pk], "nav": "create"})

    assert partner.display_name not in page
    assert forced.status_code == 422
    assert not Matter.objects.exists()
