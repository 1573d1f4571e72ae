"""Money, hours and rates in the French way, for every page and PDF. Decimal in, text out:
never through float.

{% load money %} … {{ amount|euros }} → «1 234,56 €»; {{ hours|hours }} → «1,50 h»;
{{ rate|percent }} → «20 %», «33,33 %», «5,5 %»; {{ amount|negated }} for a credit note."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()

NBSP = "\u00a0"  # no-break space, before «€» and «%»
THOUSANDS = "\u202f"  # narrow no-break space, between thousands (as Intl's fr-FR)
CENT = Decimal("0.01")


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):  # never expected; go through its shortest text, not binary
        value = repr(value)
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def _grouped(digits: str) -> str:
    """«1234567» → «1 234 567» (narrow no-break spaces)."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return THOUSANDS.join(parts)


def french_number(value, places: int = 2, *, trim: bool = False) -> str:
    number = _decimal(value)
    if number is None:
        return ""
    quantum = Decimal(1).scaleb(-places)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    if trim:
        fraction = fraction.rstrip("0")
    text = sign + _grouped(whole)
    return f"{text},{fraction}" if fraction else text


@register.filter
def euros(value) -> str:
    """«1 234,56 €»; empty for no value."""
    text = french_number(value)
    return f"{text}{NBSP}€" if text else ""


@register.filter
def hours(value) -> str:
    """«1,50 h»; empty for no value."""
    text = french_number(value)
    return f"{text}{NBSP}h" if text else ""


@register.filter
def percent(value) -> str:
    """A share or a VAT rate: «60 %», «33,33 %», «5,5 %»."""
    text = french_number(value, trim=True)
    return f"{text}{NBSP}%" if text else ""


@register.filter
def negated(value):
    """A credit note's amount: the invoice's, with the opposite sign."""
    number = _decimal(value)
    return None if number is None else -number
