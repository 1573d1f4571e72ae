from django.urls import path

from cabinet.matters.views import create, lists, matter, parties

app_name = "matters"

urlpatterns = [
    path("matters/", lists.matter_list, name="list"),
    path("matters/new/", create.matter_create_start, name="create"),
    path("matters/new/<slug:draft>/<int:step>/", create.matter_create_step, name="create_step"),
    path("matters/<int:matter_id>/", matter.matter_detail, name="detail"),
    path("matters/<int:matter_id>/edit/", matter.matter_edit, name="edit"),
    path("matters/<int:matter_id>/status/", matter.matter_set_status, name="set_status"),
    path("matters/<int:matter_id>/delete/", matter.matter_delete, name="delete"),
    path("matters/<int:matter_id>/parties/", parties.matter_parties, name="parties"),
    path("matters/<int:matter_id>/parties/add/", parties.party_add, name="party_add"),
    path(
        "matters/<int:matter_id>/parties/<int:party_id>/active/",
        matter.party_set_active,
        name="party_set_active",
    ),
    path(
        "matters/<int:matter_id>/parties/<int:party_id>/portal/",
        matter.party_set_portal_shared,
        name="party_set_portal_shared",
    ),
    path(
        "matters/<int:matter_id>/parties/<int:party_id>/remove/",
        parties.party_remove,
        name="party_remove",
    ),
    path(
        "matters/<int:matter_id>/intervenants/add/",
        matter.intervenant_add,
        name="intervenant_add",
    ),
    path(
        "matters/<int:matter_id>/intervenants/<int:user_id>/remove/",
        matter.intervenant_remove,
        name="intervenant_remove",
    ),
    path("clients/<int:client_id>/matters/", lists.client_matters, name="client_matters"),
]
