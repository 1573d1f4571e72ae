"""Chromium starts and renders Cabinet: the login page and its form (U1)."""

from playwright.sync_api import expect


def test_u1_login_page_renders_its_form_in_chromium(live_server, page):
    page.goto(f"{live_server.url}/login/")

    expect(page).to_have_title("Connexion · Cabinet")
    expect(page.locator("#id_username")).to_be_visible()
    expect(page.locator("#id_password")).to_be_visible()
    expect(page.get_by_role("button", name="Se connecter")).to_be_enabled()


def test_u1_logged_in_page_leaves_the_login_form(logged_in_page):
    expect(logged_in_page.locator("#id_password")).to_have_count(0)
