"""Pieces every API schema uses: NUL-free bounded strings, ids, errors, list pages."""

import datetime
import types
import typing
from typing import Annotated, Any, Generic, TypeVar

import pydantic_core
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.http import HttpResponse
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

MAX_ID = 2**63 - 1


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("NUL characters are not allowed")
    return value


def Text(max_length: int, *, min_length: int = 0):  # noqa: N802 - reads as a type
    return Annotated[
        str,
        StringConstraints(max_length=max_length, min_length=min_length, strip_whitespace=True),
        AfterValidator(_no_nul),
    ]


Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _email(value: str) -> str:
    if value:
        try:
            validate_email(value)
        except DjangoValidationError as exc:
            raise ValueError("not a valid email address") from exc
    return value


Email = Annotated[
    str,
    StringConstraints(max_length=254, strip_whitespace=True),
    AfterValidator(_no_nul),
    AfterValidator(_email),
]


def _loose_reason(value: Any, annotation: Any) -> str | None:
    """Why a JSON value would only pass for `annotation` by a loose conversion that means
    something else (a date given as 0, a boolean as 1, an id as true), or None."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _loose_reason(value, typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if value is None or len(args) != 1:
            return None
        return _loose_reason(value, args[0])
    if origin in (list, tuple, set, frozenset) and isinstance(value, list):
        (item,) = typing.get_args(annotation)[:1] or (Any,)
        return next((r for v in value if (r := _loose_reason(v, item))), None)
    if annotation is bool and not isinstance(value, bool):
        return "a boolean must be true or false"
    if annotation is int and isinstance(value, bool):
        return "an integer must not be a boolean"
    if annotation is datetime.date and not isinstance(value, (str, datetime.date)):
        return "a date must be a string YYYY-MM-DD"
    if annotation is datetime.datetime and not isinstance(value, (str, datetime.datetime)):
        return "a date and time must be an ISO 8601 string"
    return None


class In(BaseModel):
    """Base of request bodies: a real JSON object, unknown fields refused, and no loose type
    that means something else (a date given as 0, a boolean as 0/1, an id as true: 422).
    Money stays a Decimal given as a string or a number; query strings are not `In`."""

    model_config = ConfigDict(extra="forbid", strict=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_loose_types(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        if field is not None and value is not None:
            reason = _loose_reason(value, field.annotation)
            if reason:
                raise ValueError(reason)
        return value


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str


class ErrorOut(BaseModel):
    detail: str
    code: str
    errors: list[FieldError] | None = None


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    count: int
    count_capped: bool = False


def errors(*codes: int) -> dict[int, type[ErrorOut]]:
    """The 4xx answers of an endpoint, for the OpenAPI schema."""
    return dict.fromkeys(codes, ErrorOut)


def patch_data(body: BaseModel, *, nullable: tuple[str, ...] = ()) -> dict:
    """The fields a PATCH body sets. `null` is refused (422) except for the fields that may
    be cleared (`nullable`), such as an end date or an attachment."""
    from cabinet.core.errors import InvalidInput

    data = body.model_dump(exclude_unset=True)
    for field, value in data.items():
        if value is None and field not in nullable:
            raise InvalidInput(f"« {field} » ne peut pas être nul.", code="null_field", field=field)
    return data


def json_answer(data: Any, *, status: int = 200) -> HttpResponse:
    """A large answer (a group's tree of thousands of nodes) that the API's own code built
    in the shape of the endpoint's declared schema: encoded at once by pydantic-core,
    without ninja validating and dumping it again node by node. The schema stays the
    contract: it is in the OpenAPI document, and the tests validate such answers with it."""
    return HttpResponse(
        pydantic_core.to_json(data), status=status, content_type="application/json; charset=utf-8"
    )
