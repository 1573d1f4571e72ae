from django.urls import path

from cabinet.activities import views

app_name = "activities"

urlpatterns = [
    path("activities/new/", views.activity_create, name="create"),
    path(
        "matters/<int:matter_id>/activities/",
        views.matter_activities,
        name="matter_activities",
    ),
    path(
        "matters/<int:matter_id>/activities/transfer/",
        views.activities_transfer,
        name="transfer",
    ),
    path(
        "matters/<int:matter_id>/activities/<int:activity_id>/edit/",
        views.activity_edit,
        name="edit",
    ),
    path(
        "matters/<int:matter_id>/activities/<int:activity_id>/delete/",
        views.activity_delete,
        name="delete",
    ),
]
