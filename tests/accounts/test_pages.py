"""Login, logout and «Paramètres» (U1) through real templates."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client as HttpClient

from cabinet.accounts.models import Profile, Right, User

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-solide-42"  # tests.factories.UserFactory


def html_of(response) -> str:
    return response.content.decode()


# Login and logout --------------------------------------------------------------------


def test_login_page_is_french_with_its_hooks():
    html = html_of(HttpClient().get("/login/"))

    assert '<html lang="fr">' in html
    assert '<label for="id_username">Identifiant' in html
    assert '<label for="id_password">Mot de passe' in html
    assert 'id="id_username"' in html and 'id="id_password"' in html
    assert ">Se connecter</button>" in html


def test_u1_login_then_lands_on_the_client_list(partner):
    browser = HttpClient()

    response = browser.post(
        "/login/", {"username": partner.username, "password": PASSWORD}, follow=True
    )

    assert [url for url, _ in response.redirect_chain] == ["/", "/clients/"]
    assert browser.session[SESSION_KEY] == str(partner.pk)


def test_u1_login_goes_back_to_the_page_asked_for(partner):
    browser = HttpClient()

    first = browser.get("/settings/")
    response = browser.post(
        "/login/?next=/settings/",
        {"username": partner.username, "password": PASSWORD, "next": "/settings/"},
    )

    assert first["Location"] == "/login/?next=/settings/"
    assert response["Location"] == "/settings/"


def test_u1_login_never_redirects_to_another_site(partner):
    response = HttpClient().post(
        "/login/",
        {"username": partner.username, "password": PASSWORD, "next": "https://evil.test/"},
    )

    assert response["Location"] == "/"


def test_u1_wrong_password_is_refused_with_a_clear_french_error(partner):
    browser = HttpClient()

    response = browser.post("/login/", {"username": partner.username, "password": "faux"})

    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect." in html_of(response)
    assert SESSION_KEY not in browser.session


def test_u1_too_many_wrong_passwords_refuse_the_login_page_for_a_while(partner, settings):
    settings.CABINET_LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        HttpClient().post("/login/", {"username": partner.username, "password": "faux"})
    browser = HttpClient()

    response = browser.post("/login/", {"username": partner.username, "password": PASSWORD})

    assert response.status_code == 200
    assert "Trop de tentatives de connexion pour cet identifiant" in html_of(response)
    assert SESSION_KEY not in browser.session


def test_u1_a_successful_login_clears_the_refused_ones(partner, settings):
    settings.CABINET_LOGIN_MAX_FAILURES = 2
    HttpClient().post("/login/", {"username": partner.username, "password": "faux"})
    HttpClient().post("/login/", {"username": partner.username, "password": PASSWORD})
    HttpClient().post("/login/", {"username": partner.username, "password": "faux"})
    browser = HttpClient()

    browser.post("/login/", {"username": partner.username, "password": PASSWORD})

    assert SESSION_KEY in browser.session


def test_u1_empty_login_form_names_the_missing_fields():
    html = html_of(HttpClient().post("/login/", {"username": "", "password": ""}))

    assert "Saisissez votre identifiant." in html and "Saisissez votre mot de passe." in html


def test_u1_inactive_user_cannot_log_in(partner):
    partner.is_active = False
    partner.save()

    response = HttpClient().post("/login/", {"username": partner.username, "password": PASSWORD})

    assert response.status_code == 200
    assert "incorrect" in html_of(response)


def test_u1_logged_in_user_skips_the_login_page(staff_browser):
    assert staff_browser.get("/login/")["Location"] == "/"


def test_u1_logout_is_a_post(staff_browser):
    refused = staff_browser.get("/logout/")
    response = staff_browser.post("/logout/")

    assert refused.status_code == 405
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert SESSION_KEY not in staff_browser.session
    assert staff_browser.get("/clients/")["Location"] == "/login/?next=/clients/"


# «Paramètres» ------------------------------------------------------------------------


@pytest.fixture
def admin_browser(admin_user):
    browser = HttpClient()
    browser.force_login(admin_user)
    return browser


def test_settings_requires_login():
    response = HttpClient().get("/settings/")

    assert response["Location"] == "/login/?next=/settings/"


def test_u1_settings_lists_users_and_profiles_with_french_rights(admin_browser, partner):
    html = html_of(admin_browser.get("/settings/"))

    assert "<h1>Paramètres</h1>" in html
    assert partner.username in html and partner.get_full_name() in html
    for profile in ("Administrateur", "Associé", "Collaborateur", "Assistant"):
        assert profile in html
    for right in Right:
        assert right.label.replace("'", "&#x27;") in html
    assert 'id="user-form"' in html and 'id="profile-form"' in html


def test_u1_settings_are_read_only_without_manage_settings(staff_browser, partner):
    """U1: partners lack «Gérer les paramètres»: they read the lists, without forms."""
    html = html_of(staff_browser.get("/settings/"))

    assert partner.username in html and "Voir tous les clients" in html
    assert "Consultation seule" in html
    assert 'id="user-form"' not in html and 'id="profile-form"' not in html
    assert "Nouvel utilisateur" not in html


def test_u1_creating_a_user_needs_manage_settings(staff_browser):
    response = staff_browser.post(
        "/settings/users/",
        {"username": "intrus", "password": "Un-mot-de-passe-42", "profile": "admin"},
    )

    assert response.status_code == 403
    assert "Accès refusé" in html_of(response)
    assert not User.objects.filter(username="intrus").exists()


def test_u1_creating_a_profile_needs_manage_settings(user_with_profile):
    browser = HttpClient()
    browser.force_login(user_with_profile("assistant"))

    response = browser.post("/settings/profiles/", {"code": "tous", "name": "Tous"})

    assert response.status_code == 403
    assert not Profile.objects.filter(code="tous").exists()


def test_u1_admin_creates_a_user_with_a_profile(admin_browser):
    response = admin_browser.post(
        "/settings/users/",
        {
            "username": "jdupont",
            "first_name": "Jeanne",
            "last_name": "Dupont",
            "email": "j.dupont@cabinet.test",
            "profile": "associate",
            "password": "Un-mot-de-passe-42",
        },
        follow=True,
    )

    user = User.objects.get(username="jdupont")
    assert user.profile.code == "associate" and user.check_password("Un-mot-de-passe-42")
    html = html_of(response)
    assert "Utilisateur « jdupont » créé." in html and "Jeanne Dupont" in html


def test_u1_weak_password_is_refused_on_the_password_field(admin_browser):
    response = admin_browser.post(
        "/settings/users/", {"username": "faible", "profile": "assistant", "password": "123"}
    )

    assert response.status_code == 422
    assert response.context["user_form"].errors["password"]
    assert 'id="user-form"' in html_of(response) and "open" in html_of(response)
    assert not User.objects.filter(username="faible").exists()


def test_u1_taken_username_is_refused_on_the_username_field(admin_browser, partner):
    response = admin_browser.post(
        "/settings/users/",
        {
            "username": partner.username.upper(),
            "profile": "assistant",
            "password": "Un-mot-de-passe-42",
        },
    )

    assert response.status_code == 422
    errors = response.context["user_form"].errors["username"]
    assert errors == [f"L'identifiant « {partner.username.upper()} » est déjà pris."]


def test_u1_user_needs_a_known_profile(admin_browser):
    response = admin_browser.post(
        "/settings/users/",
        {"username": "sansprofil", "profile": "inconnu", "password": "Un-mot-de-passe-42"},
    )

    assert response.status_code == 422
    assert "profile" in response.context["user_form"].errors


def test_u1_admin_creates_a_profile_with_rights(admin_browser):
    response = admin_browser.post(
        "/settings/profiles/",
        {"code": "stagiaire", "name": "Stagiaire", "rights": ["all_clients", "bill"]},
        follow=True,
    )

    profile = Profile.objects.get(code="stagiaire")
    assert profile.rights == ["bill", "all_clients"]
    html = html_of(response)
    assert "Profil « Stagiaire » créé." in html
    assert "Stagiaire" in html and "Voir tous les clients" in html


def test_u1_profile_code_must_be_new(admin_browser):
    response = admin_browser.post("/settings/profiles/", {"code": "admin", "name": "Bis"})

    assert response.status_code == 422
    assert response.context["profile_form"].errors["code"] == ["Le profil « admin » existe déjà."]
    assert Profile.objects.filter(code="admin").count() == 1


def test_u1_profile_code_is_a_short_slug(admin_browser):
    response = admin_browser.post("/settings/profiles/", {"code": "avec espace", "name": "X"})

    assert response.status_code == 422
    assert "code" in response.context["profile_form"].errors
