"""Writes on billing: split (A3), proformas (A6, A10), invoices and credit notes (A7).

Each write locks the matter first (as activities and parties do): every billing write on
a matter waits for the one before, so the shares and activities it then locks (in either
order) are never contended by another billing write. Invoice numbers come
from their series' row, locked until the invoice is saved, so numbers are unique, gapless
and chronological even when many proformas are finalised at once (credit notes likewise,
in their own series).
"""

from cabinet.billing.services.invoicing import credit_note_create, firm_snapshot, proforma_finalize
from cabinet.billing.services.proformas import (
    proforma_delete,
    proforma_line_remove,
    proformas_create,
)
from cabinet.billing.services.shares import (
    activities_restated,
    activity_write_off,
    activity_write_off_cancel,
)
from cabinet.billing.services.split import split_set

__all__ = [
    "activities_restated",
    "activity_write_off",
    "activity_write_off_cancel",
    "credit_note_create",
    "firm_snapshot",
    "proforma_delete",
    "proforma_finalize",
    "proforma_line_remove",
    "proformas_create",
    "split_set",
]
