from django.urls import path

from cabinet.accounts import views
from cabinet.clients import connexity_views
from cabinet.groups import views as group_views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("settings/", views.settings_index, name="settings"),
    path("settings/users/", views.settings_user_create, name="settings_user_create"),
    path("settings/profiles/", views.settings_profile_create, name="settings_profile_create"),
    # «Paramètres» › Clients: the pages live with their apps, under the settings' address.
    path(
        "settings/connexity-labels/",
        connexity_views.settings_labels,
        name="settings_connexity_labels",
    ),
    path(
        "settings/connexity-labels/new/",
        connexity_views.settings_label_create,
        name="settings_connexity_label_create",
    ),
    path(
        "settings/connexity-labels/<int:label_id>/rename/",
        connexity_views.settings_label_rename,
        name="settings_connexity_label_rename",
    ),
    path(
        "settings/connexity-labels/<int:label_id>/delete/",
        connexity_views.settings_label_delete,
        name="settings_connexity_label_delete",
    ),
    path("settings/groups/", group_views.settings_groups, name="settings_groups"),
    path(
        "settings/groups/merge/",
        group_views.settings_groups_merge,
        name="settings_groups_merge",
    ),
]
