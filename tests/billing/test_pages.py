"""Billing pages through real templates: a matter's «Facturation» and «Répartition clients»
(A3–A6, M5), proformas (A6, A10), invoices and credit notes (A7), PDFs, the «Factures»
list and a client's bills; rights (U1) and pinned query counts."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.template import RequestContext, Template
from django.test import Client as HttpClient
from django.test import RequestFactory
from django.utils import timezone

from cabinet.activities.models import Activity, BillingState
from cabinet.activities.services import activity_create
from cabinet.billing import services
from cabinet.billing.models import ClientSplit, CreditNote, Invoice, Proforma
from cabinet.matters import selectors as matters
from cabinet.matters.models import Matter, MatterStatus
from cabinet.matters.selectors import M5_REFUSAL
from cabinet.matters.services import matter_create, matter_set_status, party_set_active
from tests.factories import AliasFactory, ClientFactory, give_clients

pytestmark = pytest.mark.django_db

NBSP, THIN = "\u00a0", "\u202f"
FINALIZE_CONFIRM = (
    "La facture recevra le prochain numéro de la séquence ; elle ne pourra plus être modifiée."
)


def euros(text: str) -> str:
    """«1 234,56 €» as the pages write it (no-break spaces)."""
    return text.replace(" ", THIN).replace(THIN + "€", NBSP + "€")


def html_of(response) -> str:
    """The page's text with its entities decoded («l'acte», not «l&#x27;acte»)."""
    return unescape(response.content.decode())


def tag(html: str, element_id: str) -> str:
    """The opening tag of the element with this id."""
    match = re.search(rf'<[a-z]+\b[^>]*\bid="{re.escape(element_id)}"[^>]*>', html)
    assert match, f"no element #{element_id}"
    return match.group(0)


def is_disabled(html: str, element_id: str, reason: str) -> bool:
    opening = tag(html, element_id)
    return " disabled" in opening and f'title="{reason}"' in opening


def matter_of(actor, clients, *, inactive=(), title="Succession Moreau", intervenants=()):
    give_clients(actor, clients)
    matter = matter_create(
        actor=actor,
        title=title,
        opened_on=datetime.date(2026, 1, 15),
        parties=[{"role": "client", "client_id": c.id} for c in clients],
        intervenant_ids=[u.id for u in intervenants],
    )
    for client in inactive:
        deactivate(actor, matter, client)
    return matter


def deactivate(actor, matter, client):
    party = matter.parties.get(client=client)
    party_set_active(actor=actor, matter=matter, party_id=party.id, is_active=False)


def activity(actor, matter, amount="100.00", *, client=None, vat="20.00", description=None):
    return activity_create(
        actor=actor,
        matter=matter,
        kind="fee",
        date=datetime.date(2026, 2, 1),
        description=description or f"Consultation {amount}",
        amount=Decimal(amount),
        vat_rate=Decimal(vat),
        client_id=client.id if client else None,
    )


def state_of(item) -> str:
    return Activity.objects.get(pk=item.pk).state


def invoiced_matter(actor, client, amount="100.00"):
    """A mono-client matter whose one activity is invoiced; the invoice."""
    matter = matter_of(actor, [client], title=f"Dossier {client.name}")
    activity(actor, matter, amount)
    [proforma] = services.proformas_create(actor=actor, matter=matter)
    return services.proforma_finalize(actor=actor, proforma=proforma)


@pytest.fixture
def two_plus_one(partner):
    """A multi-client matter: two active clients and an inactive one."""
    a = ClientFactory(name="Alpha Immobilier")
    b = ClientFactory(name="Bêta Conseil")
    c = ClientFactory(name="Gamma Retirée")
    matter = matter_of(partner, [a, b, c], inactive=[c])
    return matter, a, b, c


# Access ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/matters/1/billing/",
        "/matters/1/split/",
        "/proformas/1/",
        "/proformas/1/pdf/",
        "/invoices/",
        "/invoices/1/",
        "/invoices/1/pdf/",
        "/clients/1/invoices/",
    ],
)
def test_billing_pages_require_login(path):
    response = HttpClient().get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={path}"


def test_unknown_matter_proforma_and_invoice_are_404(staff_browser):
    for path in ("/matters/424242/billing/", "/proformas/424242/", "/invoices/424242/"):
        assert staff_browser.get(path).status_code == 404, path


def test_u1_billing_of_a_matter_he_may_not_see_is_403(partner, user_with_profile):
    matter = matter_of(partner, [ClientFactory()])
    browser = HttpClient()
    browser.force_login(user_with_profile("assistant"))

    assert browser.get(f"/matters/{matter.pk}/billing/").status_code == 403
    assert browser.get(f"/matters/{matter.pk}/split/").status_code == 403


def test_a7_u1_without_the_bill_right_actions_are_disabled_and_posts_403(
    partner, user_with_profile
):
    assistant = user_with_profile("assistant")
    a, b = ClientFactory(), ClientFactory()
    matter = matter_of(partner, [a, b], intervenants=[assistant])
    activity(partner, matter)
    [first, _] = services.proformas_create(actor=partner, matter=matter)
    line = first.lines.first()
    invoice = invoiced_matter(partner, a)
    browser = HttpClient()
    browser.force_login(assistant)
    reason = "Votre profil ne vous donne pas le droit de facturer."

    billing = html_of(browser.get(f"/matters/{matter.pk}/billing/"))
    split = html_of(browser.get(f"/matters/{matter.pk}/split/"))
    proforma = html_of(browser.get(f"/proformas/{first.pk}/"))
    posts = [
        browser.post(f"/matters/{matter.pk}/billing/proformas/"),
        browser.post(
            f"/matters/{matter.pk}/split/", {f"share_{a.pk}": "60", f"share_{b.pk}": "40"}
        ),
        browser.post(f"/proformas/{first.pk}/lines/{line.pk}/delete/"),
        browser.post(f"/proformas/{first.pk}/finalize/"),
        browser.post(f"/proformas/{first.pk}/delete/"),
        browser.post(f"/invoices/{invoice.pk}/credit-note/"),
    ]

    assert [r.status_code for r in posts] == [403] * 6
    assert Proforma.objects.count() == 3 and not ClientSplit.objects.exists()
    assert not CreditNote.objects.exists()
    for html, element_id in (
        (billing, "proformas-create"),
        (split, "split-save"),
        (proforma, "proforma-finalize"),
        (proforma, "proforma-delete"),
    ):
        assert is_disabled(html, element_id, reason), element_id


# «Facturation» of a matter ------------------------------------------------------------------


def test_a4_a5_billing_page_shows_the_unbilled_total_and_its_allocation(partner, staff_browser):
    a, b, c = ClientFactory(name="Alpha"), ClientFactory(name="Bêta"), ClientFactory(name="Gamma")
    matter = matter_of(partner, [a, b, c])
    activity(partner, matter, "50.00", client=c)  # linked to c, who then leaves (A4)
    deactivate(partner, matter, c)
    services.split_set(
        actor=partner, matter=matter, shares=[(a.pk, Decimal("75")), (b.pk, Decimal("25"))]
    )
    activity(partner, matter, "1000.00")
    activity(partner, matter, "184.56", client=a)

    html = html_of(staff_browser.get(f"/matters/{matter.pk}/billing/"))

    assert euros("1 234,56 €") in html  # the unbilled total, French style
    assert "3 activités à facturer" in html
    allocation = html[
        html.index('id="allocation"') : html.index("</table>", html.index('id="allocation"'))
    ]
    assert "Alpha" in allocation and "Bêta" in allocation and "Gamma" not in allocation
    assert euros("184,56 €") in allocation  # Alpha's own activity
    assert euros("787,50 €") in allocation  # Alpha's 75 % of the 1 050,00 € common
    assert euros("262,50 €") in allocation  # Bêta's 25 %
    assert euros("972,06 €") in allocation and euros("1 234,56 €") in allocation
    assert "75\u00a0%" in allocation and "25\u00a0%" in allocation
    assert "1 client inactif sur ce dossier" in html


def test_a6_mono_client_matter_offers_proforma_dossier(partner, staff_browser):
    matter = matter_of(partner, [ClientFactory()])
    activity(partner, matter)

    html = html_of(staff_browser.get(f"/matters/{matter.pk}/billing/"))

    assert ">Proforma dossier</button>" in html
    assert "Répartition client</button>" not in html
    assert " disabled" not in tag(html, "proformas-create")
    assert 'id="allocation"' not in html


def test_a6_multi_client_matter_offers_repartition_client(two_plus_one, partner, staff_browser):
    matter, *_ = two_plus_one
    activity(partner, matter)

    html = html_of(staff_browser.get(f"/matters/{matter.pk}/billing/"))

    assert ">Répartition client</button>" in html
    assert " disabled" not in tag(html, "proformas-create")
    assert f'href="/matters/{matter.pk}/split/"' in html


def test_m5_billing_button_is_disabled_when_the_matter_refuses_activities(partner, staff_browser):
    mono_client, heir, other_heir = ClientFactory(), ClientFactory(), ClientFactory()
    mono = matter_of(partner, [mono_client], title="Mono")
    multi = matter_of(partner, [heir, other_heir], title="Multi")
    for matter in (mono, multi):
        activity(partner, matter)
    deactivate(partner, mono, mono_client)
    deactivate(partner, multi, heir)
    deactivate(partner, multi, other_heir)

    for matter, label in ((mono, "Proforma dossier"), (multi, "Répartition client")):
        html = html_of(staff_browser.get(f"/matters/{matter.pk}/billing/"))
        assert f">{label}</button>" in html
        assert is_disabled(html, "proformas-create", M5_REFUSAL)
        assert 'aria-describedby="proformas-create-reason"' in tag(html, "proformas-create")
        assert 'id="m5-notice"' in html


def test_a6_billing_button_is_disabled_when_nothing_is_unbilled(partner, staff_browser):
    matter = matter_of(partner, [ClientFactory()])

    html = html_of(staff_browser.get(f"/matters/{matter.pk}/billing/"))

    assert is_disabled(html, "proformas-create", "Aucune activité non facturée sur ce dossier.")
    assert "Aucune activité non facturée" in html


def test_a6_proforma_dossier_makes_one_proforma_and_opens_it(partner, staff_browser):
    matter = matter_of(partner, [ClientFactory()])
    activity(partner, matter, "100.00")
    activity(partner, matter, "10.00", vat="0")

    response = staff_browser.post(f"/matters/{matter.pk}/billing/proformas/")

    proforma = Proforma.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/proformas/{proforma.pk}/"
    assert set(Activity.objects.values_list("state", flat=True)) == {BillingState.PROFORMA}


def test_a6_repartition_client_makes_one_proforma_per_active_client(
    two_plus_one, partner, staff_browser
):
    """A6: one proforma per ACTIVE client, made together as one set (A10)."""
    matter, a, b, c = two_plus_one
    activity(partner, matter, "200.00")
    activity(partner, matter, "50.00", client=a)

    response = staff_browser.post(f"/matters/{matter.pk}/billing/proformas/", follow=True)

    proformas = list(Proforma.objects.order_by("id"))
    assert response.redirect_chain[-1][0] == f"/matters/{matter.pk}/billing/#proformas"
    assert {p.client_id for p in proformas} == {a.pk, b.pk}
    assert len({p.proforma_set_id for p in proformas}) == 1
    html = html_of(response)
    assert "2 proformas créées, une par client actif" in html
    assert html.count('class="proforma-set"') == 1
    for proforma in proformas:
        assert f'id="proforma-{proforma.pk}"' in html
    assert euros("150,00 €") in html and euros("100,00 €") in html
    assert is_disabled(html, "proformas-create", "Aucune activité non facturée sur ce dossier.")


def test_m5_a6_posting_on_a_matter_that_refuses_activities_changes_nothing(partner, staff_browser):
    client = ClientFactory()
    matter = matter_of(partner, [client])
    activity(partner, matter)
    deactivate(partner, matter, client)

    response = staff_browser.post(f"/matters/{matter.pk}/billing/proformas/", follow=True)

    assert M5_REFUSAL in html_of(response)
    assert not Proforma.objects.exists()


def test_a10_billing_page_groups_draft_proformas_by_set_and_lists_invoices(partner, staff_browser):
    a, b = ClientFactory(name="Alpha"), ClientFactory(name="Bêta")
    matter = matter_of(partner, [a, b])
    activity(partner, matter, "100.00")
    first_set = services.proformas_create(actor=partner, matter=matter)
    activity(partner, matter, "40.00")
    services.proformas_create(actor=partner, matter=matter)
    activity(partner, matter, "1000.00", client=a)
    [third] = services.proformas_create(actor=partner, matter=matter)
    invoice = services.proforma_finalize(actor=partner, proforma=third)
    note = services.credit_note_create(actor=partner, invoice=invoice)

    html = html_of(staff_browser.get(f"/matters/{matter.pk}/billing/"))

    assert html.count('class="proforma-set"') == 2
    assert f'id="set-{first_set[0].proforma_set_id}"' in html
    assert "Total du lot" in html
    assert invoice.number in html and note.number in html
    assert f"Annulée par l'avoir {note.number}" in html
    assert euros("-1 200,00 €") in html  # the credit note, incl. tax


def render_proformas_button(user, matter) -> str:
    """The header actions billing registers, as the matter page renders them."""
    request = RequestFactory().get("/")
    request.user = user
    template = Template('{% load matter_registry %}{% matter_registered "header_actions" %}')
    return unescape(
        template.render(
            RequestContext(
                request, {"matter": matters.with_details(Matter.objects.filter(pk=matter.pk)).get()}
            )
        )
    )


def test_a6_m5_u1_the_proformas_button_other_pages_render(partner, user_with_profile):
    """A6/M5: the button the matter page shows, enabled or disabled with the reason the
    service would give, posting to the billing action."""
    mono_client, heir, other_heir, gone = (ClientFactory() for _ in range(4))
    mono = matter_of(partner, [mono_client], title="Mono")
    multi = matter_of(partner, [heir, other_heir], title="Multi")
    refusing = matter_of(partner, [gone], title="Refusing")
    empty = matter_of(partner, [ClientFactory()], title="Empty")
    closed = matter_of(partner, [ClientFactory()], title="Closed")
    for matter in (mono, multi, refusing, closed):
        activity(partner, matter)
    deactivate(partner, refusing, gone)
    matter_set_status(actor=partner, matter=closed, status=MatterStatus.CLOSED)
    assistant = user_with_profile("assistant")

    html = {
        m.title: render_proformas_button(partner, m) for m in (mono, multi, refusing, empty, closed)
    }
    no_right = render_proformas_button(assistant, mono)

    assert f'action="/matters/{mono.pk}/billing/proformas/"' in html["Mono"]
    assert 'name="csrfmiddlewaretoken"' in html["Mono"]
    assert ">Proforma dossier</button>" in html["Mono"] and " disabled" not in tag(
        html["Mono"], "btn-proforma"
    )
    assert ">Répartition client</button>" in html["Multi"]
    assert " disabled" not in tag(html["Multi"], "btn-repartition")
    assert is_disabled(html["Refusing"], "btn-proforma", M5_REFUSAL)
    assert is_disabled(
        html["Empty"], "btn-proforma", "Aucune activité non facturée sur ce dossier."
    )
    assert is_disabled(
        html["Closed"], "btn-proforma", "Le dossier est clos : rouvrez-le pour le facturer."
    )
    assert is_disabled(
        no_right, "btn-proforma", "Votre profil ne vous donne pas le droit de facturer."
    )


# «Répartition clients» (A3) -----------------------------------------------------------------


def test_a3_split_page_equal_by_default_with_active_clients_only(two_plus_one, staff_browser):
    matter, a, b, c = two_plus_one

    html = html_of(staff_browser.get(f"/matters/{matter.pk}/split/"))

    assert re.search(rf'name="share_{a.pk}"[^>]*value="50.00"', html)
    assert re.search(rf'name="share_{b.pk}"[^>]*value="50.00"', html)
    assert f'name="share_{c.pk}"' not in html
    assert "Gamma Retirée" not in html
    assert ">100\u00a0%</output>" in html
    assert " disabled" not in tag(html, "split-save")


def test_a3_equal_shares_of_three_clients_add_up_to_100(partner, staff_browser):
    clients = [ClientFactory() for _ in range(3)]
    matter = matter_of(partner, clients)

    html = html_of(staff_browser.get(f"/matters/{matter.pk}/split/"))

    values = re.findall(r'name="share_\d+"[^>]*value="([\d.]+)"', html)
    assert values == ["33.34", "33.33", "33.33"]
    assert ">100\u00a0%</output>" in html


def test_a3_saving_the_split_and_its_allocation_preview(two_plus_one, partner, staff_browser):
    matter, a, b, _ = two_plus_one
    activity(partner, matter, "1000.00")

    response = staff_browser.post(
        f"/matters/{matter.pk}/split/", {f"share_{a.pk}": "60", f"share_{b.pk}": "40.00"}
    )
    page = staff_browser.get(f"/matters/{matter.pk}/split/")

    assert response.status_code == 302
    assert dict(ClientSplit.objects.values_list("client_id", "share")) == {
        a.pk: Decimal("60.00"),
        b.pk: Decimal("40.00"),
    }
    html = html_of(page)
    assert "Répartition enregistrée." in html
    assert re.search(rf'name="share_{a.pk}"[^>]*value="60.00"', html)
    preview = html[html.index('id="allocation-preview"') :]
    assert euros("600,00 €") in preview and euros("400,00 €") in preview


def test_a3_a_split_that_does_not_total_100_is_refused_clearly(two_plus_one, staff_browser):
    matter, a, b, _ = two_plus_one

    response = staff_browser.post(
        f"/matters/{matter.pk}/split/", {f"share_{a.pk}": "60", f"share_{b.pk}": "30"}
    )

    html = html_of(response)
    assert response.status_code == 422
    assert "Les parts totalisent 90 % au lieu de 100 %." in html
    assert ">90\u00a0%</output>" in html  # the running total, as typed
    assert re.search(rf'name="share_{b.pk}"[^>]*value="30"', html)
    assert not ClientSplit.objects.exists()


@pytest.mark.parametrize("bad", ["abc", "120", "-5", "33.333"])
def test_a3_unreadable_shares_are_field_errors(two_plus_one, staff_browser, bad):
    matter, a, b, _ = two_plus_one

    response = staff_browser.post(
        f"/matters/{matter.pk}/split/", {f"share_{a.pk}": bad, f"share_{b.pk}": "50"}
    )

    assert response.status_code == 422
    assert 'aria-invalid="true"' in tag(html_of(response), f"id_share_{a.pk}")
    assert not ClientSplit.objects.exists()


def test_a3_m5_split_is_disabled_when_the_matter_refuses_activities(partner, staff_browser):
    a, b = ClientFactory(name="Alpha"), ClientFactory(name="Bêta")
    matter = matter_of(partner, [a, b], inactive=[a, b])

    page = staff_browser.get(f"/matters/{matter.pk}/split/")
    post = staff_browser.post(
        f"/matters/{matter.pk}/split/", {f"share_{a.pk}": "50", f"share_{b.pk}": "50"}, follow=True
    )

    html = html_of(page)
    assert is_disabled(html, "split-save", M5_REFUSAL)
    assert "Alpha" not in html and "Bêta" not in html  # inactive: not in the split
    assert M5_REFUSAL in html_of(post)
    assert not ClientSplit.objects.exists()


def test_a3_split_of_a_mono_client_matter_is_disabled(partner, staff_browser):
    matter = matter_of(partner, [ClientFactory()])

    html = html_of(staff_browser.get(f"/matters/{matter.pk}/split/"))

    assert " disabled" in tag(html, "split-save")
    assert "Dossier mono-client" in html


# Proformas (A6, A10) -------------------------------------------------------------------------


def test_a6_proforma_page_shows_lines_quote_parts_vat_by_rate_and_totals(
    two_plus_one, partner, staff_browser
):
    matter, a, b, _ = two_plus_one
    activity(partner, matter, "1000.00", description="Rédaction de l'acte de partage")
    activity(partner, matter, "35.00", client=a, vat="0", description="Frais de greffe")
    proforma = next(
        p for p in services.proformas_create(actor=partner, matter=matter) if p.client_id == a.pk
    )

    html = html_of(staff_browser.get(f"/proformas/{proforma.pk}/"))

    assert "Alpha Immobilier" in html and matter.number in html
    assert "Rédaction de l'acte de partage" in html and "Frais de greffe" in html
    assert html.count(">quote-part</span>") == 1
    assert euros("500,00 €") in html and euros("35,00 €") in html
    assert "TVA 0\u00a0% sur " + euros("35,00 €") in html
    assert "TVA 20\u00a0% sur " + euros("500,00 €") in html
    assert euros("535,00 €") in html  # excl. tax
    assert euros("100,00 €") in html  # VAT
    assert euros("635,00 €") in html  # incl. tax
    assert f'href="/proformas/{proforma.pk}/pdf/"' in html


def test_a7_a10_proforma_actions_ask_for_confirmation(two_plus_one, partner, staff_browser):
    matter, *_ = two_plus_one
    activity(partner, matter)
    first, _ = services.proformas_create(actor=partner, matter=matter)

    html = html_of(staff_browser.get(f"/proformas/{first.pk}/"))

    assert f'data-confirm="{FINALIZE_CONFIRM}"' in tag(html, "proforma-finalize-form")
    delete = tag(html, "proforma-delete-form")
    assert "Tout son lot est supprimé avec elle : les 2 proformas" in delete
    assert html.count('data-confirm="Retirer cette quote-part ?') == 1


def test_a10_removing_a_line_returns_its_activity_to_unbilled(partner, staff_browser):
    matter = matter_of(partner, [ClientFactory()])
    removed = activity(partner, matter, "10.00", description="Photocopies")
    kept = activity(partner, matter, "20.00")
    [proforma] = services.proformas_create(actor=partner, matter=matter)
    line = proforma.lines.get(activity=removed)

    response = staff_browser.post(f"/proformas/{proforma.pk}/lines/{line.pk}/delete/", follow=True)

    html = html_of(response)
    assert response.redirect_chain[-1][0] == f"/proformas/{proforma.pk}/"
    assert "Ligne retirée : « Photocopies » redevient non facturée." in html
    assert state_of(removed) == BillingState.UNBILLED and state_of(kept) == BillingState.PROFORMA
    assert f'id="line-{line.pk}"' not in html
    assert euros("24,00 €") in html  # 20,00 € + 20 % VAT


def test_a10_removing_a_common_part_takes_it_off_every_proforma_of_the_set(
    two_plus_one, partner, staff_browser
):
    matter, *_ = two_plus_one
    common = activity(partner, matter, "100.00")
    first, second = services.proformas_create(actor=partner, matter=matter)
    line = first.lines.get()

    response = staff_browser.post(f"/proformas/{first.pk}/lines/{line.pk}/delete/", follow=True)

    assert "quitte toutes les proformas du lot" in html_of(response)
    assert not second.lines.exists()
    assert state_of(common) == BillingState.UNBILLED


def test_a10_deleting_a_proforma_deletes_its_whole_set(two_plus_one, partner, staff_browser):
    matter, *_ = two_plus_one
    common = activity(partner, matter)
    first, _ = services.proformas_create(actor=partner, matter=matter)

    response = staff_browser.post(f"/proformas/{first.pk}/delete/", follow=True)

    assert response.redirect_chain[-1][0] == f"/matters/{matter.pk}/billing/"
    assert "Lot de 2 proformas supprimé" in html_of(response)
    assert not Proforma.objects.exists()
    assert state_of(common) == BillingState.UNBILLED
    assert staff_browser.get(f"/proformas/{first.pk}/").status_code == 404


def test_a7_finalising_opens_the_invoice_page_with_its_number(partner, staff_browser):
    matter = matter_of(partner, [ClientFactory(name="Boulangerie Durand")])
    activity(partner, matter, "1000.00", description="Honoraires de conseil")
    [proforma] = services.proformas_create(actor=partner, matter=matter)

    response = staff_browser.post(f"/proformas/{proforma.pk}/finalize/", follow=True)

    invoice = Invoice.objects.get()
    number = f"F{timezone.localdate().year}-000001"
    html = html_of(response)
    assert invoice.number == number
    assert response.redirect_chain[-1][0] == f"/invoices/{invoice.pk}/"
    assert f"Facture {number} émise." in html
    assert f'<span class="mono" id="invoice-number">{number}</span>' in html
    assert "Boulangerie Durand" in html and "Honoraires de conseil" in html
    assert euros("1 200,00 €") in html
    assert staff_browser.get(f"/proformas/{proforma.pk}/")["Location"] == (
        f"/invoices/{invoice.pk}/"
    )


def test_a7_an_empty_proforma_cannot_be_finalised(partner, staff_browser):
    matter = matter_of(partner, [ClientFactory()])
    item = activity(partner, matter)
    [proforma] = services.proformas_create(actor=partner, matter=matter)
    services.proforma_line_remove(
        actor=partner, proforma=proforma, line_id=proforma.lines.get(activity=item).pk
    )

    html = html_of(staff_browser.get(f"/proformas/{proforma.pk}/"))
    post = staff_browser.post(f"/proformas/{proforma.pk}/finalize/", follow=True)

    assert is_disabled(
        html, "proforma-finalize", "Cette proforma n'a plus de ligne : rien à facturer."
    )
    assert "rien à facturer" in html_of(post)
    assert not Invoice.objects.exists()


def test_a10_a_set_with_an_invoice_cannot_be_deleted(two_plus_one, partner, staff_browser):
    matter, *_ = two_plus_one
    activity(partner, matter)
    first, second = services.proformas_create(actor=partner, matter=matter)
    invoice = services.proforma_finalize(actor=partner, proforma=first)

    html = html_of(staff_browser.get(f"/proformas/{second.pk}/"))

    assert is_disabled(
        html,
        "proforma-delete",
        "Une proforma de ce lot est déjà facturée : le lot ne peut plus être supprimé.",
    )
    assert f"Facture {invoice.number}" in html


# Invoices and credit notes (A7) ---------------------------------------------------------------


def test_a7_credit_note_cancels_the_invoice_and_shows_its_number(partner, staff_browser):
    invoice = invoiced_matter(partner, ClientFactory())
    item = invoice.lines.get().activity
    page = html_of(staff_browser.get(f"/invoices/{invoice.pk}/"))

    response = staff_browser.post(f"/invoices/{invoice.pk}/credit-note/", follow=True)

    note = CreditNote.objects.get()
    html = html_of(response)
    assert 'data-confirm="Émettre un avoir sur la facture' in tag(page, "credit-note-form")
    assert response.redirect_chain[-1][0] == f"/invoices/{invoice.pk}/"
    assert note.number == f"AV{timezone.localdate().year}-000001"
    assert f"Avoir {note.number} émis : la facture {invoice.number} est annulée." in html
    assert "Annulée par l'avoir" in html
    assert f'href="/credit-notes/{note.pk}/">{note.number}</a>' in html
    assert is_disabled(
        html, "credit-note-create", f"La facture est déjà annulée par l'avoir {note.number}."
    )
    assert state_of(item) == BillingState.UNBILLED
    again = staff_browser.post(f"/invoices/{invoice.pk}/credit-note/", follow=True)
    assert "déjà annulée par un avoir" in html_of(again)
    assert CreditNote.objects.count() == 1


def test_a7_pdfs_of_a_proforma_and_an_invoice_are_downloaded(partner, staff_browser):
    matter = matter_of(partner, [ClientFactory(name="Société Générale des Eaux")])
    activity(partner, matter, "1234.56", description="Rédaction de conclusions")
    [proforma] = services.proformas_create(actor=partner, matter=matter)

    draft = staff_browser.get(f"/proformas/{proforma.pk}/pdf/")
    invoice = services.proforma_finalize(actor=partner, proforma=proforma)
    final = staff_browser.get(f"/invoices/{invoice.pk}/pdf/")

    for response in (draft, final):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert response["Content-Disposition"].startswith("attachment;")
    assert f'filename="facture-{invoice.number}.pdf"' in final["Content-Disposition"]


# Lists ------------------------------------------------------------------------------------------


@pytest.fixture
def three_invoices(partner):
    """Three invoices of three clients (issued today); the first one credited."""
    sncf = ClientFactory(name="Société Nationale des Chemins de Fer")
    AliasFactory(client=sncf, value="SNCF")
    credited = invoiced_matter(partner, sncf, "100.00")
    services.credit_note_create(actor=partner, invoice=credited)
    others = [
        invoiced_matter(partner, ClientFactory(name="Boulangerie Durand"), "1000.00"),
        invoiced_matter(partner, ClientFactory(name="Transports Martin"), "50.00"),
    ]
    return credited, others


def test_a7_invoice_list_shows_every_invoice_with_totals(three_invoices, staff_browser):
    credited, (durand, martin) = three_invoices

    html = html_of(staff_browser.get("/invoices/"))

    assert "3 factures" in html
    for invoice in (credited, durand, martin):
        assert invoice.number in html
    assert f"Annulée par l'avoir {CreditNote.objects.get().number}" in html
    assert html.count(">Émise</span>") == 2
    assert euros("1 380,00 €") in html  # 120,00 + 1 200,00 + 60,00 incl. tax
    assert euros("-120,00 €") in html and euros("1 260,00 €") in html  # credited, net


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"state": "credited"}, {"Société Nationale des Chemins de Fer"}),
        ({"state": "issued"}, {"Boulangerie Durand", "Transports Martin"}),
        ({"q": "sncf"}, {"Société Nationale des Chemins de Fer"}),
        ({"q": "boul"}, {"Boulangerie Durand"}),
        (
            {"date_from": "TODAY"},
            {"Boulangerie Durand", "Transports Martin", "Société Nationale des Chemins de Fer"},
        ),
        ({"date_from": "TOMORROW"}, set()),
        ({"date_to": "YESTERDAY"}, set()),
        ({"q": "durand", "state": "credited"}, set()),
    ],
)
def test_a7_invoice_list_filters_by_state_period_and_client(
    three_invoices, staff_browser, query, expected
):
    today = timezone.localdate()
    days = {"TODAY": today, "TOMORROW": today + datetime.timedelta(days=1)}
    days["YESTERDAY"] = today - datetime.timedelta(days=1)
    params = {key: days.get(value, value) for key, value in query.items()}

    html = html_of(staff_browser.get("/invoices/", params))

    names = {"Société Nationale des Chemins de Fer", "Boulangerie Durand", "Transports Martin"}
    shown = {name for name in names if f">{name}</a>" in html}
    assert shown == expected
    if not expected:
        assert "Aucune facture ne correspond à ces critères." in html


def test_invoice_list_ignores_an_unreadable_date_and_says_so(three_invoices, staff_browser):
    html = html_of(staff_browser.get("/invoices/", {"date_from": "31/02/2026"}))

    assert "3 factures" in html
    assert 'class="form-errors"' in html


def test_invoice_list_is_paginated_with_its_filters(three_invoices, staff_browser, settings):
    settings.CABINET_PAGE_SIZE = 2

    first = html_of(staff_browser.get("/invoices/", {"state": "", "q": ""}))
    second = html_of(staff_browser.get("/invoices/", {"page": "2"}))

    assert "Page 1 sur 2" in first and "Page 2 sur 2" in second
    assert first.count('<tr id="invoice-') == 2 and second.count('<tr id="invoice-') == 1
    assert "Total des 3 factures" in first and "Total des 3 factures" in second


def test_a7_a_clients_bills_are_its_invoices_only(three_invoices, staff_browser):
    credited, (durand, martin) = three_invoices

    html = html_of(staff_browser.get(f"/clients/{durand.client_id}/invoices/"))
    credited_only = html_of(
        staff_browser.get(f"/clients/{credited.client_id}/invoices/", {"state": "issued"})
    )

    assert "Factures de Boulangerie Durand" in html
    assert 'aria-current="page"' in tag(html, "tab-client-invoices")
    assert durand.number in html and martin.number not in html and credited.number not in html
    assert credited.number not in credited_only and "Aucune facture" in credited_only


def test_a_clients_bills_tab_answers_htmx_with_the_record_body(three_invoices, staff_browser):
    _, (durand, _) = three_invoices

    response = staff_browser.get(
        f"/clients/{durand.client_id}/invoices/",
        headers={"HX-Request": "true", "HX-Target": "client-body"},
    )

    html = html_of(response)
    assert html.lstrip().startswith('<div id="client-body">')
    assert "<html" not in html and durand.number in html


def test_u1_a_clients_bills_need_access_to_the_client(three_invoices, user_with_profile):
    _, (durand, _) = three_invoices
    browser = HttpClient()
    browser.force_login(user_with_profile("assistant"))

    assert browser.get(f"/clients/{durand.client_id}/invoices/").status_code == 403


# Query counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 60])
def test_billing_page_costs_a_bounded_number_of_queries(
    partner, staff_browser, django_assert_max_num_queries, count
):
    clients = [ClientFactory() for _ in range(3)]
    matter = matter_of(partner, clients)
    for i in range(count):
        activity(partner, matter, f"{i + 10}.00", client=clients[i % 4] if i % 4 < 3 else None)
    first, *_ = services.proformas_create(actor=partner, matter=matter)
    services.credit_note_create(
        actor=partner, invoice=services.proforma_finalize(actor=partner, proforma=first)
    )
    for i in range(count):
        activity(partner, matter, f"{i + 5}.50", client=None if i % 2 else clients[0])

    with django_assert_max_num_queries(16):
        response = staff_browser.get(f"/matters/{matter.pk}/billing/")

    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 60])
def test_invoice_list_costs_a_bounded_number_of_queries(
    partner, staff_browser, django_assert_max_num_queries, count
):
    clients = [ClientFactory() for _ in range(3)]
    matter = matter_of(partner, clients)
    for i in range(count):
        activity(partner, matter, "10.00", client=clients[i % 3])
        for proforma in services.proformas_create(actor=partner, matter=matter):
            invoice = services.proforma_finalize(actor=partner, proforma=proforma)
        if i % 5 == 0:
            services.credit_note_create(actor=partner, invoice=invoice)

    with django_assert_max_num_queries(9):
        response = staff_browser.get("/invoices/", {"state": "", "q": "a"})
    with django_assert_max_num_queries(9):
        client_page = staff_browser.get(f"/clients/{clients[0].pk}/invoices/")

    assert response.status_code == 200 and client_page.status_code == 200


@pytest.mark.parametrize("count", [3, 60])
def test_proforma_and_invoice_pages_cost_a_bounded_number_of_queries(
    two_plus_one, partner, staff_browser, django_assert_max_num_queries, count
):
    matter, a, b, _ = two_plus_one
    for i in range(count):
        activity(partner, matter, f"{i + 1}.00", client=a if i % 3 == 0 else None)
    first, second = services.proformas_create(actor=partner, matter=matter)
    invoice = services.proforma_finalize(actor=partner, proforma=second)

    with django_assert_max_num_queries(10):
        proforma_page = staff_browser.get(f"/proformas/{first.pk}/")
    with django_assert_max_num_queries(11):
        invoice_page = staff_browser.get(f"/invoices/{invoice.pk}/")

    assert proforma_page.status_code == 200 and invoice_page.status_code == 200
