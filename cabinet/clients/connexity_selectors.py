"""Reads on connexities, each seen from one client's point of view (R2, R5, R9)."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from cabinet.accounts.models import User
from cabinet.clients.models import Client, Connexity, ConnexityLabel
from cabinet.clients.selectors import mark_openable
from cabinet.core.errors import NotFound
from cabinet.core.text import normalize


@dataclass(frozen=True)
class ConnexityView:
    """A connexity as `seen_from` reads it: its relation to `other_client` and back."""

    connexity: Connexity
    other_client: Client
    label: str
    inverse_label: str
    is_current: bool

    @property
    def id(self) -> int:
        return self.connexity.id

    @property
    def start_date(self) -> datetime.date:
        return self.connexity.start_date

    @property
    def end_date(self) -> datetime.date | None:
        return self.connexity.end_date


def current_filter(day: datetime.date) -> Q:
    return Q(end_date__isnull=True) | Q(end_date__gte=day)


def seen_from(connexity: Connexity, client_id: int, today: datetime.date) -> ConnexityView:
    if connexity.client_id == client_id:
        return ConnexityView(
            connexity,
            connexity.other,
            connexity.label,
            connexity.inverse_label,
            connexity.is_current_on(today),
        )
    return ConnexityView(
        connexity,
        connexity.client,
        connexity.inverse_label,
        connexity.label,
        connexity.is_current_on(today),
    )


def connexities_of(*, client: Client, user: User, historical: bool = False) -> list[ConnexityView]:
    """R2/R5: the client's connexities, current ones only unless `historical`. Each other
    client carries `can_open` (U4: one the user may not open is named, never linked)."""
    today = timezone.localdate()
    rows = Connexity.objects.filter(Q(client=client) | Q(other=client)).select_related(
        "client", "other"
    )
    if not historical:
        rows = rows.filter(current_filter(today))
    views = [seen_from(c, client.id, today) for c in rows]
    views.sort(key=lambda v: (not v.is_current, v.other_client.name.lower(), v.start_date, v.id))
    mark_openable(user=user, clients=[v.other_client for v in views])
    return views


def connexity_get(*, client: Client, connexity_id: int) -> Connexity:
    connexity = (
        Connexity.objects.filter(Q(client=client) | Q(other=client), pk=connexity_id)
        .select_related("client", "other")
        .first()
    )
    if connexity is None:
        raise NotFound("Connexité introuvable.", code="connexity_not_found")
    return connexity


def connexity_view_get(*, client: Client, user: User, connexity_id: int) -> ConnexityView:
    """One connexity as `client` reads it, its other client marked `can_open` (U4)."""
    view = seen_from(
        connexity_get(client=client, connexity_id=connexity_id), client.id, timezone.localdate()
    )
    mark_openable(user=user, clients=[view.other_client])
    return view


def has_current_connexities(*, client: Client) -> bool:
    """R9: at least one connexity without end date or ending today or later."""
    today = timezone.localdate()
    return (
        Connexity.objects.filter(Q(client=client) | Q(other=client))
        .filter(current_filter(today))
        .exists()
    )


def connexity_labels(*, q: str = "", limit: int | None = 20) -> QuerySet[ConnexityLabel]:
    """R3: the configurable list, filtered by prefix for autocompletion (`limit=None`:
    every match, for the API to page)."""
    labels = ConnexityLabel.objects.all()
    key = normalize(q)
    if key:
        labels = labels.filter(normalized__startswith=key)
    labels = labels.order_by("label")
    return labels if limit is None else labels[:limit]


def connexity_label_get(*, label_id: int) -> ConnexityLabel:
    item = ConnexityLabel.objects.filter(pk=label_id).first()
    if item is None:
        raise NotFound("Libellé introuvable.", code="label_not_found")
    return item
