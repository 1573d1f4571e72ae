"""The staff pages of web users (I4, U5, G10): a client record's «Web» tab, the group
page's «Utilisateurs web», and the actions on one web user."""

from django.urls import path

from cabinet.portal import staff_views

app_name = "portal_staff"

urlpatterns = [
    path(
        "clients/<int:client_id>/web-users/",
        staff_views.client_web_users,
        name="client_web_users",
    ),
    path("groups/<int:group_id>/web-users/", staff_views.group_web_users, name="group_web_users"),
    path(
        "web-users/<int:portal_user_id>/invite/",
        staff_views.web_user_invite,
        name="web_user_invite",
    ),
    path(
        "web-users/<int:portal_user_id>/suspend/",
        staff_views.web_user_suspend,
        name="web_user_suspend",
    ),
    path(
        "web-users/<int:portal_user_id>/reactivate/",
        staff_views.web_user_reactivate,
        name="web_user_reactivate",
    ),
    path(
        "web-users/<int:portal_user_id>/delete/",
        staff_views.web_user_delete,
        name="web_user_delete",
    ),
]
