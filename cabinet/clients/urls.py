from django.urls import path

from cabinet.clients import connexity_views, views

app_name = "clients"

urlpatterns = [
    path("clients/", views.client_list, name="list"),
    path("clients/search/", views.client_search, name="search"),
    path("clients/new/", views.client_create, name="create"),
    path("clients/<int:client_id>/", views.client_detail, name="detail"),
    path("clients/<int:client_id>/edit/", views.client_edit, name="edit"),
    path("clients/<int:client_id>/aliases/", views.alias_add, name="alias_add"),
    path(
        "clients/<int:client_id>/aliases/<int:alias_id>/delete/",
        views.alias_remove,
        name="alias_remove",
    ),
    path(
        "clients/<int:client_id>/attachment/candidates/",
        views.attachment_candidates,
        name="attachment_candidates",
    ),
    path("clients/<int:client_id>/attachment/", views.attachment_set, name="attachment_set"),
    path(
        "clients/<int:client_id>/attachment/delete/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("clients/<int:client_id>/contacts/", views.contact_list, name="contacts"),
    path("clients/<int:client_id>/contacts/new/", views.contact_create, name="contact_create"),
    path(
        "clients/<int:client_id>/contacts/<int:contact_id>/edit/",
        views.contact_edit,
        name="contact_edit",
    ),
    path(
        "clients/<int:client_id>/contacts/<int:contact_id>/end/",
        views.contact_end,
        name="contact_end",
    ),
    path(
        "clients/<int:client_id>/connexities/",
        connexity_views.connexity_list,
        name="connexities",
    ),
    path(
        "clients/<int:client_id>/connexities/candidates/",
        connexity_views.connexity_candidates,
        name="connexity_candidates",
    ),
    path(
        "clients/<int:client_id>/connexities/new/",
        connexity_views.connexity_create,
        name="connexity_create",
    ),
    path(
        "clients/<int:client_id>/connexities/<int:connexity_id>/edit/",
        connexity_views.connexity_edit,
        name="connexity_edit",
    ),
    path(
        "clients/<int:client_id>/connexities/<int:connexity_id>/delete/",
        connexity_views.connexity_delete,
        name="connexity_delete",
    ),
]
