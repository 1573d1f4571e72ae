"""«Paramètres» › Clients › Groupes client, mounted by cabinet/urls.py under settings/ in
the accounts namespace of the settings pages (`accounts:settings_groups`, …)."""

from django.urls import path

from cabinet.groups import views

urlpatterns = [
    path("groups/", views.settings_groups, name="settings_groups"),
    path("groups/merge/", views.settings_groups_merge, name="settings_groups_merge"),
]
