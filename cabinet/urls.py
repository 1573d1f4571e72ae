from django.urls import include, path

from cabinet.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("cabinet.core.urls")),
    path("", include("cabinet.accounts.urls")),
    path("", include("cabinet.clients.urls")),
    path("", include("cabinet.matters.urls")),
    path("", include("cabinet.activities.urls")),
    path("", include("cabinet.groups.urls")),
    path("", include("cabinet.billing.urls")),
]
