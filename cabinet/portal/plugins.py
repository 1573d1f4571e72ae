"""What the portal plugs into the apps below it, which name nothing of it: M8's sharing
switch on the matter page learns which clients have a web user; a group's web users follow
it into a merge and keep it from being deleted (G7, G8); the history shows web users (U3);
the client record has a «Web» tab and the group page «Utilisateurs web» (I4, G10)."""

from cabinet.accounts.models import Right
from cabinet.clients import registry as clients_registry
from cabinet.core.pieces import Piece
from cabinet.groups import registry as groups_registry
from cabinet.history.registry import Entry, access_through, register
from cabinet.matters import registry as matters_registry
from cabinet.portal import selectors, services
from cabinet.portal.models import PortalUser


def _portal_user_readable(user, portal_user_id: int) -> None:
    selectors.portal_user_get_for_user(user=user, portal_user_id=portal_user_id)


def plug_in() -> None:
    clients_registry.register_piece(
        clients_registry.TABS, Piece("web users", "portal/staff/_client_tab.html", order=50)
    )
    groups_registry.register_piece(
        groups_registry.VIEWS, Piece("web users", "portal/staff/_group_tab.html", order=50)
    )
    matters_registry.register_portal(
        matters_registry.Portal("portal", selectors.clients_with_web_users)
    )
    groups_registry.register_dependant(
        groups_registry.Dependant(
            "web_users",
            refusal=selectors.group_deletion_refusal,
            merge=services.web_users_follow_merge,
        )
    )
    register(
        Entry(
            name="portal_user",
            model=PortalUser,
            check=access_through(
                PortalUser,
                "pk",
                _portal_user_readable,
                right=Right.MANAGE_PORTAL,
                label="cet utilisateur web",
            ),
        )
    )
