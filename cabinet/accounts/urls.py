from django.urls import path

from cabinet.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("settings/", views.settings_index, name="settings"),
    path("settings/users/", views.settings_user_create, name="settings_user_create"),
    path("settings/profiles/", views.settings_profile_create, name="settings_profile_create"),
    # «Paramètres» › Clients: the apps' own settings pages are mounted in cabinet/urls.py.
]
