"""Reads of the client portal.

Two access rules live here, one per side:
- staff (U4): a web user is seen by whoever may see his client (or his group: every
  staff user sees every group) — `portal_user_get_for_user`;
- web users (U2): what a web user may see — the matters shared with his client (M8), the
  invoices and credit notes addressed to his client on them, and the contracts (with their
  receipts and claims) of his client or of every client of his group. Everything else is
  answered as absent (404), by the portal's pages and API alike.
"""

from django.db.models import Prefetch, Q, QuerySet

from cabinet.accounts.models import Right, User
from cabinet.billing import selectors as billing
from cabinet.billing.models import CreditNote, Invoice
from cabinet.clients.models import Client
from cabinet.clients.selectors import client_get_for_user, clients_visible_to
from cabinet.core.errors import DomainError, Forbidden, NotFound
from cabinet.groups.models import Group
from cabinet.insurance import selectors as insurance
from cabinet.insurance.models import Claim, Contract, PremiumReceipt
from cabinet.matters import selectors as matters
from cabinet.matters.models import Matter
from cabinet.portal.models import PortalUser

# Staff side (U4) -----------------------------------------------------------------------


def _portal_users() -> QuerySet[PortalUser]:
    return PortalUser.objects.select_related("user", "client", "group").order_by("name", "id")


def portal_user_get_for_user(
    *, user: User, portal_user_id: int, unknown: DomainError | None = None
) -> PortalUser:
    """U4: the one access rule for a web user, for pages, API and services: absent →
    NotFound (or `unknown`); a client's web user whose client the staff user may not see
    → Forbidden (or `unknown`). A group's web user is seen by every staff user, as the
    group is."""
    portal_user = _portal_users().filter(pk=portal_user_id).first()
    if portal_user is None:
        raise unknown or NotFound("Utilisateur web introuvable.", code="portal_user_not_found")
    if portal_user.client_id is not None:
        client_get_for_user(user=user, client_id=portal_user.client_id, unknown=unknown)
    else:
        refusal = group_reach_refusal(user=user, group_id=portal_user.group_id)
        if refusal is not None:
            raise unknown or refusal
    return portal_user


def group_reach_refusal(*, user: User, group_id: int) -> Forbidden | None:
    """U4/I4: a group's web user sees the contracts of every client of the group, so only
    staff who may see every one of them create or act on him (else he would be a window
    on clients they may not open)."""
    if user.has_right(Right.ALL_CLIENTS):
        return None
    members = Client.objects.filter(group_membership__group_id=group_id)
    if members.exclude(pk__in=clients_visible_to(user).values("pk")).exists():
        return Forbidden(
            "Un utilisateur web de groupe voit les contrats de tous les clients du groupe : "
            "il faut pouvoir les voir tous pour le gérer.",
            code="group_members_hidden",
        )
    return None


def web_users_of_client(*, client: Client) -> QuerySet[PortalUser]:
    """I4: the web users of one client (its record's «Web» tab)."""
    return _portal_users().filter(client=client)


def web_users_of_group(*, user: User, group: Group) -> QuerySet[PortalUser]:
    """G10 «Utilisateurs web»: the group's own web users and those of its members the
    staff user may see, each with its scope (`client` or `group`)."""
    members = clients_visible_to(user).filter(group_membership__group=group)
    return _portal_users().filter(Q(group=group) | Q(client__in=members))


def clients_with_web_users(client_ids) -> set[int]:
    """M8: which of `client_ids` have an active web user of their own (one query)."""
    return set(
        PortalUser.objects.filter(client_id__in=client_ids, user__is_active=True).values_list(
            "client_id", flat=True
        )
    )


def portal_user_of_login(user: User) -> PortalUser:
    """The web user behind a portal login (the portal's pages and API give only portal
    logins: cabinet.core.auth, portal.views)."""
    portal_user = getattr(user, "_portal_user_cache", None)
    if portal_user is None:
        portal_user = (
            PortalUser.objects.select_related("user", "client", "group").filter(user=user).first()
        )
        if portal_user is None:
            raise Forbidden("Ce compte n'est pas celui d'un utilisateur web.", code="not_portal")
        user._portal_user_cache = portal_user
    return portal_user


# Web users' side (U2) ------------------------------------------------------------------


def shared_matters(portal_user: PortalUser) -> QuerySet[Matter]:
    """U2/M8: the matters shared with the web user's client (none for a group's web user),
    newest first."""
    if portal_user.client_id is None:
        return Matter.objects.none()
    return matters.matters_shared_with(client_id=portal_user.client_id).order_by(
        "-opened_on", "-id"
    )


def shared_matter_get(*, portal_user: PortalUser, matter_id: int) -> Matter:
    matter = shared_matters(portal_user).filter(pk=matter_id).first()
    if matter is None:
        raise NotFound("Dossier introuvable.", code="matter_not_found")
    return matter


def shared_invoices(portal_user: PortalUser, *, matter: Matter | None = None) -> QuerySet[Invoice]:
    """U2: the invoices addressed to the web user's client on the matters shared with it
    (on a multi-client matter, never another client's), with their credit notes."""
    if portal_user.client_id is None:
        return Invoice.objects.none()
    shared = shared_matters(portal_user)
    if matter is not None:
        shared = shared.filter(pk=matter.pk)
    return billing.invoices_addressed_to(client_id=portal_user.client_id, matters=shared)


def shared_invoice_get(*, portal_user: PortalUser, invoice_id: int) -> Invoice:
    invoice = shared_invoices(portal_user).filter(pk=invoice_id).first()
    if invoice is None:
        raise NotFound("Facture introuvable.", code="invoice_not_found")
    return invoice


def shared_credit_note_get(*, portal_user: PortalUser, credit_note_id: int) -> CreditNote:
    if portal_user.client_id is None:
        raise NotFound("Avoir introuvable.", code="credit_note_not_found")
    note = (
        billing.credit_notes_addressed_to(
            client_id=portal_user.client_id, matters=shared_matters(portal_user)
        )
        .filter(pk=credit_note_id)
        .first()
    )
    if note is None:
        raise NotFound("Avoir introuvable.", code="credit_note_not_found")
    return note


def portfolio_clients(portal_user: PortalUser) -> QuerySet[Client]:
    """I4: whose contracts the web user sees: his client, or every client of his group."""
    if portal_user.client_id is not None:
        return Client.objects.filter(pk=portal_user.client_id)
    return Client.objects.filter(group_membership__group_id=portal_user.group_id)


def shared_contracts(portal_user: PortalUser) -> QuerySet[Contract]:
    """U2/I4: the contracts of the web user's client, or of every client of his group (each
    with its client), newest first."""
    return insurance.contracts_of(portfolio_clients(portal_user).values("pk"))


def shared_contract_get(*, portal_user: PortalUser, contract_id: int) -> Contract:
    """A contract of `shared_contracts`, with its receipts and claims."""
    contract = (
        shared_contracts(portal_user)
        .prefetch_related(
            Prefetch(
                "receipts",
                queryset=PremiumReceipt.objects.order_by("-due_date", "-id"),
                to_attr="portal_receipts",
            ),
            Prefetch(
                "claims",
                queryset=Claim.objects.order_by("-loss_date", "-id"),
                to_attr="portal_claims",
            ),
        )
        .filter(pk=contract_id)
        .first()
    )
    if contract is None:
        raise NotFound("Contrat introuvable.", code="contract_not_found")
    return contract


def group_deletion_refusal(group: Group) -> str | None:
    """G7: a group keeps its web users; it is not deleted while it has some."""
    count = PortalUser.objects.filter(group=group).count()
    if not count:
        return None
    plural = "s" if count > 1 else ""
    return (
        f"Le groupe « {group.name} » a encore {count} utilisateur{plural} web{plural} : "
        "supprimez-les avant de supprimer le groupe."
    )
