"""«Paramètres» › Clients: the list of relation labels (R3) and the groups' merge and
delete tool (G7, G8), through real templates."""

import datetime

import pytest
from django.test import Client as HttpClient

from cabinet.clients.models import Connexity, ConnexityLabel, Contact
from cabinet.core.text import normalize
from cabinet.groups import services
from cabinet.groups.models import Group, GroupMembership
from tests.factories import ClientFactory, ContactFactory, data_builder

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def admin_browser(admin_user):
    browser = HttpClient()
    browser.force_login(admin_user)
    return browser


def label(value: str) -> ConnexityLabel:
    return ConnexityLabel.objects.create(label=value, normalized=normalize(value))


def new_group(name: str) -> Group:
    return services.group_create(actor=data_builder(), name=name)


def join(client, group, parent=None, is_seat=False) -> None:
    services.membership_set(
        actor=data_builder(),
        client=client,
        group_id=group.pk,
        parent_client_id=parent.pk if parent else None,
        is_seat=is_seat,
    )


# Navigation ----------------------------------------------------------------------------


def test_settings_lead_to_the_clients_sections(staff_browser):
    html = html_of(staff_browser.get("/settings/"))

    assert '<a class="tab" href="/settings/connexity-labels/">Clients › Connexités</a>' in html
    assert '<a class="tab" href="/settings/groups/">Clients › Groupes client</a>' in html
    assert '<a href="/settings/connexity-labels/">Connexités</a>' in html
    assert '<a href="/settings/groups/">Groupes client</a>' in html


@pytest.mark.parametrize("path", ["/settings/connexity-labels/", "/settings/groups/"])
def test_clients_sections_sit_under_parametres(staff_browser, path):
    html = html_of(staff_browser.get(path))

    assert 'href="/settings/" aria-current="page">Paramètres</a>' in html
    assert f'href="{path}" aria-current="page">' in html


# Connexity labels (R3) -------------------------------------------------------------------


def test_r3_labels_are_listed_with_the_note_that_connexities_never_change(admin_browser):
    label("père de")
    label("fils de")

    html = html_of(admin_browser.get("/settings/connexity-labels/"))

    assert "2 libellés" in html
    assert html.index('value="fils de"') < html.index('value="père de"')
    assert "Modifier cette liste ne change jamais les connexités existantes" in html
    assert 'id="label-form"' in html and "Renommer" in html and "Supprimer" in html


def test_r3_without_the_settings_right_the_list_is_read_only(staff_browser):
    label("fils de")

    html = html_of(staff_browser.get("/settings/connexity-labels/"))

    assert "<td>fils de</td>" in html
    assert "Consultation seule" in html
    assert 'id="label-form"' not in html and "Renommer" not in html


def test_r3_changes_need_the_settings_right(staff_browser):
    item = label("fils de")

    created = staff_browser.post("/settings/connexity-labels/new/", {"label": "gérant de"})
    renamed = staff_browser.post(
        f"/settings/connexity-labels/{item.pk}/rename/", {"label": "fille de"}
    )
    deleted = staff_browser.post(f"/settings/connexity-labels/{item.pk}/delete/")

    assert (created.status_code, renamed.status_code, deleted.status_code) == (403, 403, 403)
    assert list(ConnexityLabel.objects.values_list("label", flat=True)) == ["fils de"]


def test_r3_add_a_label_then_it_is_suggested_on_the_connexity_form(admin_browser):
    client = ClientFactory()

    response = admin_browser.post(
        "/settings/connexity-labels/new/", {"label": "gérant de"}, follow=True
    )
    form = html_of(admin_browser.get(f"/clients/{client.pk}/connexities/new/"))

    assert "Libellé « gérant de » ajouté." in html_of(response)
    assert ConnexityLabel.objects.get().label == "gérant de"
    assert '<option value="gérant de"></option>' in form


def test_r3_a_duplicate_or_empty_label_is_refused(admin_browser):
    label("Fils de")

    duplicate = admin_browser.post("/settings/connexity-labels/new/", {"label": "fils  DE"})
    empty = admin_browser.post("/settings/connexity-labels/new/", {"label": "  "})

    assert duplicate.status_code == 422 and "« fils  DE » est déjà dans la liste." in html_of(
        duplicate
    )
    assert empty.status_code == 422 and "Le libellé est vide." in html_of(empty)
    assert ConnexityLabel.objects.count() == 1


def test_r3_renaming_or_deleting_a_label_leaves_existing_connexities_unchanged(admin_browser):
    item = label("fils de")
    gone = label("oncle de")
    connexity = Connexity.objects.create(
        client=ClientFactory(),
        other=ClientFactory(),
        label="fils de",
        inverse_label="oncle de",
        start_date=datetime.date(2020, 1, 1),
    )

    page = html_of(admin_browser.get("/settings/connexity-labels/"))
    renamed = admin_browser.post(
        f"/settings/connexity-labels/{item.pk}/rename/", {"label": "enfant de"}, follow=True
    )
    deleted = admin_browser.post(f"/settings/connexity-labels/{gone.pk}/delete/", follow=True)

    assert (
        "data-confirm=\"Retirer « oncle de » de la liste ? Les connexités qui l'emploient "
        'ne changent pas."' in page
    )
    assert "Libellé « fils de » renommé en « enfant de »." in html_of(renamed)
    assert "Libellé « oncle de » retiré de la liste." in html_of(deleted)
    assert list(ConnexityLabel.objects.values_list("label", flat=True)) == ["enfant de"]
    connexity.refresh_from_db()
    assert (connexity.label, connexity.inverse_label) == ("fils de", "oncle de")


def test_r3_renaming_onto_another_label_is_refused_with_the_service_sentence(admin_browser):
    item = label("fils de")
    label("fille de")

    response = admin_browser.post(
        f"/settings/connexity-labels/{item.pk}/rename/", {"label": "Fille de"}, follow=True
    )

    assert "« Fille de » est déjà dans la liste." in html_of(response)
    item.refresh_from_db()
    assert item.label == "fils de"


def test_r3_an_unknown_label_is_a_404(admin_browser):
    response = admin_browser.post("/settings/connexity-labels/424242/delete/")

    assert response.status_code == 404


# Groups: merge (G8) and delete (G7) --------------------------------------------------------


@pytest.fixture
def three_groups():
    alpha, beta, gamma = new_group("Alpha"), new_group("Beta"), new_group("Gamma")
    a_root, a_child = ClientFactory(name="Alpha Holding"), ClientFactory(name="Alpha Filiale")
    join(a_root, alpha, is_seat=True)
    join(a_child, alpha, parent=a_root)
    b_root = ClientFactory(name="Beta SA")
    join(b_root, beta)
    g_root = ClientFactory(name="Gamma SA")
    join(g_root, gamma)
    ContactFactory(client=a_child, last_name="Lefebvre", is_group_contact=True)
    return alpha, beta, gamma, a_root, a_child, b_root, g_root


def test_g8_the_tool_lists_groups_with_checkboxes_and_a_target(admin_browser, three_groups):
    alpha, beta, gamma, *_ = three_groups

    html = html_of(admin_browser.get("/settings/groups/"))

    assert "3 groupes" in html
    for group in (alpha, beta, gamma):
        assert f'name="source_group_ids" value="{group.pk}"' in html
        assert f'<option value="{group.pk}">{group.name}</option>' in html
    assert 'id="merge-submit">Fusionner</button>' in html
    assert 'form="delete-group-' in html


def test_g8_without_the_settings_right_the_tool_is_disabled_and_refused(
    staff_browser, three_groups
):
    alpha, beta, gamma, *_ = three_groups
    query = {"source_group_ids": [alpha.pk], "target_id": gamma.pk}

    page = html_of(staff_browser.get("/settings/groups/"))
    preview = staff_browser.get("/settings/groups/merge/", query)
    merge = staff_browser.post("/settings/groups/merge/", query)
    delete = staff_browser.post(f"/groups/{beta.pk}/delete/")

    assert "Consultation seule" in page
    assert 'id="merge-submit" disabled' in page
    assert page.count('name="source_group_ids"') == page.count('»" disabled></td>') == 3
    assert (preview.status_code, merge.status_code, delete.status_code) == (403, 403, 403)
    assert Group.objects.count() == 3


def test_g8_merge_says_what_will_happen_before_doing_it(admin_browser, three_groups):
    alpha, beta, gamma, *_ = three_groups

    response = admin_browser.get(
        "/settings/groups/merge/", {"source_group_ids": [alpha.pk, beta.pk], "target_id": gamma.pk}
    )

    html = html_of(response)
    assert response.status_code == 200
    assert (
        "Les groupes Alpha, Beta seront fusionnés dans Gamma : leurs membres, sièges et "
        "contacts de groupe y seront intégrés ; ils disparaîtront." in html
    )
    assert "Confirmer la fusion" in html
    assert f'<input type="hidden" name="target_id" value="{gamma.pk}">' in html
    assert Group.objects.count() == 3


def test_g8_merging_one_group_says_it_in_the_singular(admin_browser, three_groups):
    alpha, beta, gamma, *_ = three_groups

    html = html_of(
        admin_browser.get(
            "/settings/groups/merge/", {"source_group_ids": [beta.pk], "target_id": gamma.pk}
        )
    )

    assert (
        "Le groupe Beta sera fusionné dans Gamma : ses membres, sièges et contacts de groupe "
        "y seront intégrés ; il disparaîtra." in html
    )


def test_g8_confirmed_merge_brings_trees_seats_and_group_contacts(admin_browser, three_groups):
    alpha, beta, gamma, a_root, a_child, b_root, g_root = three_groups

    response = admin_browser.post(
        "/settings/groups/merge/",
        {"source_group_ids": [alpha.pk, beta.pk], "target_id": gamma.pk},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/settings/groups/"
    assert "2 groupes fusionnés dans « Gamma »." in html_of(response)
    assert list(Group.objects.values_list("name", flat=True)) == ["Gamma"]
    memberships = {m.client: m for m in GroupMembership.objects.select_related("parent")}
    assert all(m.group_id == gamma.pk for m in memberships.values())
    assert memberships[a_child].parent.client == a_root
    assert memberships[a_root].parent is None and memberships[a_root].is_seat
    assert memberships[b_root].parent is None
    contacts = html_of(admin_browser.get(f"/clients/{g_root.pk}/contacts/"))
    assert "Lefebvre" in contacts and "Contact du groupe" in contacts
    assert Contact.objects.get(last_name="Lefebvre").client == a_child


def test_g8_a_group_cannot_be_merged_into_itself(admin_browser, three_groups):
    alpha, beta, *_ = three_groups

    preview = admin_browser.get(
        "/settings/groups/merge/", {"source_group_ids": [alpha.pk, beta.pk], "target_id": alpha.pk}
    )
    post = admin_browser.post(
        "/settings/groups/merge/", {"source_group_ids": [alpha.pk], "target_id": alpha.pk}
    )

    for response in (preview, post):
        assert response.status_code == 422
        assert "Un groupe ne peut pas être fusionné dans lui-même." in html_of(response)
    assert 'aria-label="Fusionner « Beta »" checked>' in html_of(preview)
    assert Group.objects.count() == 3


def test_g8_a_merge_needs_sources_and_a_target(admin_browser, three_groups):
    alpha, *_ = three_groups

    no_source = admin_browser.get("/settings/groups/merge/", {"target_id": alpha.pk})
    no_target = admin_browser.get("/settings/groups/merge/", {"source_group_ids": [alpha.pk]})

    assert no_source.status_code == 422
    assert "Choisissez au moins un groupe à fusionner." in html_of(no_source)
    assert no_target.status_code == 422
    assert "Choisissez le groupe qui accueillera les autres." in html_of(no_target)
    assert "checked" in html_of(no_target)  # the ticked groups stay ticked


def test_g7_delete_from_settings_refuses_a_group_with_members(admin_browser, three_groups):
    alpha, *_ = three_groups

    response = admin_browser.post(
        f"/groups/{alpha.pk}/delete/", {"next": "/settings/groups/"}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/settings/groups/"
    assert "Le groupe « Alpha » compte encore 2 membres" in html_of(response)
    assert Group.objects.filter(pk=alpha.pk).exists()


def test_g7_delete_an_empty_group_from_settings(admin_browser):
    empty = new_group("Groupe Vide")

    page = html_of(admin_browser.get("/settings/groups/"))
    response = admin_browser.post(
        f"/groups/{empty.pk}/delete/", {"next": "/settings/groups/"}, follow=True
    )

    assert 'data-confirm="Supprimer le groupe « Groupe Vide » ?"' in page
    assert response.redirect_chain[-1][0] == "/settings/groups/"
    assert "Groupe « Groupe Vide » supprimé." in html_of(response)
    assert not Group.objects.exists()


def test_delete_never_redirects_to_another_site(admin_browser):
    empty = new_group("Groupe Vide")

    response = admin_browser.post(f"/groups/{empty.pk}/delete/", {"next": "https://evil.test/"})

    assert response["Location"] == "/groups/"
