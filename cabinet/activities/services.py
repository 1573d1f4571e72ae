"""Writes on activities: entry (A1, M5–M7) and transfer between matters (A8).

Each write locks the matter it puts activities on before reading its parties, as the
matters app does before changing them: an activity never lands on a matter that has just
stopped accepting activities.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from cabinet.accounts.models import User
from cabinet.activities import registry
from cabinet.activities.models import Activity, ActivityKind, BillingState
from cabinet.core.errors import Conflict, DomainError, InvalidInput, NotFound
from cabinet.core.money import MONEY_MAX_TEXT, fits_money, vat_of
from cabinet.matters import selectors as matters
from cabinet.matters.models import Matter, MatterParty, PartyRole
from cabinet.matters.services import lock_matter

CENT = Decimal("0.01")


def _raise(refusal: DomainError | None) -> None:
    """The refusals are the matters selectors' (the pages show the same sentences)."""
    if refusal is not None:
        raise refusal


def _check_client(matter: Matter, client_id: int | None) -> None:
    """A1/M7: an activity is common, or linked to an active client party of the matter."""
    if client_id is None:
        return
    party = MatterParty.objects.filter(
        matter=matter, client_id=client_id, role=PartyRole.CLIENT
    ).first()
    if party is None:
        raise InvalidInput(
            "Ce client n'est pas client du dossier.", code="not_a_client_party", field="client_id"
        )
    if not party.is_active:
        raise Conflict(
            "Ce client est inactif sur le dossier : aucune activité ne peut lui être liée.",
            code="client_inactive_on_matter",
        )


def _amounts(
    *, kind: str, hours, hourly_rate, amount, vat_rate: Decimal, default_rate: Decimal
) -> tuple[Decimal | None, Decimal | None, Decimal]:
    if kind == ActivityKind.TIME:
        if hours is None or hours <= 0:
            raise InvalidInput(
                "Une saisie de temps a une durée positive.", code="hours_required", field="hours"
            )
        rate = default_rate if hourly_rate is None else hourly_rate
        total = (hours * rate).quantize(CENT, rounding=ROUND_HALF_UP)
        _check_fits(total, vat_rate, field="hours", what="Le montant (durée × taux horaire)")
        return hours, rate, total
    if amount is None:
        raise InvalidInput("Le montant est obligatoire.", code="amount_required", field="amount")
    _check_fits(amount, vat_rate, field="amount", what="Le montant")
    return None, None, amount


def _check_fits(amount: Decimal, vat_rate: Decimal, *, field: str, what: str) -> None:
    """A12: the amount, and the amount with its VAT (what a bill of it alone would reach),
    fit the money columns."""
    if not fits_money(amount):
        raise InvalidInput(
            f"{what} dépasse le maximum enregistrable : {MONEY_MAX_TEXT} HT.",
            code="amount_too_large",
            field=field,
        )
    if not fits_money(amount + vat_of(amount, vat_rate)):
        raise InvalidInput(
            f"{what} dépasse, TVA comprise, le maximum qu'une facture peut porter : "
            f"{MONEY_MAX_TEXT} TTC.",
            code="amount_too_large",
            field=field,
        )


def activity_create(
    *,
    actor: User,
    matter: Matter,
    kind: str,
    date: datetime.date,
    description: str,
    hours: Decimal | None = None,
    hourly_rate: Decimal | None = None,
    amount: Decimal | None = None,
    vat_rate: Decimal = Decimal("20.00"),
    client_id: int | None = None,
) -> Activity:
    with transaction.atomic():
        matter = lock_matter(matter.id)
        _raise(matters.activity_entry_refusal(user=actor, matter=matter))
        _check_client(matter, client_id)
        hours, rate, total = _amounts(
            kind=kind,
            hours=hours,
            hourly_rate=hourly_rate,
            amount=amount,
            vat_rate=vat_rate,
            default_rate=actor.hourly_rate,
        )
        activity = Activity(
            matter=matter,
            user=actor,
            kind=kind,
            date=date,
            description=description.strip(),
            hours=hours,
            hourly_rate=rate,
            amount=total,
            vat_rate=vat_rate,
            client_id=client_id,
        )
        activity._history_user = actor
        activity.save()
    return activity


def _unbilled(activity_id: int, matter: Matter) -> Activity:
    activity = Activity.objects.select_for_update().filter(pk=activity_id, matter=matter).first()
    if activity is None:
        raise NotFound("Activité introuvable.", code="activity_not_found")
    _raise(frozen_refusal(activity))
    return activity


def frozen_refusal(activity: Activity) -> DomainError | None:
    """A2: an activity changes (edit, transfer, deletion) only while nothing of it is on a
    proforma or an invoice, nor marked «Non facturable»."""
    if activity.state == BillingState.UNBILLED:
        return None
    if activity.state == BillingState.WRITTEN_OFF:
        return Conflict(
            "Cette activité est marquée non facturable : rétablissez-la pour la modifier.",
            code="activity_written_off",
        )
    return Conflict(
        "Cette activité est déjà sur une proforma ou facturée : elle ne change plus.",
        code="activity_billed",
    )


def activity_update(*, actor: User, matter: Matter, activity_id: int, **fields) -> Activity:
    with transaction.atomic():
        matter = lock_matter(matter.id)
        _raise(matters.intervenant_refusal(user=actor, matter=matter))
        activity = _unbilled(activity_id, matter)
        before = (activity.amount, activity.client_id)
        if "client_id" in fields and fields["client_id"] != activity.client_id:
            _check_client(matter, fields["client_id"])
        for field in ("date", "description", "vat_rate", "client_id"):
            if field in fields:
                setattr(activity, field, fields[field])
        hours, rate, total = _amounts(
            kind=activity.kind,
            hours=fields.get("hours", activity.hours),
            hourly_rate=fields.get("hourly_rate", activity.hourly_rate),
            amount=fields.get("amount", activity.amount),
            vat_rate=activity.vat_rate,
            default_rate=actor.hourly_rate,
        )
        restated = (total, activity.client_id) != before
        activity.hours, activity.hourly_rate, activity.amount = hours, rate, total
        activity._history_user = actor
        activity.save()
        if restated:
            registry.restated(actor=actor, activity_ids=[activity.id])
    return activity


def activity_delete(*, actor: User, matter: Matter, activity_id: int) -> None:
    with transaction.atomic():
        matter = lock_matter(matter.id)
        _raise(matters.intervenant_refusal(user=actor, matter=matter))
        activity = _unbilled(activity_id, matter)
        _raise(registry.deletion_refusal(activity))
        activity._history_user = actor
        activity.delete()


def activities_transfer(*, actor: User, activity_ids: list[int], target_matter_id: int) -> int:
    """A8: move unbilled activities to another matter, all or none. Refused when the target
    does not accept activities (M5). An activity whose client is not an active client party
    of the target becomes common there."""
    ids = sorted(set(activity_ids))
    if not ids:
        raise InvalidInput(
            "Sélectionnez au moins une activité.", code="no_activity", field="activity_ids"
        )
    with transaction.atomic():
        # U4: a target or an activity on a matter the actor may not see is answered as
        # an absent one.
        unknown = NotFound("Dossier introuvable.", code="matter_not_found")
        matters.matter_get_for_user(user=actor, matter_id=target_matter_id, unknown=unknown)
        # One lock order for every transfer: each matter involved (the target and the
        # activities' matters) in id order, then the activities in id order.
        sources = Activity.objects.filter(pk__in=ids).values_list("matter_id", flat=True)
        locked_matters = sorted(set(sources) | {target_matter_id})
        for matter_id in locked_matters:
            lock_matter(matter_id)
        target = matters.with_details(Matter.objects.filter(pk=target_matter_id)).get()
        _raise(matters.activity_entry_refusal(user=actor, matter=target))
        locked = list(
            Activity.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk")
        )
        moved = [a.id for a in locked if a.matter_id not in locked_matters]
        if moved:
            raise Conflict(
                f"L'activité {moved[0]} vient d'être modifiée par une autre opération : "
                "rechargez la page et recommencez.",
                code="concurrent_change",
            )
        visible = set(
            matters.matters_visible_to(actor)
            .filter(pk__in=locked_matters)
            .values_list("pk", flat=True)
        )
        activities = [a for a in locked if a.matter_id in visible]
        found = {a.id for a in activities}
        missing = [i for i in ids if i not in found]
        if missing:
            raise NotFound(f"Activité introuvable : {missing[0]}.", code="activity_not_found")
        billed = [a.id for a in activities if a.state != BillingState.UNBILLED]
        if billed:
            raise Conflict(
                f"Seules les activités non facturées se transfèrent (activité {billed[0]}).",
                code="activity_billed",
            )
        transferred = []
        active_clients = {p.client_id for p in matters.active_client_parties_of(target)}
        for activity in activities:
            if activity.matter_id == target.id:
                continue
            activity.matter = target
            if activity.client_id not in active_clients:
                activity.client = None
            activity._history_user = actor
            activity.save(update_fields=["matter", "client", "updated_at"])
            transferred.append(activity.id)
        registry.restated(actor=actor, activity_ids=transferred)
    return len(activities)


def activities_set_state(*, actor: User, activity_ids: list[int], state: str) -> None:
    """A2: billing moves activities between unbilled, on a proforma and invoiced. Called by
    the billing app inside its own transaction, with the matter already locked."""
    for activity in Activity.objects.select_for_update().filter(pk__in=activity_ids):
        if activity.state != state:
            activity.state = state
            activity._history_user = actor
            activity.save(update_fields=["state", "updated_at"])
