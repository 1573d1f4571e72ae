"""Matters, parties, intervenants (M1–M10) and the «+» menu list (A9)."""

import datetime
from typing import Literal

from django.db import transaction
from ninja import Query, Router, Status
from pydantic import BaseModel, Field

from cabinet.clients.api import client_ref
from cabinet.clients.schemas import ClientRef
from cabinet.clients.selectors import client_get_for_user
from cabinet.core.errors import InvalidInput
from cabinet.core.pagination import PageQuery, api_page, api_slice, page_answer
from cabinet.core.schemas import Id, In, Page, Text, errors, patch_data
from cabinet.matters import selectors, services
from cabinet.matters.models import Matter, MatterParty

router = Router(tags=["matters"])
client_matters_router = Router(tags=["matters"])

Role = Literal["client", "adverse", "other", "linked_contact"]


class PartyIn(In):
    client_id: Id | None = None
    role: Role = "client"
    is_active: bool = True
    contact_id: Id | None = None
    linked_party_id: Id | None = None


class MatterIn(In):
    title: Text(200, min_length=1)
    type: Text(100) = ""
    opened_on: datetime.date
    description: Text(5000) = ""
    parties: list[PartyIn] = Field(min_length=1, max_length=50)
    intervenant_ids: list[Id] = Field(default_factory=list, max_length=50)


class MatterPatch(In):
    title: Text(200, min_length=1) | None = None
    type: Text(100) | None = None
    opened_on: datetime.date | None = None
    description: Text(5000) | None = None
    status: Literal["open", "closed"] | None = None
    closed_on: datetime.date | None = None


class ContactRef(BaseModel):
    id: int
    display_name: str


class PartyOut(BaseModel):
    id: int
    client: ClientRef | None
    contact: ContactRef | None
    linked_party_id: int | None
    role: str
    is_active: bool
    portal_shared: bool


class PartyChangeOut(PartyOut):
    warning: str | None


class UserRef(BaseModel):
    id: int
    username: str
    display_name: str


class MatterOut(BaseModel):
    id: int
    number: str
    title: str
    type: str
    opened_on: datetime.date
    status: str
    closed_on: datetime.date | None
    parties: list[PartyOut]
    intervenants: list[UserRef]
    is_multi_client: bool
    accepts_activities: bool


class MatterListOut(BaseModel):
    items: list[MatterOut]
    count: int
    count_capped: bool = False


def party_out(party: MatterParty) -> dict:
    return {
        "id": party.id,
        "client": client_ref(party.client, can_open=getattr(party, "client_can_open", True))
        if party.client_id
        else None,
        "contact": {"id": party.contact.id, "display_name": party.contact.display_name}
        if party.contact_id
        else None,
        "linked_party_id": party.linked_party_id,
        "role": party.role,
        "is_active": party.is_active,
        "portal_shared": party.portal_shared,
    }


def user_ref(user) -> dict:
    return {"id": user.id, "username": user.username, "display_name": user.display_name}


def matter_out(matter: Matter) -> dict:
    return {
        "id": matter.id,
        "number": matter.number,
        "title": matter.title,
        "type": matter.type,
        "opened_on": matter.opened_on,
        "status": matter.status,
        "closed_on": matter.closed_on,
        "parties": [party_out(p) for p in matter.parties.all()],
        "intervenants": [user_ref(i.user) for i in matter.intervenants.all()],
        "is_multi_client": selectors.is_multi_client(matter),
        "accepts_activities": selectors.accepts_activities(matter),
    }


def _reload(request, matter_id: int) -> dict:
    return matter_out(selectors.matter_get_for_user(user=request.auth, matter_id=matter_id))


class MatterListQuery(BaseModel):
    q: Text(200) = ""
    status: Literal["", "open", "closed"] = ""
    client_id: Id | None = None
    intervenant_id: Id | None = None
    joinable: bool = False
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10_000_000)


@router.get("", response={200: MatterListOut, **errors(401, 403, 422)})
def matter_list(request, query: Query[MatterListQuery]):
    """Matters the caller may see: search, filter by status, client or intervenant.
    `joinable=true`: instead, the open matters he may add himself to (M6) — number,
    title, client parties (a client he may not open has a null `number`); 403 without
    the right to add himself."""
    matters = selectors.matter_list(
        user=request.auth,
        q=query.q,
        status=query.status,
        client_id=query.client_id,
        intervenant_id=query.intervenant_id,
        joinable=query.joinable,
    )
    page = api_slice(matters, limit=query.limit, offset=query.offset)
    return page_answer(page, matter_out)


@router.post("", response={201: MatterOut, **errors(401, 403, 409, 422)})
def matter_create(request, body: MatterIn):
    """M1: a matter with its parties; the caller becomes an intervenant."""
    data = body.model_dump()
    matter = services.matter_create(actor=request.auth, **data)
    return Status(201, _reload(request, matter.id))


class QuickAddQuery(PageQuery):
    q: Text(200) = ""
    limit: int = Field(selectors.QUICK_ADD_PAGE, ge=1, le=200)


@router.get("/quick-add", response={200: Page[MatterOut], **errors(401, 422)})
def matter_quick_add(request, query: Query[QuickAddQuery]):
    """A9: the «Dossier» list of the «+» menu: matters that accept activities and where
    the caller may enter them, searched by number, title or client (`q`), by number:
    `{items, count}`, 20 at a time unless `limit` says otherwise."""
    matters = selectors.matters_for_quick_add(user=request.auth, q=query.q)
    return api_page(selectors.with_details(matters), query, matter_out)


@router.get("/{matter_id}", response={200: MatterOut, **errors(401, 403, 404, 422)})
def matter_get(request, matter_id: Id):
    return _reload(request, matter_id)


@router.patch("/{matter_id}", response={200: MatterOut, **errors(401, 403, 404, 422)})
def matter_update(request, matter_id: Id, body: MatterPatch):
    """Change the matter's details; `status` closes (archives) or reopens it."""
    matter = selectors.matter_get_for_user(user=request.auth, matter_id=matter_id)
    data = patch_data(body)
    status = data.pop("status", None)
    closed_on = data.pop("closed_on", None)
    if closed_on and status != "closed":
        raise InvalidInput("« closed_on » va avec « status »: « closed ».", field="closed_on")
    with transaction.atomic():  # details and status change together or not at all
        if data:
            services.matter_update(actor=request.auth, matter=matter, **data)
        if status:
            services.matter_set_status(
                actor=request.auth, matter=matter, status=status, closed_on=closed_on
            )
    return _reload(request, matter_id)


@router.delete("/{matter_id}", response={204: None, **errors(401, 403, 404, 409, 422)})
def matter_delete(request, matter_id: Id):
    """M9: needs the «delete matters» right; refused while it holds activities or bills."""
    matter = selectors.matter_get_for_user(user=request.auth, matter_id=matter_id)
    services.matter_delete(actor=request.auth, matter=matter)
    return Status(204, None)


@router.post("/{matter_id}/parties", response={201: PartyOut, **errors(401, 403, 404, 409, 422)})
def party_add(request, matter_id: Id, body: PartyIn):
    """«Modifier les parties»: a client, adverse or other party, or a linked contact."""
    matter = selectors.matter_get_for_user(user=request.auth, matter_id=matter_id)
    party = services.party_add(actor=request.auth, matter=matter, **body.model_dump())
    return Status(
        201, party_out(MatterParty.objects.select_related("client", "contact").get(pk=party.pk))
    )


class PartyPatch(In):
    is_active: bool | None = None
    portal_shared: bool | None = None


@router.patch(
    "/{matter_id}/parties/{party_id}",
    response={200: PartyChangeOut, **errors(401, 403, 404, 409, 422)},
)
def party_update(request, matter_id: Id, party_id: Id, body: PartyPatch):
    """M2/M4/M8/M10: «Actif / Inactif» on this matter; `warning` carries M4's sentence."""
    matter = selectors.matter_get_for_user(user=request.auth, matter_id=matter_id)
    selectors.party_get(matter=matter, party_id=party_id)
    warning = None
    if body.is_active is not None:
        _, warning = services.party_set_active(
            actor=request.auth, matter=matter, party_id=party_id, is_active=body.is_active
        )
    if body.portal_shared is not None:
        services.party_set_portal_shared(
            actor=request.auth, matter=matter, party_id=party_id, portal_shared=body.portal_shared
        )
    party = MatterParty.objects.select_related("client", "contact").get(pk=party_id)
    return {**party_out(party), "warning": warning}


@router.delete(
    "/{matter_id}/parties/{party_id}", response={204: None, **errors(401, 403, 404, 409, 422)}
)
def party_remove(request, matter_id: Id, party_id: Id):
    matter = selectors.matter_get_for_user(user=request.auth, matter_id=matter_id)
    services.party_remove(actor=request.auth, matter=matter, party_id=party_id)
    return Status(204, None)


class IntervenantIn(In):
    user_id: Id | None = None


@router.post(
    "/{matter_id}/intervenants", response={201: UserRef, **errors(401, 403, 404, 409, 422)}
)
def intervenant_add(request, matter_id: Id, body: IntervenantIn | None = None):
    """M6: add oneself (default) when the profile allows it — to any open matter, which
    is how one joins a matter found with `GET /matters?joinable=true` — or another user
    (right to act on every matter)."""
    matter = selectors.matter_get_for_user(user=request.auth, matter_id=matter_id, to_join=True)
    user_id = body.user_id if body else None
    intervenant = services.intervenant_add(actor=request.auth, matter=matter, user_id=user_id)
    return Status(201, user_ref(intervenant.user))


@router.delete(
    "/{matter_id}/intervenants/{user_id}", response={204: None, **errors(401, 403, 404, 422)}
)
def intervenant_remove(request, matter_id: Id, user_id: Id):
    matter = selectors.matter_get_for_user(user=request.auth, matter_id=matter_id)
    services.intervenant_remove(actor=request.auth, matter=matter, user_id=user_id)
    return Status(204, None)


class ClientMattersQuery(PageQuery):
    for_activity: bool = False


@client_matters_router.get(
    "/{client_id}/matters", response={200: Page[MatterOut], **errors(401, 403, 404, 422)}
)
def client_matters(request, client_id: Id, query: Query[ClientMattersQuery]):
    """The client's matters, newest first, `{items, count}`; `for_activity`: only where
    it is an active client party (M7)."""
    client = client_get_for_user(user=request.auth, client_id=client_id)
    matters = selectors.matters_of_client(
        user=request.auth, client=client, for_activity=query.for_activity
    )
    return api_page(matters, query, matter_out)
