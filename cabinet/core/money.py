"""Money and hours: Decimal from the request to the PDF, never float."""

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from django.db.models import F, IntegerField, Sum
from django.db.models.functions import Round
from pydantic import Field

CENT = Decimal("0.01")

MONEY_LIMIT = Decimal(10) ** 10
"""A12: money columns hold 12 digits with two places, so every amount and every total a
proforma or invoice would reach stays below 10¹⁰ € (9 999 999 999,99 € at most)."""
MONEY_MAX_TEXT = "9 999 999 999,99 €"

Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2, allow_inf_nan=False)]
Hours = Annotated[Decimal, Field(gt=0, max_digits=7, decimal_places=2, allow_inf_nan=False)]
Rate = Annotated[Decimal, Field(ge=0, max_digits=10, decimal_places=2, allow_inf_nan=False)]
VatRate = Annotated[
    Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2, allow_inf_nan=False)
]


def money_str(value: Decimal | None) -> str | None:
    """ "120.50": the API's money format (a string with two places)."""
    return None if value is None else f"{value.quantize(CENT)}"


def vat_of(amount_excl: Decimal, rate: Decimal) -> Decimal:
    """VAT of one rate's total, rounded half-up to the cent."""
    return (amount_excl * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def fits_money(value: Decimal) -> bool:
    """A12: whether a money column (12 digits, two places) can store `value`."""
    return -MONEY_LIMIT < value < MONEY_LIMIT


def sum_of_cents(field_name: str, **extra) -> Sum:
    """The SQL sum of a money column in whole cents: exact on SQLite too, which would add
    the decimal amounts as floating-point numbers. Read it back with `euros_of_cents`."""
    return Sum(Round(F(field_name) * 100), output_field=IntegerField(), **extra)


def euros_of_cents(cents) -> Decimal:
    """A `sum_of_cents` result (None for no row) as euros with two places."""
    return (Decimal(int(cents or 0)) / 100).quantize(CENT)
