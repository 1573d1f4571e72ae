"""A4/A5 as properties: allocations add up to the cent, each part within one cent of its
exact share, and the same input always gives the same parts."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cabinet.billing.allocation import (
    equal_shares,
    from_cents,
    normalized_shares,
    split_cents,
    to_cents,
    vat_of,
)

weights = st.lists(
    st.decimals(min_value=0, max_value=100, places=2), min_size=1, max_size=8
).filter(lambda ws: sum(ws) > 0)
totals = st.integers(min_value=0, max_value=10**11)


@given(total=totals, shares=weights)
def test_a5_parts_add_up_exactly_and_stay_within_a_cent(total, shares):
    parts = split_cents(total, shares)
    assert sum(parts) == total
    weight_sum = sum(shares)
    for part, weight in zip(parts, shares, strict=True):
        exact = Decimal(total) * weight / weight_sum
        assert abs(Decimal(part) - exact) < 1
        assert part >= 0
        if weight == 0:
            assert part == 0


@given(total=totals, shares=weights)
def test_a5_allocation_is_deterministic(total, shares):
    assert split_cents(total, shares) == split_cents(total, list(shares))


@given(count=st.integers(min_value=1, max_value=50))
def test_a3_equal_shares_sum_to_100(count):
    shares = equal_shares(count)
    assert sum(shares) == Decimal("100.00")
    assert max(shares) - min(shares) <= Decimal("0.01")


@given(shares=weights)
def test_a3_normalised_shares_sum_to_100(shares):
    assert sum(normalized_shares(shares)) == Decimal("100.00")


def test_a5_largest_remainder_example():
    assert split_cents(100, [Decimal(1)] * 3) == [34, 33, 33]
    assert split_cents(1000, [Decimal("50"), Decimal("30"), Decimal("20")]) == [500, 300, 200]
    assert split_cents(1, [Decimal(1), Decimal(1)]) == [1, 0]


def test_a5_cents_round_trip_and_vat_rounds_half_up():
    assert to_cents(Decimal("120.50")) == 12050
    assert from_cents(12050) == Decimal("120.50")
    assert vat_of(Decimal("0.25"), Decimal("20")) == Decimal("0.05")
    assert vat_of(Decimal("10.03"), Decimal("5.5")) == Decimal("0.55")


def test_a5_nothing_to_split_between_is_an_error():
    with pytest.raises(ValueError):
        split_cents(100, [])
    with pytest.raises(ValueError):
        split_cents(100, [Decimal(0)])
