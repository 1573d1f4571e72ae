"""Activities of a matter (A1, M5–M7) and their transfer (A8)."""

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Query, Router, Status
from pydantic import BaseModel, Field

from cabinet.activities import selectors, services
from cabinet.activities.models import Activity
from cabinet.clients.api import client_ref
from cabinet.clients.schemas import ClientRef
from cabinet.core.money import Hours, Money, Rate, VatRate, money_str
from cabinet.core.pagination import api_slice, page_answer
from cabinet.core.schemas import Id, In, Text, errors, patch_data
from cabinet.matters.selectors import matter_get_for_user

router = Router(tags=["activities"])
transfer_router = Router(tags=["activities"])

Kind = Literal["time", "expense", "fee"]
State = Literal["unbilled", "proforma", "partly_invoiced", "invoiced", "written_off"]


class ActivityIn(In):
    kind: Kind
    date: datetime.date
    description: Text(500, min_length=1)
    hours: Hours | None = None
    hourly_rate: Rate | None = None
    amount: Money | None = None
    vat_rate: VatRate = Decimal("20.00")
    client_id: Id | None = None


class ActivityPatch(In):
    date: datetime.date | None = None
    description: Text(500, min_length=1) | None = None
    hours: Hours | None = None
    hourly_rate: Rate | None = None
    amount: Money | None = None
    vat_rate: VatRate | None = None
    client_id: Id | None = None


class ActivityOut(BaseModel):
    id: int
    matter_id: int
    kind: str
    date: datetime.date
    description: str
    hours: str | None
    hourly_rate: str | None
    amount: str
    vat_rate: str
    client: ClientRef | None
    user: str
    state: State


class ActivityListOut(BaseModel):
    items: list[ActivityOut]
    count: int
    count_capped: bool = False
    total_amount: str
    unbilled_amount: str


def activity_out(activity: Activity) -> dict:
    return {
        "id": activity.id,
        "matter_id": activity.matter_id,
        "kind": activity.kind,
        "date": activity.date,
        "description": activity.description,
        "hours": money_str(activity.hours),
        "hourly_rate": money_str(activity.hourly_rate),
        "amount": money_str(activity.amount),
        "vat_rate": money_str(activity.vat_rate),
        "client": client_ref(activity.client) if activity.client_id else None,
        "user": activity.user.username,
        "state": activity.state,
    }


def _reload(activity_id: int) -> dict:
    return activity_out(Activity.objects.select_related("client", "user").get(pk=activity_id))


@router.post(
    "/{matter_id}/activities", response={201: ActivityOut, **errors(401, 403, 404, 409, 422)}
)
def activity_create(request, matter_id: Id, body: ActivityIn):
    """A1: time (hours × rate, the user's rate by default), expense or flat fee; `409` when
    the matter does not accept activities (M5) or the client is inactive on it (M7)."""
    matter = matter_get_for_user(user=request.auth, matter_id=matter_id)
    activity = services.activity_create(actor=request.auth, matter=matter, **body.model_dump())
    return Status(201, _reload(activity.id))


class ActivityListQuery(BaseModel):
    state: Literal["", "unbilled", "proforma", "partly_invoiced", "invoiced", "written_off"] = ""
    kind: Literal["", "time", "expense", "fee"] = ""
    client_id: Id | None = None
    common: bool = False
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)


@router.get(
    "/{matter_id}/activities", response={200: ActivityListOut, **errors(401, 403, 404, 422)}
)
def activity_list(request, matter_id: Id, query: Query[ActivityListQuery]):
    matter = matter_get_for_user(user=request.auth, matter_id=matter_id)
    activities = selectors.activities_of_matter(
        matter=matter,
        state=query.state,
        kind=query.kind,
        client_id=query.client_id,
        common=query.common,
    )
    page = api_slice(activities, limit=query.limit, offset=query.offset)
    totals = selectors.totals(activities)
    return {
        **page_answer(page, activity_out),
        "total_amount": money_str(totals.amount),
        "unbilled_amount": money_str(totals.unbilled),
    }


@router.patch(
    "/{matter_id}/activities/{activity_id}",
    response={200: ActivityOut, **errors(401, 403, 404, 409, 422)},
)
def activity_update(request, matter_id: Id, activity_id: Id, body: ActivityPatch):
    """Only unbilled activities change (A2)."""
    matter = matter_get_for_user(user=request.auth, matter_id=matter_id)
    data = patch_data(body, nullable=("client_id",))
    services.activity_update(actor=request.auth, matter=matter, activity_id=activity_id, **data)
    return _reload(activity_id)


@router.delete(
    "/{matter_id}/activities/{activity_id}", response={204: None, **errors(401, 403, 404, 409, 422)}
)
def activity_delete(request, matter_id: Id, activity_id: Id):
    matter = matter_get_for_user(user=request.auth, matter_id=matter_id)
    services.activity_delete(actor=request.auth, matter=matter, activity_id=activity_id)
    return Status(204, None)


class TransferIn(In):
    activity_ids: list[Id] = Field(min_length=1, max_length=1000)
    target_matter_id: Id


class TransferOut(BaseModel):
    moved: int


@transfer_router.post("/transfer", response={200: TransferOut, **errors(401, 403, 404, 409, 422)})
def activities_transfer(request, body: TransferIn):
    """A8: «Transférer vers un autre dossier», all or nothing; a target or an activity
    the caller may not see is answered as an absent one (U4)."""
    moved = services.activities_transfer(
        actor=request.auth, activity_ids=body.activity_ids, target_matter_id=body.target_matter_id
    )
    return {"moved": moved}
