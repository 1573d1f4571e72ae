"""Connexities and groups in Chromium: what a person clicks (R2, R5, R7, R9, G3–G5, G8)."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cabinet.accounts.models import Profile
from cabinet.clients import connexity_services, services
from cabinet.groups import services as group_services
from cabinet.groups.models import Group, GroupMembership
from tests.e2e.conftest import STAFF_PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def family(staff_user):
    son = services.client_create(actor=staff_user, kind="person", name="Moreau", first_name="Luc")
    father = services.client_create(
        actor=staff_user, kind="person", name="Moreau", first_name="Henri"
    )
    return son, father


def connexe_tab(page):
    return page.locator("#tab-connexe")


def parent_of(client):
    parent = GroupMembership.objects.get(client=client).parent
    return parent.client if parent else None


# Connexities (R1–R10) ----------------------------------------------------------------------


def test_r2_add_a_connexity_then_see_it_from_the_other_record_with_the_inverse_label(
    live_server, logged_in_page, family
):
    page = logged_in_page
    son, father = family
    page.goto(f"{live_server.url}/clients/{son.id}/")
    expect(connexe_tab(page)).to_have_text("Connexe")

    connexe_tab(page).click()
    expect(page).to_have_url(f"{live_server.url}/clients/{son.id}/connexities/")
    page.get_by_role("link", name="Ajouter").click()
    dialog = page.locator("#connexity-dialog")
    expect(dialog).to_be_visible()
    page.locator("#connexity-picker-q").fill("henri")
    dialog.get_by_role("button", name="Sélectionner").click()
    expect(page.locator("#connexity-other")).to_have_text(f"{father.number} Henri Moreau")
    page.get_by_label("Sa relation").fill("fils de")
    page.get_by_label("Relation inverse").fill("père de")
    page.get_by_label("Date de début").fill("2020-03-01")
    dialog.get_by_role("button", name="Ajouter la connexité").click()

    expect(dialog).to_be_hidden()
    row = page.locator("#connexities-table tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("fils de")
    expect(row).to_contain_text("Henri Moreau")
    expect(row).to_contain_text("01/03/2020")
    expect(connexe_tab(page)).to_have_text("*Connexe*")
    expect(page.locator("#messages")).to_contain_text("Connexité ajoutée")

    row.get_by_role("link", name="Voir fiche").click()
    expect(page).to_have_url(f"{live_server.url}/clients/{father.id}/")
    expect(page.locator("h1")).to_contain_text("Henri Moreau")
    expect(connexe_tab(page)).to_have_text("*Connexe*")
    connexe_tab(page).click()
    row = page.locator("#connexities-table tbody tr")
    expect(row.locator("td").nth(0)).to_have_text("père de")
    expect(row.locator("td").nth(1)).to_contain_text("Luc Moreau")
    expect(row.locator("td").nth(2)).to_have_text("fils de")


def test_r4_an_end_before_the_start_is_refused_in_the_dialog(live_server, logged_in_page, family):
    page = logged_in_page
    son, father = family
    page.goto(f"{live_server.url}/clients/{son.id}/connexities/")
    page.get_by_role("link", name="Ajouter").click()
    dialog = page.locator("#connexity-dialog")
    page.locator("#connexity-picker-q").fill("henri")
    dialog.get_by_role("button", name="Sélectionner").click()
    page.get_by_label("Sa relation").fill("fils de")
    page.get_by_label("Relation inverse").fill("père de")
    page.get_by_label("Date de début").fill("2021-05-01")
    page.get_by_label("Date de fin").fill("2021-04-30")
    dialog.get_by_role("button", name="Ajouter la connexité").click()

    expect(dialog).to_contain_text("La date de fin ne peut pas précéder la date de début.")
    expect(dialog).to_be_visible()
    expect(page.locator("#connexity-other")).to_contain_text("Henri Moreau")
    expect(page.locator("#id_end_date")).to_be_focused()


def test_r5_r9_end_a_connexity_then_find_it_again_with_historisees(
    live_server, logged_in_page, family, staff_user
):
    page = logged_in_page
    son, father = family
    connexity_services.connexity_create(
        actor=staff_user,
        client=son,
        other_client_id=father.id,
        label="fils de",
        inverse_label="père de",
        start_date=datetime.date(2020, 1, 1),
    )
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.goto(f"{live_server.url}/clients/{son.id}/connexities/")
    expect(connexe_tab(page)).to_have_text("*Connexe*")

    page.locator("#connexities-table").get_by_role("link", name="Modifier").click()
    dialog = page.locator("#connexity-dialog")
    expect(dialog).to_contain_text("Modifier la connexité")
    expect(dialog).to_contain_text("L'autre client ne peut pas être changé")
    page.get_by_label("Date de fin").fill(yesterday.isoformat())
    dialog.get_by_role("button", name="Enregistrer").click()

    expect(page.locator("#connexities-panel")).to_contain_text("Aucune connexité en cours.")
    expect(connexe_tab(page)).to_have_text("Connexe")

    page.get_by_label("Historisées").check()
    ended = page.locator("#connexities-table tbody tr")
    expect(ended).to_have_count(1)
    expect(ended).to_have_class(re.compile("is-ended"))
    expect(ended).to_contain_text("Henri Moreau")
    expect(ended).to_contain_text(yesterday.strftime("%d/%m/%Y"))
    expect(page).to_have_url(re.compile(r"historical=1"))
    page.reload()
    expect(page.locator("#connexities-table tbody tr")).to_have_count(1)
    expect(page.get_by_label("Historisées")).to_be_checked()


def test_r7_deleting_a_connexity_asks_first_and_removes_it_from_both_records(
    live_server, logged_in_page, family, staff_user
):
    page = logged_in_page
    son, father = family
    connexity_services.connexity_create(
        actor=staff_user,
        client=son,
        other_client_id=father.id,
        label="fils de",
        inverse_label="père de",
        start_date=datetime.date(2020, 1, 1),
    )
    page.goto(f"{live_server.url}/clients/{father.id}/connexities/")
    questions = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.locator("#connexities-table").get_by_role("link", name="Supprimer").click()
    expect(page.locator("#connexities-table tbody tr")).to_have_count(1)
    assert questions == [
        "Supprimer la connexité « père de Luc Moreau » ? Elle disparaîtra des deux fiches."
    ]

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#connexities-table").get_by_role("link", name="Supprimer").click()
    expect(page.locator("#connexities-panel")).to_contain_text("Aucune connexité en cours.")
    expect(connexe_tab(page)).to_have_text("Connexe")
    page.goto(f"{live_server.url}/clients/{son.id}/connexities/?historical=1")
    expect(page.locator("#connexities-panel")).to_contain_text("Aucune connexité pour ce client.")


# Groups (G3–G5) ------------------------------------------------------------------------------


@pytest.fixture
def martin(staff_user):
    group = group_services.group_create(actor=staff_user, name="Groupe Martin")
    names = ("Holding Martin", "Filiale Nord", "Filiale Sud")
    holding, nord, sud = (
        services.client_create(actor=staff_user, kind="company", name=name) for name in names
    )
    for client in (holding, nord, sud):
        group_services.membership_set(actor=staff_user, client=client, group_id=group.id)
    return group, holding, nord, sud


def item(page, client):
    return page.locator(f"#member-{client.id} > .tree-item")


def drag(page, client, target):
    """Drag a member by its handle (a person grabs the «⠿», not the tools beside it)."""
    page.locator(f"#member-{client.id} > .tree-item > .tree-handle").drag_to(target)


def test_g3_drag_a_member_under_another_and_it_stays_there(live_server, logged_in_page, martin):
    page = logged_in_page
    # the whole tree in view, below the group page's tabs: a drag does not scroll
    page.set_viewport_size({"width": 1280, "height": 1000})
    group, holding, nord, sud = martin
    page.goto(f"{live_server.url}/groups/{group.id}/")
    expect(page.locator("#group-member-count")).to_have_text("3 membres")

    drag(page, nord, item(page, holding))

    expect(page.locator(f"#children-{holding.id} #member-{nord.id}")).to_be_visible()
    assert parent_of(nord) == holding
    page.reload()
    expect(page.locator(f"#children-{holding.id} #member-{nord.id}")).to_be_visible()

    drag(page, sud, item(page, nord))
    expect(page.locator(f"#children-{nord.id} #member-{sud.id}")).to_be_visible()

    toggle = page.locator(f"#member-{holding.id} > .tree-item > .tree-toggle")
    toggle.click()
    expect(toggle).to_have_text("+")
    expect(page.locator(f"#member-{nord.id}")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_text("−")
    expect(page.locator(f"#member-{sud.id}")).to_be_visible()

    drag(page, holding, item(page, sud))
    expect(page.locator("#messages")).to_contain_text(
        "Impossible de placer un membre sous lui-même ou sous l'un de ses descendants."
    )
    assert parent_of(holding) is None

    drag(page, nord, page.get_by_text("Déposer ici pour placer à la racine"))
    expect(page.locator(f"#group-tree-list > #member-{nord.id}")).to_be_visible()
    assert parent_of(nord) is None and parent_of(sud) == nord


def test_g3_g4_keyboard_move_and_siege(live_server, logged_in_page, martin):
    page = logged_in_page
    group, holding, nord, sud = martin
    page.goto(f"{live_server.url}/groups/{group.id}/")

    select = page.get_by_label("Déplacer « Filiale Sud » sous…")
    select.focus()
    expect(select.locator("option")).to_have_count(4)  # placeholder, root, two others
    select.select_option(label=f"{holding.number} Holding Martin")
    page.locator(f"#member-{sud.id}").get_by_role("button", name="Déplacer").click()
    expect(page.locator(f"#children-{holding.id} #member-{sud.id}")).to_be_visible()
    assert parent_of(sud) == holding

    holding_select = page.get_by_label("Déplacer « Holding Martin » sous…")
    holding_select.focus()
    expect(holding_select.locator(f"option[value='{sud.id}']")).to_have_count(0)

    page.locator(f"#member-{nord.id} > .tree-item").get_by_label("Siège").check()
    expect(page.locator(f"#member-{nord.id}")).to_have_class(re.compile("is-seat"))
    expect(page.locator(f"#member-{nord.id} .tree-label")).to_have_css("color", "rgb(192, 38, 45)")
    assert GroupMembership.objects.get(client=nord).is_seat
    page.reload()
    expect(page.locator(f"#member-{nord.id} > .tree-item").get_by_label("Siège")).to_be_checked()


def test_g3_a_large_tree_opens_a_deeper_branch_with_the_keyboard(
    live_server, logged_in_page, martin, staff_user, settings
):
    """G3: a tree larger than CABINET_TREE_ROWS draws its first levels; «+» opens a deeper
    branch (keyboard too, the focus kept), whose members have their tools, and the branch
    stays open when a tool draws the tree again."""
    settings.CABINET_TREE_ROWS = 2
    page = logged_in_page
    group, holding, nord, sud = martin
    for child, parent in ((nord, holding), (sud, nord)):
        group_services.member_move(
            actor=staff_user, group=group, client_id=child.id, parent_client_id=parent.id
        )
    page.goto(f"{live_server.url}/groups/{group.id}/")
    expect(page.locator("#group-member-count")).to_have_text("3 membres")
    expect(page.locator(f"#member-{sud.id}")).to_have_count(0)

    plus = page.get_by_role("link", name="Déplier « Filiale Nord »")
    plus.focus()
    page.keyboard.press("Enter")

    expect(page.locator(f"#children-{nord.id} #member-{sud.id}")).to_be_visible()
    minus = page.get_by_role("button", name="Replier « Filiale Nord »")
    expect(minus).to_be_focused()
    select = page.get_by_label("Déplacer « Filiale Sud » sous…")
    select.focus()
    expect(select.locator("option")).to_have_count(4)  # placeholder, root, the two others
    seat = page.locator(f"#member-{sud.id} > .tree-item").get_by_label("Siège")
    seat.focus()
    page.keyboard.press("Space")
    expect(page.locator(f"#member-{sud.id}")).to_have_class(re.compile("is-seat"))
    expect(page.locator(f"#children-{nord.id} #member-{sud.id}")).to_be_visible()
    assert GroupMembership.objects.get(client=sud).is_seat

    page.get_by_role("button", name="Replier « Filiale Nord »").press("Enter")
    expect(page.locator(f"#member-{sud.id}")).to_be_hidden()


def test_g5_create_a_group_from_a_record_then_reorganise_it_there(
    live_server, logged_in_page, martin, staff_user
):
    page = logged_in_page
    group, holding, nord, sud = martin
    client = services.client_create(actor=staff_user, kind="company", name="Boulangerie Roux")
    page.goto(f"{live_server.url}/clients/{client.id}/")

    page.locator("#group-picker-open").click()
    picker = page.locator("#group-picker")
    expect(picker).to_be_visible()
    expect(picker).to_contain_text("Groupe Martin")
    page.locator("#group-picker-q").fill("martin")
    page.once("dialog", lambda dialog: dialog.accept())
    picker.get_by_role("button", name="Sélectionner").click()
    expect(page.locator("#client-group-name")).to_contain_text("Groupe Martin")

    page.locator("#tab-groupe").click()
    expect(page).to_have_url(f"{live_server.url}/clients/{client.id}/group/")
    current = page.locator(f"#member-{client.id}")
    expect(current).to_have_class(re.compile("is-current"))
    drag(page, client, item(page, holding))
    expect(page.locator(f"#children-{holding.id} #member-{client.id}")).to_have_class(
        re.compile("is-current")
    )
    assert parent_of(client) == holding

    page.locator("#tab-fiche, .tabs a:has-text('Fiche')").first.click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Quitter le groupe").click()
    expect(page.locator("#messages")).to_contain_text("Le client a quitté le groupe")
    page.locator("#group-picker-open").click()
    page.locator("#group-create-name").fill("Groupe Roux")
    page.get_by_role("button", name="Créer un groupe").click()
    expect(page).to_have_url(f"{live_server.url}/clients/{client.id}/group/")
    expect(page.locator("#group-tree")).to_contain_text("Boulangerie Roux")
    assert GroupMembership.objects.get(client=client).group.name == "Groupe Roux"


# Settings: merge (G8) --------------------------------------------------------------------------


@pytest.fixture
def admin_page(page, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    admin = UserFactory(username="admin-e2e", profile=Profile.objects.get(code="admin"))
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    return page


def test_g8_merge_two_groups_with_the_settings_tool(live_server, admin_page, staff_user):
    page = admin_page
    groups = {}
    for name in ("Alpha", "Beta", "Gamma"):
        groups[name] = group_services.group_create(actor=staff_user, name=name)
        client = services.client_create(actor=staff_user, kind="company", name=f"{name} SA")
        group_services.membership_set(
            actor=staff_user, client=client, group_id=groups[name].id, is_seat=name == "Alpha"
        )

    page.goto(f"{live_server.url}/settings/")
    page.get_by_role("link", name="Clients › Groupes client").click()
    expect(page).to_have_url(f"{live_server.url}/settings/groups/")
    page.get_by_label("Fusionner « Alpha »").check()
    page.get_by_label("Fusionner « Beta »").check()
    page.get_by_label("Fusionner les groupes cochés dans").select_option(label="Gamma")
    page.get_by_role("button", name="Fusionner", exact=True).click()

    expect(page.locator("#merge-sentence")).to_have_text(
        "Les groupes Alpha, Beta seront fusionnés dans Gamma : leurs membres, sièges et "
        "contacts de groupe y seront intégrés ; ils disparaîtront."
    )
    assert Group.objects.count() == 3
    page.get_by_role("button", name="Confirmer la fusion").click()

    expect(page).to_have_url(f"{live_server.url}/settings/groups/")
    expect(page.locator("#messages")).to_contain_text("2 groupes fusionnés dans « Gamma ».")
    table = page.locator("#settings-groups-table")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("Gamma")
    expect(table.locator(".group-members")).to_have_text("3")

    page.get_by_role("link", name="Gamma").click()
    expect(page.locator("#group-tree")).to_contain_text("Alpha SA")
    expect(page.locator(".tree-node.is-seat")).to_contain_text("Alpha SA")
