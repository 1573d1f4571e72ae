"""Clients in Chromium: what a person clicks (C2, C3, C4, U1)."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cabinet.clients import services
from tests.factories import ContactFactory, data_builder

pytestmark = pytest.mark.e2e


@pytest.fixture
def sncf(staff_user):
    return services.client_create(
        actor=staff_user,
        kind="company",
        name="Société Nationale des Chemins de Fer",
        aliases=["SNCF"],
        city="Paris",
    )


def test_u1_staff_logs_in_and_reaches_the_client_list(live_server, page, staff_user):
    page.goto(f"{live_server.url}/clients/")
    expect(page).to_have_url(f"{live_server.url}/login/?next=/clients/")
    page.fill("#id_username", staff_user.username)
    page.fill("#id_password", "motdepasse-solide-42")
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(f"{live_server.url}/clients/")
    expect(page.locator("body")).to_contain_text("Clients")


def test_u1_wrong_password_is_refused_with_a_message(live_server, page, staff_user):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", staff_user.username)
    page.fill("#id_password", "pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(f"{live_server.url}/login/")
    expect(page.locator("form")).to_contain_text("incorrect")


def test_c2_top_bar_search_finds_sncf_by_its_alias(live_server, logged_in_page, sncf):
    page = logged_in_page
    services.client_create(actor=data_builder(), kind="company", name="Transports Martin")
    page.locator("#global-search").fill("SNCF")
    result = page.locator("#global-search-results").get_by_text(
        "Société Nationale des Chemins de Fer"
    )
    expect(result).to_be_visible()
    result.click()
    expect(page).to_have_url(f"{live_server.url}/clients/{sncf.id}/")
    expect(page.locator("h1")).to_contain_text("Société Nationale des Chemins de Fer")


def test_c2_add_an_alias_on_the_record(live_server, logged_in_page, sncf):
    page = logged_in_page
    page.goto(f"{live_server.url}/clients/{sncf.id}/")
    page.locator("#alias-form input[name=value]").fill("Chemins de fer français")
    page.locator("#alias-form input[name=value]").press("Enter")
    expect(page.locator("body")).to_contain_text("Chemins de fer français")
    page.reload()
    expect(page.locator("body")).to_contain_text("Chemins de fer français")
    page.locator("#global-search").fill("chemins de fer fr")
    expect(page.locator("#global-search-results")).to_contain_text(sncf.name)


def test_c3_attach_a_person_to_a_company_shows_on_the_person_only(
    live_server, logged_in_page, staff_user
):
    page = logged_in_page
    company = services.client_create(actor=staff_user, kind="company", name="Boulangerie Roux")
    person = services.client_create(
        actor=staff_user, kind="person", name="Garnier", first_name="Louis"
    )
    page.goto(f"{live_server.url}/clients/{person.id}/")
    page.locator("#attach-picker-open").click()
    expect(page.locator("#attach-picker")).to_be_visible()
    page.locator("#attach-picker-q").fill("boulangerie")
    page.locator("#attach-picker").get_by_role("button", name="Sélectionner").first.click()
    expect(page.locator("body")).to_contain_text("Boulangerie Roux")
    page.reload()
    expect(page.locator("body")).to_contain_text("Boulangerie Roux")

    page.goto(f"{live_server.url}/clients/{company.id}/")
    expect(page.locator("h1")).to_contain_text("Boulangerie Roux")
    expect(page.locator("body")).not_to_contain_text("Garnier")


def test_c4_filter_contacts_with_valide_au(live_server, logged_in_page, sncf):
    page = logged_in_page
    today = timezone.localdate()
    ContactFactory(client=sncf, last_name="Présent", valid_from=today.replace(year=2020))
    ContactFactory(
        client=sncf,
        last_name="Ancien",
        valid_from=datetime.date(2019, 1, 1),
        valid_to=datetime.date(2021, 12, 31),
    )
    page.goto(f"{live_server.url}/clients/{sncf.id}/contacts/")
    table = page.locator("#contacts-table")
    expect(table).to_contain_text("Présent")
    expect(table).not_to_contain_text("Ancien")

    summary = page.locator("#contacts-summary")
    page.locator("#valid-at").fill("2021-06-15")  # the change filters at once
    expect(summary).to_contain_text("15/06/2021")
    expect(page.locator("#contacts-table")).to_contain_text("Ancien")
    expect(page.locator("#contacts-table")).to_contain_text("Présent")
    # htmx settles the swapped form for a few milliseconds (old attributes first): a second
    # date typed inside that window, faster than any person, would be lost.
    expect(page).to_have_url(re.compile(r"valid_at=2021-06-15"))
    expect(page.locator(".htmx-request, .htmx-settling, .htmx-swapping")).to_have_count(0)

    page.locator("#valid-at").fill("2019-06-15")
    expect(summary).to_contain_text("15/06/2019")
    expect(page.locator("#contacts-table")).to_contain_text("Ancien")
    expect(page.locator("#contacts-table")).not_to_contain_text("Présent")

    page.locator("#valid-at-clear").click()
    expect(summary).to_contain_text("au total")
    expect(page.locator("#contacts-table")).to_contain_text("Ancien")
    expect(page.locator("#contacts-table")).to_contain_text("Présent")
