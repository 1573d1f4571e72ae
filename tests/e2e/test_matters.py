"""Matters and activities in Chromium: what a person clicks (M1–M5, A8, A9)."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from cabinet.activities import services as activity_services
from cabinet.activities.models import Activity
from cabinet.clients import services as client_services
from cabinet.matters import services
from cabinet.matters.models import Matter

pytestmark = pytest.mark.e2e

M4 = "Attention : le dossier contient des activités non facturées liées à ce client"
M5 = "Le dossier n'accepte pas d'activités : tous ses clients sont inactifs sur ce dossier."


@pytest.fixture
def clients(staff_user):
    return {
        name: client_services.client_create(actor=staff_user, kind="company", name=name)
        for name in ("Boulangerie Roux", "Transports Martin", "Banque Adverse")
    }


def new_matter(actor, clients, title):
    return services.matter_create(
        actor=actor,
        title=title,
        opened_on=datetime.date(2026, 1, 15),
        parties=[{"client_id": c.pk, "role": "client"} for c in clients],
    )


def add_activity(actor, matter, client, description):
    return activity_services.activity_create(
        actor=actor,
        matter=matter,
        kind="fee",
        date=datetime.date(2026, 2, 1),
        description=description,
        amount=Decimal("250.00"),
        client_id=client.pk if client else None,
    )


def pick_client(page, query, name, role="Client"):
    page.locator("#id_new-role").select_option(label=role)
    page.locator("#party-picker-q").fill(query)
    item = page.locator("#party-picker-results .picker-item", has_text=name)
    item.get_by_role("button", name="Ajouter").click()
    expect(page.locator("#draft-parties")).to_contain_text(name)


def test_m1_create_a_multi_client_matter_with_the_step_form(live_server, logged_in_page, clients):
    page = logged_in_page
    page.goto(f"{live_server.url}/matters/")
    page.get_by_role("link", name="Nouveau dossier").first.click()
    expect(page.locator(".stepper")).to_contain_text("1 - Informations")
    page.get_by_role("button", name="Suivant").click()
    expect(page.locator("#matter-step-form")).to_contain_text("Le titre est obligatoire.")

    page.get_by_label("Titre").fill("Succession Roux")
    page.get_by_label("Type").fill("Succession")
    page.get_by_role("button", name="Suivant").click()
    expect(page.locator('.step[aria-current="step"]')).to_have_text("2 - Parties")
    pick_client(page, "boulangerie", "Boulangerie Roux")
    pick_client(page, "transports", "Transports Martin")
    pick_client(page, "banque", "Banque Adverse", role="Partie adverse")
    page.get_by_role("button", name="Suivant").click()

    expect(page.locator('.step[aria-current="step"]')).to_have_text("3 - Intervenants")
    expect(page.locator("#matter-step-form")).to_contain_text("Récapitulatif")
    page.get_by_role("button", name="Précédent").click()
    expect(page.locator("#draft-parties")).to_contain_text("Banque Adverse")
    page.get_by_role("button", name="Suivant").click()
    page.get_by_role("button", name="Créer le dossier").click()

    matter = Matter.objects.get()
    expect(page).to_have_url(f"{live_server.url}/matters/{matter.pk}/")
    expect(page.locator("#messages")).to_contain_text(f"Dossier {matter.number}")
    expect(page.locator("h1")).to_contain_text("Succession Roux")
    expect(page.locator("h1")).to_contain_text("Multi-clients")
    expect(page.locator("#parties-client")).to_contain_text("Boulangerie Roux")
    expect(page.locator("#parties-client")).to_contain_text("Transports Martin")
    expect(page.locator("#parties-adverse")).to_contain_text("Banque Adverse")
    expect(page.locator("#btn-repartition")).to_be_disabled()


def test_m3_m4_m5_a9_clients_made_inactive_one_click_at_a_time(
    live_server, logged_in_page, staff_user, clients
):
    page = logged_in_page
    roux, martin = clients["Boulangerie Roux"], clients["Transports Martin"]
    matter = new_matter(staff_user, [roux, martin], "Bail commercial")
    add_activity(staff_user, matter, roux, "Consultation")
    page.goto(f"{live_server.url}/matters/{matter.pk}/")
    roux_party = matter.parties.get(client=roux)
    martin_party = matter.parties.get(client=martin)
    roux_toggle = page.locator(f"#toggle-{roux_party.pk}")

    expect(roux_toggle).to_have_attribute("title", M4)
    expect(page.locator(f"#toggle-{martin_party.pk}")).to_have_attribute(
        "title", "Rendre inactif sur ce dossier"
    )
    roux_toggle.click()

    roux_item = page.locator(f"#party-{roux_party.pk}")
    expect(roux_item).to_have_class("party is-inactive")
    expect(roux_item.locator(".party-info .badge-inactive")).to_have_text("Inactif")
    expect(page.locator(f"#toggle-{roux_party.pk}")).to_have_attribute("aria-checked", "false")
    expect(page.locator("#messages")).to_contain_text(M4)
    expect(page.locator("#btn-new-activity")).to_be_enabled()

    page.locator(f"#toggle-{martin_party.pk}").click()
    expect(page.locator(f"#party-{martin_party.pk}")).to_have_class("party is-inactive")
    expect(page.locator("#btn-new-activity")).to_be_disabled()
    expect(page.locator("#btn-new-activity")).to_have_attribute("title", M5)
    expect(page.locator("#btn-repartition")).to_have_attribute("title", M5)

    page.reload()
    expect(page.locator("#btn-new-activity")).to_be_disabled()
    page.locator(".plus-menu summary").click()
    page.get_by_role("menuitem", name="Nouvelle activité").click()
    expect(page).to_have_url(f"{live_server.url}/activities/new/")
    expect(page.locator("#no-matter")).to_be_visible()
    other = new_matter(staff_user, [martin], "Autre dossier")
    page.reload()
    options = page.locator("#id_matter option")
    expect(options).to_have_count(1)
    expect(page.locator("#id_matter")).to_contain_text("Autre dossier")
    expect(page.locator("#id_matter")).not_to_contain_text("Bail commercial")

    page.locator("#id_matter").select_option(str(other.pk))
    expect(page.locator("#id_client")).to_contain_text("Transports Martin")
    page.get_by_label("Description").fill("Rendez-vous client")
    page.get_by_label("Durée (heures)").fill("1,5")
    expect(page.locator("#computed-amount")).not_to_have_text("—")
    page.get_by_role("button", name="Ajouter l'activité").click()
    expect(page).to_have_url(f"{live_server.url}/matters/{other.pk}/activities/")
    expect(page.locator("#activities-table")).to_contain_text("Rendez-vous client")
    activity = Activity.objects.get(matter=other)
    assert activity.hours == Decimal("1.50") and activity.client_id == martin.pk


def test_a9_the_quick_entry_matter_list_is_a_type_ahead(
    live_server, logged_in_page, staff_user, clients
):
    """A9: the «Dossier» list shows 20 matters; typing searches them as one types, ↓ goes
    to the list and chooses, Enter goes on to the client, and the activity is added."""
    page = logged_in_page
    roux, martin = clients["Boulangerie Roux"], clients["Transports Martin"]
    for index in range(24):
        new_matter(staff_user, [roux], f"Conseil {index}")
    wanted = new_matter(staff_user, [martin], "Recouvrement de créances")
    page.goto(f"{live_server.url}/activities/new/")
    expect(page.locator("#id_matter option")).to_have_count(20)
    expect(page.locator("#matter-found")).to_contain_text("Les 20 premiers de 25 dossiers")

    page.locator("#matter-q").press_sequentially("transports mar", delay=20)
    expect(page.locator("#id_matter option")).to_have_count(1)
    expect(page.locator("#id_matter")).to_contain_text("Recouvrement de créances")
    page.locator("#matter-q").press("ArrowDown")
    expect(page.locator("#id_matter")).to_be_focused()
    expect(page.locator("#id_matter")).to_have_value(str(wanted.pk))
    expect(page.locator("#id_client")).to_contain_text("Transports Martin")
    page.locator("#id_matter").press("Enter")
    expect(page.locator("#id_client")).to_be_focused()
    page.get_by_label("Honoraires forfaitaires").check()
    page.get_by_label("Description").fill("Mise en demeure")
    page.get_by_label("Montant HT (€)").fill("150")
    page.get_by_role("button", name="Ajouter l'activité").click()
    expect(page).to_have_url(f"{live_server.url}/matters/{wanted.pk}/activities/")
    assert Activity.objects.get(matter=wanted).description == "Mise en demeure"


def test_a8_transfer_activities_with_the_bulk_action(
    live_server, logged_in_page, staff_user, clients
):
    page = logged_in_page
    roux, martin = clients["Boulangerie Roux"], clients["Transports Martin"]
    source = new_matter(staff_user, [roux, martin], "Dossier source")
    target = new_matter(staff_user, [roux], "Dossier cible")
    moved = add_activity(staff_user, source, roux, "Consultation Roux")
    common = add_activity(staff_user, source, martin, "Déplacement Martin")
    stays = add_activity(staff_user, source, None, "Reste ici")

    page.goto(f"{live_server.url}/matters/{source.pk}/activities/")
    page.get_by_label("Sélectionner l'activité du 01/02/2026 : Consultation Roux").check()
    page.get_by_label("Sélectionner l'activité du 01/02/2026 : Déplacement Martin").check()
    page.locator("#bulk-actions").click()
    page.get_by_role("button", name="Transférer vers un autre dossier").click()
    expect(page.locator("#transfer-selection")).to_contain_text("Consultation Roux")
    page.get_by_label("Dossier de destination").select_option(str(target.pk))
    page.get_by_role("button", name="Confirmer le transfert").click()

    expect(page).to_have_url(f"{live_server.url}/matters/{source.pk}/activities/")
    expect(page.locator("#messages")).to_contain_text("2 activités transférées")
    expect(page.locator("#activities-table")).to_contain_text("Reste ici")
    expect(page.locator("#activities-table")).not_to_contain_text("Consultation Roux")
    for activity in (moved, common, stays):
        activity.refresh_from_db()
    assert moved.matter_id == target.pk and moved.client_id == roux.pk
    assert common.matter_id == target.pk and common.client_id is None
    assert stays.matter_id == source.pk
    page.goto(f"{live_server.url}/matters/{target.pk}/activities/")
    expect(page.locator("#activities-table")).to_contain_text("Déplacement Martin")
    expect(page.locator(f"#activity-{common.pk}")).to_contain_text("Commune")


def test_m6_an_assistant_finds_a_matter_to_join_and_joins_it(
    live_server, page, staff_user, clients
):
    """M6: «Dossiers que je peux rejoindre» lists the partner's matter, its client named
    only; «Rejoindre» opens the matter, whose activities he now sees."""
    from cabinet.accounts.models import Profile
    from tests.e2e.conftest import STAFF_PASSWORD
    from tests.factories import UserFactory

    matter = new_matter(staff_user, [clients["Boulangerie Roux"]], "Bail commercial Roux")
    add_activity(staff_user, matter, None, "Analyse du bail")
    assistant = UserFactory(username="assistant-e2e", profile=Profile.objects.get(code="assistant"))
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", assistant.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/login/" not in url)

    page.goto(f"{live_server.url}/matters/")
    page.get_by_role("link", name="Dossiers que je peux rejoindre").click()
    row = page.locator(f"#joinable-{matter.pk}")
    expect(row).to_contain_text("Bail commercial Roux")
    expect(row).to_contain_text("Boulangerie Roux")
    expect(row.get_by_role("link")).to_have_count(0)
    row.get_by_role("button", name="Rejoindre").click()

    page.wait_for_url(f"{live_server.url}/matters/{matter.pk}/")
    expect(page.locator("body")).to_contain_text("Vous intervenez sur ce dossier.")
    page.goto(f"{live_server.url}/matters/{matter.pk}/activities/")
    expect(page.locator("body")).to_contain_text("Analyse du bail")
