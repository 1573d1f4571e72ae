"""The staff pages of web users (I4, U5, G10): a client record's «Web» tab and the group
page's «Utilisateurs web», their lists, the creation form and the actions on one web
user, for staff with «Gérer le portail» and without. Real templates, no mocks."""

import re
from html import unescape

import pytest
from django.test import Client as HttpClient

from cabinet.accounts.models import User
from cabinet.portal.models import PortalUser
from tests.factories import ClientFactory
from tests.portal.conftest import PASSWORD, web_user

pytestmark = pytest.mark.django_db

# session, login and profile, the client (and its aliases) or the group, the web users
QUERIES_CLIENT_TAB = 6
QUERIES_GROUP_PAGE = 5


def text_of(response) -> str:
    """The page's text, tags dropped and spaces (no-break ones too) folded."""
    html = response.content.decode()
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def invite_url_shown(response) -> str:
    match = re.search(
        r'<input type="text" id="invite-url" value="([^"]+)"', response.content.decode()
    )
    assert match, "no invitation link on the page"
    return unescape(match.group(1))


def page_url(client) -> str:
    return f"/clients/{client.pk}/web-users/"


def group_url(group) -> str:
    return f"/groups/{group.pk}/web-users/"


@pytest.fixture
def alpha(partner):
    return ClientFactory(name="Alpha Conseil", created_by=partner)


@pytest.fixture
def assistant_browser(assistant):
    client = HttpClient()
    client.force_login(assistant)
    return client


# The «Web» tab (I4) ----------------------------------------------------------------------


def test_i4_client_record_has_a_web_tab_listing_its_web_users(staff_browser, partner, alpha):
    web_user(partner, email="anne@alpha.test", name="Anne Alpha", client=alpha)
    other = ClientFactory(name="Autre", created_by=partner)
    web_user(partner, email="zoe@autre.test", name="Zoé Autre", client=other)

    record = staff_browser.get(f"/clients/{alpha.pk}/")
    assert record.status_code == 200
    assert f'href="/clients/{alpha.pk}/web-users/"' in record.content.decode()

    response = staff_browser.get(page_url(alpha))
    assert response.status_code == 200
    text = text_of(response)
    assert "Anne Alpha" in text and "anne@alpha.test" in text and "Actif" in text
    assert "Mot de passe choisi" in text
    assert "Zoé Autre" not in text
    assert 'id="tab-client-web" aria-current="page"' in response.content.decode()


def test_i4_web_tab_as_an_htmx_fragment_is_the_record_body(staff_browser, alpha):
    response = staff_browser.get(
        page_url(alpha), headers={"HX-Request": "true", "HX-Target": "client-body"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="client-body">')
    assert "Aucun utilisateur web" in text_of(response)


def test_i4_create_without_password_shows_and_mails_the_invitation_link(
    staff_browser, alpha, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_browser.post(
            page_url(alpha), {"email": "Camille@Alpha.test", "name": "Camille", "password": ""}
        )
    assert response.status_code == 302 and response["Location"] == page_url(alpha)

    page = staff_browser.get(page_url(alpha))
    url = invite_url_shown(page)
    assert url.startswith("http://testserver/portal/invitation/")
    assert "Copier" in text_of(page)
    assert len(mailoutbox) == 1 and url in mailoutbox[0].body
    assert mailoutbox[0].to == ["Camille@Alpha.test"]
    portal_user = PortalUser.objects.get(client=alpha)
    assert portal_user.name == "Camille" and not portal_user.has_password
    assert portal_user.invited_at is not None
    assert "Invité le" in text_of(page)

    again = staff_browser.get(page_url(alpha))
    assert 'id="invite-url"' not in again.content.decode(), "the link is shown once"


def test_i4_invitation_link_shown_to_staff_lets_the_web_user_choose_his_password(
    staff_browser, alpha
):
    staff_browser.post(page_url(alpha), {"email": "camille@alpha.test", "name": "Camille"})
    url = invite_url_shown(staff_browser.get(page_url(alpha)))

    visitor = HttpClient()
    path = url.removeprefix("http://testserver")
    form = visitor.get(path, follow=True)
    assert form.status_code == 200
    chosen = visitor.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path,
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert chosen.status_code == 302
    assert User.objects.get(username="camille@alpha.test").check_password(PASSWORD)


def test_i4_create_with_password_makes_no_link_and_sends_no_mail(
    staff_browser, alpha, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_browser.post(
            page_url(alpha), {"email": "dan@alpha.test", "name": "Dan", "password": PASSWORD}
        )
    assert response.status_code == 302
    page = staff_browser.get(page_url(alpha))
    assert 'id="invite-url"' not in page.content.decode()
    assert mailoutbox == []
    assert PortalUser.objects.get(client=alpha).user.check_password(PASSWORD)
    assert "Mot de passe choisi" in text_of(page)


def test_i4_create_refused_by_the_service_shows_the_sentence_on_the_field(
    staff_browser, partner, alpha
):
    web_user(partner, email="anne@alpha.test", name="Anne", client=alpha)
    taken = staff_browser.post(page_url(alpha), {"email": "ANNE@alpha.test", "name": "Autre"})
    weak = staff_browser.post(
        page_url(alpha), {"email": "eve@alpha.test", "name": "Ève", "password": "123"}
    )
    missing = staff_browser.post(page_url(alpha), {"email": "", "name": ""})

    assert taken.status_code == weak.status_code == missing.status_code == 422
    assert "est déjà celle d'un autre utilisateur" in text_of(taken)
    assert 'id="web-user-add" open' in weak.content.decode()
    assert "Le nom est obligatoire." in text_of(missing)
    assert PortalUser.objects.filter(client=alpha).count() == 1


# Actions on one web user (I4, U5) --------------------------------------------------------


def test_u5_suspend_shows_suspendu_and_reactivate_gives_the_access_back(
    staff_browser, partner, alpha
):
    anne = web_user(partner, email="anne@alpha.test", name="Anne", client=alpha)
    suspend = staff_browser.post(
        f"/web-users/{anne.pk}/suspend/", {"next": page_url(alpha)}, follow=True
    )
    assert suspend.redirect_chain[-1] == (page_url(alpha), 302)
    text = text_of(suspend)
    assert "Suspendu" in text and "est suspendu" in text
    assert 'class="badge badge-danger">Suspendu' in suspend.content.decode()
    anne.user.refresh_from_db()
    assert anne.user.is_active is False
    assert f'id="reactivate-{anne.pk}"' in suspend.content.decode()

    reactivate = staff_browser.post(f"/web-users/{anne.pk}/reactivate/", follow=True)
    assert reactivate.redirect_chain[-1] == (page_url(alpha), 302)
    anne.user.refresh_from_db()
    assert anne.user.is_active is True
    assert 'class="badge badge-success">Actif' in reactivate.content.decode()


def test_u5_a_suspended_web_user_is_refused_by_the_portal_at_once(staff_browser, partner, alpha):
    anne = web_user(partner, email="anne@alpha.test", name="Anne", client=alpha)
    portal = HttpClient()
    portal.post("/portal/login/", {"username": "anne@alpha.test", "password": PASSWORD})
    assert portal.get("/portal/matters/").status_code == 200

    staff_browser.post(f"/web-users/{anne.pk}/suspend/")

    assert portal.get("/portal/matters/")["Location"].startswith("/portal/login/")


def test_i4_invite_makes_a_new_link_shown_on_the_page_it_came_from(
    staff_browser, partner, alpha, mailoutbox, django_capture_on_commit_callbacks
):
    anne = web_user(partner, email="anne@alpha.test", name="Anne", client=alpha, password=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_browser.post(
            f"/web-users/{anne.pk}/invite/", {"next": page_url(alpha)}, follow=True
        )
    url = invite_url_shown(response)
    assert len(mailoutbox) == 1 and url in mailoutbox[0].body


def test_u5_delete_removes_the_web_user_and_his_login(staff_browser, partner, alpha):
    anne = web_user(partner, email="anne@alpha.test", name="Anne", client=alpha)
    page = staff_browser.get(page_url(alpha))
    assert f'action="/web-users/{anne.pk}/delete/" data-confirm=' in page.content.decode()

    response = staff_browser.post(
        f"/web-users/{anne.pk}/delete/", {"next": page_url(alpha)}, follow=True
    )

    assert response.redirect_chain[-1] == (page_url(alpha), 302)
    assert "est supprimé" in text_of(response)
    assert not PortalUser.objects.filter(pk=anne.pk).exists()
    assert not User.objects.filter(pk=anne.user_id).exists()


def test_i4_next_outside_the_site_falls_back_to_the_web_users_list(staff_browser, partner, alpha):
    anne = web_user(partner, email="anne@alpha.test", name="Anne", client=alpha)
    response = staff_browser.post(f"/web-users/{anne.pk}/suspend/", {"next": "https://evil.test/"})
    assert response["Location"] == page_url(alpha)


# Without «Gérer le portail»; hidden clients (U4) ---------------------------------------


def test_i4_without_manage_portal_the_list_only_and_posts_are_403_changing_nothing(
    assistant_browser, assistant, partner, mailoutbox, django_capture_on_commit_callbacks
):
    own = ClientFactory(name="Client de l'assistant", created_by=assistant)
    anne = web_user(partner, email="anne@own.test", name="Anne", client=own)

    page = assistant_browser.get(page_url(own))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Anne" in text_of(page)
    for absent in ("web-user-form", f"suspend-{anne.pk}", f"invite-{anne.pk}", "Supprimer"):
        assert absent not in html

    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            assistant_browser.post(page_url(own), {"email": "x@own.test", "name": "X"}),
            assistant_browser.post(page_url(own), {}),
            assistant_browser.post(f"/web-users/{anne.pk}/invite/"),
            assistant_browser.post(f"/web-users/{anne.pk}/suspend/"),
            assistant_browser.post(f"/web-users/{anne.pk}/reactivate/"),
            assistant_browser.post(f"/web-users/{anne.pk}/delete/"),
        ]

    assert [a.status_code for a in answers] == [403] * 6
    anne.refresh_from_db()
    anne.user.refresh_from_db()
    assert anne.user.is_active and anne.invited_at is None
    assert list(PortalUser.objects.filter(client=own)) == [anne]
    assert mailoutbox == []


def test_u4_hidden_clients_web_tab_is_403_and_its_web_users_untouchable(assistant_browser, partner):
    hidden = ClientFactory(name="Caché", created_by=partner)
    anne = web_user(partner, email="anne@cache.test", name="Anne", client=hidden)

    assert assistant_browser.get(page_url(hidden)).status_code == 403
    assert assistant_browser.get("/clients/999999/web-users/").status_code == 404
    assert assistant_browser.post(f"/web-users/{anne.pk}/suspend/").status_code == 403
    assert assistant_browser.post("/web-users/999999/suspend/").status_code == 404


# The group page's «Utilisateurs web» (G10) ---------------------------------------------


def test_g10_group_page_lists_the_group_and_member_web_users_with_their_scope(staff_browser, pw):
    group_page = staff_browser.get(f"/groups/{pw.group.pk}/")
    assert f'href="/groups/{pw.group.pk}/web-users/"' in group_page.content.decode()
    member_web_user = web_user(
        pw.partner, email="hugo@gamma.test", name="Hugo Holding", client=pw.member1
    )

    response = staff_browser.get(group_url(pw.group))

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'id="group-tab-web-users"[^>]*aria-current="page"', html)
    rows = {pk: text_of_row(html, pk) for pk in (pw.wg.pk, member_web_user.pk, pw.wa.pk, pw.wb.pk)}
    assert "Gaëlle Gamma" in rows[pw.wg.pk] and "Groupe" in rows[pw.wg.pk]
    assert "Hugo Holding" in rows[member_web_user.pk]
    assert "Gamma Holding" in rows[member_web_user.pk]
    assert rows[pw.wa.pk] is None and rows[pw.wb.pk] is None


def text_of_row(html: str, pk: int) -> str | None:
    match = re.search(rf'<tr id="web-user-{pk}".*?</tr>', html, re.S)
    return unescape(re.sub(r"<[^>]+>", " ", match.group(0))) if match else None


def test_g10_create_a_web_user_of_the_group(staff_browser, pw):
    response = staff_browser.post(
        group_url(pw.group), {"email": "iris@gamma.test", "name": "Iris"}, follow=True
    )
    assert response.redirect_chain[-1] == (group_url(pw.group), 302)
    iris = PortalUser.objects.get(user__username="iris@gamma.test")
    assert iris.group_id == pw.group.pk and iris.client_id is None
    assert invite_url_shown(response).startswith("http://testserver/portal/invitation/")


def test_g10_actions_from_the_group_page_come_back_to_it(staff_browser, pw):
    response = staff_browser.post(
        f"/web-users/{pw.wg.pk}/suspend/", {"next": group_url(pw.group)}, follow=True
    )
    assert response.redirect_chain[-1] == (group_url(pw.group), 302)
    assert "Suspendu" in text_of_row(response.content.decode(), pw.wg.pk)


def test_g10_group_web_users_page_without_manage_portal_shows_no_buttons(assistant_browser, pw):
    response = assistant_browser.get(group_url(pw.group))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gaëlle Gamma" in html
    assert "web-user-form" not in html and f"suspend-{pw.wg.pk}" not in html


# Query counts ----------------------------------------------------------------------------


def test_i4_web_tab_query_count_does_not_grow_with_its_web_users(
    staff_browser, partner, alpha, django_assert_max_num_queries
):
    for n in range(8):
        web_user(partner, email=f"user{n}@alpha.test", name=f"Utilisateur {n}", client=alpha)
    with django_assert_max_num_queries(QUERIES_CLIENT_TAB):
        response = staff_browser.get(page_url(alpha))
    assert response.status_code == 200
    assert response.content.decode().count('<tr id="web-user-') == 8


def test_g10_web_users_page_query_count_does_not_grow_with_its_web_users(
    staff_browser, pw, django_assert_max_num_queries
):
    for n in range(8):
        client = pw.member1 if n % 2 else pw.member2
        web_user(pw.partner, email=f"user{n}@gamma.test", name=f"Utilisateur {n}", client=client)
    with django_assert_max_num_queries(QUERIES_GROUP_PAGE):
        response = staff_browser.get(group_url(pw.group))
    assert response.status_code == 200
    assert response.content.decode().count('<tr id="web-user-') == 9
