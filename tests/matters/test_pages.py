"""Matter pages through real templates: «Dossiers», the creation in steps, the matter page
with «Actif / Inactif», «Modifier les parties», intervenants, closing and deletion (M1–M10),
and a client's «Dossiers» tab (M7)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import Client as HttpClient
from django.utils.html import escape

from cabinet.activities import services as activity_services
from cabinet.activities.models import Activity
from cabinet.matters import selectors, services
from cabinet.matters.models import Intervenant, Matter, MatterParty
from tests.factories import ClientFactory, ContactFactory, PersonFactory, UserFactory, give_clients

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
HTMX_PAGE = {"HX-Request": "true", "HX-Target": "matter-page"}
M4 = "Attention : le dossier contient des activités non facturées liées à ce client"
M5 = escape(selectors.M5_REFUSAL)


def html_of(response) -> str:
    return response.content.decode()


def browser_for(user) -> HttpClient:
    browser = HttpClient()
    browser.force_login(user)
    return browser


def make_matter(actor, clients, *, inactive=(), others=(), title="Succession Moreau", **extra):
    parties = [
        {"client_id": c.pk, "role": "client", "is_active": c not in inactive} for c in clients
    ]
    parties += [{"client_id": c.pk, "role": "adverse"} for c in others]
    give_clients(actor, [*clients, *others])
    return services.matter_create(
        actor=actor,
        title=title,
        type=extra.pop("type", "Contentieux"),
        opened_on=extra.pop("opened_on", datetime.date(2026, 1, 15)),
        parties=parties,
        **extra,
    )


def add_activity(actor, matter, *, client=None, amount="100.00", **extra) -> Activity:
    return activity_services.activity_create(
        actor=actor,
        matter=matter,
        kind=extra.pop("kind", "fee"),
        date=extra.pop("date", datetime.date(2026, 2, 1)),
        description=extra.pop("description", "Consultation"),
        amount=Decimal(amount),
        client_id=client.pk if client else None,
        **extra,
    )


def party(matter, client) -> MatterParty:
    return MatterParty.objects.get(matter=matter, client=client)


def element(html: str, element_id: str) -> str:
    """The opening tag of the element with this id."""
    match = re.search(rf'<[a-z]+[^>]*\bid="{element_id}"[^>]*>', html)
    assert match, f"no element #{element_id}"
    return match.group(0)


# Access -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/matters/", "/matters/new/", "/matters/1/", "/matters/1/parties/", "/clients/1/matters/"],
)
def test_matter_pages_require_login(path):
    response = HttpClient().get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={path}"


def test_m6_a_matter_the_user_neither_opened_nor_intervenes_on_is_forbidden(
    partner, user_with_profile
):
    matter = make_matter(partner, [ClientFactory()])
    assistant = browser_for(user_with_profile("assistant"))

    assert assistant.get(f"/matters/{matter.pk}/").status_code == 403
    assert assistant.get("/matters/424242/").status_code == 404
    toggle = f"/matters/{matter.pk}/parties/{matter.parties.get().pk}/active/"
    assert assistant.post(toggle, {"is_active": "0"}).status_code == 403
    assert matter.parties.get().is_active


# «Dossiers» list ---------------------------------------------------------------------------


def test_m1_list_shows_open_matters_with_their_clients(staff_browser, partner):
    dupont, martin = ClientFactory(name="Dupont SA"), ClientFactory(name="Martin SARL")
    open_one = make_matter(partner, [dupont, martin], inactive=[martin], title="Bail Dupont")
    closed = make_matter(partner, [dupont], title="Ancien litige")
    services.matter_set_status(actor=partner, matter=closed, status="closed")

    html = html_of(staff_browser.get("/matters/"))

    assert "1 dossier" in html and "Bail Dupont" in html and open_one.number in html
    assert "Ancien litige" not in html
    assert "Dupont SA" in html and "Martin SARL" in html and "Inactif" in html
    assert ">Nouveau dossier</a>" in html
    everything = html_of(staff_browser.get("/matters/", {"status": "all"}))
    assert "Ancien litige" in everything and "2 dossiers" in everything


def test_m1_list_search_and_filters_by_client_and_intervenant(staff_browser, partner):
    dupont, martin = ClientFactory(name="Dupont SA"), ClientFactory(name="Martin SARL")
    colleague = UserFactory(first_name="Paul", last_name="Leroy")
    make_matter(partner, [dupont], title="Bail commercial")
    make_matter(partner, [martin], title="Succession", intervenant_ids=[colleague.pk])

    by_title = html_of(staff_browser.get("/matters/", {"q": "bail"}))
    by_client = html_of(staff_browser.get("/matters/", {"client": martin.pk}))
    by_intervenant = html_of(staff_browser.get("/matters/", {"intervenant": colleague.pk}))
    by_client_name = html_of(staff_browser.get("/matters/", {"q": "martin"}))

    assert "Bail commercial" in by_title and "Succession" not in by_title
    assert "Succession" in by_client and "Bail commercial" not in by_client
    assert 'id="client-filter"' in by_client and "Client : Martin SARL" in by_client
    assert "Succession" in by_intervenant and "Bail commercial" not in by_intervenant
    assert "Succession" in by_client_name and "Bail commercial" not in by_client_name


def test_m1_list_sorts_paginates_and_answers_htmx_with_the_results(
    staff_browser, partner, settings
):
    settings.CABINET_PAGE_SIZE = 2
    client = ClientFactory()
    for title in ("Charlie", "Alpha", "Bravo"):
        make_matter(partner, [client], title=title)

    by_title = html_of(staff_browser.get("/matters/", {"sort": "title"}))
    second = html_of(staff_browser.get("/matters/", {"sort": "title", "page": "2"}))
    fragment = staff_browser.get(
        "/matters/", {"q": "alpha"}, headers={**HTMX, "HX-Target": "matter-results"}
    )

    assert by_title.index("Alpha") < by_title.index("Bravo") and "Charlie" not in by_title
    assert "Page 1 sur 2" in by_title and 'aria-sort="ascending"' in by_title
    assert "Charlie" in second
    assert html_of(fragment).startswith('<section id="matter-results"')


def test_m1_list_without_matter_invites_to_create_one(staff_browser):
    html = html_of(staff_browser.get("/matters/"))

    assert "Aucun dossier ouvert pour l'instant." in html


# Creation in steps (M1) --------------------------------------------------------------------


def start_creation(browser) -> str:
    """The address of step 1 of a fresh creation draft."""
    response = browser.get("/matters/new/")
    assert response.status_code == 302
    return response["Location"].removesuffix("1/")


def fill_informations(browser, base, **data):
    body = {"title": "Succession Moreau", "type": "Succession", "opened_on": "2026-03-02"}
    body.update(data)
    return browser.post(f"{base}1/", {**body, "nav": "next"})


def pick(browser, base, client, role="client", active=True):
    body = {"add_client": client.pk, "new-role": role}
    if active:
        body["new-is_active"] = "on"
    return browser.post(f"{base}2/", body)


def test_m1_steps_are_labelled_and_the_first_one_asks_for_the_informations(staff_browser):
    base = start_creation(staff_browser)

    html = html_of(staff_browser.get(f"{base}1/"))

    for label in ("1 - Informations", "2 - Parties", "3 - Intervenants"):
        assert label in html
    assert 'aria-current="step">1 - Informations' in html
    for field in ("title", "type", "opened_on", "description"):
        assert f'name="{field}"' in html
    assert ">Suivant</button>" in html


def test_m1_create_a_multi_client_matter_in_three_steps(staff_browser, partner):
    dupont, martin = ClientFactory(name="Dupont SA"), PersonFactory(name="Martin")
    adverse = ClientFactory(name="Banque Adverse")
    colleague = UserFactory(first_name="Paul", last_name="Leroy")
    base = start_creation(staff_browser)

    assert fill_informations(staff_browser, base)["Location"] == f"{base}2/"
    assert pick(staff_browser, base, dupont)["Location"] == f"{base}2/"
    pick(staff_browser, base, martin)
    pick(staff_browser, base, adverse, role="adverse")
    staff_browser.post(f"{base}2/", {"toggle": martin.pk})
    step_two = html_of(staff_browser.get(f"{base}2/"))
    assert staff_browser.post(f"{base}2/", {"nav": "next"})["Location"] == f"{base}3/"
    step_three = html_of(staff_browser.get(f"{base}3/"))
    assert Matter.objects.count() == 0
    response = staff_browser.post(
        f"{base}3/", {"intervenant_ids": [colleague.pk], "nav": "create"}, follow=True
    )

    matter = Matter.objects.get()
    assert "Dupont SA" in step_two and "Banque Adverse" in step_two and "Inactif" in step_two
    assert "Récapitulatif" in step_three and "Succession Moreau" in step_three
    assert f'value="{partner.pk}"' in step_three and "checked" in step_three
    assert response.redirect_chain[-1][0] == f"/matters/{matter.pk}/"
    assert f"Dossier {matter.number} « Succession Moreau » créé." in html_of(response)
    assert (matter.title, matter.type, matter.opened_on) == (
        "Succession Moreau",
        "Succession",
        datetime.date(2026, 3, 2),
    )
    assert {(p.client_id, p.role, p.is_active) for p in matter.parties.all()} == {
        (dupont.pk, "client", True),
        (martin.pk, "client", False),
        (adverse.pk, "adverse", True),
    }
    assert set(matter.intervenants.values_list("user_id", flat=True)) == {partner.pk, colleague.pk}
    assert staff_browser.get(f"{base}3/")["Location"] == "/matters/new/"


def test_m1_step_one_shows_errors_and_keeps_what_was_typed(staff_browser):
    base = start_creation(staff_browser)

    response = fill_informations(
        staff_browser, base, title="", opened_on="32/13/2026", type="Conseil"
    )

    html = html_of(response)
    assert response.status_code == 422
    assert "Le titre est obligatoire." in html
    assert "Date illisible" in html
    assert 'value="Conseil"' in html
    assert staff_browser.get(f"{base}2/")["Location"] == f"{base}1/"
    assert Matter.objects.count() == 0


def test_m1_step_two_needs_a_client_party(staff_browser):
    base = start_creation(staff_browser)
    fill_informations(staff_browser, base)
    pick(staff_browser, base, ClientFactory(name="Banque Adverse"), role="adverse")

    response = staff_browser.post(f"{base}2/", {"nav": "next"})

    assert response.status_code == 422
    assert 'id="parties-error"' in html_of(response)
    assert "Un dossier a au moins un client" in html_of(response)
    assert staff_browser.get(f"{base}3/")["Location"] == f"{base}2/"


def test_m1_step_two_searches_clients_by_alias_and_refuses_duplicates(staff_browser):
    sncf = ClientFactory(name="Société Nationale des Chemins de Fer")
    base = start_creation(staff_browser)
    fill_informations(staff_browser, base)

    found = staff_browser.get(
        f"{base}2/", {"q": "societe nat"}, headers={**HTMX, "HX-Target": "party-picker-results"}
    )
    pick(staff_browser, base, sncf)
    again = pick(staff_browser, base, sncf)
    after = staff_browser.get(f"{base}2/", {"q": "societe nat"})

    assert html_of(found).startswith('<div id="party-picker-results"')
    assert f'name="add_client" value="{sncf.pk}"' in html_of(found)
    assert again.status_code == 422
    assert "est déjà partie au dossier" in html_of(again)
    assert "Déjà partie au dossier" in html_of(after)


def test_m1_previous_keeps_the_informations_and_the_parties(staff_browser):
    client = ClientFactory(name="Dupont SA")
    base = start_creation(staff_browser)
    fill_informations(staff_browser, base, description="Dossier de test")
    pick(staff_browser, base, client)

    back = staff_browser.post(f"{base}2/", {"nav": "prev"})
    step_one = html_of(staff_browser.get(f"{base}1/"))
    fill_informations(staff_browser, base, title="Autre titre")
    step_two = html_of(staff_browser.get(f"{base}2/"))
    step_three_back = staff_browser.post(f"{base}3/", {"nav": "prev"})

    assert back["Location"] == f"{base}1/"
    assert 'value="Succession Moreau"' in step_one and "Dossier de test" in step_one
    assert "Dupont SA" in step_two and ">Précédent</button>" in step_two
    assert step_three_back["Location"] == f"{base}2/"
    assert Matter.objects.count() == 0


def test_m1_refusal_at_the_last_step_goes_back_to_the_step_at_fault(staff_browser):
    client = ClientFactory(name="Disparu SA")
    base = start_creation(staff_browser)
    fill_informations(staff_browser, base)
    pick(staff_browser, base, client)
    client.delete()

    response = staff_browser.post(f"{base}3/", {"nav": "create"})

    assert response.status_code == 422
    assert escape("Ce client n'existe pas.") in html_of(response)
    assert 'aria-current="step">2 - Parties' in html_of(response)
    assert Matter.objects.count() == 0


def test_m1_a_new_matter_from_a_client_record_starts_with_that_client(staff_browser):
    client = ClientFactory(name="Dupont SA")

    base = staff_browser.get("/matters/new/", {"client": client.pk})["Location"].removesuffix("1/")
    fill_informations(staff_browser, base)

    assert "Dupont SA" in html_of(staff_browser.get(f"{base}2/"))


def test_m1_an_unknown_draft_starts_again(staff_browser):
    response = staff_browser.get("/matters/new/inconnu/2/")

    assert response["Location"] == "/matters/new/"


# The matter page ------------------------------------------------------------------------


def test_m1_matter_page_shows_number_title_type_status_and_date(staff_browser, partner):
    matter = make_matter(partner, [ClientFactory(name="Dupont SA")], title="Bail commercial")

    html = html_of(staff_browser.get(f"/matters/{matter.pk}/"))

    assert matter.number in html and "Bail commercial" in html and "Contentieux" in html
    assert "Ouvert" in html and "15/01/2026" in html
    assert "Dupont SA" in html and "Parties" in html and "Intervenants" in html
    assert partner.display_name in html
    assert ">Modifier les parties</a>" in html


def test_m2_toggle_in_one_click_on_this_matter_only(staff_browser, partner):
    dupont, martin = ClientFactory(name="Dupont SA"), ClientFactory(name="Martin SARL")
    matter = make_matter(partner, [dupont, martin])
    other = make_matter(partner, [dupont], title="Autre dossier")
    page = html_of(staff_browser.get(f"/matters/{matter.pk}/"))
    toggle = party(matter, dupont)

    response = staff_browser.post(
        f"/matters/{matter.pk}/parties/{toggle.pk}/active/", {"is_active": "0"}, headers=HTMX_PAGE
    )

    html = html_of(response)
    assert f'hx-post="/matters/{matter.pk}/parties/{toggle.pk}/active/"' in page
    assert 'role="switch"' in page and 'name="is_active" value="0"' in page
    assert response.status_code == 200
    assert html.startswith('<div id="matter-page">') and 'hx-swap-oob="true"' in html
    assert "« Dupont SA » est inactif sur ce dossier." in html
    assert not party(matter, dupont).is_active
    assert party(other, dupont).is_active
    back = staff_browser.post(
        f"/matters/{matter.pk}/parties/{toggle.pk}/active/", {"is_active": "1"}
    )
    assert back.status_code == 302 and back["Location"] == f"/matters/{matter.pk}/"
    assert party(matter, dupont).is_active


def test_m3_inactive_party_is_greyed_and_labelled_inactif(staff_browser, partner):
    dupont, martin = ClientFactory(name="Dupont SA"), ClientFactory(name="Martin SARL")
    matter = make_matter(partner, [dupont, martin], inactive=[martin])

    html = html_of(staff_browser.get(f"/matters/{matter.pk}/"))

    inactive = party(matter, martin)
    item = html[html.index(f'id="party-{inactive.pk}"') - 40 :]
    assert 'class="party is-inactive" id="party-' in html
    assert f'<li class="party is-inactive" id="party-{inactive.pk}">' in html
    assert "Inactif</span>" in item[: item.index("party-actions")]
    assert f'<li class="party" id="party-{party(matter, dupont).pk}">' in html


def test_m4_toggle_title_warns_on_an_active_client_with_unbilled_activities(staff_browser, partner):
    dupont, martin = ClientFactory(name="Dupont SA"), ClientFactory(name="Martin SARL")
    matter = make_matter(partner, [dupont, martin])
    add_activity(partner, matter, client=dupont)
    add_activity(partner, matter)

    html = html_of(staff_browser.get(f"/matters/{matter.pk}/"))

    warned = element(html, f"toggle-{party(matter, dupont).pk}")
    quiet = element(html, f"toggle-{party(matter, martin).pk}")
    assert f'title="{M4}"' in warned
    assert 'title="Rendre inactif sur ce dossier"' in quiet


def test_m4_deactivating_shows_the_service_warning_as_a_message(staff_browser, partner):
    dupont, martin = ClientFactory(name="Dupont SA"), ClientFactory(name="Martin SARL")
    matter = make_matter(partner, [dupont, martin])
    add_activity(partner, matter, client=dupont)
    toggle = party(matter, dupont)

    response = staff_browser.post(
        f"/matters/{matter.pk}/parties/{toggle.pk}/active/", {"is_active": "0"}, follow=True
    )

    html = html_of(response)
    assert 'class="message message-warning"' in html and M4 in html
    assert f'title="{M4}"' not in element(html, f"toggle-{toggle.pk}")
    assert not party(matter, dupont).is_active


@pytest.mark.parametrize("clients,button", [(1, "btn-proforma"), (2, "btn-repartition")])
def test_m5_controls_are_disabled_when_all_clients_are_inactive(
    staff_browser, partner, clients, button
):
    """M5: «Nouvelle activité» and «Proforma dossier» / «Répartition client» are real
    disabled controls saying why."""
    parties = ClientFactory.create_batch(clients)
    matter = make_matter(partner, parties, inactive=parties)

    html = html_of(staff_browser.get(f"/matters/{matter.pk}/"))

    new_activity = element(html, "btn-new-activity")
    billing = element(html, button)
    assert new_activity.startswith("<button") and " disabled" in new_activity
    assert f'title="{M5}"' in new_activity
    assert " disabled" in billing and f'title="{M5}"' in billing
    other = "btn-repartition" if button == "btn-proforma" else "btn-proforma"
    assert f'id="{other}"' not in html
    assert 'id="m5-notice"' in html


def test_m5_controls_of_a_matter_that_accepts_activities(staff_browser, partner):
    matter = make_matter(partner, [ClientFactory()])

    html = html_of(staff_browser.get(f"/matters/{matter.pk}/"))

    new_activity = element(html, "btn-new-activity")
    assert new_activity.startswith("<a") and "disabled" not in new_activity
    assert f'href="/activities/new/?matter={matter.pk}"' in new_activity
    proforma = element(html, "btn-proforma")
    assert " disabled" in proforma
    assert 'title="Aucune activité non facturée sur ce dossier."' in proforma
    assert 'id="m5-notice"' not in html


def test_m5_the_last_active_client_made_inactive_disables_new_activity(staff_browser, partner):
    client = ClientFactory()
    matter = make_matter(partner, [client])

    html = html_of(
        staff_browser.post(
            f"/matters/{matter.pk}/parties/{party(matter, client).pk}/active/",
            {"is_active": "0"},
            headers=HTMX_PAGE,
        )
    )

    assert " disabled" in element(html, "btn-new-activity")
    assert f'title="{M5}"' in element(html, "btn-new-activity")


def test_m8_portal_sharing_is_off_after_deactivation_and_switchable_on(staff_browser, partner):
    client = ClientFactory(name="Dupont SA")
    matter = make_matter(partner, [client, ClientFactory()])
    toggle = party(matter, client)
    before = html_of(staff_browser.get(f"/matters/{matter.pk}/"))

    deactivated = staff_browser.post(
        f"/matters/{matter.pk}/parties/{toggle.pk}/active/", {"is_active": "0"}, headers=HTMX_PAGE
    )
    switched = staff_browser.post(
        f"/matters/{matter.pk}/parties/{toggle.pk}/portal/",
        {"portal_shared": "1"},
        headers=HTMX_PAGE,
    )

    assert "Partagé sur le portail" in before
    assert 'aria-checked="true"' in element(before, f"portal-{toggle.pk}")
    assert 'aria-checked="false"' in element(html_of(deactivated), f"portal-{toggle.pk}")
    assert "Son partage sur le portail est coupé." in html_of(deactivated)
    assert 'aria-checked="true"' in element(html_of(switched), f"portal-{toggle.pk}")
    toggle.refresh_from_db()
    assert toggle.portal_shared and not toggle.is_active


def test_m9_close_and_reopen_keep_everything(staff_browser, partner):
    matter = make_matter(partner, [ClientFactory()])
    page = html_of(staff_browser.get(f"/matters/{matter.pk}/"))

    closed = staff_browser.post(f"/matters/{matter.pk}/status/", {"status": "closed"}, follow=True)
    matter.refresh_from_db()
    closed_status = matter.status
    reopened = staff_browser.post(f"/matters/{matter.pk}/status/", {"status": "open"}, follow=True)

    assert 'data-confirm="Clôturer le dossier' in page
    assert "clôturé : il reste consultable" in html_of(closed) and closed_status == "closed"
    assert "Clos" in html_of(closed) and 'id="btn-reopen"' in html_of(closed)
    assert " disabled" in element(html_of(closed), "btn-new-activity")
    assert "rouvert" in html_of(reopened)
    matter.refresh_from_db()
    assert matter.status == "open" and matter.parties.count() == 1


def test_m9_delete_needs_the_right(partner, user_with_profile):
    associate = user_with_profile("associate")
    matter = make_matter(associate, [ClientFactory()])
    browser = browser_for(associate)

    page = html_of(browser.get(f"/matters/{matter.pk}/"))
    response = browser.post(f"/matters/{matter.pk}/delete/", follow=True)

    button = element(page, "btn-delete")
    assert button.startswith("<button") and " disabled" in button
    assert "Votre profil ne vous donne pas ce droit." in html_of(response)
    assert Matter.objects.filter(pk=matter.pk).exists()


def test_m9_delete_is_refused_while_the_matter_holds_activities(staff_browser, partner):
    matter = make_matter(partner, [ClientFactory()])
    add_activity(partner, matter)

    response = staff_browser.post(f"/matters/{matter.pk}/delete/", follow=True)

    assert "Ce dossier contient des activités" in html_of(response)
    assert Matter.objects.filter(pk=matter.pk).exists()


def test_m9_delete_an_empty_matter_with_the_right(staff_browser, partner):
    matter = make_matter(partner, [ClientFactory()], title="Erreur de saisie")
    page = html_of(staff_browser.get(f"/matters/{matter.pk}/"))

    response = staff_browser.post(f"/matters/{matter.pk}/delete/", follow=True)

    assert 'data-confirm="Supprimer définitivement le dossier' in page
    assert response.redirect_chain[-1][0] == "/matters/"
    assert f"Dossier {matter.number} « Erreur de saisie » supprimé." in html_of(response)
    assert not Matter.objects.filter(pk=matter.pk).exists()


def test_m1_edit_the_informations(staff_browser, partner):
    matter = make_matter(partner, [ClientFactory()])

    empty = staff_browser.post(
        f"/matters/{matter.pk}/edit/", {"title": "", "opened_on": "2026-01-15"}
    )
    saved = staff_browser.post(
        f"/matters/{matter.pk}/edit/",
        {"title": "Bail renouvelé", "type": "Baux", "opened_on": "2026-01-15"},
        follow=True,
    )

    assert empty.status_code == 422 and "Le titre est obligatoire." in html_of(empty)
    assert "Dossier enregistré." in html_of(saved)
    matter.refresh_from_db()
    assert (matter.title, matter.type) == ("Bail renouvelé", "Baux")


# Intervenants (M6) ----------------------------------------------------------------------


def test_m6_add_oneself_as_intervenant(staff_browser, partner, user_with_profile):
    matter = make_matter(user_with_profile("associate"), [ClientFactory()])
    page = html_of(staff_browser.get(f"/matters/{matter.pk}/"))

    response = staff_browser.post(f"/matters/{matter.pk}/intervenants/add/", headers=HTMX_PAGE)

    assert "S'ajouter comme intervenant" in page
    assert "disabled" not in element(page, "btn-self-intervene")
    assert "Vous intervenez sur ce dossier." in html_of(response)
    assert 'id="btn-self-intervene"' not in html_of(response)
    assert Intervenant.objects.filter(matter=matter, user=partner).exists()


def test_m6_a_profile_without_the_right_cannot_add_himself(db):
    from cabinet.accounts.models import Profile

    billing_only = Profile.objects.create(code="facturation", name="Facturation", rights=["bill"])
    user = UserFactory(profile=billing_only)
    matter = make_matter(user, [ClientFactory()])
    services.intervenant_remove(actor=user, matter=matter, user_id=user.pk)
    browser = browser_for(user)

    page = html_of(browser.get(f"/matters/{matter.pk}/"))
    response = browser.post(f"/matters/{matter.pk}/intervenants/add/", follow=True)

    button = element(page, "btn-self-intervene")
    assert " disabled" in button and "Votre profil ne vous permet pas" in button
    assert "Votre profil ne vous permet pas de vous ajouter comme intervenant." in html_of(response)
    assert not matter.intervenants.exists()


def test_m6_leaving_a_matter_one_no_longer_sees_goes_back_to_the_list(partner, user_with_profile):
    associate = user_with_profile("associate")
    matter = make_matter(partner, [ClientFactory()], intervenant_ids=[associate.pk])
    browser = browser_for(associate)

    response = browser.post(
        f"/matters/{matter.pk}/intervenants/{associate.pk}/remove/", headers=HTMX_PAGE
    )

    assert response["HX-Redirect"] == "/matters/"
    assert not matter.intervenants.filter(user=associate).exists()


def test_m6_a_partner_adds_and_removes_another_intervenant(staff_browser, partner):
    colleague = UserFactory(first_name="Paul", last_name="Leroy")
    matter = make_matter(partner, [ClientFactory()])

    added = staff_browser.post(
        f"/matters/{matter.pk}/intervenants/add/", {"user_id": colleague.pk}, headers=HTMX_PAGE
    )
    removed = staff_browser.post(
        f"/matters/{matter.pk}/intervenants/{colleague.pk}/remove/", headers=HTMX_PAGE
    )
    nobody = staff_browser.post(
        f"/matters/{matter.pk}/intervenants/add/", {"user_id": ""}, headers=HTMX_PAGE
    )

    assert "« Paul Leroy » intervient sur ce dossier." in html_of(added)
    assert "Intervenant retiré du dossier." in html_of(removed)
    assert nobody.status_code == 422 and escape("Choisissez l'intervenant à ajouter.") in html_of(
        nobody
    )
    assert list(matter.intervenants.values_list("user_id", flat=True)) == [partner.pk]


def test_m6_an_assistant_cannot_add_someone_else(user_with_profile):
    assistant = user_with_profile("assistant")
    other = UserFactory()
    matter = make_matter(assistant, [ClientFactory()])
    browser = browser_for(assistant)

    page = html_of(browser.get(f"/matters/{matter.pk}/"))
    response = browser.post(
        f"/matters/{matter.pk}/intervenants/add/", {"user_id": other.pk}, follow=True
    )

    assert 'id="intervenant-add"' not in page
    assert "Votre profil ne vous donne pas ce droit." in html_of(response)
    assert not matter.intervenants.filter(user=other).exists()


# «Modifier les parties» (M2, M10) -------------------------------------------------------


def test_m2_add_and_remove_parties(staff_browser, partner):
    dupont = ClientFactory(name="Dupont SA")
    adverse = ClientFactory(name="Banque Adverse")
    matter = make_matter(partner, [dupont])

    search = html_of(staff_browser.get(f"/matters/{matter.pk}/parties/", {"q": "banque"}))
    added = staff_browser.post(
        f"/matters/{matter.pk}/parties/add/",
        {"add_client": adverse.pk, "new-role": "adverse", "new-is_active": "on"},
        follow=True,
    )
    last_client = staff_browser.post(
        f"/matters/{matter.pk}/parties/{party(matter, dupont).pk}/remove/", follow=True
    )
    removed = staff_browser.post(
        f"/matters/{matter.pk}/parties/{party(matter, adverse).pk}/remove/", follow=True
    )

    assert f'name="add_client" value="{adverse.pk}"' in search
    assert "« Banque Adverse » ajouté comme partie adverse." in html_of(added)
    assert "Un dossier garde au moins un client." in html_of(last_client)
    assert "« Banque Adverse » retiré du dossier." in html_of(removed)
    assert list(matter.parties.values_list("client_id", flat=True)) == [dupont.pk]


def test_m2_a_party_with_activities_is_not_removed(staff_browser, partner):
    dupont, martin = ClientFactory(), ClientFactory()
    matter = make_matter(partner, [dupont, martin])
    add_activity(partner, matter, client=martin)

    response = staff_browser.post(
        f"/matters/{matter.pk}/parties/{party(matter, martin).pk}/remove/", follow=True
    )

    assert "rendez-le inactif plutôt que de le retirer" in html_of(response)
    assert matter.parties.count() == 2


def test_m10_linked_contact_attached_to_a_party_follows_it(staff_browser, partner):
    dupont = ClientFactory(name="Dupont SA")
    adverse = ClientFactory(name="Banque Adverse")
    law_firm = ClientFactory(name="Cabinet Lefort")
    lawyer = ContactFactory(client=law_firm, first_name="Anne", last_name="Lefort", role="Avocate")
    matter = make_matter(partner, [dupont], others=[adverse])
    adverse_party = party(matter, adverse)

    picker = html_of(staff_browser.get(f"/matters/{matter.pk}/parties/", {"cq": "lefort"}))
    chooser = html_of(
        staff_browser.get(f"/matters/{matter.pk}/parties/", {"contact_client": law_firm.pk})
    )
    added = staff_browser.post(
        f"/matters/{matter.pk}/parties/add/",
        {
            "contact_client": law_firm.pk,
            "linked-contact_id": lawyer.pk,
            "linked-linked_party_id": adverse_party.pk,
        },
        follow=True,
    )
    linked = MatterParty.objects.get(matter=matter, contact=lawyer)
    page = html_of(staff_browser.get(f"/matters/{matter.pk}/"))
    staff_browser.post(
        f"/matters/{matter.pk}/parties/{adverse_party.pk}/active/", {"is_active": "0"}
    )
    after = html_of(staff_browser.get(f"/matters/{matter.pk}/"))

    assert f"?contact_client={law_firm.pk}" in picker
    assert f'value="{lawyer.pk}"' in chooser and "Avocate" in chooser
    assert "Contact lié « Anne Lefort » ajouté." in html_of(added)
    assert linked.role == "linked_contact" and linked.linked_party == adverse_party
    assert "Anne Lefort" in page and "Contact lié" in page
    assert f'<li class="party party-linked is-inactive" id="party-{linked.pk}">' in after
    linked.refresh_from_db()
    assert not linked.is_active


# A client's «Dossiers» (M7) ----------------------------------------------------------------


def test_m7_client_matters_tab_lists_role_status_and_where_activities_may_be_added(
    staff_browser, partner
):
    client = ClientFactory(name="Dupont SA")
    active_on = make_matter(partner, [client], title="Actif ici")
    inactive_on = make_matter(
        partner, [client, ClientFactory()], inactive=[client], title="Inactif ici"
    )
    adverse_on = make_matter(partner, [ClientFactory()], others=[client], title="Adverse ici")

    response = staff_browser.get(f"/clients/{client.pk}/matters/")

    html = html_of(response)
    assert response.status_code == 200
    assert 'aria-current="page"' in element(html, "tab-client-matters")
    assert "3 dossiers" in html
    assert "Partie adverse" in html and "Inactif" in html
    enabled = re.search(rf'id="client-matter-{active_on.pk}".*?</tr>', html, re.S).group(0)
    assert f"/activities/new/?matter={active_on.pk}&amp;client={client.pk}" in enabled
    for matter in (inactive_on, adverse_on):
        row = re.search(rf'id="client-matter-{matter.pk}".*?</tr>', html, re.S).group(0)
        assert "disabled" in row and "Nouvelle activité" in row
    assert "Ce client est inactif sur ce dossier" in html


def test_m7_client_matters_tab_answers_htmx_with_the_record_body(staff_browser, partner):
    client = ClientFactory()
    make_matter(partner, [client])

    response = staff_browser.get(
        f"/clients/{client.pk}/matters/", headers={**HTMX, "HX-Target": "client-body"}
    )

    assert html_of(response).startswith('<div id="client-body">')
    assert ">Fiche</a>" in html_of(response) and ">Contacts</a>" in html_of(response)


# Query counts ----------------------------------------------------------------------------


def _matter_with(partner, count: int) -> Matter:
    clients = ClientFactory.create_batch(count)
    matter = make_matter(partner, clients, others=ClientFactory.create_batch(count))
    for client in clients[: count // 2]:
        ContactFactory(client=client)
    for index in range(count):
        add_activity(partner, matter, client=clients[index % count])
    for contact_client in clients[: count // 2]:
        services.party_add(
            actor=partner,
            matter=matter,
            role="linked_contact",
            contact_id=contact_client.contacts.get().pk,
            linked_party_id=party(matter, contact_client).pk,
        )
    return matter


@pytest.mark.parametrize("count", [3, 60])
def test_matter_page_costs_a_bounded_number_of_queries(
    staff_browser, partner, django_assert_max_num_queries, count
):
    matter = _matter_with(partner, count)
    UserFactory.create_batch(count // 3)

    with django_assert_max_num_queries(11):  # 10, and which clients have a web user (M8)
        response = staff_browser.get(f"/matters/{matter.pk}/")

    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 60])
def test_matter_list_and_client_tab_cost_a_bounded_number_of_queries(
    staff_browser, partner, django_assert_max_num_queries, count
):
    client = ClientFactory()
    for _ in range(min(count, 30)):
        make_matter(partner, [client, *ClientFactory.create_batch(2)])

    with django_assert_max_num_queries(8):
        staff_browser.get("/matters/")
    with django_assert_max_num_queries(10):
        staff_browser.get(f"/clients/{client.pk}/matters/")


# Integration pieces for the layout ----------------------------------------------------------


def test_a9_plus_menu_entries_lead_to_the_quick_entry_and_the_creation():
    html = render_to_string("matters/partials/_plus_menu_entries.html") + render_to_string(
        "activities/partials/_plus_menu_entry.html"
    )

    assert (
        '<a role="menuitem" href="/activities/new/" id="plus-new-activity">Nouvelle activité</a>'
        in html
    )
    assert '<a role="menuitem" href="/matters/new/">Nouveau dossier</a>' in html
