import pytest
from django.test import Client as HttpClient

from cabinet.accounts.models import ApiToken, Profile, hash_token
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Tests render pages without `collectstatic`: serve static files from the apps."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Users are created by the hundred in tests: hash their passwords cheaply."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_api_client(user) -> HttpClient:
    """An HTTP client that calls the API with a bearer token of `user`."""
    raw = ApiToken.new_raw_key()
    ApiToken.objects.create(user=user, key_hash=hash_token(raw), hint=raw[:10])
    return HttpClient(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def user_with_profile(db):
    def make(code: str, **kwargs):
        return UserFactory(profile=Profile.objects.get(code=code), **kwargs)

    return make


@pytest.fixture
def admin_user(user_with_profile):
    return user_with_profile("admin", username="admin-test")


@pytest.fixture
def partner(user_with_profile):
    return user_with_profile("partner", username="partner-test")


@pytest.fixture
def assistant(user_with_profile):
    return user_with_profile("assistant", username="assistant-test")


@pytest.fixture
def api(partner):
    """The API as a partner (every right but settings)."""
    return make_api_client(partner)


@pytest.fixture
def admin_api(admin_user):
    return make_api_client(admin_user)


@pytest.fixture
def assistant_api(assistant):
    return make_api_client(assistant)


@pytest.fixture
def anonymous_api():
    return HttpClient()


@pytest.fixture
def staff_browser(partner):
    """Django's test client logged in to the pages as a partner."""
    client = HttpClient()
    client.force_login(partner)
    return client
