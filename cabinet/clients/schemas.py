import datetime
from typing import Literal

from pydantic import BaseModel, Field

from cabinet.core.schemas import Email, Id, In, Text


class ClientRef(BaseModel):
    """A client named in an answer; `number` is null for one the caller cannot open."""

    id: int
    number: str | None
    display_name: str


class GroupRef(BaseModel):
    id: int
    name: str


class ClientIn(In):
    kind: Literal["person", "company"]
    name: Text(200, min_length=1)
    first_name: Text(100) = ""
    number: Text(6) | None = None
    aliases: list[Text(200)] = Field(default_factory=list, max_length=100)
    email: Email = ""
    phone: Text(40) = ""
    address: Text(300) = ""
    postal_code: Text(20) = ""
    city: Text(100) = ""
    country: Text(100) = "France"
    notes: Text(5000) = ""
    attached_to_id: Id | None = None


class ClientPatch(In):
    kind: Literal["person", "company"] | None = None
    name: Text(200, min_length=1) | None = None
    first_name: Text(100) | None = None
    number: Text(6) | None = None
    aliases: list[Text(200)] | None = Field(default=None, max_length=100)
    email: Email | None = None
    phone: Text(40) | None = None
    address: Text(300) | None = None
    postal_code: Text(20) | None = None
    city: Text(100) | None = None
    country: Text(100) | None = None
    notes: Text(5000) | None = None
    attached_to_id: Id | None = None


class ClientOut(BaseModel):
    id: int
    number: str
    kind: str
    name: str
    first_name: str
    display_name: str
    aliases: list[str]
    email: str
    phone: str
    address: str
    postal_code: str
    city: str
    country: str
    notes: str
    attached_to: ClientRef | None
    group: GroupRef | None = None
    has_current_connexities: bool


class ClientListOut(BaseModel):
    items: list[ClientOut]
    count: int
    count_capped: bool = False


class ContactIn(In):
    first_name: Text(100) = ""
    last_name: Text(100, min_length=1)
    role: Text(100) = ""
    email: Email = ""
    phone: Text(40) = ""
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    is_group_contact: bool = False


class ContactPatch(In):
    first_name: Text(100) | None = None
    last_name: Text(100, min_length=1) | None = None
    role: Text(100) | None = None
    email: Email | None = None
    phone: Text(40) | None = None
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    is_group_contact: bool | None = None


class ContactOut(BaseModel):
    id: int
    first_name: str
    last_name: str
    role: str
    email: str
    phone: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    is_group_contact: bool
    client: ClientRef


class ContactListOut(BaseModel):
    items: list[ContactOut]
    count: int
    count_capped: bool = False


class AliasIn(In):
    value: Text(200, min_length=1)
