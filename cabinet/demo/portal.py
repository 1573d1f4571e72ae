"""The demo firm's client portal (I4, U2): a web user of a client with two matters shared
with it (one holding an invoice addressed to it), and a web user of the group with the
most contracts. Written through the portal's services, with known passwords (README)."""

from dataclasses import dataclass

from django.db.models import Count

from cabinet.accounts.models import User
from cabinet.billing.models import Invoice
from cabinet.groups.models import Group
from cabinet.insurance.models import Contract
from cabinet.matters.models import MatterParty, PartyRole
from cabinet.portal import services
from cabinet.portal.models import PortalUser

CLIENT_WEB_USER = ("acces.client@portail.exemple.fr", "portail-client")
GROUP_WEB_USER = ("acces.groupe@portail.exemple.fr", "portail-groupe")


@dataclass
class PortalSummary:
    client: str
    group: str

    def __str__(self) -> str:
        return f"Portail : un accès web pour {self.client}, un pour le groupe {self.group}."


def is_loaded() -> bool:
    return PortalUser.objects.exists()


def _client_with_shared_matters() -> int | None:
    """The first client (by id) with an invoice on a matter shared with it and at least
    two shared matters."""
    shared = MatterParty.objects.filter(role=PartyRole.CLIENT, is_active=True, portal_shared=True)
    shared_matters = shared.values("matter_id")
    invoiced = set(
        Invoice.objects.filter(credit_note__isnull=True, matter__in=shared_matters).values_list(
            "client_id", flat=True
        )
    )
    counts = (
        shared.values("client_id")
        .annotate(n=Count("matter_id"))
        .filter(n__gte=2)
        .order_by("client_id")
    )
    return next((row["client_id"] for row in counts if row["client_id"] in invoiced), None)


def load_portal(*, users: dict[str, User]) -> PortalSummary | None:
    actor = users["associe"]
    client_id = _client_with_shared_matters()
    by_group = (
        Contract.objects.filter(client__group_membership__isnull=False)
        .values("client__group_membership__group")
        .annotate(n=Count("id"))
        .order_by("-n", "client__group_membership__group")
        .first()
    )
    group = Group.objects.get(pk=by_group["client__group_membership__group"]) if by_group else None
    if client_id is None or group is None:
        return None
    email, password = CLIENT_WEB_USER
    client_user = services.portal_user_create(
        actor=actor, email=email, name="Accès web client", client_id=client_id, password=password
    )
    email, password = GROUP_WEB_USER
    services.portal_user_create(
        actor=actor, email=email, name="Accès web groupe", group_id=group.pk, password=password
    )
    return PortalSummary(client=client_user.client.display_name, group=group.name)
