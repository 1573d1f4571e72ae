"""Connexities seen from a client (R1–R10) and the list of relation labels (R3)."""

import datetime

from ninja import Query, Router, Status
from pydantic import BaseModel, Field

from cabinet.accounts.models import Right
from cabinet.clients import connexity_selectors as selectors
from cabinet.clients import connexity_services as services
from cabinet.clients.api import client_ref
from cabinet.clients.schemas import ClientRef
from cabinet.clients.selectors import client_get_for_user
from cabinet.core.pagination import PageQuery, api_page
from cabinet.core.permissions import require_right
from cabinet.core.schemas import Id, In, Page, Text, errors, patch_data

router = Router(tags=["connexities"])
labels_router = Router(tags=["settings"])


class ConnexityIn(In):
    other_client_id: Id
    label: Text(100, min_length=1)
    inverse_label: Text(100, min_length=1)
    start_date: datetime.date
    end_date: datetime.date | None = None


class ConnexityPatch(In):
    other_client_id: Id | None = None
    label: Text(100, min_length=1) | None = None
    inverse_label: Text(100, min_length=1) | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None


class ConnexityOut(BaseModel):
    id: int
    other_client: ClientRef
    label: str
    inverse_label: str
    start_date: datetime.date
    end_date: datetime.date | None
    is_current: bool


class ConnexityListOut(BaseModel):
    items: list[ConnexityOut]
    count: int
    count_capped: bool = False


def connexity_out(view: selectors.ConnexityView) -> dict:
    return {
        "id": view.id,
        "other_client": client_ref(view.other_client),
        "label": view.label,
        "inverse_label": view.inverse_label,
        "start_date": view.start_date,
        "end_date": view.end_date,
        "is_current": view.is_current,
    }


def _view(request, connexity, client) -> dict:
    view = selectors.connexity_view_get(client=client, user=request.auth, connexity_id=connexity.id)
    return connexity_out(view)


@router.post(
    "/{client_id}/connexities", response={201: ConnexityOut, **errors(401, 403, 404, 409, 422)}
)
def connexity_create(request, client_id: Id, body: ConnexityIn):
    """R1: `label` is this client's relation to the other, `inverse_label` the other way."""
    client = client_get_for_user(user=request.auth, client_id=client_id)
    connexity = services.connexity_create(actor=request.auth, client=client, **body.model_dump())
    return Status(201, _view(request, connexity, client))


class ConnexityListQuery(PageQuery):
    historical: bool = False


@router.get(
    "/{client_id}/connexities", response={200: ConnexityListOut, **errors(401, 403, 404, 422)}
)
def connexity_list(request, client_id: Id, query: Query[ConnexityListQuery]):
    """R5: current connexities; with `historical=true`, the ended ones too."""
    client = client_get_for_user(user=request.auth, client_id=client_id)
    views = selectors.connexities_of(client=client, user=request.auth, historical=query.historical)
    return api_page(views, query, connexity_out)


@router.patch(
    "/{client_id}/connexities/{connexity_id}",
    response={200: ConnexityOut, **errors(401, 403, 404, 409, 422)},
)
def connexity_update(request, client_id: Id, connexity_id: Id, body: ConnexityPatch):
    """R6: labels and dates change; changing the other client is refused (409)."""
    client = client_get_for_user(user=request.auth, client_id=client_id)
    connexity = selectors.connexity_get(client=client, connexity_id=connexity_id)
    data = patch_data(body, nullable=("end_date",))
    connexity = services.connexity_update(
        actor=request.auth, connexity=connexity, seen_from=client, **data
    )
    return _view(request, connexity, client)


@router.delete(
    "/{client_id}/connexities/{connexity_id}", response={204: None, **errors(401, 403, 404, 422)}
)
def connexity_delete(request, client_id: Id, connexity_id: Id):
    """R7: gone from both records."""
    client = client_get_for_user(user=request.auth, client_id=client_id)
    connexity = selectors.connexity_get(client=client, connexity_id=connexity_id)
    services.connexity_delete(actor=request.auth, connexity=connexity)
    return Status(204, None)


class LabelIn(In):
    label: Text(100, min_length=1)


class LabelOut(BaseModel):
    id: int
    label: str


class LabelQuery(PageQuery):
    q: Text(100) = ""
    limit: int = Field(20, ge=1, le=200)


def _label_out(item) -> dict:
    return {"id": item.id, "label": item.label}


@labels_router.get("/connexity-labels", response={200: Page[LabelOut], **errors(401, 422)})
def label_list(request, query: Query[LabelQuery]):
    """R3: the configurable labels, by prefix for autocompletion: `{items, count}`."""
    return api_page(selectors.connexity_labels(q=query.q, limit=None), query, _label_out)


@labels_router.post("/connexity-labels", response={201: LabelOut, **errors(401, 403, 409, 422)})
def label_create(request, body: LabelIn):
    require_right(request.auth, Right.MANAGE_SETTINGS)
    item = services.connexity_label_create(actor=request.auth, label=body.label)
    return Status(201, {"id": item.id, "label": item.label})


@labels_router.patch(
    "/connexity-labels/{label_id}", response={200: LabelOut, **errors(401, 403, 404, 409, 422)}
)
def label_rename(request, label_id: Id, body: LabelIn):
    """R3: renaming never rewrites existing connexities."""
    require_right(request.auth, Right.MANAGE_SETTINGS)
    item = selectors.connexity_label_get(label_id=label_id)
    item = services.connexity_label_rename(actor=request.auth, item=item, label=body.label)
    return {"id": item.id, "label": item.label}


@labels_router.delete(
    "/connexity-labels/{label_id}", response={204: None, **errors(401, 403, 404, 422)}
)
def label_delete(request, label_id: Id):
    require_right(request.auth, Right.MANAGE_SETTINGS)
    services.connexity_label_delete(actor=request.auth, label_id=label_id)
    return Status(204, None)
