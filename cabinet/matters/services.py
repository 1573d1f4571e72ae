"""Writes on matters, parties and intervenants (M1–M10).

Anything that changes which clients are active on a matter locks the matter row first, as
the activity writes do: a deactivation and an activity transfer never interleave (M5, A8).
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from cabinet.accounts import selectors as accounts
from cabinet.accounts.models import Right, User
from cabinet.clients import selectors as clients
from cabinet.core.errors import Conflict, InvalidInput, NotFound
from cabinet.core.permissions import require_right
from cabinet.matters import registry, selectors
from cabinet.matters.models import (
    Intervenant,
    Matter,
    MatterNumberSequence,
    MatterParty,
    MatterStatus,
    PartyRole,
)

MATTER_FIELDS = ("title", "type", "opened_on", "description")


def lock_matter(matter_id: int) -> Matter:
    """The matter row, locked until the transaction ends (call inside transaction.atomic)."""
    matter = Matter.objects.select_for_update().filter(pk=matter_id).first()
    if matter is None:
        raise NotFound("Dossier introuvable.", code="matter_not_found")
    return matter


def _next_number(year: int) -> str:
    sequence, _ = MatterNumberSequence.objects.select_for_update().get_or_create(year=year)
    sequence.last_value += 1
    sequence.save(update_fields=["last_value"])
    return f"{year}-{sequence.last_value:04d}"


def _save(obj, actor: User, fields: list[str] | None = None) -> None:
    obj._history_user = actor
    if fields is None:
        obj.save()
    else:
        obj.save(update_fields=[*fields, "updated_at"] if hasattr(obj, "updated_at") else fields)


def matter_create(
    *,
    actor: User,
    title: str,
    opened_on: datetime.date,
    parties: list[dict],
    type: str = "",
    description: str = "",
    intervenant_ids: list[int] | None = None,
) -> Matter:
    """M1: a matter with its parties (at least one client party) and intervenants; the
    creator becomes an intervenant."""
    if not title.strip():
        raise InvalidInput("Le titre est obligatoire.", code="title_required", field="title")
    if not any(p.get("role", "client") == PartyRole.CLIENT for p in parties):
        raise InvalidInput(
            "Un dossier a au moins un client.", code="client_party_required", field="parties"
        )
    _require_right_to_add_others(actor, intervenant_ids or [])
    with transaction.atomic():
        matter = Matter(
            title=title.strip(),
            type=type.strip(),
            opened_on=opened_on,
            description=description,
            created_by=actor,
            number=_next_number(opened_on.year),
        )
        _save(matter, actor)
        for index, party in enumerate(parties):
            _add_party(actor=actor, matter=matter, index=index, **party)
        for user_id in {actor.id, *(intervenant_ids or [])}:
            _add_intervenant(actor=actor, matter=matter, user_id=user_id)
    return matter


def _require_right_to_add_others(actor: User, user_ids) -> None:
    """M6: naming other users as intervenants takes the right to act on every matter."""
    if any(user_id != actor.id for user_id in user_ids):
        require_right(actor, Right.ALL_MATTERS)


def _add_party(
    *,
    actor: User,
    matter: Matter,
    role: str = PartyRole.CLIENT,
    client_id: int | None = None,
    is_active: bool = True,
    contact_id: int | None = None,
    linked_party_id: int | None = None,
    index: int | None = None,
) -> MatterParty:
    where = f"parties.{index}." if index is not None else ""
    party = MatterParty(matter=matter, role=role, is_active=is_active)
    if role == PartyRole.LINKED_CONTACT:
        unknown = InvalidInput(
            "Choisissez le contact lié.", code="unknown_contact", field=f"{where}contact_id"
        )
        if not contact_id:
            raise unknown
        contact = clients.contact_get_for_user(user=actor, contact_id=contact_id, unknown=unknown)
        linked = (
            MatterParty.objects.filter(pk=linked_party_id, matter=matter)
            .exclude(role=PartyRole.LINKED_CONTACT)
            .first()
            if linked_party_id
            else None
        )
        if linked is None:
            raise InvalidInput(
                "Un contact lié est rattaché à une partie du dossier.",
                code="unknown_party",
                field=f"{where}linked_party_id",
            )
        party.contact, party.linked_party = contact, linked
        party.is_active = is_active and linked.is_active
    else:
        if client_id is None:
            raise InvalidInput(
                "Choisissez le client de cette partie.",
                code="client_required",
                field=f"{where}client_id",
            )
        party.client = selectors.party_client_get(
            user=actor, client_id=client_id, field=f"{where}client_id"
        )
        party.portal_shared = role == PartyRole.CLIENT and is_active
    try:
        with transaction.atomic():
            _save(party, actor)
    except IntegrityError as exc:
        raise Conflict(
            "Ce client ou ce contact est déjà partie au dossier.", code="party_exists"
        ) from exc
    return party


def party_add(*, actor: User, matter: Matter, **party) -> MatterParty:
    """«Modifier les parties»: add a party to an existing matter."""
    with transaction.atomic():
        matter = lock_matter(matter.id)
        return _add_party(actor=actor, matter=matter, **party)


def party_set_active(
    *, actor: User, matter: Matter, party_id: int, is_active: bool
) -> tuple[MatterParty, str | None]:
    """M2/M4/M8/M10: toggle a party on this matter only. Deactivating a client party with
    unbilled activities is allowed and answered with the M4 warning; it switches the
    matter's portal sharing with that client off; a party's linked contacts follow it."""
    with transaction.atomic():
        matter = lock_matter(matter.id)
        party = MatterParty.objects.select_for_update().filter(pk=party_id, matter=matter).first()
        if party is None:
            raise NotFound("Partie introuvable.", code="party_not_found")
        if party.is_active != is_active:
            party.is_active = is_active
            fields = ["is_active"]
            if not is_active and party.role == PartyRole.CLIENT:
                party.portal_shared = False
                fields.append("portal_shared")
            _save(party, actor, fields)
            if not is_active:
                for linked in party.linked_contacts.filter(is_active=True):
                    linked.is_active = False
                    _save(linked, actor, ["is_active"])
        warning = (
            None if is_active else selectors.party_deactivation_warning(matter=matter, party=party)
        )
    return party, warning


def party_set_portal_shared(
    *, actor: User, matter: Matter, party_id: int, portal_shared: bool
) -> MatterParty:
    """M8: sharing is switched back on by hand (client parties only)."""
    with transaction.atomic():
        matter = lock_matter(matter.id)
        party = MatterParty.objects.select_for_update().filter(pk=party_id, matter=matter).first()
        if party is None:
            raise NotFound("Partie introuvable.", code="party_not_found")
        if portal_shared and party.role != PartyRole.CLIENT:
            raise Conflict(
                "Seuls les clients du dossier y accèdent par le portail.",
                code="portal_for_clients_only",
            )
        if party.portal_shared != portal_shared:
            party.portal_shared = portal_shared
            _save(party, actor, ["portal_shared"])
    return party


def party_remove(*, actor: User, matter: Matter, party_id: int) -> None:
    """«Modifier les parties»: remove a party that nothing refers to yet."""
    with transaction.atomic():
        matter = lock_matter(matter.id)
        party = MatterParty.objects.filter(pk=party_id, matter=matter).first()
        if party is None:
            raise NotFound("Partie introuvable.", code="party_not_found")
        if party.client_id and party.client_id in registry.linked_clients(matter):
            raise Conflict(
                "Des activités sont liées à ce client : rendez-le inactif plutôt "
                "que de le retirer.",
                code="party_has_activities",
            )
        if (
            party.role == PartyRole.CLIENT
            and not matter.parties.filter(role=PartyRole.CLIENT).exclude(pk=party.pk).exists()
        ):
            raise Conflict("Un dossier garde au moins un client.", code="last_client_party")
        for linked in party.linked_contacts.all():
            linked._history_user = actor
            linked.delete()
        party._history_user = actor
        party.delete()


def _add_intervenant(*, actor: User, matter: Matter, user_id: int) -> Intervenant:
    unknown = InvalidInput("Cet utilisateur n'existe pas.", code="unknown_user", field="user_id")
    user = accounts.user_get_for_actor(actor=actor, user_id=user_id, unknown=unknown)
    intervenant = Intervenant.objects.filter(matter=matter, user=user).first()
    if intervenant is None:
        intervenant = Intervenant(matter=matter, user=user)
        intervenant._history_user = actor
        intervenant.save()
    return intervenant


def intervenant_add(*, actor: User, matter: Matter, user_id: int | None = None) -> Intervenant:
    """M6: add oneself when the profile allows it — to any open matter, which is how one
    joins it — or, with the right to act on every matter, someone else."""
    user_id = user_id or actor.id
    with transaction.atomic():
        if user_id == actor.id:
            matter = selectors.matter_get_for_user(user=actor, matter_id=matter.id, to_join=True)
            refusal = selectors.self_intervention_refusal(user=actor, matter=matter)
            if refusal is not None:
                raise refusal
        else:
            _require_right_to_add_others(actor, [user_id])
        matter = lock_matter(matter.id)
        if Intervenant.objects.filter(matter=matter, user_id=user_id).exists():
            raise Conflict(selectors.ALREADY_INTERVENANT, code="intervenant_exists")
        return _add_intervenant(actor=actor, matter=matter, user_id=user_id)


def intervenant_remove(*, actor: User, matter: Matter, user_id: int) -> None:
    if user_id != actor.id:
        require_right(actor, Right.ALL_MATTERS)
    intervenant = Intervenant.objects.filter(matter=matter, user_id=user_id).first()
    if intervenant is None:
        raise NotFound(
            "Cet utilisateur n'intervient pas sur le dossier.", code="intervenant_not_found"
        )
    intervenant._history_user = actor
    intervenant.delete()


def matter_update(*, actor: User, matter: Matter, **fields) -> Matter:
    with transaction.atomic():
        matter = lock_matter(matter.id)
        for field, value in fields.items():
            if field not in MATTER_FIELDS:
                raise TypeError(field)
            setattr(matter, field, value.strip() if isinstance(value, str) else value)
        if not matter.title:
            raise InvalidInput("Le titre est obligatoire.", code="title_required", field="title")
        if matter.closed_on and matter.closed_on < matter.opened_on:
            raise InvalidInput(
                "Un dossier ne peut être ouvert après sa clôture.", field="opened_on"
            )
        if fields:
            _save(matter, actor, list(fields))
    return matter


def matter_set_status(
    *, actor: User, matter: Matter, status: str, closed_on: datetime.date | None = None
) -> Matter:
    """Close (archive) a matter — it keeps everything — on a day (today by default), or
    reopen it (M9)."""
    with transaction.atomic():
        matter = lock_matter(matter.id)
        if status == MatterStatus.CLOSED:
            closed_on = closed_on or timezone.localdate()
            if closed_on < matter.opened_on:
                raise InvalidInput(
                    "Un dossier ne peut être clos avant son ouverture.",
                    code="closed_before_opening",
                    field="closed_on",
                )
            if matter.status == status and matter.closed_on == closed_on:
                return matter
            matter.status, matter.closed_on = status, closed_on
        else:
            if matter.status == status:
                return matter
            matter.status, matter.closed_on = status, None
        _save(matter, actor, ["status", "closed_on"])
    return matter


def matter_delete(*, actor: User, matter: Matter) -> None:
    """M9: needs the right; refused while the matter holds anything the apps above
    registered (activities, proformas, invoices); the deletion stays in the history."""
    require_right(actor, Right.DELETE_MATTERS)
    with transaction.atomic():
        matter = lock_matter(matter.id)
        if registry.holds_anything(matter):
            raise Conflict(
                "Ce dossier contient des activités, des proformas ou des factures : "
                "transférez-les ou supprimez-les d'abord, ou clôturez le dossier.",
                code="matter_not_empty",
            )
        for obj in [
            *matter.parties.filter(role=PartyRole.LINKED_CONTACT),
            *matter.parties.exclude(role=PartyRole.LINKED_CONTACT),
            *matter.intervenants.all(),
        ]:
            obj._history_user = actor
            obj.delete()
        matter._history_user = actor
        matter.delete()
