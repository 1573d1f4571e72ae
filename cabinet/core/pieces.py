"""Pieces of a page that an upper app adds to a lower app's page without the lower app
naming it (STYLE.md: upper apps plug into lower ones). A lower app keeps a registry of the
places its pages offer (a client record's tabs, a matter header's actions); an upper app
registers a `Piece` there from its AppConfig.ready(); the lower app's template renders the
pieces of a place with `render_pieces` (each app wraps it in a template tag)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe


def _nothing(**_) -> dict:
    return {}


@dataclass(frozen=True)
class Piece:
    name: str
    template: str
    # context(**arguments) gives the template's own variables (arguments: user=, client=…)
    context: Callable[..., dict] = _nothing
    order: int = 100


class Places:
    """The places of one app's pages, each holding the pieces registered there, in order."""

    def __init__(self, *places: str):
        self._pieces: dict[str, dict[str, Piece]] = {place: {} for place in places}

    def register(self, place: str, piece: Piece) -> None:
        self._pieces[place][piece.name] = piece

    def of(self, place: str) -> list[Piece]:
        return sorted(self._pieces[place].values(), key=lambda piece: piece.order)


def render_pieces(context, pieces: list[Piece], **arguments) -> SafeString:
    """Each piece's template rendered as `{% include %}` would, with the page's context
    and the variables its `context(**arguments)` computes."""
    rendered = []
    for piece in pieces:
        template = context.template.engine.get_template(piece.template)
        with context.push(piece.context(**arguments)):
            rendered.append(template.render(context))
    return mark_safe("".join(rendered))  # each piece rendered by its own autoescaping template
