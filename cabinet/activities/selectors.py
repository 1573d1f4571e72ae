"""Reads on activities: a matter's list with totals and its billing state (A1, A2)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from cabinet.activities.models import Activity, BillingState
from cabinet.core.errors import NotFound
from cabinet.matters.models import Matter


def activities_of_matter(
    *,
    matter: Matter,
    state: str = "",
    kind: str = "",
    client_id: int | None = None,
    common: bool = False,
) -> QuerySet[Activity]:
    activities = Activity.objects.filter(matter=matter).select_related("user", "client")
    if state:
        activities = activities.filter(state=state)
    if kind:
        activities = activities.filter(kind=kind)
    if common:
        activities = activities.filter(client__isnull=True)
    elif client_id:
        activities = activities.filter(client_id=client_id)
    return activities.order_by("-date", "-id")


@dataclass(frozen=True)
class Totals:
    count: int
    amount: Decimal
    unbilled: Decimal
    hours: Decimal


def totals(activities: QuerySet[Activity]) -> Totals:
    row = activities.order_by().aggregate(
        total_count=Count("id"),
        total_amount=Sum("amount"),
        total_hours=Sum("hours"),
        total_unbilled=Sum("amount", filter=Q(state="unbilled")),
    )
    zero = Decimal("0.00")
    return Totals(
        row["total_count"],
        row["total_amount"] or zero,
        row["total_unbilled"] or zero,
        row["total_hours"] or zero,
    )


def activity_get(*, matter: Matter, activity_id: int) -> Activity:
    """One activity of the matter (its page edits it), or NotFound."""
    activity = (
        Activity.objects.filter(matter=matter, pk=activity_id).select_related("client").first()
    )
    if activity is None:
        raise NotFound("Activité introuvable.", code="activity_not_found")
    return activity


def matter_holds_activities(matter: Matter) -> bool:
    """M9: the matter holds activities, billed or not."""
    return Activity.objects.filter(matter=matter).exists()


def clients_linked_on(matter: Matter, *, unbilled_only: bool = False) -> set[int]:
    """The matter's clients its activities are linked to (one query); only the unbilled
    activities' with `unbilled_only` (M4)."""
    activities = Activity.objects.filter(matter=matter, client__isnull=False)
    if unbilled_only:
        activities = activities.filter(state=BillingState.UNBILLED)
    return set(activities.order_by().values_list("client_id", flat=True).distinct())
