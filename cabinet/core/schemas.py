"""Pieces every API schema uses: NUL-free bounded strings, ids, errors, list pages."""

from typing import Annotated, Generic, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

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


class In(BaseModel):
    """Base of request bodies: a real JSON object, unknown fields refused."""

    model_config = ConfigDict(extra="forbid", strict=False)


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
