"""What the history API shows of proformas and invoices (U3)."""

from cabinet.accounts.models import Right
from cabinet.billing.models import CreditNote, Invoice, Proforma
from cabinet.history.registry import Child, Entry, access_through, register
from cabinet.matters.history import matter_readable


def register_history() -> None:
    right = Right.ALL_MATTERS
    register(
        Entry(
            name="proforma",
            model=Proforma,
            check=access_through(
                Proforma, "matter_id", matter_readable, right=right, label="cette proforma"
            ),
        )
    )
    register(
        Entry(
            name="invoice",
            model=Invoice,
            check=access_through(
                Invoice, "matter_id", matter_readable, right=right, label="cette facture"
            ),
            children=(Child(CreditNote, "invoice_id", "credit_note", "number"),),
        )
    )
