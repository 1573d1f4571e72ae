"""The «Contacts» tab of a client record (C4) through real templates."""

import datetime

import pytest
from django.utils import timezone

from cabinet.clients.models import Contact
from tests.factories import ClientFactory, ContactFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def html_of(response) -> str:
    return response.content.decode()


# «Contacts» (C4) ---------------------------------------------------------------------


@pytest.fixture
def dated_contacts():
    today = timezone.localdate()
    client = ClientFactory()
    current = ContactFactory(
        client=client, last_name="Actuel", valid_from=datetime.date(2020, 1, 1)
    )
    former = ContactFactory(
        client=client,
        last_name="Ancien",
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2021, 12, 31),
    )
    future = ContactFactory(
        client=client, last_name="Futur", valid_from=today + datetime.timedelta(days=30)
    )
    return client, current, former, future


def test_c4_contacts_show_those_valid_today_by_default(staff_browser, dated_contacts):
    client, *_ = dated_contacts
    today = timezone.localdate()

    response = staff_browser.get(f"/clients/{client.pk}/contacts/")

    html = html_of(response)
    assert response.status_code == 200
    assert 'id="contacts-table"' in html
    assert f'id="valid-at" name="valid_at" value="{today.isoformat()}"' in html
    assert "Actuel" in html and "Ancien" not in html and "Futur" not in html
    for header in ("Nom", "Prénom", "Fonction", "Email", "Téléphone", "Du", "Au"):
        assert f'<th scope="col">{header}</th>' in html
    assert "Contact pour le groupe" in html


def test_c4_valide_au_changes_the_date(staff_browser, dated_contacts):
    client, *_ = dated_contacts

    html = html_of(staff_browser.get(f"/clients/{client.pk}/contacts/?valid_at=2021-06-01"))

    assert "Valide au" in html
    assert "Actuel" in html and "Ancien" in html and "Futur" not in html
    assert "2 contacts valides au 01/06/2021" in html


def test_c4_clearing_valide_au_shows_every_contact(staff_browser, dated_contacts):
    client, *_ = dated_contacts

    page = html_of(staff_browser.get(f"/clients/{client.pk}/contacts/"))
    cleared = html_of(staff_browser.get(f"/clients/{client.pk}/contacts/?valid_at=all"))
    emptied = html_of(staff_browser.get(f"/clients/{client.pk}/contacts/?valid_at="))

    assert 'id="valid-at-clear"' in page and "?valid_at=all" in page
    for html in (cleared, emptied):
        assert "Actuel" in html and "Ancien" in html and "Futur" in html
        assert 'id="valid-at" name="valid_at" value=""' in html


def test_c4_unreadable_valide_au_falls_back_to_today(staff_browser, dated_contacts):
    client, *_ = dated_contacts

    html = html_of(staff_browser.get(f"/clients/{client.pk}/contacts/?valid_at=demain"))

    assert "Actuel" in html and "Ancien" not in html
    assert "illisible" in html


def test_c4_contacts_tab_answers_htmx_with_the_panel_only(staff_browser, dated_contacts):
    client, *_ = dated_contacts

    response = staff_browser.get(
        f"/clients/{client.pk}/contacts/?valid_at=all",
        headers={**HTMX, "HX-Target": "contacts-panel"},
    )

    html = html_of(response)
    assert html.startswith('<section id="contacts-panel"') and "<html" not in html
    assert "Ancien" in html


def test_c4_add_contact(staff_browser):
    client = ClientFactory()

    response = staff_browser.post(
        f"/clients/{client.pk}/contacts/new/",
        {
            "last_name": "Lemoine",
            "first_name": "Sophie",
            "role": "DAF",
            "email": "s.lemoine@client.test",
            "valid_from": "2024-01-01",
            "is_group_contact": "on",
        },
        follow=True,
    )

    contact = Contact.objects.get(client=client)
    assert (contact.last_name, contact.valid_from, contact.is_group_contact) == (
        "Lemoine",
        datetime.date(2024, 1, 1),
        True,
    )
    html = html_of(response)
    assert "Contact « Sophie Lemoine » ajouté." in html
    assert "s.lemoine@client.test" in html


def test_c4_contact_ending_before_it_starts_is_refused(staff_browser):
    client = ClientFactory()

    response = staff_browser.post(
        f"/clients/{client.pk}/contacts/new/",
        {"last_name": "Lemoine", "valid_from": "2024-06-01", "valid_to": "2024-01-01"},
    )

    assert response.status_code == 422
    assert response.context["contact_form"].errors["valid_to"] == [
        "La fin de validité ne peut pas précéder son début."
    ]
    assert "La fin de validité ne peut pas précéder son début." in html_of(response)
    assert not Contact.objects.exists()


def test_c4_edit_contact(staff_browser):
    contact = ContactFactory(role="Juriste")

    form = html_of(staff_browser.get(f"/clients/{contact.client_id}/contacts/{contact.pk}/edit/"))
    response = staff_browser.post(
        f"/clients/{contact.client_id}/contacts/{contact.pk}/edit/",
        {
            "last_name": contact.last_name,
            "first_name": contact.first_name,
            "role": "Directrice juridique",
            "email": contact.email,
            "valid_from": contact.valid_from.isoformat(),
        },
        follow=True,
    )

    assert 'value="Juriste"' in form
    contact.refresh_from_db()
    assert contact.role == "Directrice juridique"
    assert "enregistré" in html_of(response)


def test_c4_edit_contact_ending_before_it_starts_is_refused(staff_browser):
    contact = ContactFactory(valid_from=datetime.date(2024, 6, 1))

    response = staff_browser.post(
        f"/clients/{contact.client_id}/contacts/{contact.pk}/edit/",
        {
            "last_name": contact.last_name,
            "valid_from": "2024-06-01",
            "valid_to": "2024-05-31",
        },
    )

    assert response.status_code == 422
    assert "La fin de validité ne peut pas précéder son début." in html_of(response)
    contact.refresh_from_db()
    assert contact.valid_to is None


def test_c4_contact_of_another_client_is_a_404(staff_browser):
    client = ClientFactory()
    contact = ContactFactory()

    response = staff_browser.get(f"/clients/{client.pk}/contacts/{contact.pk}/edit/")

    assert response.status_code == 404


def test_c4_end_contact_with_a_date_after_confirmation(staff_browser):
    contact = ContactFactory(last_name="Partant", valid_from=datetime.date(2020, 1, 1))
    client_id = contact.client_id

    page = html_of(staff_browser.get(f"/clients/{client_id}/contacts/"))
    response = staff_browser.post(
        f"/clients/{client_id}/contacts/{contact.pk}/end/",
        {"on": "2023-03-31", "valid_at": "all"},
        headers=HTMX,
    )

    assert "Mettre fin" in page and 'hx-confirm="Mettre fin au contact' in page
    contact.refresh_from_db()
    assert contact.valid_to == datetime.date(2023, 3, 31)
    html = html_of(response)
    assert html.startswith('<section id="contacts-panel"')
    assert "31/03/2023" in html and "Fin du contact « " in html


def test_c4_ended_contact_leaves_the_list_of_today(staff_browser):
    contact = ContactFactory(last_name="Partant", valid_from=datetime.date(2020, 1, 1))
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = staff_browser.post(
        f"/clients/{contact.client_id}/contacts/{contact.pk}/end/",
        {"on": yesterday.isoformat()},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == f"/clients/{contact.client_id}/contacts/"
    assert '<tr id="contact-' not in html_of(response)


def test_c4_end_contact_without_a_date_changes_nothing(staff_browser):
    contact = ContactFactory()

    response = staff_browser.post(
        f"/clients/{contact.client_id}/contacts/{contact.pk}/end/", {"on": ""}, follow=True
    )

    assert "Indiquez la date de fin" in html_of(response)
    contact.refresh_from_db()
    assert contact.valid_to is None
