"""The «Connexe» tab of a client record (R1–R10) through real templates."""

import datetime
import re

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from cabinet.clients.models import Client, Connexity, ConnexityLabel
from tests.factories import ClientFactory, PersonFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)


def html_of(response) -> str:
    return response.content.decode()


def tab_label(html: str) -> str:
    match = re.search(r'id="tab-connexe"[^>]*>([^<]*)</a>', html)
    assert match, "the «Connexe» tab is missing"
    return match.group(1)


def connect(client, other, label="fils de", inverse="père de", **extra) -> Connexity:
    values = {"start_date": datetime.date(2020, 1, 1), **extra}
    return Connexity.objects.create(
        client=client, other=other, label=label, inverse_label=inverse, **values
    )


@pytest.fixture
def family():
    son = PersonFactory(name="Moreau", first_name="Luc")
    father = PersonFactory(name="Moreau", first_name="Henri")
    return son, father


def form_data(other: Client | None, **extra) -> dict:
    data = {
        "other_client_id": other.pk if other else "",
        "label": "fils de",
        "inverse_label": "père de",
        "start_date": "2020-01-01",
        "end_date": "",
    }
    data.update(extra)
    return data


# Access ------------------------------------------------------------------------------


def test_connexity_pages_require_login(family):
    son, _ = family

    response = HttpClient().get(f"/clients/{son.pk}/connexities/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_u1_assistant_cannot_see_or_change_connexities_of_a_client_he_did_not_create(
    user_with_profile, family
):
    son, father = family
    connexity = connect(son, father)
    browser = HttpClient()
    browser.force_login(user_with_profile("assistant"))

    assert browser.get(f"/clients/{son.pk}/connexities/").status_code == 403
    assert browser.post(f"/clients/{son.pk}/connexities/new/", form_data(father)).status_code == 403
    assert browser.post(f"/clients/{son.pk}/connexities/{connexity.pk}/delete/").status_code == 403
    assert Connexity.objects.filter(pk=connexity.pk).exists()


# The tab: R2, R5, R9, R10 -------------------------------------------------------------


def test_r9_tab_reads_connexe_without_stars_when_the_client_has_no_connexity(staff_browser, family):
    son, _ = family

    html = html_of(staff_browser.get(f"/clients/{son.pk}/"))

    assert tab_label(html) == "Connexe"


def test_r9_tab_is_starred_while_a_connexity_is_current(staff_browser, family):
    son, father = family
    connect(son, father, end_date=TODAY)

    son_page = html_of(staff_browser.get(f"/clients/{son.pk}/"))
    father_page = html_of(staff_browser.get(f"/clients/{father.pk}/contacts/"))

    assert tab_label(son_page) == "*Connexe*"
    assert tab_label(father_page) == "*Connexe*"


def test_r9_an_ended_connexity_leaves_the_tab_without_stars(staff_browser, family):
    son, father = family
    connect(son, father, end_date=YESTERDAY)

    html = html_of(staff_browser.get(f"/clients/{son.pk}/connexities/"))

    assert tab_label(html) == "Connexe"


def test_r2_each_record_shows_the_connexity_from_its_own_point_of_view(staff_browser, family):
    son, father = family
    connect(son, father)

    son_page = html_of(staff_browser.get(f"/clients/{son.pk}/connexities/"))
    father_page = html_of(staff_browser.get(f"/clients/{father.pk}/connexities/"))

    assert re.search(
        r'<td class="strong">fils de</td>\s*<td><span class="mono">'
        + father.number
        + r"</span> Henri Moreau</td>\s*<td>père de</td>",
        son_page,
    )
    assert re.search(
        r'<td class="strong">père de</td>\s*<td><span class="mono">'
        + son.number
        + r"</span> Luc Moreau</td>\s*<td>fils de</td>",
        father_page,
    )
    assert ">Sa relation</th>" in son_page and ">Relation inverse</th>" in son_page
    assert "1 connexité en cours" in son_page


def test_r5_lists_show_current_connexities_and_historisees_adds_the_ended_ones(staff_browser):
    client = ClientFactory()
    current = connect(client, ClientFactory(name="Actuelle"), end_date=TODAY)
    ended = connect(client, ClientFactory(name="Terminée"), end_date=YESTERDAY)

    default = html_of(staff_browser.get(f"/clients/{client.pk}/connexities/"))
    historical = html_of(
        staff_browser.get(f"/clients/{client.pk}/connexities/", {"historical": "1"})
    )

    assert f'id="connexity-{current.pk}"' in default
    assert f'id="connexity-{ended.pk}"' not in default
    assert 'type="checkbox" id="historical" name="historical" value="1">' in default
    assert "Historisées" in default
    assert f'<tr id="connexity-{current.pk}">' in historical
    assert re.search(f'<tr id="connexity-{ended.pk}" class="is-ended"', historical)
    assert "historisée</span>" in historical
    assert 'name="historical" value="1" checked>' in historical
    assert "2 connexités, historisées comprises" in historical


def test_r5_without_current_connexity_the_tab_says_how_to_see_the_ended_ones(staff_browser):
    client = ClientFactory()
    connect(client, ClientFactory(), end_date=YESTERDAY)

    html = html_of(staff_browser.get(f"/clients/{client.pk}/connexities/"))

    assert "Aucune connexité en cours." in html
    assert "Cochez « Historisées »" in html


def test_r10_voir_fiche_opens_the_other_clients_record(staff_browser, family):
    son, father = family
    connect(son, father)

    html = html_of(staff_browser.get(f"/clients/{son.pk}/connexities/"))

    assert f'<a class="btn btn-small" href="/clients/{father.pk}/">Voir fiche</a>' in html


def test_r8_several_connexities_with_the_same_client_are_all_listed(staff_browser, family):
    son, father = family
    connect(son, father)
    connect(son, father, label="associé de", inverse="associé de")

    html = html_of(staff_browser.get(f"/clients/{son.pk}/connexities/"))

    assert html.count('<tr id="connexity-') == 2
    assert "associé de" in html and "fils de" in html


def test_connexe_tab_answers_htmx_with_the_record_body_or_the_panel(staff_browser, family):
    son, father = family
    connect(son, father)

    body = staff_browser.get(
        f"/clients/{son.pk}/connexities/", headers={**HTMX, "HX-Target": "client-body"}
    )
    panel = staff_browser.get(
        f"/clients/{son.pk}/connexities/",
        {"historical": "1"},
        headers={**HTMX, "HX-Target": "connexities-panel"},
    )

    assert html_of(body).startswith('<div id="client-body">')
    tab = re.search(r'<a [^>]*id="tab-connexe"[^>]*>', html_of(body)).group(0)
    assert 'aria-current="page"' in tab and 'title="Au moins une connexité en cours"' in tab
    assert html_of(panel).startswith('<section id="connexities-panel"')
    assert "<html" not in html_of(panel)


# Add: R1, R3, R4, R8 ------------------------------------------------------------------


def test_r3_add_form_suggests_the_configured_labels_but_allows_free_text(staff_browser, family):
    son, _ = family
    ConnexityLabel.objects.create(label="gérant de", normalized="gerant de")
    ConnexityLabel.objects.create(label="fils de", normalized="fils de")

    dialog = staff_browser.get(
        f"/clients/{son.pk}/connexities/new/",
        headers={**HTMX, "HX-Target": "connexity-dialog-body"},
    )
    page = staff_browser.get(f"/clients/{son.pk}/connexities/new/")

    html = html_of(dialog)
    assert dialog.status_code == 200 and "<html" not in html
    assert '<datalist id="connexity-labels">' in html
    assert '<option value="fils de"></option><option value="gérant de"></option>' in html
    assert html.count('list="connexity-labels"') == 2
    assert "Sa relation" in html and "Relation inverse" in html
    assert 'id="connexity-picker-q"' in html and "data-picker-value" in html
    assert 'data-dialog-close aria-label="Fermer"' in html
    assert page.status_code == 200 and "<html" in html_of(page)
    assert f'value="{TODAY.isoformat()}"' in html_of(page)


def test_r1_picker_offers_other_clients_never_the_client_itself(staff_browser, family):
    son, father = family

    results = html_of(
        staff_browser.get(f"/clients/{son.pk}/connexities/candidates/", {"q": "moreau"})
    )

    assert f'data-pick="{father.pk}"' in results
    assert f'data-pick-label="{father.number} Henri Moreau"' in results
    assert f'data-pick="{son.pk}"' not in results
    assert "Sélectionner" in results


def test_r1_add_a_connexity_with_free_labels(staff_browser, family):
    son, father = family

    response = staff_browser.post(
        f"/clients/{son.pk}/connexities/new/",
        form_data(father, label="filleul de", inverse_label="parrain de"),
        follow=True,
    )

    connexity = Connexity.objects.get()
    assert (connexity.client, connexity.other) == (son, father)
    assert (connexity.label, connexity.inverse_label) == ("filleul de", "parrain de")
    assert connexity.start_date == datetime.date(2020, 1, 1) and connexity.end_date is None
    html = html_of(response)
    assert response.redirect_chain[-1][0] == f"/clients/{son.pk}/connexities/"
    assert "Connexité ajoutée : filleul de Henri Moreau." in html
    assert tab_label(html) == "*Connexe*"
    assert not ConnexityLabel.objects.exists()


def test_r9_adding_with_htmx_answers_the_record_body_with_the_starred_tab(staff_browser, family):
    son, father = family

    response = staff_browser.post(
        f"/clients/{son.pk}/connexities/new/", form_data(father), headers=HTMX
    )

    html = html_of(response)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#client-body" and response["HX-Reswap"] == "outerHTML"
    assert response["HX-Push-Url"] == f"/clients/{son.pk}/connexities/"
    assert html.startswith('<div id="client-body">')
    assert tab_label(html) == "*Connexe*"
    assert 'hx-swap-oob="true"' in html and "Connexité ajoutée" in html


def test_r4_end_before_start_is_refused_with_the_service_sentence(staff_browser, family):
    son, father = family

    response = staff_browser.post(
        f"/clients/{son.pk}/connexities/new/",
        form_data(father, start_date="2021-05-01", end_date="2021-04-30"),
        headers=HTMX,
    )

    html = html_of(response)
    assert response.status_code == 422
    assert "La date de fin ne peut pas précéder la date de début." in html
    assert html.startswith('<div class="connexity-form"')
    assert f"{father.number}</span> Henri Moreau" in html  # the picked client stays
    assert not Connexity.objects.exists()


def test_r4_start_date_is_required(staff_browser, family):
    son, father = family

    response = staff_browser.post(
        f"/clients/{son.pk}/connexities/new/", form_data(father, start_date="")
    )

    assert response.status_code == 422
    assert "La date de début est obligatoire." in html_of(response)
    assert not Connexity.objects.exists()


def test_r1_both_labels_are_required(staff_browser, family):
    son, father = family

    response = staff_browser.post(
        f"/clients/{son.pk}/connexities/new/", form_data(father, inverse_label=" ")
    )

    assert response.status_code == 422
    assert "Les deux qualités de la relation sont obligatoires." in html_of(response)


def test_r1_a_connexity_with_itself_is_refused_with_the_service_sentence(staff_browser, family):
    son, _ = family

    response = staff_browser.post(f"/clients/{son.pk}/connexities/new/", form_data(son))

    assert response.status_code == 422
    assert "Une connexité relie deux clients différents." in html_of(response)
    assert not Connexity.objects.exists()


def test_r1_the_other_client_must_be_chosen_and_exist(staff_browser, family):
    son, _ = family

    missing = staff_browser.post(f"/clients/{son.pk}/connexities/new/", form_data(None))
    unknown = staff_browser.post(
        f"/clients/{son.pk}/connexities/new/", {**form_data(None), "other_client_id": "987654"}
    )

    assert missing.status_code == 422 and "Choisissez l&#x27;autre client." in html_of(missing)
    assert unknown.status_code == 422
    assert "L&#x27;autre client n&#x27;existe pas." in html_of(unknown)
    assert not Connexity.objects.exists()


# Edit: R6 ------------------------------------------------------------------------------


def test_r6_edit_form_shows_the_other_client_read_only(staff_browser, family):
    son, father = family
    connexity = connect(son, father)

    html = html_of(
        staff_browser.get(
            f"/clients/{father.pk}/connexities/{connexity.pk}/edit/",
            headers={**HTMX, "HX-Target": "connexity-dialog-body"},
        )
    )

    assert "Modifier la connexité" in html
    assert f'<span class="mono">{son.number}</span> Luc Moreau</p>' in html
    assert "L'autre client ne peut pas être changé" in html
    assert 'name="other_client_id"' not in html and 'id="connexity-picker-q"' not in html
    assert 'value="père de"' in html and 'value="fils de"' in html


def test_r6_labels_and_dates_change_from_either_side(staff_browser, family):
    son, father = family
    connexity = connect(son, father)

    response = staff_browser.post(
        f"/clients/{father.pk}/connexities/{connexity.pk}/edit/",
        {
            "label": "beau-père de",
            "inverse_label": "beau-fils de",
            "start_date": "2020-01-01",
            "end_date": YESTERDAY.isoformat(),
        },
        follow=True,
    )

    connexity.refresh_from_db()
    assert (connexity.label, connexity.inverse_label) == ("beau-fils de", "beau-père de")
    assert connexity.end_date == YESTERDAY
    html = html_of(response)
    assert "Connexité avec Luc Moreau enregistrée." in html
    assert tab_label(html) == "Connexe"


def test_r6_an_attempt_to_change_the_other_client_is_refused_clearly(staff_browser, family):
    son, father = family
    stranger = ClientFactory()
    connexity = connect(son, father)

    response = staff_browser.post(
        f"/clients/{son.pk}/connexities/{connexity.pk}/edit/",
        {
            "other_client_id": stranger.pk,
            "label": "fils de",
            "inverse_label": "père de",
            "start_date": "2020-01-01",
        },
    )

    assert response.status_code == 422
    assert "L&#x27;autre client d&#x27;une connexité ne peut pas être changé" in html_of(response)
    connexity.refresh_from_db()
    assert connexity.other == father


def test_r4_edit_refuses_an_end_before_the_start(staff_browser, family):
    son, father = family
    connexity = connect(son, father)

    response = staff_browser.post(
        f"/clients/{son.pk}/connexities/{connexity.pk}/edit/",
        {
            "label": "fils de",
            "inverse_label": "père de",
            "start_date": "2020-01-01",
            "end_date": "2019-12-31",
        },
        headers=HTMX,
    )

    assert response.status_code == 422
    assert "La date de fin ne peut pas précéder la date de début." in html_of(response)
    connexity.refresh_from_db()
    assert connexity.end_date is None


def test_r6_a_connexity_of_another_client_is_a_404(staff_browser, family):
    son, father = family
    connexity = connect(son, father)
    stranger = ClientFactory()

    assert (
        staff_browser.get(f"/clients/{stranger.pk}/connexities/{connexity.pk}/edit/").status_code
        == 404
    )
    assert (
        staff_browser.post(f"/clients/{stranger.pk}/connexities/{connexity.pk}/delete/").status_code
        == 404
    )


# Delete: R7 ----------------------------------------------------------------------------


def test_r7_delete_asks_for_confirmation_first(staff_browser, family):
    son, father = family
    connexity = connect(son, father)

    tab = html_of(staff_browser.get(f"/clients/{son.pk}/connexities/"))
    confirm_page = staff_browser.get(f"/clients/{son.pk}/connexities/{connexity.pk}/delete/")

    assert (
        'hx-confirm="Supprimer la connexité « fils de Henri Moreau » ? '
        'Elle disparaîtra des deux fiches."' in tab
    )
    assert confirm_page.status_code == 200
    assert "Supprimer la connexité « fils de Henri Moreau » ?" in html_of(confirm_page)
    assert Connexity.objects.filter(pk=connexity.pk).exists()


def test_r7_delete_removes_it_from_both_records(staff_browser, family):
    son, father = family
    connexity = connect(son, father)

    response = staff_browser.post(
        f"/clients/{father.pk}/connexities/{connexity.pk}/delete/", headers=HTMX
    )

    html = html_of(response)
    assert response.status_code == 200 and html.startswith('<div id="client-body">')
    assert "Connexité « père de Luc Moreau » supprimée." in html
    assert tab_label(html) == "Connexe"
    assert not Connexity.objects.exists()
    son_page = html_of(staff_browser.get(f"/clients/{son.pk}/connexities/", {"historical": "1"}))
    assert '<tr id="connexity-' not in son_page


def test_r7_plain_delete_goes_back_to_the_list_it_came_from(staff_browser, family):
    son, father = family
    connexity = connect(son, father, end_date=YESTERDAY)

    response = staff_browser.post(
        f"/clients/{son.pk}/connexities/{connexity.pk}/delete/", {"historical": "1"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/clients/{son.pk}/connexities/?historical=1"


# Query counts --------------------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 200])
def test_connexe_tab_costs_a_bounded_number_of_queries(
    staff_browser, django_assert_max_num_queries, count
):
    client = ClientFactory()
    others = Client.objects.bulk_create(ClientFactory.build_batch(count))
    Connexity.objects.bulk_create(
        Connexity(
            client=client if i % 2 else other,
            other=other if i % 2 else client,
            label="associé de",
            inverse_label="associé de",
            start_date=datetime.date(2020, 1, 1),
            end_date=YESTERDAY if i % 3 == 0 else None,
        )
        for i, other in enumerate(others)
    )

    with django_assert_max_num_queries(6):
        record = staff_browser.get(f"/clients/{client.pk}/")
    with django_assert_max_num_queries(6):
        tab = staff_browser.get(f"/clients/{client.pk}/connexities/", {"historical": "1"})

    assert record.status_code == 200 and tab_label(html_of(record)) == "*Connexe*"
    assert html_of(tab).count('<tr id="connexity-') == count
