"""«Paramètres» › Clients › Connexités, mounted by cabinet/urls.py under settings/ in the
accounts namespace of the settings pages (`accounts:settings_connexity_labels`, …)."""

from django.urls import path

from cabinet.clients import connexity_views

urlpatterns = [
    path("connexity-labels/", connexity_views.settings_labels, name="settings_connexity_labels"),
    path(
        "connexity-labels/new/",
        connexity_views.settings_label_create,
        name="settings_connexity_label_create",
    ),
    path(
        "connexity-labels/<int:label_id>/rename/",
        connexity_views.settings_label_rename,
        name="settings_connexity_label_rename",
    ),
    path(
        "connexity-labels/<int:label_id>/delete/",
        connexity_views.settings_label_delete,
        name="settings_connexity_label_delete",
    ),
]
