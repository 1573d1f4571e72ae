from django.urls import path

from cabinet.groups import client_views, contact_views, tree_views, views

app_name = "groups"

urlpatterns = [
    path("groups/", views.group_list, name="list"),
    path("groups/new/", views.group_create, name="create"),
    path("groups/<int:group_id>/", views.group_detail, name="detail"),
    path("groups/<int:group_id>/edit/", views.group_edit, name="edit"),
    path("groups/<int:group_id>/contacts/", contact_views.group_contacts, name="contacts"),
    path("groups/<int:group_id>/delete/", views.group_delete, name="delete"),
    path(
        "groups/<int:group_id>/representative/candidates/",
        views.representative_candidates,
        name="representative_candidates",
    ),
    path(
        "groups/<int:group_id>/representative/",
        views.representative_set,
        name="representative_set",
    ),
    path(
        "groups/<int:group_id>/representative/delete/",
        views.representative_remove,
        name="representative_remove",
    ),
    path(
        "groups/<int:group_id>/members/candidates/",
        views.member_candidates,
        name="member_candidates",
    ),
    path("groups/<int:group_id>/members/", views.member_add, name="member_add"),
    path("groups/<int:group_id>/members/remove/", views.member_remove, name="member_remove"),
    path("groups/<int:group_id>/members/seat/", views.member_seat, name="member_seat"),
    path("groups/<int:group_id>/members/move/", views.member_move, name="member_move"),
    path(
        "groups/<int:group_id>/members/children/",
        tree_views.member_children,
        name="member_children",
    ),
    path(
        "groups/<int:group_id>/members/destinations/",
        tree_views.member_destinations,
        name="member_destinations",
    ),
    # A client record's «Groupe» field and tab (G5).
    path("clients/<int:client_id>/group/", client_views.client_group, name="client_group"),
    path(
        "clients/<int:client_id>/group/candidates/",
        client_views.client_group_candidates,
        name="client_group_candidates",
    ),
    path(
        "clients/<int:client_id>/group/set/",
        client_views.client_group_set,
        name="client_group_set",
    ),
    path(
        "clients/<int:client_id>/group/new/",
        client_views.client_group_create,
        name="client_group_create",
    ),
    path(
        "clients/<int:client_id>/group/leave/",
        client_views.client_group_leave,
        name="client_group_leave",
    ),
]
