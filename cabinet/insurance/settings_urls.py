"""«Paramètres» › Portefeuille › Assureurs, mounted by cabinet/urls.py under settings/ in the
accounts namespace of the settings pages (`accounts:settings_insurers`, …)."""

from django.urls import path

from cabinet.insurance import views

urlpatterns = [
    path("insurers/", views.settings_insurers, name="settings_insurers"),
    path("insurers/new/", views.settings_insurer_create, name="settings_insurer_create"),
]
