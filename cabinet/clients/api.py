"""Clients, aliases, attachment and contacts (C1–C4)."""

import datetime

from django.utils import timezone
from ninja import Query, Router, Status
from pydantic import BaseModel, Field

from cabinet.clients import registry, selectors, services
from cabinet.clients.models import Client, Contact
from cabinet.clients.schemas import (
    AliasIn,
    ClientIn,
    ClientListOut,
    ClientOut,
    ClientPatch,
    ContactIn,
    ContactListOut,
    ContactOut,
    ContactPatch,
)
from cabinet.core.errors import InvalidInput
from cabinet.core.pagination import PageQuery, api_page, api_slice, page_answer
from cabinet.core.schemas import Id, Page, Text, errors, patch_data

router = Router(tags=["clients"])


def client_ref(client: Client | None, *, can_open: bool | None = None) -> dict | None:
    """`{id, number, display_name}`; a client the caller cannot open (`can_open` false,
    or `client.can_open` set false by a selector) has its number withheld (U4)."""
    if client is None:
        return None
    if can_open is None:
        can_open = getattr(client, "can_open", True)
    number = client.number if can_open else None
    return {"id": client.id, "number": number, "display_name": client.display_name}


def client_out(client: Client) -> dict:
    return {
        "id": client.id,
        "number": client.number,
        "kind": client.kind,
        "name": client.name,
        "first_name": client.first_name,
        "display_name": client.display_name,
        "aliases": [a.value for a in client.aliases.all()],
        "email": client.email,
        "phone": client.phone,
        "address": client.address,
        "postal_code": client.postal_code,
        "city": client.city,
        "country": client.country,
        "notes": client.notes,
        "attached_to": client_ref(
            client.attached_to, can_open=getattr(client, "attached_to_can_open", True)
        ),
        "has_current_connexities": bool(getattr(client, "has_current_connexities", False)),
        # what the apps above add to the summary (the groups app's `group`)
        **{part.name: part.value(client) for part in registry.summary_parts()},
    }


def contact_out(contact: Contact) -> dict:
    return {
        "id": contact.id,
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "role": contact.role,
        "email": contact.email,
        "phone": contact.phone,
        "valid_from": contact.valid_from,
        "valid_to": contact.valid_to,
        "is_group_contact": contact.is_group_contact,
        "client": client_ref(contact.client, can_open=getattr(contact, "owner_can_open", True)),
    }


class ClientListQuery(BaseModel):
    q: Text(200) = ""
    sort: str = Field("name", pattern=r"^-?(name|number|city|kind|created)$")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10_000_000)


@router.get("", response={200: ClientListOut, **errors(401, 403, 422)})
def client_list(request, query: Query[ClientListQuery]):
    """Clients, searched by name, number or alias (C2), accent- and case-insensitive."""
    clients = selectors.client_list(user=request.auth, q=query.q, sort=query.sort)
    page = api_slice(clients, limit=query.limit, offset=query.offset)
    return page_answer(page, client_out)


@router.post("", response={201: ClientOut, **errors(401, 403, 409, 422)})
def client_create(request, body: ClientIn):
    """A new client; its number is handed out in sequence when not given (C1)."""
    data = body.model_dump()
    client = services.client_create(actor=request.auth, **data)
    client = selectors.client_get_for_user(user=request.auth, client_id=client.id)
    return Status(201, client_out(client))


@router.get("/{client_id}", response={200: ClientOut, **errors(401, 403, 404, 422)})
def client_get(request, client_id: Id):
    return client_out(selectors.client_get_for_user(user=request.auth, client_id=client_id))


@router.patch("/{client_id}", response={200: ClientOut, **errors(401, 403, 404, 409, 422)})
def client_update(request, client_id: Id, body: ClientPatch):
    """Change the given fields; `attached_to_id: null` detaches (C3), `aliases` replaces
    the «Liaison» list (C2)."""
    client = selectors.client_get_for_user(user=request.auth, client_id=client_id)
    data = patch_data(body, nullable=("attached_to_id",))
    services.client_update(actor=request.auth, client=client, **data)
    return client_out(selectors.client_get_for_user(user=request.auth, client_id=client_id))


@router.post("/{client_id}/aliases", response={201: ClientOut, **errors(401, 403, 404, 409, 422)})
def alias_create(request, client_id: Id, body: AliasIn):
    """Add one «Liaison» value (C2)."""
    client = selectors.client_get_for_user(user=request.auth, client_id=client_id)
    services.alias_add(actor=request.auth, client=client, value=body.value)
    return Status(
        201, client_out(selectors.client_get_for_user(user=request.auth, client_id=client_id))
    )


@router.delete(
    "/{client_id}/aliases/{alias_id}", response={204: None, **errors(401, 403, 404, 422)}
)
def alias_delete(request, client_id: Id, alias_id: Id):
    client = selectors.client_get_for_user(user=request.auth, client_id=client_id)
    services.alias_remove(actor=request.auth, client=client, alias_id=alias_id)
    return Status(204, None)


def parse_valid_at(raw: str) -> datetime.date | None:
    if raw == "all":
        return None
    if raw in ("", "today"):
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError as exc:
        raise InvalidInput(
            "« valid_at » est une date AAAA-MM-JJ ou « all ».",
            code="invalid_date",
            field="valid_at",
        ) from exc


class ContactListQuery(BaseModel):
    valid_at: Text(10) = ""
    limit: int = Field(100, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10_000_000)


@router.get("/{client_id}/contacts", response={200: ContactListOut, **errors(401, 403, 404, 422)})
def contact_list(request, client_id: Id, query: Query[ContactListQuery]):
    """Contacts valid at `valid_at` (today by default; `all` for every one) (C4)."""
    client = selectors.client_get_for_user(user=request.auth, client_id=client_id)
    contacts = selectors.contacts_of_client(
        client=client, valid_at=parse_valid_at(query.valid_at), user=request.auth
    )
    page = api_slice(contacts, limit=query.limit, offset=query.offset)
    return page_answer(page, contact_out)


@router.post("/{client_id}/contacts", response={201: ContactOut, **errors(401, 403, 404, 422)})
def contact_create(request, client_id: Id, body: ContactIn):
    client = selectors.client_get_for_user(user=request.auth, client_id=client_id)
    contact = services.contact_create(actor=request.auth, client=client, **body.model_dump())
    return Status(201, contact_out(contact))


@router.patch(
    "/{client_id}/contacts/{contact_id}",
    response={200: ContactOut, **errors(401, 403, 404, 422)},
)
def contact_update(request, client_id: Id, contact_id: Id, body: ContactPatch):
    """Change a contact; `valid_to` ends it (C4)."""
    client = selectors.client_get_for_user(user=request.auth, client_id=client_id)
    contact = selectors.contact_get(client=client, contact_id=contact_id)
    data = patch_data(body, nullable=("valid_to",))
    contact = services.contact_update(actor=request.auth, contact=contact, **data)
    return contact_out(contact)


@router.get(
    "/{client_id}/recipients", response={200: Page[ContactOut], **errors(401, 403, 404, 422)}
)
def recipient_list(request, client_id: Id, query: Query[PageQuery]):
    """Possible recipients of correspondence: contacts valid today with an email (G9),
    `{items, count}`."""
    client = selectors.client_get_for_user(user=request.auth, client_id=client_id)
    recipients = selectors.recipients_of_client(client=client, user=request.auth)
    return api_page(recipients, query, contact_out)
