"""The group views' pages (G10), under the group's address."""

from django.urls import path

from cabinet.insurance import group_views

app_name = "insurance_groups"

urlpatterns = [
    path(
        "groups/<int:group_id>/premium-receipts/",
        group_views.group_receipts,
        name="receipts",
    ),
    path("groups/<int:group_id>/contracts/", group_views.group_contracts, name="contracts"),
    path("groups/<int:group_id>/claims/", group_views.group_claims, name="claims"),
]
