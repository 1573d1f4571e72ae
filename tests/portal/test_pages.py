"""The portal's pages at /portal/ (U2, U5, M8), rendered with their templates."""

import pytest
from django.test import Client as HttpClient
from django.test import override_settings

from cabinet.accounts.models import LoginFailure
from cabinet.matters import services as matter_services
from cabinet.matters.models import MatterParty
from cabinet.portal import services as portal_services
from tests.portal.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def logged_in(portal_user) -> HttpClient:
    browser = HttpClient()
    response = browser.post("/portal/login/", {"username": portal_user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return browser


def test_u2_portal_login_with_email_lands_on_his_home(pw):
    browser = HttpClient()
    assert browser.get("/portal/").status_code == 302
    page = browser.get("/portal/login/")
    assert page.status_code == 200 and "Connexion au portail" in page.content.decode()
    response = browser.post(
        "/portal/login/", {"username": "ANNE.ALPHA@alpha.test", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert browser.get("/portal/").url == "/portal/matters/"
    group = logged_in(pw.wg)
    assert group.get("/portal/").url == "/portal/contracts/"


def test_u2_a_staff_login_is_refused_on_the_portal(pw, partner):
    browser = HttpClient()
    response = browser.post(
        "/portal/login/", {"username": partner.email, "password": "motdepasse-solide-42"}
    )
    assert response.status_code == 422
    assert "Adresse e-mail ou mot de passe incorrect." in response.content.decode()


@override_settings(CABINET_LOGIN_MAX_FAILURES=3)
def test_u5_portal_logins_are_throttled_like_staff_logins(pw):
    browser = HttpClient()
    for _ in range(3):
        wrong = browser.post("/portal/login/", {"username": pw.wa.email, "password": "non"})
        assert wrong.status_code == 422
    locked = browser.post("/portal/login/", {"username": pw.wa.email, "password": PASSWORD})
    assert locked.status_code == 422
    assert "Trop de tentatives" in locked.content.decode()
    assert LoginFailure.objects.count() == 3


def test_u2_mes_dossiers_lists_exactly_the_matters_shared_with_his_client(
    pw, django_assert_max_num_queries
):
    browser = logged_in(pw.wa)
    with django_assert_max_num_queries(8):
        response = browser.get("/portal/matters/")
    assert response.status_code == 200
    html = response.content.decode()
    assert pw.shared.title in html and pw.a_alone.title in html
    assert pw.b_alone.title not in html and pw.a_unshared.title not in html
    assert "Mes dossiers" in html and "Mes contrats" in html and "Mon compte" in html


def test_u2_a_shared_matter_shows_only_his_clients_invoices(pw, django_assert_max_num_queries):
    browser = logged_in(pw.wa)
    with django_assert_max_num_queries(10):
        response = browser.get(f"/portal/matters/{pw.shared.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert pw.invoice_a.number in html and pw.invoice_b.number not in html
    assert browser.get(f"/portal/matters/{pw.b_alone.pk}/").status_code == 404
    assert browser.get(f"/portal/matters/{pw.a_unshared.pk}/").status_code == 404
    credited = browser.get(f"/portal/matters/{pw.a_alone.pk}/").content.decode()
    assert pw.credit_note_a.number in credited


def test_u2_he_downloads_his_invoices_and_credit_notes_only(pw):
    browser = logged_in(pw.wa)
    own = browser.get(f"/portal/invoices/{pw.invoice_a.pk}/pdf/")
    assert own.status_code == 200 and own["Content-Type"] == "application/pdf"
    assert own["Content-Disposition"].startswith("attachment;")
    assert browser.get(f"/portal/invoices/{pw.invoice_b.pk}/pdf/").status_code == 404
    note = browser.get(f"/portal/credit-notes/{pw.credit_note_a.pk}/pdf/")
    assert note.status_code == 200
    assert (
        logged_in(pw.wb).get(f"/portal/credit-notes/{pw.credit_note_a.pk}/pdf/").status_code == 404
    )


def test_i4_mes_contrats_of_his_group_each_labelled_with_its_client(
    pw, django_assert_max_num_queries
):
    browser = logged_in(pw.wg)
    with django_assert_max_num_queries(8):
        response = browser.get("/portal/contracts/")
    assert response.status_code == 200
    html = response.content.decode()
    assert pw.member1.display_name in html and pw.member2.display_name in html
    assert pw.contract_a.number not in html
    assert "Mes dossiers" not in html  # a group's web user has no matters
    detail = browser.get(f"/portal/contracts/{pw.contract_m1.pk}/")
    assert detail.status_code == 200
    assert "Q-G-1" in detail.content.decode() and "S-G-1" in detail.content.decode()
    assert browser.get(f"/portal/contracts/{pw.contract_a.pk}/").status_code == 404
    assert logged_in(pw.wa).get(f"/portal/contracts/{pw.contract_m1.pk}/").status_code == 404


def test_u2_mon_compte_changes_his_password(pw):
    browser = logged_in(pw.wa)
    page = browser.get("/portal/account/")
    assert page.status_code == 200 and pw.wa.email in page.content.decode()
    wrong = browser.post(
        "/portal/account/",
        {
            "old_password": "faux",
            "new_password1": "nouveau-2026-ok",
            "new_password2": "nouveau-2026-ok",
        },
    )
    assert wrong.status_code == 422
    done = browser.post(
        "/portal/account/",
        {
            "old_password": PASSWORD,
            "new_password1": "nouveau-2026-ok",
            "new_password2": "nouveau-2026-ok",
        },
    )
    assert done.status_code == 302
    assert browser.get("/portal/matters/").status_code == 200  # his session stays
    again = HttpClient().post(
        "/portal/login/", {"username": pw.wa.email, "password": "nouveau-2026-ok"}
    )
    assert again.status_code == 302


def test_u5_a_suspended_web_user_is_logged_out_at_once(pw, partner):
    browser = logged_in(pw.wa)
    assert browser.get("/portal/matters/").status_code == 200
    portal_services.portal_user_update(actor=partner, portal_user=pw.wa, is_active=False)
    response = browser.get("/portal/matters/")
    assert response.status_code == 302 and response.url.startswith("/portal/login/")


def test_m8_a_matter_leaves_his_portal_when_the_client_is_made_inactive(pw, partner):
    browser = logged_in(pw.wa)
    party = MatterParty.objects.get(matter=pw.a_alone, client=pw.a)
    matter_services.party_set_active(
        actor=partner, matter=pw.a_alone, party_id=party.pk, is_active=False
    )
    html = browser.get("/portal/matters/").content.decode()
    assert pw.a_alone.title not in html
    assert browser.get(f"/portal/matters/{pw.a_alone.pk}/").status_code == 404


def test_i4_forgotten_password_sends_a_link_and_tells_nothing(
    pw, mailoutbox, django_capture_on_commit_callbacks
):
    browser = HttpClient()
    with django_capture_on_commit_callbacks(execute=True):
        known = browser.post(
            "/portal/password/forgotten/", {"email": pw.wa.email.upper()}, follow=True
        )
        unknown = browser.post(
            "/portal/password/forgotten/", {"email": "personne@nulle.test"}, follow=True
        )
    assert known.status_code == unknown.status_code == 200
    assert known.content.decode().count("un lien pour choisir") == 1
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [pw.wa.email]
    link = next(line for line in mailoutbox[0].body.splitlines() if "/portal/invitation/" in line)
    path = link.removeprefix("http://testserver")
    chosen = browser.post(
        path, {"new_password1": "oubli-2026-neuf", "new_password2": "oubli-2026-neuf"}
    )
    assert chosen.status_code == 302
    assert browser.get(path).status_code == 404  # single use


def test_i4_an_altered_invitation_link_says_it_is_no_longer_valid(pw):
    response = HttpClient().get("/portal/invitation/MQ/abc-def/")
    assert response.status_code == 404
    assert "Ce lien n'est plus valable" in response.content.decode()


def test_u2_a_groups_web_user_is_sent_to_his_contracts_and_a_portal_404_leads_back_to_it(pw):
    browser = logged_in(pw.wg)
    response = browser.get("/portal/matters/")
    assert response.status_code == 302 and response.url == "/portal/contracts/"
    missing = browser.get("/portal/matters/999999/")
    assert missing.status_code == 404
    assert "Retour au portail" in missing.content.decode()


@override_settings(CABINET_LOGIN_MAX_FAILURES=2)
def test_u5_forgotten_password_is_throttled_per_address(
    pw, mailoutbox, django_capture_on_commit_callbacks
):
    browser = HttpClient()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            assert (
                browser.post("/portal/password/forgotten/", {"email": pw.wa.email}).status_code
                == 302
            )
        refused = browser.post("/portal/password/forgotten/", {"email": pw.wa.email})
    assert refused.status_code == 429
    assert "Trop de tentatives" in refused.content.decode()
    assert len(mailoutbox) == 2
