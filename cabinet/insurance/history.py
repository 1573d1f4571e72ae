"""What the history API shows of the portfolio (U3): contracts, receipts, claims, insurers."""

from cabinet.accounts.models import Right
from cabinet.clients.selectors import client_get_for_user
from cabinet.history.registry import Entry, access_through, register
from cabinet.insurance.models import Claim, Contract, Insurer, PremiumReceipt


def _client_readable(user, client_id: int) -> None:
    client_get_for_user(user=user, client_id=client_id)


def _anyone(user, insurer_id: int) -> None:
    """The insurers are one firm-wide list."""


def register_history() -> None:
    right = Right.ALL_CLIENTS
    for name, model, label in (
        ("contract", Contract, "ce contrat"),
        ("premium_receipt", PremiumReceipt, "cette quittance"),
        ("claim", Claim, "ce sinistre"),
    ):
        register(
            Entry(
                name=name,
                model=model,
                check=access_through(
                    model, "client_id", _client_readable, right=right, label=label
                ),
            )
        )
    register(
        Entry(
            name="insurer",
            model=Insurer,
            check=access_through(Insurer, "pk", _anyone, right=right, label="cet assureur"),
        )
    )
