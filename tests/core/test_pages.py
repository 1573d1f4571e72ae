"""The staff layout, home, error pages and the top bar's live search (C2)."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import Client as HttpClient

from cabinet.clients.models import Client, ClientAlias
from cabinet.clients.search import search_refresh
from cabinet.core.text import normalize
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def test_home_redirects_to_the_client_list(staff_browser):
    response = staff_browser.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/clients/"


def test_home_asks_anonymous_visitors_to_log_in():
    response = HttpClient().get("/", follow=True)

    assert response.redirect_chain[-1][0] == "/login/?next=/clients/"


def test_layout_is_french_with_navigation_and_menus(staff_browser):
    html = staff_browser.get("/clients/").content.decode()

    assert '<html lang="fr">' in html
    for label in ("Clients", "Dossiers", "Factures", "Groupes", "Paramètres"):
        assert f">{label}</a>" in html
    assert '<a href="/matters/">Dossiers</a>' in html
    assert '<a href="/invoices/">Factures</a>' in html
    assert '<a href="/groups/">Groupes</a>' in html
    assert 'href="/clients/new/">Nouveau client</a>' in html
    assert 'href="/matters/new/">Nouveau dossier</a>' in html
    assert 'href="/activities/new/" id="plus-new-activity">Nouvelle activité</a>' in html
    assert 'action="/logout/"' in html and "Se déconnecter" in html


def test_layout_gives_stable_hooks_to_the_live_search(staff_browser):
    html = staff_browser.get("/clients/").content.decode()

    assert 'id="global-search" name="q"' in html
    assert 'hx-get="/clients/search/"' in html
    assert 'hx-trigger="input changed delay:250ms, search"' in html
    assert 'id="global-search-results"' in html


def test_layout_sends_the_csrf_token_with_htmx_requests(staff_browser):
    response = staff_browser.get("/clients/")
    token = response.context["csrf_token"]

    assert f'hx-headers=\'{{"X-CSRFToken": "{token}"}}\'' in response.content.decode()


def test_assets_are_vendored_not_loaded_from_a_cdn(staff_browser):
    html = staff_browser.get("/clients/").content.decode()

    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    sources = [src for src in sources if src != "data:,"]
    assert sources and all(src.startswith("/static/") for src in sources)
    for src in sources:
        assert finders.find(src.removeprefix("/static/")), f"{src} is not a static file"
    with open(finders.find("vendor/htmx.min.js"), encoding="utf-8") as htmx:
        header = htmx.readline()
    assert header.startswith("/*! htmx 2.") and "0BSD" in header
    assert finders.find("vendor/htmx.LICENSE")


def test_unknown_page_is_a_french_404(staff_browser):
    response = staff_browser.get("/clients/999999/")

    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_forbidden_page_is_a_french_403_with_the_reason(user_with_profile):
    """U1: an assistant sees only the clients he created."""
    browser = HttpClient()
    browser.force_login(user_with_profile("assistant"))
    client = ClientFactory()

    response = browser.get(f"/clients/{client.pk}/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "Accès refusé" in html and "Ce client ne vous est pas accessible." in html


def test_server_error_page_is_french_and_standalone():
    html = render_to_string("500.html")

    assert '<html lang="fr">' in html and "Erreur interne" in html


def test_csrf_failure_page_is_french(partner):
    browser = HttpClient(enforce_csrf_checks=True)
    browser.force_login(partner)

    response = browser.post("/clients/new/", {"kind": "company", "name": "ACME"})

    assert response.status_code == 403
    assert "Formulaire expiré" in response.content.decode()
    assert not Client.objects.filter(name="ACME").exists()


# Live search of the top bar ----------------------------------------------------------


def test_c2_live_search_finds_a_client_by_alias(staff_browser):
    sncf = ClientFactory(name="Société Nationale des Chemins de Fer")
    ClientAlias.objects.create(client=sncf, value="SNCF", normalized="sncf")
    search_refresh(sncf)
    ClientFactory(name="Autre client")

    html = staff_browser.get("/clients/search/", {"q": "sncf"}).content.decode()

    assert f'href="/clients/{sncf.pk}/"' in html
    assert "Autre client" not in html
    assert 'href="/clients/?q=sncf"' in html


def test_c2_live_search_by_number_prefix_and_accentless_words(staff_browser):
    client = ClientFactory(name="Société Générale d'Assurances")

    by_words = staff_browser.get("/clients/search/", {"q": "societe gen"}).content.decode()
    by_number = staff_browser.get("/clients/search/", {"q": client.number[:4]}).content.decode()

    assert f'href="/clients/{client.pk}/"' in by_words
    assert f'href="/clients/{client.pk}/"' in by_number


def test_live_search_says_when_nothing_matches(staff_browser):
    html = staff_browser.get("/clients/search/", {"q": "introuvable"}).content.decode()

    assert "Aucun client ne correspond à « introuvable »." in html


def test_live_search_with_an_empty_query_shows_nothing(staff_browser):
    ClientFactory()

    response = staff_browser.get("/clients/search/", {"q": "  "})

    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_live_search_shows_at_most_ten_results(staff_browser):
    _bulk_clients(15)

    html = staff_browser.get("/clients/search/", {"q": "alpha"}).content.decode()

    assert html.count('class="search-item"') == 10


def test_live_search_requires_login():
    response = HttpClient().get("/clients/search/", {"q": "a"})

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def _bulk_clients(count: int) -> list[Client]:
    clients = ClientFactory.build_batch(count)
    for i, client in enumerate(clients):
        client.name = f"Alpha Conseil {i}"
        client.search_text = f" {client.number} {normalize(client.name)} "
    clients = Client.objects.bulk_create(clients)
    ClientAlias.objects.bulk_create(
        ClientAlias(client=c, value=f"AC{i}-{j}", normalized=f"ac{i} {j}")
        for i, c in enumerate(clients)
        for j in range(3)
    )
    for client in clients:
        search_refresh(client)
    return clients


@pytest.mark.parametrize("count", [5, 200])
def test_live_search_costs_a_bounded_number_of_queries(
    staff_browser, django_assert_max_num_queries, count
):
    """C2: session and user (three), the stored words under «alpha» and their first rows
    (two), the clients and their aliases (two)."""
    _bulk_clients(count)

    with django_assert_max_num_queries(7):
        response = staff_browser.get("/clients/search/", {"q": "alpha"})

    assert response.status_code == 200
