"""A2/A11: the client shares of activities — given back when a line or a set goes or a
write-off is reversed, summed up into each activity's state — and «Non facturable».

Every write here runs with the matter locked first (`lock_matter`), as every billing write
does."""

from collections import defaultdict

from django.db import transaction
from django.db.models import Prefetch
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from cabinet.accounts.models import User
from cabinet.activities.models import Activity
from cabinet.activities.services import activities_set_state
from cabinet.billing import selectors
from cabinet.billing.models import (
    ActivityShare,
    ShareStatus,
)
from cabinet.core.errors import Conflict, DomainError, NotFound
from cabinet.matters.models import Matter
from cabinet.matters.services import lock_matter


def release_shares(*, actor: User, shares: list[ActivityShare]) -> None:
    """A10/A11: shares leave their line (removed, deleted) or their write-off. The
    activity's own part returns to never-billed (its shares go); a client's share is to
    bill again for that client, merged with any other it has there."""
    keep: dict[tuple[int, int], ActivityShare] = {}
    for share in ActivityShare.objects.select_for_update().filter(
        activity_id__in={s.activity_id for s in shares},
        client_id__in={s.client_id for s in shares if s.client_id is not None},
        status=ShareStatus.TO_BILL,
    ):
        keep[(share.activity_id, share.client_id)] = share
    changed = {}
    for share in shares:
        if share.client_id is None:
            share._history_user = actor
            share.delete()
            continue
        kept = keep.get((share.activity_id, share.client_id))
        if kept is None:
            share.status, share.line = ShareStatus.TO_BILL, None
            keep[(share.activity_id, share.client_id)] = share
            changed[share.pk] = share
        else:
            kept.amount += share.amount
            changed[kept.pk] = kept
            share._history_user = actor
            share.delete()
    if changed:
        bulk_update_with_history(
            list(changed.values()),
            ActivityShare,
            ["client", "amount", "status", "line"],
            default_user=actor,
        )


def refresh_states(*, actor: User, activity_ids: list[int]) -> None:
    """A2: each activity's state, summed up again from its shares."""
    by_state: dict[str, list[int]] = defaultdict(list)
    for activity in Activity.objects.filter(pk__in=set(activity_ids)).prefetch_related("shares"):
        by_state[selectors.billing_state(activity)].append(activity.id)
    for state, ids in by_state.items():
        activities_set_state(actor=actor, activity_ids=ids, state=state)


def activity_write_off(*, actor: User, matter: Matter, activity_id: int) -> Activity:
    """A2 «Non facturable»: what is left to bill of the activity (all of it, or the rest of
    a partly billed one) is written off: recorded, reversible (`activity_write_off_cancel`).
    Needs «bill» (`selectors.write_off_refusal`); refused when nothing is left to bill."""
    _raise(selectors.write_off_refusal(user=actor))
    with transaction.atomic():
        matter = lock_matter(matter.id)
        activity = _activity_of(matter, activity_id)
        parts = selectors.parts_to_bill(activity)
        if not parts:
            raise Conflict(
                "Rien n'est à facturer sur cette activité : il n'y a rien à marquer non "
                "facturable.",
                code="nothing_to_write_off",
            )
        written = [part.share for part in parts if part.share is not None]
        for share in written:
            share.status = ShareStatus.WRITTEN_OFF
        bulk_update_with_history(written, ActivityShare, ["status"], default_user=actor)
        own = [part for part in parts if part.share is None]
        bulk_create_with_history(
            [
                ActivityShare(
                    activity=activity,
                    amount=part.amount,
                    status=ShareStatus.WRITTEN_OFF,
                )
                for part in own
            ],
            ActivityShare,
            default_user=actor,
        )
        refresh_states(actor=actor, activity_ids=[activity.id])
    return activity


def activity_write_off_cancel(*, actor: User, matter: Matter, activity_id: int) -> Activity:
    """A2: «Rétablir» what was marked «Non facturable»: it is to bill again. Needs «bill»
    (`selectors.write_off_refusal`)."""
    _raise(selectors.write_off_refusal(user=actor))
    with transaction.atomic():
        matter = lock_matter(matter.id)
        activity = _activity_of(matter, activity_id)
        shares = [s for s in activity.shares.all() if s.status == ShareStatus.WRITTEN_OFF]
        if not shares:
            raise Conflict(
                "Rien n'est marqué non facturable sur cette activité.",
                code="nothing_written_off",
            )
        release_shares(actor=actor, shares=shares)
        refresh_states(actor=actor, activity_ids=[activity.id])
    return activity


def _raise(refusal: DomainError | None) -> None:
    if refusal is not None:
        raise refusal


def _activity_of(matter: Matter, activity_id: int) -> Activity:
    """The matter's activity, locked with its shares (the matter is locked already)."""
    activity = (
        Activity.objects.select_for_update(of=("self",))
        .filter(pk=activity_id, matter=matter)
        .prefetch_related(
            Prefetch("shares", queryset=ActivityShare.objects.select_for_update().order_by("id"))
        )
        .first()
    )
    if activity is None:
        raise NotFound("Activité introuvable.", code="activity_not_found")
    return activity


def activities_restated(*, actor: User, activity_ids: list[int]) -> None:
    """An unbilled activity's amount, client or matter changed (cabinet/activities/registry.py):
    the shares credit notes returned or write-offs kept no longer mean anything; all of it
    is the activity's own never-billed part again."""
    stale = list(
        ActivityShare.objects.select_for_update().filter(
            activity_id__in=activity_ids,
            status__in=[ShareStatus.TO_BILL, ShareStatus.WRITTEN_OFF],
        )
    )
    for share in stale:
        share._history_user = actor
        share.delete()
    refresh_states(actor=actor, activity_ids=activity_ids)
