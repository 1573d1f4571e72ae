"""A4/A5: exact allocation. Amounts are split in cents by the largest-remainder method, so
the parts always add up to the amount split, never a cent more or less, and each part is
within one cent of its exact share. Pure functions: the allocation view, the proformas and
the API all call `allocate_matter` (cabinet.billing.services), which calls these."""

from decimal import ROUND_HALF_UP, Decimal

from cabinet.core.money import vat_of  # noqa: F401 - re-exported: one VAT rounding (A12 too)

CENT = Decimal("0.01")


def to_cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def split_cents(total: int, weights: list[Decimal]) -> list[int]:
    """Split `total` cents in proportion to `weights` (≥ 0, not all zero).

    Each part gets the floor of its exact share; the cents left over go one each to the
    largest remainders, ties to the earlier weight. Deterministic: same input, same parts.
    """
    if not weights:
        raise ValueError("nothing to split between")
    if any(w < 0 for w in weights):
        raise ValueError("negative weight")
    weight_sum = sum(weights, Decimal(0))
    if weight_sum == 0:
        raise ValueError("weights sum to zero")
    sign = -1 if total < 0 else 1
    magnitude = abs(total)
    exact = [Decimal(magnitude) * w / weight_sum for w in weights]
    floors = [int(e) for e in exact]  # exact >= 0: int() floors
    left = magnitude - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [sign * part for part in floors]


def equal_shares(count: int) -> list[Decimal]:
    """A3's default split: equal percentages with two places summing to exactly 100.00."""
    return [from_cents(c) for c in split_cents(10_000, [Decimal(1)] * count)]


def normalized_shares(shares: list[Decimal]) -> list[Decimal]:
    """Shares rescaled to sum to exactly 100.00 (after a client left the split)."""
    return [from_cents(c) for c in split_cents(10_000, shares)]
