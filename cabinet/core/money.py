"""Money and hours: Decimal from the request to the PDF, never float."""

from decimal import Decimal
from typing import Annotated

from pydantic import Field

CENT = Decimal("0.01")

Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2, allow_inf_nan=False)]
Hours = Annotated[Decimal, Field(gt=0, max_digits=7, decimal_places=2, allow_inf_nan=False)]
Rate = Annotated[Decimal, Field(ge=0, max_digits=10, decimal_places=2, allow_inf_nan=False)]
VatRate = Annotated[
    Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2, allow_inf_nan=False)
]


def money_str(value: Decimal | None) -> str | None:
    """ "120.50": the API's money format (a string with two places)."""
    return None if value is None else f"{value.quantize(CENT)}"
