"""What the history API shows of clients, contacts and connexities (U3)."""

from cabinet.accounts.models import Right
from cabinet.clients.models import Client, ClientAlias, Connexity, Contact
from cabinet.clients.selectors import client_get_for_user
from cabinet.history.registry import Child, Entry, access_through, register


def _client_readable(user, client_id: int) -> None:
    client_get_for_user(user=user, client_id=client_id)


def _connexity_readable(user, connexity_id: int) -> None:
    for client_id in (
        Connexity.objects.filter(pk=connexity_id).values_list("client_id", "other_id").get()
    ):
        client_get_for_user(user=user, client_id=client_id)


def register_history() -> None:
    right = Right.ALL_CLIENTS
    register(
        Entry(
            name="client",
            model=Client,
            check=access_through(Client, "pk", _client_readable, right=right, label="ce client"),
            children=(Child(ClientAlias, "client_id", "aliases", "value"),),
        )
    )
    register(
        Entry(
            name="contact",
            model=Contact,
            check=access_through(
                Contact, "client_id", _client_readable, right=right, label="ce contact"
            ),
        )
    )
    register(
        Entry(
            name="connexity",
            model=Connexity,
            check=access_through(
                Connexity, "pk", _connexity_readable, right=right, label="cette connexité"
            ),
        )
    )
