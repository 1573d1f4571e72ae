from django.urls import include, path

from cabinet.accounts import urls as accounts_urls
from cabinet.api import api

# «Paramètres»: the accounts' pages and, under settings/, the settings pages each app keeps
# with itself, all in the accounts namespace (`accounts:settings_groups`, …).
settings_pages = [
    *accounts_urls.urlpatterns,
    path("settings/", include("cabinet.clients.settings_urls")),
    path("settings/", include("cabinet.groups.settings_urls")),
    path("settings/", include("cabinet.insurance.settings_urls")),
]

urlpatterns = [
    path("api/v1/", api.urls),
    path("portal/", include("cabinet.portal.urls")),
    path("", include("cabinet.core.urls")),
    path("", include((settings_pages, accounts_urls.app_name))),
    path("", include("cabinet.clients.urls")),
    path("", include("cabinet.matters.urls")),
    path("", include("cabinet.activities.urls")),
    path("", include("cabinet.groups.urls")),
    path("", include("cabinet.billing.urls")),
    path("", include("cabinet.insurance.urls")),
    path("", include("cabinet.insurance.group_urls")),
    path("", include("cabinet.portal.staff_urls")),
]
