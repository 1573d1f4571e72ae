"""Which business models the history API can show (U3), and who may read each.

Each app registers its models in its AppConfig.ready(): a public name, the model (with a
django-simple-history `history` manager), an access check, and optional child models whose
changes belong to the parent's story (a client's aliases are part of the client's history).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models


@dataclass(frozen=True)
class Child:
    model: type[models.Model]
    parent_field: str  # the child's foreign key to the parent, e.g. "client_id"
    label: str  # the name of the parent's field the child is shown as, e.g. "aliases"
    value_field: str  # the child's field shown, e.g. "value"


@dataclass(frozen=True)
class Entry:
    name: str
    model: type[models.Model]
    # check(user, object_id) raises a DomainError when the user may not read that history
    check: Callable[[object, int], None]
    children: tuple[Child, ...] = field(default_factory=tuple)


_registry: dict[str, Entry] = {}


def register(entry: Entry) -> None:
    _registry[entry.name] = entry


def get(name: str) -> Entry | None:
    return _registry.get(name)


def names() -> list[str]:
    return sorted(_registry)


def access_through(model, parent_field: str, check_parent, *, right: str, label: str):
    """A history check for objects read through a parent: while the object exists, whoever
    may read its parent (`check_parent(user, parent_id)`) may read its history; once it is
    deleted, the profile right `right` is needed."""
    from cabinet.core.errors import NotFound
    from cabinet.core.permissions import require_right

    def check(user, object_id: int) -> None:
        parent_id = model.objects.filter(pk=object_id).values_list(parent_field, flat=True).first()
        if parent_id is not None:
            check_parent(user, parent_id)
        elif model.history.filter(id=object_id).exists():
            require_right(user, right)
        else:
            raise NotFound(f"Aucun historique pour {label}.", code="history_not_found")

    return check
