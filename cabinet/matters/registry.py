"""What the apps above matters add to a matter, without matters naming them (as
`cabinet/history/registry.py` does for the history).

Each app registers in its AppConfig.ready():
- a holding: what a matter may hold that forbids its deletion (M9), e.g. billing's
  proformas and invoices;
- the pieces of the matter page: its header's actions and its tabs, each a template the
  matters templates include (`{% load matter_registry %}{% matter_registered "tabs" %}`)
  with the page's context and the variables its `context(user=, matter=)` computes.
"""

from collections.abc import Callable
from dataclasses import dataclass

from cabinet.matters.models import Matter

HEADER_ACTIONS = "header_actions"
TABS = "tabs"


@dataclass(frozen=True)
class Holding:
    name: str
    # holds(matter) is True when the matter holds some of it
    holds: Callable[[Matter], bool]


@dataclass(frozen=True)
class Piece:
    name: str
    template: str
    # context(user=, matter=) gives the template's own variables
    context: Callable[..., dict]


_holdings: dict[str, Holding] = {}
_pieces: dict[str, dict[str, Piece]] = {HEADER_ACTIONS: {}, TABS: {}}


def register_holding(holding: Holding) -> None:
    _holdings[holding.name] = holding


def register_piece(place: str, piece: Piece) -> None:
    """`place`: HEADER_ACTIONS or TABS; pieces show in the order they were registered."""
    _pieces[place][piece.name] = piece


def holds_anything(matter: Matter) -> bool:
    """M9: whether the matter holds anything an app registered (activities, bills…)."""
    return any(holding.holds(matter) for holding in _holdings.values())


def pieces(place: str) -> list[Piece]:
    return list(_pieces[place].values())
