"""The portal through the API (API.md «Insurance» and «Portal»).

- Staff endpoints: web users of a client or a group (I4), created, invited, suspended and
  deleted with «Gérer le portail» (`manage_portal`); read by whoever sees their client.
- Portal endpoints, under /portal/, for web users only (their token, or the portal's
  session): what is shared with them (U2). Anything not theirs is a 404; a staff login gets
  a 403 there, as a web user does on every staff endpoint; a suspended web user a 401
  everywhere (U5; cabinet.core.auth).
"""

import datetime

from ninja import Query, Router, Status
from pydantic import BaseModel

from cabinet.accounts import services as accounts
from cabinet.billing import pdf
from cabinet.clients.api import client_ref
from cabinet.clients.schemas import ClientRef
from cabinet.clients.selectors import client_get_for_user
from cabinet.core.auth import portal_api_auth
from cabinet.core.money import money_str
from cabinet.core.pagination import PageQuery, api_page
from cabinet.core.schemas import Email, Id, In, Page, Text, errors, patch_data
from cabinet.groups.selectors import group_get_for_user
from cabinet.insurance.api import (
    ClaimOut,
    ContractOut,
    ReceiptOut,
    claim_out,
    contract_out,
    receipt_out,
)
from cabinet.portal import selectors, services
from cabinet.portal.models import PortalUser

router = Router(tags=["portal users"])
portal_router = Router(tags=["portal"], auth=portal_api_auth)

# Staff side ---------------------------------------------------------------------------


class GroupRef(BaseModel):
    id: int
    name: str


class PortalUserIn(In):
    email: Email
    name: Text(200, min_length=1)
    password: Text(128) | None = None
    client_id: Id | None = None
    group_id: Id | None = None


class PortalUserPatch(In):
    name: Text(200, min_length=1) | None = None
    password: Text(128, min_length=1) | None = None
    is_active: bool | None = None


class PortalUserOut(BaseModel):
    id: int
    email: str
    name: str
    client: ClientRef | None
    group: GroupRef | None
    is_active: bool
    has_password: bool
    invited_at: datetime.datetime | None
    invite_url: str | None = None


class InviteOut(BaseModel):
    invite_url: str


def _identity(portal_user: PortalUser) -> dict:
    """`{id, email, name, client, group}`: who he is and whose records he sees."""
    group = portal_user.group
    return {
        "id": portal_user.id,
        "email": portal_user.email,
        "name": portal_user.name,
        "client": client_ref(portal_user.client),
        "group": {"id": group.id, "name": group.name} if group else None,
    }


def portal_user_out(portal_user: PortalUser, *, invite_url: str | None = None) -> dict:
    return {
        **_identity(portal_user),
        "is_active": portal_user.is_active,
        "has_password": portal_user.has_password,
        "invited_at": portal_user.invited_at,
        "invite_url": invite_url,
    }


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


@router.post("/portal-users", response={201: PortalUserOut, **errors(401, 403, 422)})
def portal_user_create(request, body: PortalUserIn):
    """I4: a web user of one client (`client_id`) or of one group (`group_id`); needs
    «manage_portal». Without `password`, the answer carries `invite_url`: a single-use link,
    valid CABINET_PORTAL_INVITE_HOURS, with which he chooses his password (also e-mailed)."""
    portal_user = services.portal_user_create(
        actor=request.auth,
        email=body.email,
        name=body.name,
        client_id=body.client_id,
        group_id=body.group_id,
        password=body.password or None,
    )
    invite_url = None
    if not body.password:
        invite_url = services.portal_user_invite(
            actor=request.auth, portal_user=portal_user, base_url=_base_url(request)
        )
    return Status(201, portal_user_out(portal_user, invite_url=invite_url))


@router.get(
    "/portal-users/{portal_user_id}", response={200: PortalUserOut, **errors(401, 403, 404, 422)}
)
def portal_user_get(request, portal_user_id: Id):
    """A web user, for whoever may see his client (or his group)."""
    portal_user = selectors.portal_user_get_for_user(
        user=request.auth, portal_user_id=portal_user_id
    )
    return portal_user_out(portal_user)


@router.patch(
    "/portal-users/{portal_user_id}", response={200: PortalUserOut, **errors(401, 403, 404, 422)}
)
def portal_user_update(request, portal_user_id: Id, body: PortalUserPatch):
    """U5: `name`, `password`, `is_active` (false suspends at once: his sessions and tokens
    stop working); needs «manage_portal»."""
    portal_user = selectors.portal_user_get_for_user(
        user=request.auth, portal_user_id=portal_user_id
    )
    data = patch_data(body)
    services.portal_user_update(actor=request.auth, portal_user=portal_user, **data)
    return portal_user_out(portal_user)


@router.post(
    "/portal-users/{portal_user_id}/invite",
    response={200: InviteOut, **errors(401, 403, 404, 409, 422)},
)
def portal_user_invite(request, portal_user_id: Id):
    """I4: a new invitation link (also e-mailed); needs «manage_portal»."""
    portal_user = selectors.portal_user_get_for_user(
        user=request.auth, portal_user_id=portal_user_id
    )
    url = services.portal_user_invite(
        actor=request.auth, portal_user=portal_user, base_url=_base_url(request)
    )
    return {"invite_url": url}


@router.delete("/portal-users/{portal_user_id}", response={204: None, **errors(401, 403, 404, 422)})
def portal_user_delete(request, portal_user_id: Id):
    """U5: the web user and his login go (his history stays); needs «manage_portal»."""
    portal_user = selectors.portal_user_get_for_user(
        user=request.auth, portal_user_id=portal_user_id
    )
    services.portal_user_delete(actor=request.auth, portal_user=portal_user)
    return Status(204, None)


@router.get(
    "/clients/{client_id}/web-users",
    response={200: Page[PortalUserOut], **errors(401, 403, 404, 422)},
)
def client_web_users(request, client_id: Id, query: Query[PageQuery]):
    """I4: the web users of a client: `{items, count}`."""
    client = client_get_for_user(user=request.auth, client_id=client_id)
    return api_page(selectors.web_users_of_client(client=client), query, portal_user_out)


@router.get(
    "/groups/{group_id}/web-users",
    response={200: Page[PortalUserOut], **errors(401, 403, 404, 422)},
)
def group_web_users(request, group_id: Id, query: Query[PageQuery]):
    """G10 «Utilisateurs web»: the group's web users and those of the members the caller
    may see, each with its scope (`client` or `group`): `{items, count}`."""
    group = group_get_for_user(user=request.auth, group_id=group_id)
    users = selectors.web_users_of_group(user=request.auth, group=group)
    return api_page(users, query, portal_user_out)


# Web users' side (U2) ------------------------------------------------------------------


class MeOut(BaseModel):
    id: int
    email: str
    name: str
    client: ClientRef | None
    group: GroupRef | None


class PortalInvoiceOut(BaseModel):
    id: int
    number: str
    issued_on: datetime.date
    total_incl_tax: str
    credit_note: dict | None


class PortalMatterOut(BaseModel):
    id: int
    number: str
    title: str
    opened_on: datetime.date
    status: str


class PortalMatterDetailOut(PortalMatterOut):
    invoices: list[PortalInvoiceOut]


class PortalContractOut(ContractOut):
    premium_receipts: list[ReceiptOut]
    claims: list[ClaimOut]


def _me(request) -> PortalUser:
    return selectors.portal_user_of_login(request.auth)


def _matter_out(matter) -> dict:
    return {
        "id": matter.id,
        "number": matter.number,
        "title": matter.title,
        "opened_on": matter.opened_on,
        "status": matter.status,
    }


def _invoice_out(invoice) -> dict:
    note = getattr(invoice, "credit_note", None)
    return {
        "id": invoice.id,
        "number": invoice.number,
        "issued_on": invoice.issued_on,
        "total_incl_tax": money_str(invoice.total_incl_tax),
        "credit_note": (
            {
                "id": note.id,
                "number": note.number,
                "issued_on": note.issued_on.isoformat(),
                "total_incl_tax": money_str(-invoice.total_incl_tax),
            }
            if note
            else None
        ),
    }


@portal_router.get("/me", response={200: MeOut, **errors(401, 403)})
def me(request):
    """The web user: `{id, email, name, client, group}`."""
    return _identity(_me(request))


@portal_router.delete("/token", response={204: None, **errors(401, 403)})
def token_delete_current(request):
    """Log out of the portal's API: the web user's token the request was made with stops
    working."""
    accounts.token_revoke_current(user=request.auth)
    return Status(204, None)


@portal_router.get("/matters", response={200: Page[PortalMatterOut], **errors(401, 403, 422)})
def shared_matters(request, query: Query[PageQuery]):
    """U2/M8: the matters shared with the web user's client, newest first (none for a
    group's web user): `{items, count}`."""
    return api_page(selectors.shared_matters(_me(request)), query, _matter_out)


@portal_router.get(
    "/matters/{matter_id}", response={200: PortalMatterDetailOut, **errors(401, 403, 404, 422)}
)
def shared_matter(request, matter_id: Id):
    """A shared matter with the invoices addressed to the web user's client (and their
    credit notes); 404 for any other matter."""
    portal_user = _me(request)
    matter = selectors.shared_matter_get(portal_user=portal_user, matter_id=matter_id)
    invoices = selectors.shared_invoices(portal_user, matter=matter)
    return {**_matter_out(matter), "invoices": [_invoice_out(i) for i in invoices]}


@portal_router.get("/invoices/{invoice_id}/pdf", response={200: None, **errors(401, 403, 404, 422)})
def shared_invoice_pdf(request, invoice_id: Id):
    """The PDF of an invoice of a shared matter addressed to the web user's client."""
    invoice = selectors.shared_invoice_get(portal_user=_me(request), invoice_id=invoice_id)
    return pdf.pdf_response(*pdf.invoice_pdf(invoice))


@portal_router.get(
    "/credit-notes/{credit_note_id}/pdf", response={200: None, **errors(401, 403, 404, 422)}
)
def shared_credit_note_pdf(request, credit_note_id: Id):
    """The PDF of a credit note of such an invoice."""
    note = selectors.shared_credit_note_get(portal_user=_me(request), credit_note_id=credit_note_id)
    return pdf.pdf_response(*pdf.credit_note_pdf(note))


@portal_router.get("/contracts", response={200: Page[ContractOut], **errors(401, 403, 422)})
def shared_contracts(request, query: Query[PageQuery]):
    """I4/U2: the contracts of the web user's client, or of every client of his group
    (each with its `client`), newest first: `{items, count}`."""
    return api_page(selectors.shared_contracts(_me(request)), query, contract_out)


@portal_router.get(
    "/contracts/{contract_id}", response={200: PortalContractOut, **errors(401, 403, 404, 422)}
)
def shared_contract(request, contract_id: Id):
    """A contract of his with its `premium_receipts` and `claims`; 404 for any other."""
    contract = selectors.shared_contract_get(portal_user=_me(request), contract_id=contract_id)
    for record in (*contract.portal_receipts, *contract.portal_claims):
        record.contract, record.client = contract, contract.client
    return {
        **contract_out(contract),
        "premium_receipts": [receipt_out(r) for r in contract.portal_receipts],
        "claims": [claim_out(c) for c in contract.portal_claims],
    }
