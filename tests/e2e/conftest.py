"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every test in this folder is marked `e2e` (`make e2e` runs them alone). Without
/usr/bin/chromium they are skipped, except in CI (the CI variable set), where a missing
browser fails the run: CI must prove the pages work in a real browser.
Playwright's own browsers are never downloaded (no `playwright install`).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the test's own ORM calls
# (fixtures, assertions) are still synchronous and safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STAFF_PASSWORD = "motdepasse-solide-42"  # tests.factories.UserFactory's password
HERE = Path(__file__).resolve().parent


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def pytest_collection_modifyitems(config, items):
    """Mark this folder's tests `e2e`; skip them when Chromium is absent outside CI."""
    skip = None
    if not CHROMIUM.exists() and not in_ci():
        skip = pytest.mark.skip(reason=f"{CHROMIUM} is absent (apt-get install chromium)")
    for item in items:
        if HERE not in Path(item.path).resolve().parents:
            continue
        item.add_marker(pytest.mark.e2e)
        if skip is not None:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _chromium_present():
    """Reached only when the tests are not skipped: in CI, a missing Chromium is a failure."""
    if not CHROMIUM.exists():
        pytest.fail(f"CI is set but {CHROMIUM} is absent: browser tests cannot run.")


# Browser tests need transactional_db: the live server's thread sees committed data only,
# and the database is flushed after each test, which also empties what the migrations
# wrote (the built-in profiles of accounts.0002). Each browser test therefore starts from,
# and leaves behind, the database as migrated: the contents pytest-django serialized when
# it created the test database are put back around it.
SERIALIZED: dict[str, str] = {}


def _remember_serialized_contents() -> None:
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            SERIALIZED.setdefault(alias, contents)


def _restore_migrated_data(config) -> None:
    from django.core.management import call_command
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with config.stash[blocking_manager_key].unblock():
        for alias, contents in SERIALIZED.items():
            call_command(
                "flush", database=alias, interactive=False, inhibit_post_migrate=True, verbosity=0
            )
            connections[alias].creation.deserialize_db_from_string(contents)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    """A transactional test elsewhere may have flushed the database (and let post_migrate
    recreate content types under new ids): start from the migrated state."""
    if "_live_database" in item.fixturenames and not item.get_closest_marker("skip"):
        _remember_serialized_contents()
        _restore_migrated_data(item.config)
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the flush that ends a browser test, leave the database as migrated for the
    transactional tests that run after this folder."""
    result = yield
    if "_live_database" in item.fixturenames and not item.get_closest_marker("skip"):
        _restore_migrated_data(item.config)
    return result


@pytest.fixture(autouse=True)
def _live_database(transactional_db, django_db_serialized_rollback):
    """Transactional database; `django_db_serialized_rollback` makes pytest-django
    serialize the test database when it creates it."""


@pytest.fixture(scope="session", autouse=True)
def _serialized_test_databases(django_db_setup):
    """Read right after the test database is created, before Playwright starts."""
    _remember_serialized_contents()
    return SERIALIZED


@pytest.fixture(scope="session")
def playwright(playwright, _serialized_test_databases):
    """Once Playwright's sync API runs, the test code sees new Django connection objects
    (asgiref's context-local storage): hand them the serialized contents, so that Django's
    serialized rollback keeps working (no post_migrate on the flush)."""
    from django.db import connections

    for alias, contents in _serialized_test_databases.items():
        connections[alias]._test_serialized_contents = contents
    return playwright


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


@pytest.fixture
def page(page):
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def staff_user(transactional_db, settings):
    """A partner (every right but settings) whose password is STAFF_PASSWORD."""
    from tests.factories import UserFactory

    # The server runs in this process: a cheap hasher makes each login fast.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return UserFactory(username="associe-e2e", first_name="Hélène", last_name="Vasseur")


@pytest.fixture
def logged_in_page(page, live_server, staff_user):
    """A page logged in as `staff_user` through the real login form."""
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", staff_user.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    return page
