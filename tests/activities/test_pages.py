"""Activity pages through real templates: a matter's «Activités» (A1), the quick entry of
the «+» menu (A9), the client's «Nouvelle activité» (M7) and «Transférer vers un autre
dossier» (A8)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client as HttpClient
from django.utils.html import escape

from cabinet.activities import services as activity_services
from cabinet.activities.models import Activity
from cabinet.matters import selectors, services
from cabinet.matters.models import MatterParty
from tests.factories import ClientFactory, UserFactory, give_clients

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
NBSP = "\u00a0"


def html_of(response) -> str:
    return response.content.decode()


def browser_for(user) -> HttpClient:
    browser = HttpClient()
    browser.force_login(user)
    return browser


def make_matter(actor, clients, *, inactive=(), title="Succession Moreau", **extra):
    parties = [
        {"client_id": c.pk, "role": "client", "is_active": c not in inactive} for c in clients
    ]
    give_clients(actor, clients)
    return services.matter_create(
        actor=actor, title=title, opened_on=datetime.date(2026, 1, 15), parties=parties, **extra
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


def deactivate(actor, matter, client):
    party = MatterParty.objects.get(matter=matter, client=client)
    services.party_set_active(actor=actor, matter=matter, party_id=party.pk, is_active=False)


def options_of(html: str, select_name: str) -> list[str]:
    select = re.search(rf'<select name="{select_name}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"', select)


def row_of(html: str, activity: Activity) -> str:
    return re.search(rf'<tr id="activity-{activity.pk}".*?</tr>', html, re.S).group(0)


# Quick entry (A9) ----------------------------------------------------------------------


def test_a9_quick_entry_lists_only_matters_that_accept_activities(staff_browser, partner):
    client = ClientFactory()
    open_one = make_matter(partner, [client], title="Ouvert")
    all_inactive = make_matter(partner, [client], inactive=[client], title="Tous inactifs")
    closed = make_matter(partner, [client], title="Clos")
    services.matter_set_status(actor=partner, matter=closed, status="closed")

    html = html_of(staff_browser.get("/activities/new/"))

    assert options_of(html, "matter") == [str(open_one.pk)]
    assert f"{open_one.number} · Ouvert" in html
    assert str(all_inactive.pk) not in options_of(html, "matter")


def test_a9_quick_entry_of_an_associate_lists_the_matters_he_intervenes_on(
    partner, user_with_profile
):
    associate = user_with_profile("associate")
    mine = make_matter(partner, [ClientFactory()], title="Le sien", intervenant_ids=[associate.pk])
    make_matter(partner, [ClientFactory()], title="Pas le sien")

    html = html_of(browser_for(associate).get("/activities/new/"))

    assert options_of(html, "matter") == [str(mine.pk)]


def test_a9_the_matter_list_is_searched_as_one_types_and_without_javascript(staff_browser, partner):
    dupont = ClientFactory(name="Dupont")
    bail = make_matter(partner, [dupont], title="Bail commercial")
    succession = make_matter(partner, [ClientFactory(name="Martin")], title="Succession")

    typed = staff_browser.get(
        "/activities/new/", {"q": "dupont"}, headers={**HTMX, "HX-Target": "matter-choices"}
    )
    plain = html_of(staff_browser.get("/activities/new/", {"q": "succ"}))
    by_number = html_of(staff_browser.get("/activities/new/", {"q": bail.number[:6]}))
    nothing = html_of(staff_browser.get("/activities/new/", {"q": "introuvable"}))

    assert html_of(typed).startswith('<div id="matter-choices" class="matter-choices">')
    assert options_of(html_of(typed), "matter") == [str(bail.pk)]
    assert options_of(plain, "matter") == [str(succession.pk)]
    assert '<form method="get" action="/activities/new/" id="matter-search"' in plain
    assert 'name="q" form="matter-search" value="succ"' in plain
    assert options_of(by_number, "matter") == [str(bail.pk), str(succession.pk)]
    assert "Aucun dossier ne correspond à « introuvable »." in nothing
    assert 'id="no-matter"' not in nothing


def test_a9_the_chosen_matter_stays_listed_whatever_is_searched(staff_browser, partner):
    client = ClientFactory(name="Durand")
    chosen = make_matter(partner, [client], title="Bail commercial")
    others = [make_matter(partner, [client], title=f"Conseil {i}") for i in range(21)]

    html = html_of(
        staff_browser.get(
            "/activities/new/",
            {"q": "conseil", "matter": chosen.pk},
            headers={**HTMX, "HX-Target": "matter-choices"},
        )
    )

    listed = options_of(html, "matter")
    assert listed[0] == str(chosen.pk) and f'<option value="{chosen.pk}" selected>' in html
    assert listed[1:] == [str(m.pk) for m in others[:20]]
    assert "Les 20 premiers de 21 dossiers : précisez la recherche." in html


def test_a9_without_any_matter_the_page_says_why(staff_browser):
    html = html_of(staff_browser.get("/activities/new/"))

    assert 'id="no-matter"' in html
    assert "Aucun dossier ne peut recevoir d'activité de votre part." in html


def test_a9_choosing_a_matter_lists_its_active_clients_and_commune(staff_browser, partner):
    dupont, martin = ClientFactory(name="Dupont SA"), ClientFactory(name="Martin SARL")
    matter = make_matter(partner, [dupont, martin], inactive=[martin])

    response = staff_browser.get(
        "/activities/new/", {"matter": matter.pk}, headers={**HTMX, "HX-Target": "client-field"}
    )

    html = html_of(response)
    assert html.startswith('<div class="field span-2" id="client-field">')
    assert options_of(html, "client") == ["", str(dupont.pk)]
    assert ">Commune</option>" in html and "Dupont SA" in html and "Martin SARL" not in html
    assert f'<option value="{dupont.pk}" selected>' in html


def test_a9_before_a_matter_is_chosen_only_commune_is_offered(staff_browser, partner):
    make_matter(partner, [ClientFactory()])

    html = html_of(staff_browser.get("/activities/new/"))

    assert options_of(html, "client") == [""]
    assert "Choisissez d'abord le dossier." in html


def test_a9_a_matter_asked_for_that_does_not_accept_activities_is_explained(staff_browser, partner):
    client = ClientFactory()
    matter = make_matter(partner, [client], inactive=[client])
    other = make_matter(partner, [ClientFactory()], title="Autre")

    html = html_of(staff_browser.get("/activities/new/", {"matter": matter.pk}))

    assert 'id="activity-refusal"' in html
    assert escape(selectors.M5_REFUSAL) in html
    assert options_of(html, "matter") == [str(other.pk)]


# The activity form (A1) ----------------------------------------------------------------


def test_a1_the_form_prefills_the_user_rate_and_vat_20(staff_browser, partner, partner_rate):
    matter = make_matter(partner, [ClientFactory()])

    html = html_of(staff_browser.get("/activities/new/", {"matter": matter.pk}))

    for label in ("Temps", "Frais", "Honoraires forfaitaires"):
        assert label in html
    assert 'name="hourly_rate" value="180,00"' in html
    assert 'name="vat_rate" value="20"' in html
    assert f'<option value="{matter.pk}" selected>' in html


@pytest.fixture
def partner_rate(partner):
    partner.hourly_rate = Decimal("180.00")
    partner.save(update_fields=["hourly_rate"])
    return partner.hourly_rate


def test_a1_time_entry_is_hours_times_rate(staff_browser, partner, partner_rate):
    client = ClientFactory()
    matter = make_matter(partner, [client])

    response = staff_browser.post(
        "/activities/new/",
        {
            "matter": matter.pk,
            "kind": "time",
            "date": "2026-02-03",
            "description": "Rédaction des conclusions",
            "hours": "1,5",
            "hourly_rate": "180,00",
            "amount": "999",
            "vat_rate": "20",
            "client": client.pk,
        },
        follow=True,
    )

    activity = Activity.objects.get()
    assert response.redirect_chain[-1][0] == f"/matters/{matter.pk}/activities/"
    assert f"Activité ajoutée au dossier {matter.number}" in html_of(response)
    assert (activity.hours, activity.hourly_rate, activity.amount) == (
        Decimal("1.50"),
        Decimal("180.00"),
        Decimal("270.00"),
    )
    assert activity.client == client and activity.user == partner
    assert f"270,00{NBSP}€" in html_of(response)


def test_a1_expense_is_an_amount_and_may_be_common(staff_browser, partner):
    matter = make_matter(partner, [ClientFactory(), ClientFactory()])

    staff_browser.post(
        "/activities/new/",
        {
            "matter": matter.pk,
            "kind": "expense",
            "date": "2026-02-03",
            "description": "Frais de greffe",
            "hours": "2",
            "amount": "35.20",
            "vat_rate": "0",
            "client": "",
        },
    )

    activity = Activity.objects.get()
    assert (activity.kind, activity.amount, activity.hours, activity.client) == (
        "expense",
        Decimal("35.20"),
        None,
        None,
    )
    assert activity.vat_rate == Decimal("0")


def test_a1_the_form_shows_errors_and_creates_nothing(staff_browser, partner):
    matter = make_matter(partner, [ClientFactory()])

    no_hours = staff_browser.post(
        "/activities/new/",
        {
            "matter": matter.pk,
            "kind": "time",
            "date": "2026-02-03",
            "description": "X",
            "vat_rate": "20",
        },
    )
    no_amount = staff_browser.post(
        "/activities/new/",
        {
            "matter": matter.pk,
            "kind": "fee",
            "date": "2026-02-03",
            "description": "X",
            "vat_rate": "20",
        },
    )
    no_matter = staff_browser.post(
        "/activities/new/", {"kind": "fee", "date": "", "description": "", "amount": "abc"}
    )

    assert no_hours.status_code == 422
    assert "Une saisie de temps a une durée positive." in html_of(no_hours)
    assert "Le montant est obligatoire." in html_of(no_amount)
    for message in (
        "Choisissez le dossier.",
        "La date est obligatoire.",
        "La description est obligatoire.",
    ):
        assert message in html_of(no_matter)
    assert not Activity.objects.exists()


def test_m5_a_matter_that_stopped_accepting_activities_refuses_the_entry(staff_browser, partner):
    client = ClientFactory()
    matter = make_matter(partner, [client])
    deactivate(partner, matter, client)

    response = staff_browser.post(
        "/activities/new/",
        {
            "matter": matter.pk,
            "kind": "fee",
            "date": "2026-02-03",
            "description": "X",
            "amount": "10",
            "vat_rate": "20",
        },
    )

    assert response.status_code == 422
    assert escape(selectors.M5_REFUSAL) in html_of(response)
    assert not Activity.objects.exists()


def test_m7_an_inactive_client_cannot_be_chosen(staff_browser, partner):
    dupont, martin = ClientFactory(), ClientFactory()
    matter = make_matter(partner, [dupont, martin], inactive=[martin])

    response = staff_browser.post(
        "/activities/new/",
        {
            "matter": matter.pk,
            "kind": "fee",
            "date": "2026-02-03",
            "description": "X",
            "amount": "10",
            "vat_rate": "20",
            "client": martin.pk,
        },
    )

    assert response.status_code == 422
    assert "Ce client est inactif sur le dossier" in html_of(response)
    assert not Activity.objects.exists()


def test_m7_from_the_client_record_the_form_preselects_the_client_and_goes_back(
    staff_browser, partner
):
    dupont, martin = ClientFactory(name="Dupont SA"), ClientFactory(name="Martin SARL")
    matter = make_matter(partner, [dupont, martin])
    back = f"/clients/{martin.pk}/matters/"

    form = html_of(
        staff_browser.get(
            "/activities/new/", {"matter": matter.pk, "client": martin.pk, "next": back}
        )
    )
    response = staff_browser.post(
        "/activities/new/",
        {
            "matter": matter.pk,
            "kind": "fee",
            "date": "2026-02-03",
            "description": "X",
            "amount": "10",
            "vat_rate": "20",
            "client": martin.pk,
            "next": back,
        },
    )
    elsewhere = staff_browser.post(
        "/activities/new/",
        {
            "matter": matter.pk,
            "kind": "fee",
            "date": "2026-02-03",
            "description": "Y",
            "amount": "10",
            "vat_rate": "20",
            "next": "https://evil.test/",
        },
    )

    assert f'<option value="{martin.pk}" selected>' in form
    assert f'name="next" value="{back}"' in form
    assert response["Location"] == back
    assert elsewhere["Location"] == f"/matters/{matter.pk}/activities/"
    assert Activity.objects.filter(client=martin).count() == 1


# The «Activités» tab -------------------------------------------------------------------


def test_a1_activities_tab_lists_columns_states_and_totals(staff_browser, partner):
    dupont = ClientFactory(name="Dupont SA")
    matter = make_matter(partner, [dupont, ClientFactory()])
    time = activity_services.activity_create(
        actor=partner,
        matter=matter,
        kind="time",
        date=datetime.date(2026, 2, 2),
        description="Audience",
        hours=Decimal("2"),
        hourly_rate=Decimal("150"),
        client_id=dupont.pk,
    )
    common = add_activity(partner, matter, amount="1234.50", description="Forfait")
    invoiced = add_activity(partner, matter, amount="10.00", description="Ancien")
    Activity.objects.filter(pk=invoiced.pk).update(state="invoiced")

    html = html_of(staff_browser.get(f"/matters/{matter.pk}/activities/"))

    headers = (
        "Date",
        "Type",
        "Description",
        "Client",
        "Heures × taux",
        "Montant HT",
        "TVA",
        "État",
    )
    for header in headers:
        assert f">{header}</th>" in html
    time_row, common_row, invoiced_row = (row_of(html, a) for a in (time, common, invoiced))
    assert "02/02/2026" in time_row and "Temps" in time_row and "Dupont SA" in time_row
    assert f"2,00{NBSP}h × 150,00{NBSP}€" in time_row and f"300,00{NBSP}€" in time_row
    assert (
        f"20{NBSP}%" in time_row and "Non facturée" in time_row and partner.display_name in time_row
    )
    assert "Commune" in common_row and f"1\u202f234,50{NBSP}€" in common_row
    assert "Facturée" in invoiced_row and "Modifier" not in invoiced_row
    assert "disabled" in invoiced_row and "Modifier" in time_row
    totals = re.search(r'id="activity-totals".*?</dl>', html, re.S).group(0)
    assert f"1\u202f544,50{NBSP}€" in totals and f"1\u202f534,50{NBSP}€" in totals
    assert f"2,00{NBSP}h" in totals
    assert 'aria-current="page">Activités' in html


def test_a1_activities_tab_filters_by_state_kind_and_client(staff_browser, partner):
    dupont = ClientFactory(name="Dupont SA")
    matter = make_matter(partner, [dupont, ClientFactory()])
    linked = add_activity(partner, matter, client=dupont, description="Liée")
    common = add_activity(partner, matter, description="Partagée", kind="expense")
    billed = add_activity(partner, matter, description="Facturée", client=dupont)
    Activity.objects.filter(pk=billed.pk).update(state="invoiced")
    url = f"/matters/{matter.pk}/activities/"

    by_common = html_of(staff_browser.get(url, {"client": "common"}))
    by_client = html_of(staff_browser.get(url, {"client": dupont.pk, "state": "unbilled"}))
    by_kind = staff_browser.get(
        url, {"kind": "expense"}, headers={**HTMX, "HX-Target": "activities-panel"}
    )

    assert (
        f'id="activity-{common.pk}"' in by_common and f'id="activity-{linked.pk}"' not in by_common
    )
    assert (
        f'id="activity-{linked.pk}"' in by_client and f'id="activity-{billed.pk}"' not in by_client
    )
    assert html_of(by_kind).startswith('<section id="activities-panel"')
    assert f'id="activity-{common.pk}"' in html_of(by_kind)
    assert f'id="activity-{linked.pk}"' not in html_of(by_kind)


def test_a1_edit_and_delete_an_unbilled_activity(staff_browser, partner):
    client = ClientFactory()
    matter = make_matter(partner, [client])
    activity = add_activity(partner, matter, client=client, description="Avant")

    form = html_of(staff_browser.get(f"/matters/{matter.pk}/activities/{activity.pk}/edit/"))
    saved = staff_browser.post(
        f"/matters/{matter.pk}/activities/{activity.pk}/edit/",
        {
            "date": "2026-02-05",
            "description": "Après",
            "amount": "80,50",
            "vat_rate": "10",
            "client": "",
        },
        follow=True,
    )
    activity.refresh_from_db()
    after_edit = (activity.description, activity.amount, activity.vat_rate, activity.client)
    deleted = staff_browser.post(
        f"/matters/{matter.pk}/activities/{activity.pk}/delete/", follow=True
    )

    assert 'value="Avant"' in form and 'name="matter"' not in form
    assert "Activité enregistrée." in html_of(saved)
    assert after_edit == ("Après", Decimal("80.50"), Decimal("10.00"), None)
    assert "Activité supprimée." in html_of(deleted)
    assert not Activity.objects.exists()


def test_a2_a_billed_activity_is_neither_edited_nor_deleted(staff_browser, partner):
    matter = make_matter(partner, [ClientFactory()])
    activity = add_activity(partner, matter)
    Activity.objects.filter(pk=activity.pk).update(state="proforma")

    edited = staff_browser.post(
        f"/matters/{matter.pk}/activities/{activity.pk}/edit/",
        {"date": "2026-02-05", "description": "Autre", "amount": "1", "vat_rate": "20"},
    )
    deleted = staff_browser.post(
        f"/matters/{matter.pk}/activities/{activity.pk}/delete/", follow=True
    )

    assert edited.status_code == 422 and "elle ne change plus" in html_of(edited)
    assert "elle ne change plus" in html_of(deleted)
    assert Activity.objects.get().description == "Consultation"


# Transfer (A8) ---------------------------------------------------------------------------


def test_a8_transfer_through_the_bulk_action(staff_browser, partner):
    dupont, martin = ClientFactory(name="Dupont SA"), ClientFactory(name="Martin SARL")
    source = make_matter(partner, [dupont, martin], title="Source")
    target = make_matter(partner, [dupont], title="Cible")
    refusing = make_matter(partner, [martin], inactive=[martin], title="Refuse")
    kept = add_activity(partner, source, client=dupont)
    becomes_common = add_activity(partner, source, client=martin)
    stays = add_activity(partner, source, description="Reste")

    tab = html_of(staff_browser.get(f"/matters/{source.pk}/activities/"))
    chooser = staff_browser.post(
        f"/matters/{source.pk}/activities/transfer/",
        {"activity_ids": [kept.pk, becomes_common.pk]},
    )
    done = staff_browser.post(
        f"/matters/{source.pk}/activities/transfer/",
        {
            "activity_ids": [kept.pk, becomes_common.pk],
            "target_matter_id": target.pk,
            "confirm": "1",
        },
        follow=True,
    )

    assert "Actions groupées" in tab and "Transférer vers un autre dossier" in tab
    assert f'name="activity_ids" value="{kept.pk}"' in tab
    targets = options_of(html_of(chooser), "target_matter_id")
    assert targets == ["", str(target.pk)]
    assert str(source.pk) not in targets and str(refusing.pk) not in targets
    assert "2 activités transférées vers le dossier" in html_of(done)
    kept.refresh_from_db()
    becomes_common.refresh_from_db()
    stays.refresh_from_db()
    assert (kept.matter, kept.client) == (target, dupont)
    assert (becomes_common.matter, becomes_common.client) == (target, None)
    assert stays.matter == source


def test_a8_transfer_is_all_or_nothing(staff_browser, partner):
    client = ClientFactory()
    source = make_matter(partner, [client], title="Source")
    target = make_matter(partner, [client], title="Cible")
    unbilled = add_activity(partner, source)
    invoiced = add_activity(partner, source)
    Activity.objects.filter(pk=invoiced.pk).update(state="invoiced")

    response = staff_browser.post(
        f"/matters/{source.pk}/activities/transfer/",
        {"activity_ids": [unbilled.pk, invoiced.pk], "target_matter_id": target.pk, "confirm": "1"},
    )

    assert response.status_code == 409
    assert "Seules les activités non facturées se transfèrent" in html_of(response)
    assert set(Activity.objects.values_list("matter_id", flat=True)) == {source.pk}


def test_a8_transfer_to_a_matter_that_does_not_accept_activities_is_refused(staff_browser, partner):
    """A8/M5: the service's refusal is shown as a message; nothing moves."""
    client, other = ClientFactory(), ClientFactory()
    source = make_matter(partner, [client], title="Source")
    target = make_matter(partner, [other], title="Cible")
    activity = add_activity(partner, source)
    deactivate(partner, target, other)

    response = staff_browser.post(
        f"/matters/{source.pk}/activities/transfer/",
        {"activity_ids": [activity.pk], "target_matter_id": target.pk, "confirm": "1"},
    )

    assert response.status_code == 409
    assert escape(selectors.M5_REFUSAL) in html_of(response)
    activity.refresh_from_db()
    assert activity.matter == source


def test_a8_transfer_without_selection_says_so(staff_browser, partner):
    matter = make_matter(partner, [ClientFactory()])

    response = staff_browser.post(f"/matters/{matter.pk}/activities/transfer/", follow=True)

    assert "Sélectionnez au moins une activité à transférer." in html_of(response)


# Query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 60])
def test_a9_quick_entry_costs_a_bounded_number_of_queries(
    staff_browser, partner, django_assert_max_num_queries, count
):
    """A9: the «Dossier» list shows 20 matters at a time, in as many queries for 3 as 60."""
    clients = ClientFactory.create_batch(3)
    for index in range(count):
        make_matter(partner, clients, inactive=clients[: index % 3], title=f"Dossier {index}")
    UserFactory.create_batch(count // 3)

    with django_assert_max_num_queries(7):
        response = staff_browser.get("/activities/new/")

    assert len(options_of(html_of(response), "matter")) == min(count, 20)
    if count > 20:
        assert f"Les 20 premiers de {count} dossiers : précisez la recherche." in html_of(response)


@pytest.mark.parametrize("count", [3, 60])
def test_activities_tab_costs_a_bounded_number_of_queries(
    staff_browser, partner, django_assert_max_num_queries, count
):
    clients = ClientFactory.create_batch(count)
    matter = make_matter(partner, clients)
    for index in range(count):
        add_activity(partner, matter, client=clients[index])

    with django_assert_max_num_queries(11):
        response = staff_browser.get(f"/matters/{matter.pk}/activities/")

    assert response.status_code == 200
