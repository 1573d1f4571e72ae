"""Client pages through real templates: list, record, «Liaison», «Attaché à», «Contacts»."""

import pytest
from django.test import Client as HttpClient

from cabinet.clients.models import Client, ClientAlias, Contact
from cabinet.clients.search import search_refresh
from tests.factories import AliasFactory, ClientFactory, ContactFactory, PersonFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def html_of(response) -> str:
    return response.content.decode()


def searchable(client: Client) -> Client:
    """Aliases written straight to the table: index them as the services do."""
    search_refresh(client)
    return client


# Access ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/clients/", "/clients/new/", "/clients/1/", "/clients/1/edit/", "/clients/1/contacts/"],
)
def test_client_pages_require_login(path):
    response = HttpClient().get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={path}"


def test_u1_assistant_cannot_open_a_client_he_did_not_create(user_with_profile):
    browser = HttpClient()
    browser.force_login(user_with_profile("assistant"))
    client = ClientFactory()

    for path in (f"/clients/{client.pk}/", f"/clients/{client.pk}/contacts/"):
        assert browser.get(path).status_code == 403
    assert browser.post(f"/clients/{client.pk}/aliases/", {"value": "X"}).status_code == 403
    assert not client.aliases.exists()


def test_unknown_client_is_a_404(staff_browser):
    assert staff_browser.get("/clients/424242/").status_code == 404
    assert staff_browser.get("/clients/99999999999999999999/").status_code == 404


# List --------------------------------------------------------------------------------


def test_list_shows_count_and_clients(staff_browser):
    ClientFactory(name="Boulangerie Durand", city="Lyon")
    PersonFactory(name="Martin", first_name="Claire")

    response = staff_browser.get("/clients/")

    html = html_of(response)
    assert response.status_code == 200
    assert "2 clients" in html
    assert "Boulangerie Durand" in html and "Claire Martin" in html
    assert "Lyon" in html and "Personne" in html and "Société" in html


def test_c2_list_search_by_alias_name_and_number(staff_browser):
    sncf = ClientFactory(name="Société Nationale des Chemins de Fer")
    AliasFactory(client=sncf, value="SNCF")
    searchable(sncf)
    other = ClientFactory(name="Transports Urbains")

    by_alias = html_of(staff_browser.get("/clients/", {"q": "sncf"}))
    by_words = html_of(staff_browser.get("/clients/", {"q": "societe nat"}))
    by_number = html_of(staff_browser.get("/clients/", {"q": other.number}))

    assert "Société Nationale des Chemins de Fer" in by_alias
    assert "Transports Urbains" not in by_alias
    assert "1 client pour « sncf »" in by_alias
    assert "Société Nationale des Chemins de Fer" in by_words
    assert "Transports Urbains" in by_number


def test_list_search_without_result_shows_an_empty_state(staff_browser):
    ClientFactory(name="Durand")

    html = html_of(staff_browser.get("/clients/", {"q": "zzz"}))

    assert "Aucun client ne correspond à « zzz »." in html
    assert 'id="clients-table"' not in html


def test_list_without_any_client_invites_to_create_one(staff_browser):
    html = html_of(staff_browser.get("/clients/"))

    assert "Aucun client pour l'instant." in html


def test_list_sorts_by_clicked_column_both_ways(staff_browser):
    ClientFactory(name="Bravo", city="Nantes")
    ClientFactory(name="Alpha", city="Paris")
    ClientFactory(name="Charlie", city="Brest")

    by_name = html_of(staff_browser.get("/clients/"))
    by_city = html_of(staff_browser.get("/clients/", {"sort": "city"}))
    by_city_desc = html_of(staff_browser.get("/clients/", {"sort": "-city"}))

    assert by_name.index("Alpha") < by_name.index("Bravo") < by_name.index("Charlie")
    assert by_city.index("Charlie") < by_city.index("Bravo") < by_city.index("Alpha")
    assert by_city_desc.index("Alpha") < by_city_desc.index("Bravo") < by_city_desc.index("Charlie")
    assert 'href="?sort=-city"' in by_city and 'aria-sort="ascending"' in by_city
    assert 'href="?sort=city"' in by_city_desc and 'aria-sort="descending"' in by_city_desc
    assert 'href="?sort=-name"' in by_name


def test_list_ignores_an_unknown_sort(staff_browser):
    ClientFactory(name="Alpha")

    response = staff_browser.get("/clients/", {"sort": "password"})

    assert response.status_code == 200 and "Alpha" in html_of(response)


def test_list_is_paginated_and_keeps_the_query(staff_browser, settings):
    settings.CABINET_PAGE_SIZE = 2
    for name in ("Alpha A", "Alpha B", "Alpha C", "Beta"):
        ClientFactory(name=name)

    first = html_of(staff_browser.get("/clients/", {"q": "alpha"}))
    second = html_of(staff_browser.get("/clients/", {"q": "alpha", "page": "2"}))
    beyond = staff_browser.get("/clients/", {"q": "alpha", "page": "99"})

    assert "3 clients" in first and "Page 1 sur 2" in first
    assert "Alpha A" in first and "Alpha C" not in first
    assert 'href="?q=alpha&amp;page=2"' in first
    assert "Alpha C" in second and "Alpha A" not in second
    assert beyond.status_code == 200 and "Alpha C" in html_of(beyond)


def test_list_search_answers_an_htmx_request_with_the_results_only(staff_browser):
    ClientFactory(name="Alpha")

    response = staff_browser.get(
        "/clients/", {"q": "alpha"}, headers={**HTMX, "HX-Target": "client-results"}
    )

    html = html_of(response)
    assert html.startswith('<section id="client-results"')
    assert "<html" not in html and "Alpha" in html


# Create and edit ---------------------------------------------------------------------


def test_create_form_is_french_and_keyboard_friendly(staff_browser):
    html = html_of(staff_browser.get("/clients/new/"))

    for label in ("Personne", "Société", "Nom", "Prénom", "Numéro", "Adresse", "Code postal"):
        assert label in html
    for label in ("Ville", "Pays", "Email", "Téléphone", "Notes"):
        assert label in html
    assert "attribué automatiquement si vide" in html
    assert 'type="radio" name="kind" value="company"' in html
    assert "autofocus" in html
    assert 'type="submit"' in html


def test_c1_create_gives_the_next_number_and_opens_the_record(staff_browser):
    response = staff_browser.post(
        "/clients/new/",
        {"kind": "company", "name": "Cabinet Dupont", "city": "Lille", "country": "France"},
        follow=True,
    )

    client = Client.objects.get(name="Cabinet Dupont")
    assert response.redirect_chain[-1][0] == f"/clients/{client.pk}/"
    assert len(client.number) == 6 and client.number.isdigit()
    assert f"Client {client.number} « Cabinet Dupont » créé." in html_of(response)


def test_c1_create_a_person_with_a_chosen_number(staff_browser):
    staff_browser.post(
        "/clients/new/",
        {"kind": "person", "name": "Martin", "first_name": "Claire", "number": "363"},
    )

    client = Client.objects.get(name="Martin")
    assert client.number == "000363" and client.display_name == "Claire Martin"


def test_c1_create_without_name_shows_the_field_error_and_creates_nothing(staff_browser):
    response = staff_browser.post("/clients/new/", {"kind": "company", "name": "  "})

    assert response.status_code == 422
    assert response.context["form"].errors["name"] == ["Le nom est obligatoire."]
    html = html_of(response)
    assert "Le nom est obligatoire." in html
    assert 'aria-invalid="true"' in html
    assert not Client.objects.exists()


def test_c1_create_with_a_taken_number_says_so_on_the_number(staff_browser):
    ClientFactory(number="000363")

    response = staff_browser.post(
        "/clients/new/", {"kind": "company", "name": "Autre", "number": "363"}
    )

    assert response.status_code == 422
    assert response.context["form"].errors["number"] == ["Le numéro 000363 est déjà pris."]
    assert not Client.objects.filter(name="Autre").exists()


def test_c1_a_company_has_no_first_name(staff_browser):
    response = staff_browser.post(
        "/clients/new/", {"kind": "company", "name": "ACME", "first_name": "Jean"}
    )

    assert response.status_code == 422
    assert response.context["form"].errors["first_name"] == ["Une société n'a pas de prénom."]


def test_create_with_a_bad_email_keeps_what_was_typed(staff_browser):
    response = staff_browser.post(
        "/clients/new/", {"kind": "company", "name": "ACME", "email": "pas-un-email"}
    )

    assert response.status_code == 422
    assert "email" in response.context["form"].errors
    assert 'value="ACME"' in html_of(response)


def test_edit_changes_the_record(staff_browser):
    client = ClientFactory(name="Ancien nom", city="Paris")

    form = staff_browser.get(f"/clients/{client.pk}/edit/")
    response = staff_browser.post(
        f"/clients/{client.pk}/edit/",
        {"kind": "company", "name": "Nouveau nom", "number": client.number, "city": "Rennes"},
        follow=True,
    )

    assert 'value="Ancien nom"' in html_of(form)
    client.refresh_from_db()
    assert (client.name, client.city) == ("Nouveau nom", "Rennes")
    assert "Fiche client enregistrée." in html_of(response)


def test_edit_with_errors_changes_nothing(staff_browser):
    client = ClientFactory(name="Garde son nom")

    response = staff_browser.post(
        f"/clients/{client.pk}/edit/", {"kind": "company", "name": "", "number": client.number}
    )

    assert response.status_code == 422
    assert "Le nom est obligatoire." in html_of(response)
    client.refresh_from_db()
    assert client.name == "Garde son nom"


# Record ------------------------------------------------------------------------------


def test_record_shows_identity_liaison_and_tabs(staff_browser):
    client = ClientFactory(name="ACME", email="contact@acme.test", phone="01 02 03 04 05")
    AliasFactory(client=client, value="Acme Industries")

    html = html_of(staff_browser.get(f"/clients/{client.pk}/"))

    assert "ACME" in html and client.number in html
    assert "contact@acme.test" in html and "01 02 03 04 05" in html
    assert ">Liaison</h2>" in html and "Acme Industries" in html
    assert ">Attaché à</h2>" in html
    assert ">Fiche</a>" in html and ">Contacts</a>" in html


def test_record_tab_answers_an_htmx_request_with_the_tab_only(staff_browser):
    client = ClientFactory()

    response = staff_browser.get(
        f"/clients/{client.pk}/", headers={**HTMX, "HX-Target": "client-body"}
    )

    html = html_of(response)
    assert html.startswith('<div id="client-body">') and "<html" not in html


# «Liaison» (C2) ----------------------------------------------------------------------


def test_c2_alias_form_has_its_hooks(staff_browser):
    client = ClientFactory()

    html = html_of(staff_browser.get(f"/clients/{client.pk}/"))

    assert 'id="alias-form"' in html and 'name="value"' in html


def test_c2_add_alias_then_find_the_client_by_it(staff_browser):
    client = ClientFactory(name="Société Nationale des Chemins de Fer")

    response = staff_browser.post(f"/clients/{client.pk}/aliases/", {"value": "SNCF"}, follow=True)

    assert "Liaison « SNCF » ajoutée." in html_of(response)
    assert list(client.aliases.values_list("value", flat=True)) == ["SNCF"]
    assert "Chemins de Fer" in html_of(staff_browser.get("/clients/", {"q": "sncf"}))


def test_c2_add_alias_with_htmx_returns_the_liaison_section(staff_browser):
    client = ClientFactory()

    response = staff_browser.post(f"/clients/{client.pk}/aliases/", {"value": "ACME"}, headers=HTMX)

    html = html_of(response)
    assert response.status_code == 200
    assert html.startswith('<section class="card" id="aliases"')
    assert "ACME" in html and 'id="messages"' in html and 'hx-swap-oob="true"' in html


def test_c2_duplicate_alias_is_refused_with_the_service_sentence(staff_browser):
    client = ClientFactory()
    AliasFactory(client=client, value="ACME")

    response = staff_browser.post(f"/clients/{client.pk}/aliases/", {"value": "acme"}, headers=HTMX)

    assert response.status_code == 422
    assert "« acme » est déjà une liaison de ce client." in html_of(response)
    assert client.aliases.count() == 1


def test_c2_empty_alias_is_refused(staff_browser):
    client = ClientFactory()

    response = staff_browser.post(f"/clients/{client.pk}/aliases/", {"value": " "}, follow=True)

    assert "La valeur est vide." in html_of(response)
    assert not client.aliases.exists()


def test_c2_remove_alias_asks_for_confirmation_then_removes_it(staff_browser):
    client = ClientFactory()
    alias = AliasFactory(client=client, value="ACME")
    searchable(client)

    page = html_of(staff_browser.get(f"/clients/{client.pk}/"))
    response = staff_browser.post(f"/clients/{client.pk}/aliases/{alias.pk}/delete/", headers=HTMX)

    assert 'hx-confirm="Retirer la liaison « ACME » ?"' in page
    assert response.status_code == 200
    assert not ClientAlias.objects.filter(pk=alias.pk).exists()
    assert "Aucune liaison." in html_of(response)
    assert client.number not in html_of(staff_browser.get("/clients/search/", {"q": "acme"}))


def test_c2_remove_an_alias_of_another_client_is_a_404(staff_browser):
    client, other = ClientFactory(), ClientFactory()
    alias = AliasFactory(client=other)

    response = staff_browser.post(f"/clients/{client.pk}/aliases/{alias.pk}/delete/")

    assert response.status_code == 404
    assert ClientAlias.objects.filter(pk=alias.pk).exists()


# «Attaché à» (C3) --------------------------------------------------------------------


def test_c3_picker_hooks_and_results(staff_browser):
    employee = PersonFactory(name="Durand")
    employer = ClientFactory(name="Entreprise Générale")

    page = html_of(staff_browser.get(f"/clients/{employee.pk}/"))
    results = html_of(
        staff_browser.get(f"/clients/{employee.pk}/attachment/candidates/", {"q": "entreprise"})
    )

    assert 'id="attach-picker-open"' in page and '<dialog id="attach-picker"' in page
    assert 'id="attach-picker-q"' in page
    assert "Entreprise Générale" in results and "Sélectionner" in results
    assert f'name="attached_to_id" value="{employer.pk}"' in results


def test_c3_picker_never_offers_the_client_itself(staff_browser):
    client = ClientFactory(name="Holding Martin")

    results = html_of(
        staff_browser.get(f"/clients/{client.pk}/attachment/candidates/", {"q": "holding"})
    )

    assert "Aucun client ne correspond à « holding »." in results


def test_c3_attachment_shown_on_attached_record_only(staff_browser):
    employee = PersonFactory(name="Durand", first_name="Paul")
    employer = ClientFactory(name="Entreprise Générale")

    response = staff_browser.post(
        f"/clients/{employee.pk}/attachment/", {"attached_to_id": employer.pk}, follow=True
    )

    employee.refresh_from_db()
    assert employee.attached_to == employer
    employee_page = html_of(response)
    assert f"Attaché à {employer.number} « Entreprise Générale »." in employee_page
    assert f'id="attached-to">\n      \n      <a href="/clients/{employer.pk}/">' in employee_page
    employer_page = html_of(staff_browser.get(f"/clients/{employer.pk}/"))
    assert "Paul Durand" not in employer_page
    assert employee.number not in employer_page


def test_c3_self_attachment_is_refused_with_the_service_sentence(staff_browser):
    client = ClientFactory()

    response = staff_browser.post(
        f"/clients/{client.pk}/attachment/", {"attached_to_id": client.pk}, follow=True
    )

    assert "Un client ne peut pas être attaché à lui-même." in html_of(response)
    client.refresh_from_db()
    assert client.attached_to is None


def test_c3_attach_to_an_unknown_or_missing_client_is_refused(staff_browser):
    client = ClientFactory()

    unknown = staff_browser.post(
        f"/clients/{client.pk}/attachment/", {"attached_to_id": "987654"}, follow=True
    )
    missing = staff_browser.post(
        f"/clients/{client.pk}/attachment/", {"attached_to_id": "abc"}, follow=True
    )

    assert "Le client de rattachement n&#x27;existe pas." in html_of(unknown)
    assert "Choisissez le client de rattachement." in html_of(missing)
    client.refresh_from_db()
    assert client.attached_to is None


def test_c3_detach(staff_browser):
    employer = ClientFactory(name="Employeur")
    employee = PersonFactory(attached_to=employer)

    page = html_of(staff_browser.get(f"/clients/{employee.pk}/"))
    response = staff_browser.post(f"/clients/{employee.pk}/attachment/delete/", follow=True)

    assert "Détacher" in page and "data-confirm=" in page
    employee.refresh_from_db()
    assert employee.attached_to is None
    assert "Rattachement supprimé." in html_of(response)


# Query counts ------------------------------------------------------------------------


def _bulk_clients(count: int, *, aliases: int = 3) -> list[Client]:
    employer = ClientFactory(name="Employeur commun")
    clients = ClientFactory.build_batch(count, attached_to=employer)
    clients = Client.objects.bulk_create(clients)
    ClientAlias.objects.bulk_create(
        ClientAlias(client=c, value=f"A{c.number}-{j}", normalized=f"a{c.number} {j}")
        for c in clients
        for j in range(aliases)
    )
    return clients


@pytest.mark.parametrize("count", [5, 200])
def test_list_page_costs_a_bounded_number_of_queries(
    staff_browser, django_assert_max_num_queries, count
):
    _bulk_clients(count)

    with django_assert_max_num_queries(6):
        response = staff_browser.get("/clients/", {"sort": "city"})

    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 200])
def test_record_pages_cost_a_bounded_number_of_queries(
    staff_browser, django_assert_max_num_queries, count
):
    client = ClientFactory(attached_to=ClientFactory())
    ClientAlias.objects.bulk_create(
        ClientAlias(client=client, value=f"Alias {i}", normalized=f"alias {i}")
        for i in range(count)
    )
    Contact.objects.bulk_create(ContactFactory.build_batch(count, client=client))

    with django_assert_max_num_queries(6):
        record = staff_browser.get(f"/clients/{client.pk}/")
    with django_assert_max_num_queries(7):
        contacts = staff_browser.get(f"/clients/{client.pk}/contacts/")

    assert record.status_code == 200 and contacts.status_code == 200
    assert html_of(contacts).count('<tr id="contact-') == count
