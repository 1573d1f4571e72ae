"""U2 (issue «client portal») in the access harness: a web user of the portal — of one
client, or of one group — holds no staff right. Every staff API operation answers him 403
and every staff page 403 or 404, whatever he asks, and nothing is written. The operations
and URL patterns are enumerated (the OpenAPI and the URL resolver): a new one is covered
without a new row.

Portal logins keep their own session cookie (cabinet.core.middleware): a web user who
logged in at /portal/ is simply not logged in on the staff site. These tests go further
and give him the STAFF session cookie (`force_login`), as a stolen or forged cookie would:
the staff pages must still refuse him.
"""

import json
import re

import pytest
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver

from cabinet.portal import services as portal_services
from tests.conftest import make_api_client
from tests.core.test_access import changed_tables, snapshot
from tests.factories import ClientFactory
from tests.portal.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ANY_ID = "1"
OPEN_OPERATIONS = {("POST", "/auth/token")}  # the login itself (a web user's works too)


@pytest.fixture(params=["client", "group"])
def web_user(request, partner):
    from cabinet.groups.models import Group, GroupMembership

    client = ClientFactory(name="Portail SA", created_by=partner)
    group = Group.objects.create(name="Groupe Portail")
    GroupMembership.objects.create(group=group, client=client)
    scope = {"client_id": client.pk} if request.param == "client" else {"group_id": group.pk}
    return portal_services.portal_user_create(
        actor=partner, email=f"{request.param}@portail.test", name="Web", password=PASSWORD, **scope
    )


def staff_operations(schema: dict) -> list[tuple[str, str]]:
    found = []
    for path, operations in schema["paths"].items():
        short = path.removeprefix("/api/v1")
        if short.startswith("/portal/"):
            continue
        for method, operation in operations.items():
            if isinstance(operation, dict) and (method.upper(), short) not in OPEN_OPERATIONS:
                found.append((method.upper(), short))
    return sorted(found)


def test_u2_a_web_user_gets_403_on_every_staff_api_operation(api, web_user):
    operations = staff_operations(api.get("/api/v1/openapi.json").json())
    assert len(operations) > 50, "is it the right document?"
    web = make_api_client(web_user.user)
    before = snapshot()
    wrong = []
    for method, path in operations:
        url = "/api/v1" + re.sub(r"{\w+}", ANY_ID, path)
        call = getattr(web, method.lower())
        if method in ("POST", "PUT", "PATCH"):
            response = call(url, json.dumps({}), content_type="application/json")
        else:
            response = call(url)
        if response.status_code != 403:
            wrong.append(f"{method} {path}: {response.status_code}")
    assert not wrong, "a web user was not refused: " + "; ".join(wrong)
    after = snapshot()
    assert after == before, f"a web user's calls wrote: {changed_tables(before, after)}"


def _patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def staff_page_routes() -> list[str]:
    """Every staff page's route, its converters filled with an id (or a word)."""
    routes = []
    for route in _patterns(get_resolver()):
        if route.startswith(("api/v1/", "portal/", "static/", "^static", "media/")):
            continue
        if route in ("login/", "logout/", ""):
            continue  # the staff login, its logout and the home redirect are everyone's
        url = "/" + re.sub(r"<int:\w+>", ANY_ID, route)
        url = re.sub(r"<(?:str:|slug:)?\w+>", "x", url)
        routes.append(url.replace("^", "").replace("$", ""))
    return sorted(set(routes))


def test_u2_a_web_user_with_a_staff_session_cookie_opens_no_staff_page(web_user):
    routes = staff_page_routes()
    assert len(routes) > 40, routes
    browser = HttpClient()
    browser.force_login(web_user.user)  # the STAFF session cookie
    before = snapshot()
    wrong = []
    for url in routes:
        for method in ("get", "post"):
            response = getattr(browser, method)(url)
            if response.status_code not in (403, 404, 405):
                wrong.append(f"{method.upper()} {url}: {response.status_code}")
    assert not wrong, "a staff page opened to a web user: " + "; ".join(wrong)
    after = snapshot()
    assert after == before, f"a web user's posts wrote: {changed_tables(before, after)}"


def test_u2_a_web_user_cannot_log_in_on_the_staff_site(web_user):
    browser = HttpClient()
    response = browser.post("/login/", {"username": web_user.user.username, "password": PASSWORD})
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect." in response.content.decode()
    assert browser.get("/clients/").status_code == 302


def test_u2_portal_and_staff_sessions_are_apart(partner, web_user):
    """A portal login does not replace a staff login in the same browser, and logging out
    of one leaves the other as it was."""
    browser = HttpClient()
    browser.force_login(partner)
    assert browser.get("/clients/").status_code == 200
    assert browser.get("/portal/contracts/").status_code == 302  # no portal session yet
    login = browser.post("/portal/login/", {"username": web_user.user.email, "password": PASSWORD})
    assert login.status_code == 302
    assert browser.get("/portal/contracts/").status_code == 200
    assert browser.get("/clients/").status_code == 200  # still the partner

    browser.post("/portal/logout/")
    assert browser.get("/portal/contracts/").status_code == 302
    assert browser.get("/clients/").status_code == 200

    browser.post("/portal/login/", {"username": web_user.user.email, "password": PASSWORD})
    browser.post("/logout/")
    assert browser.get("/clients/").status_code == 302
    assert browser.get("/portal/contracts/").status_code == 200
