"""The client portal in Chromium, staff and web user side by side (I4, U2, U5, M8)."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from cabinet.activities.services import activity_create
from cabinet.billing import services as billing
from cabinet.clients import services as clients
from cabinet.matters.services import matter_create

pytestmark = pytest.mark.e2e

WEB_PASSWORD = "portail-solide-2026"


def billed_matter(actor, client, title):
    """A matter with `client` as its client party and a finalized invoice."""
    matter = matter_create(
        actor=actor,
        title=title,
        opened_on=datetime.date(2026, 1, 15),
        parties=[{"role": "client", "client_id": client.pk}],
    )
    activity_create(
        actor=actor,
        matter=matter,
        kind="fee",
        date=datetime.date(2026, 2, 1),
        description="Consultation",
        amount=Decimal("250.00"),
    )
    (proforma,) = billing.proformas_create(actor=actor, matter=matter)
    invoice = billing.proforma_finalize(actor=actor, proforma=proforma)
    return matter, invoice


@pytest.fixture
def firm(staff_user):
    alpha = clients.client_create(actor=staff_user, kind="company", name="Alpha Conseil")
    beta = clients.client_create(actor=staff_user, kind="company", name="Bêta Industrie")
    shared, invoice = billed_matter(staff_user, alpha, "Bail commercial Alpha")
    other, _ = billed_matter(staff_user, beta, "Recouvrement Bêta")
    return {"alpha": alpha, "shared": shared, "invoice": invoice, "other": other}


def test_i4_u2_u5_m8_web_user_invited_by_staff_sees_his_matter_until_cut_off(
    live_server, logged_in_page, browser, browser_context_args, firm
):
    """I4: staff create a web user from the client's «Web» tab and read his invitation
    link; U2: with it he chooses his password and sees exactly the matter shared with his
    client, and downloads its invoice; M8: the client made inactive on the matter, the
    matter leaves his portal; U5: suspended, his next page sends him to the login page."""
    staff = logged_in_page
    staff.on("dialog", lambda dialog: dialog.accept())
    alpha, shared = firm["alpha"], firm["shared"]

    # Staff: the client's «Web» tab, a web user without password, his link on the page.
    staff.goto(f"{live_server.url}/clients/{alpha.pk}/")
    staff.locator("#tab-client-web").click()
    expect(staff).to_have_url(f"{live_server.url}/clients/{alpha.pk}/web-users/")
    expect(staff.locator("#web-users")).to_contain_text("Aucun utilisateur web")
    staff.get_by_text("Nouvel utilisateur web").click()
    staff.get_by_label("Adresse e-mail").fill("camille@alpha.test")
    staff.get_by_label("Nom").fill("Camille Alpha")
    staff.get_by_role("button", name="Créer l'utilisateur web").click()
    expect(staff.locator("#invite-link")).to_contain_text("camille@alpha.test")
    expect(staff.locator("#invite-copy")).to_have_text("Copier")
    invite_url = staff.locator("#invite-url").input_value()
    assert invite_url.startswith(f"{live_server.url}/portal/invitation/")
    row = staff.locator("#web-users-table tbody tr", has_text="Camille Alpha")
    expect(row.locator(".web-user-status")).to_have_text("Actif")

    # The web user, in a browser of his own: his password, then «Mes dossiers».
    context = browser.new_context(**browser_context_args)
    web = context.new_page()
    web.set_default_timeout(10_000)
    web.goto(invite_url)
    expect(web.locator("main, body").first).to_contain_text("camille@alpha.test")
    web.locator("#id_new_password1").fill(WEB_PASSWORD)
    web.locator("#id_new_password2").fill(WEB_PASSWORD)
    web.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(web.get_by_role("heading", name="Mes dossiers")).to_be_visible()
    matters = web.locator("#portal-matters tbody tr")
    expect(matters).to_have_count(1)
    expect(matters).to_contain_text("Bail commercial Alpha")
    expect(web.locator("#portal-matters")).not_to_contain_text("Recouvrement Bêta")

    web.get_by_role("link", name="Bail commercial Alpha").click()
    invoice = firm["invoice"]
    with web.expect_download() as download_info:
        web.locator(f"#portal-invoice-pdf-{invoice.pk}").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # Staff: Alpha made inactive on the matter (M8: its sharing goes with it).
    staff.goto(f"{live_server.url}/matters/{shared.pk}/")
    party = shared.parties.get(client=alpha)
    staff.locator(f"#toggle-{party.pk}").click()
    expect(staff.locator(f"#party-{party.pk} .party-info .badge-inactive")).to_have_text("Inactif")
    expect(staff.locator(f"#portal-{party.pk}")).to_have_attribute("aria-checked", "false")

    web.goto(f"{live_server.url}/portal/matters/")
    expect(web.locator("#portal-no-matters")).to_be_visible()
    expect(web.locator("body")).not_to_contain_text("Bail commercial Alpha")

    # Staff: «Suspendre» on the «Web» tab (U5); the web user's next page is the login.
    staff.goto(f"{live_server.url}/clients/{alpha.pk}/web-users/")
    row = staff.locator("#web-users-table tbody tr", has_text="Camille Alpha")
    row.get_by_role("button", name="Suspendre").click()
    expect(row.locator(".web-user-status")).to_have_text("Suspendu")
    expect(row.locator(".badge-danger")).to_have_text("Suspendu")

    web.reload()
    expect(web).to_have_url(f"{live_server.url}/portal/login/?next=%2Fportal%2Fmatters%2F")
    expect(web.get_by_role("heading", name="Connexion au portail")).to_be_visible()
    context.close()
