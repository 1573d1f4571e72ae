"""Groups, their trees, membership, moves and merges (G1–G9)."""

from django.http import HttpResponse
from ninja import Query, Router, Status
from pydantic import BaseModel, Field

from cabinet.clients.api import client_ref, contact_out, parse_valid_at
from cabinet.clients.schemas import ClientRef, ContactListOut
from cabinet.clients.selectors import client_get_for_user
from cabinet.core.pagination import api_slice, page_answer
from cabinet.core.schemas import Email, Id, In, Text, errors, json_answer, patch_data
from cabinet.groups import selectors, services
from cabinet.groups.models import Group

router = Router(tags=["groups"])
membership_router = Router(tags=["groups"])


class GroupIn(In):
    name: Text(200, min_length=1)
    address: Text(300) = ""
    postal_code: Text(20) = ""
    city: Text(100) = ""
    phone: Text(40) = ""
    email: Email = ""
    representative_client_id: Id | None = None


class GroupPatch(In):
    name: Text(200, min_length=1) | None = None
    address: Text(300) | None = None
    postal_code: Text(20) | None = None
    city: Text(100) | None = None
    phone: Text(40) | None = None
    email: Email | None = None
    representative_client_id: Id | None = None


class NodeOut(BaseModel):
    client: ClientRef
    is_seat: bool
    children: list["NodeOut"]


class GroupOut(BaseModel):
    id: int
    name: str
    address: str
    postal_code: str
    city: str
    phone: str
    email: str
    representative_client: ClientRef | None
    member_count: int
    tree: list[NodeOut]


class GroupSummaryOut(BaseModel):
    id: int
    name: str
    city: str
    representative_client: ClientRef | None
    member_count: int


class GroupListOut(BaseModel):
    items: list[GroupSummaryOut]
    count: int
    count_capped: bool = False


def node_out(node: selectors.Node) -> dict:
    """A tree node as API.md writes it; a member the caller cannot open has its number
    withheld (U4)."""
    return {
        "client": client_ref(node.client),
        "is_seat": node.is_seat,
        "children": [node_out(child) for child in node.children],
    }


def group_out(user, group: Group) -> dict:
    """`group` as read by `selectors.group_get_for_user` (its member count and whether the
    caller may open its «client rattaché»), with its tree."""
    return {
        "id": group.id,
        "name": group.name,
        "address": group.address,
        "postal_code": group.postal_code,
        "city": group.city,
        "phone": group.phone,
        "email": group.email,
        "representative_client": client_ref(group.representative_client),
        "member_count": group.member_count,
        "tree": [node_out(n) for n in selectors.group_tree(group=group, user=user)],
    }


def group_answer(user, group: Group, *, status: int = 200) -> HttpResponse:
    """A group answer (GroupOut): `group` read again as the caller sees it, once a write
    is done. Its tree may have thousands of nodes: built here in GroupOut's shape and
    encoded at once (`json_answer`)."""
    group = selectors.group_get_for_user(user=user, group_id=group.id)
    return json_answer(group_out(user, group), status=status)


class GroupListQuery(BaseModel):
    q: Text(200) = ""
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10_000_000)


@router.get("", response={200: GroupListOut, **errors(401, 422)})
def group_list(request, query: Query[GroupListQuery]):
    groups = selectors.group_list(q=query.q, user=request.auth)
    page = api_slice(groups, limit=query.limit, offset=query.offset)
    return page_answer(page, _group_item)


def _group_item(group) -> dict:
    return {
        "id": group.id,
        "name": group.name,
        "city": group.city,
        "member_count": group.member_count,
        "representative_client": client_ref(
            group.representative_client, can_open=group.representative_can_open
        ),
    }


@router.post("", response={201: GroupOut, **errors(401, 403, 422)})
def group_create(request, body: GroupIn):
    """G1/G5: a new group, with an optional representative client («client rattaché»)."""
    group = services.group_create(actor=request.auth, **body.model_dump())
    return group_answer(request.auth, group, status=201)


@router.get("/{group_id}", response={200: GroupOut, **errors(401, 404, 422)})
def group_get(request, group_id: Id):
    group = selectors.group_get_for_user(user=request.auth, group_id=group_id)
    return json_answer(group_out(request.auth, group))


@router.patch("/{group_id}", response={200: GroupOut, **errors(401, 403, 404, 422)})
def group_update(request, group_id: Id, body: GroupPatch):
    group = selectors.group_get_for_user(user=request.auth, group_id=group_id)
    data = patch_data(body, nullable=("representative_client_id",))
    return group_answer(
        request.auth, services.group_update(actor=request.auth, group=group, **data)
    )


@router.delete("/{group_id}", response={204: None, **errors(401, 403, 404, 409, 422)})
def group_delete(request, group_id: Id):
    """G7: refused (409) while the group has members."""
    services.group_delete(
        actor=request.auth, group=selectors.group_get_for_user(user=request.auth, group_id=group_id)
    )
    return Status(204, None)


class GroupContactListQuery(BaseModel):
    valid_at: Text(10) = Field("", description="a date AAAA-MM-JJ (default today), or `all`")
    limit: int = Field(100, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10_000_000)


@router.get("/{group_id}/contacts", response={200: ContactListOut, **errors(401, 404, 422)})
def group_contacts(request, group_id: Id, query: Query[GroupContactListQuery]):
    """G10 «Contacts»: the contacts of every member of the group the caller may see (their
    own; G9's group contacts among them), valid at `valid_at` (today by default; `all` for
    every one)."""
    group = selectors.group_get_for_user(user=request.auth, group_id=group_id)
    contacts = selectors.group_contacts(
        user=request.auth, group=group, valid_at=parse_valid_at(query.valid_at)
    )
    page = api_slice(contacts, limit=query.limit, offset=query.offset)
    return page_answer(page, contact_out)


class MoveIn(In):
    client_id: Id
    parent_client_id: Id | None = None


@router.post("/{group_id}/move", response={200: GroupOut, **errors(401, 403, 404, 409, 422)})
def member_move(request, group_id: Id, body: MoveIn):
    """G3: under another member (a sub-structure) or to the root; a cycle is refused (409)."""
    group = selectors.group_get_for_user(user=request.auth, group_id=group_id)
    group = services.member_move(
        actor=request.auth,
        group=group,
        client_id=body.client_id,
        parent_client_id=body.parent_client_id,
    )
    return group_answer(request.auth, group)


class SeatIn(In):
    client_id: Id
    is_seat: bool


@router.post("/{group_id}/seat", response={200: GroupOut, **errors(401, 404, 422)})
def member_seat(request, group_id: Id, body: SeatIn):
    """G4: flag a member as a seat («Siège») or not."""
    group = selectors.group_get_for_user(user=request.auth, group_id=group_id)
    group = services.member_set_seat(
        actor=request.auth, group=group, client_id=body.client_id, is_seat=body.is_seat
    )
    return group_answer(request.auth, group)


class MergeIn(In):
    source_group_ids: list[Id] = Field(min_length=1, max_length=100)


@router.post("/{group_id}/merge", response={200: GroupOut, **errors(401, 403, 404, 409, 422)})
def group_merge(request, group_id: Id, body: MergeIn):
    """G8: the sources' trees join the target as they were; the sources disappear."""
    target = selectors.group_get_for_user(user=request.auth, group_id=group_id)
    target = services.groups_merge(
        actor=request.auth, target=target, source_ids=body.source_group_ids
    )
    return group_answer(request.auth, target)


class MembershipIn(In):
    group_id: Id
    parent_client_id: Id | None = None
    is_seat: bool = False


@membership_router.put(
    "/{client_id}/group", response={200: GroupOut, **errors(401, 403, 404, 409, 422)}
)
def membership_set(request, client_id: Id, body: MembershipIn):
    """G2/G5/G6: choose the client's group (and its place); leaving the old one first."""
    client = client_get_for_user(user=request.auth, client_id=client_id)
    group = services.membership_set(
        actor=request.auth,
        client=client,
        group_id=body.group_id,
        parent_client_id=body.parent_client_id,
        is_seat=body.is_seat,
    )
    return group_answer(request.auth, group)


@membership_router.delete("/{client_id}/group", response={204: None, **errors(401, 403, 404, 422)})
def membership_remove(request, client_id: Id):
    """G6: the client leaves its group; its children go under its former parent."""
    client = client_get_for_user(user=request.auth, client_id=client_id)
    services.membership_remove(actor=request.auth, client=client)
    return Status(204, None)
