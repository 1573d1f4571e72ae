"""Writes on connexities and the list of relation labels (R1–R8)."""

import datetime

from django.db import IntegrityError, transaction

from cabinet.accounts.models import User
from cabinet.clients.models import Client, Connexity, ConnexityLabel
from cabinet.clients.selectors import client_get_for_user
from cabinet.core.errors import Conflict, InvalidInput, NotFound
from cabinet.core.text import normalize


def _check(connexity: Connexity) -> None:
    if connexity.client_id == connexity.other_id:
        raise Conflict("Une connexité relie deux clients différents.", code="self_connexity")
    if not connexity.label.strip() or not connexity.inverse_label.strip():
        raise InvalidInput(
            "Les deux qualités de la relation sont obligatoires.",
            code="label_required",
            field="label",
        )
    if connexity.end_date is not None and connexity.end_date < connexity.start_date:
        raise InvalidInput(
            "La date de fin ne peut pas précéder la date de début.",
            code="connexity_ends_before_start",
            field="end_date",
        )


def connexity_create(
    *,
    actor: User,
    client: Client,
    other_client_id: int,
    label: str,
    inverse_label: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
) -> Connexity:
    """R1/R8: `label` is `client`'s relation to the other client; any number of them.
    U4: the other client is one the actor may open (a hidden one is answered as absent)."""
    unknown = InvalidInput(
        "L'autre client n'existe pas.", code="unknown_client", field="other_client_id"
    )
    other = client_get_for_user(user=actor, client_id=other_client_id, unknown=unknown)
    connexity = Connexity(
        client=client,
        other=other,
        label=label.strip(),
        inverse_label=inverse_label.strip(),
        start_date=start_date,
        end_date=end_date,
    )
    _check(connexity)
    connexity._history_user = actor
    connexity.save()
    return connexity


def connexity_update(
    *, actor: User, connexity: Connexity, seen_from: Client, **fields
) -> Connexity:
    """R6: labels and dates change; the other client never does. Labels are given from
    `seen_from`'s point of view and stored the right way round."""
    if "other_client_id" in fields:
        raise Conflict(
            "L'autre client d'une connexité ne peut pas être changé : supprimez-la et "
            "créez-en une nouvelle.",
            code="other_client_fixed",
        )
    with transaction.atomic():
        connexity = Connexity.objects.select_for_update().get(pk=connexity.pk)
        flipped = connexity.client_id != seen_from.id
        mapping = {"label": "inverse_label", "inverse_label": "label"} if flipped else {}
        changed = []
        for field, value in fields.items():
            if field not in {"label", "inverse_label", "start_date", "end_date"}:
                raise TypeError(field)
            if field == "start_date" and value is None:
                raise InvalidInput("La date de début est obligatoire.", field="start_date")
            stored = mapping.get(field, field)
            setattr(connexity, stored, value.strip() if isinstance(value, str) else value)
            changed.append(stored)
        _check(connexity)
        if changed:
            connexity._history_user = actor
            connexity.save(update_fields=[*changed, "updated_at"])
    return connexity


def connexity_delete(*, actor: User, connexity: Connexity) -> None:
    """R7: removes it from both records at once (it is stored once)."""
    connexity._history_user = actor
    connexity.delete()


def connexity_label_create(*, actor: User, label: str) -> ConnexityLabel:
    """R3: add to the configurable list; existing connexities are not touched."""
    key = normalize(label)
    if not key:
        raise InvalidInput("Le libellé est vide.", code="label_required", field="label")
    item = ConnexityLabel(label=label.strip(), normalized=key)
    item._history_user = actor
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as exc:
        raise Conflict(f"« {label.strip()} » est déjà dans la liste.", code="label_exists") from exc
    return item


def connexity_label_rename(*, actor: User, item: ConnexityLabel, label: str) -> ConnexityLabel:
    """R3: renaming an entry never rewrites the connexities that used it."""
    key = normalize(label)
    if not key:
        raise InvalidInput("Le libellé est vide.", code="label_required", field="label")
    item.label, item.normalized = label.strip(), key
    item._history_user = actor
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as exc:
        raise Conflict(f"« {label.strip()} » est déjà dans la liste.", code="label_exists") from exc
    return item


def connexity_label_delete(*, actor: User, label_id: int) -> None:
    item = ConnexityLabel.objects.filter(pk=label_id).first()
    if item is None:
        raise NotFound("Libellé introuvable.", code="label_not_found")
    item._history_user = actor
    item.delete()
