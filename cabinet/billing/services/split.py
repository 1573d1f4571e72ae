"""A3: the client split of a multi-client matter."""

from decimal import Decimal

from django.db import transaction

from cabinet.accounts.models import Right, User
from cabinet.billing import selectors
from cabinet.billing.models import (
    ClientSplit,
)
from cabinet.core.errors import InvalidInput
from cabinet.core.permissions import require_right
from cabinet.matters.models import Matter
from cabinet.matters.services import lock_matter


def split_set(*, actor: User, matter: Matter, shares: list[tuple[int, Decimal]]) -> None:
    """A3: one share per active client party, each ≥ 0, summing to exactly 100.00."""
    require_right(actor, Right.BILL)
    with transaction.atomic():
        matter = lock_matter(matter.id)
        active = {c.id for c in selectors.active_clients(matter)}
        given = [client_id for client_id, _ in shares]
        if len(set(given)) != len(given):
            raise InvalidInput(
                "Un client apparaît deux fois dans la répartition.",
                code="split_duplicate_client",
                field="shares",
            )
        unknown = set(given) - active
        if unknown:
            raise InvalidInput(
                "La répartition ne porte que sur les clients actifs du dossier "
                f"(client {sorted(unknown)[0]}).",
                code="split_unknown_client",
                field="shares",
            )
        if set(given) != active:
            raise InvalidInput(
                "Chaque client actif du dossier a une part.",
                code="split_missing_client",
                field="shares",
            )
        total = sum((share for _, share in shares), Decimal("0"))
        if total != Decimal("100"):
            raise InvalidInput(
                f"Les parts totalisent {total} % au lieu de 100 %.",
                code="split_not_100",
                field="shares",
            )
        current = {s.client_id: s for s in ClientSplit.objects.filter(matter=matter)}
        for client_id, share in shares:
            row = current.pop(client_id, None) or ClientSplit(matter=matter, client_id=client_id)
            if row.pk is None or row.share != share:
                row.share = share
                row._history_user = actor
                row.save()
        for row in current.values():  # inactive clients' old shares
            row._history_user = actor
            row.delete()
