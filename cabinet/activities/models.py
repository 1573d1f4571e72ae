from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from cabinet.clients.models import Client
from cabinet.core.models import TimeStamped
from cabinet.matters.models import Matter


class ActivityKind(models.TextChoices):
    TIME = "time", "Temps"
    EXPENSE = "expense", "Frais"
    FEE = "fee", "Honoraires forfaitaires"


class BillingState(models.TextChoices):
    """A2: where an activity stands, summed up from its client shares (billing keeps them):
    partly invoiced while some shares are on live invoices and the rest still to bill or on
    proformas; written off («Non facturable») when all that was left to bill was."""

    UNBILLED = "unbilled", "Non facturée"
    PROFORMA = "proforma", "Sur proforma"
    PARTLY_INVOICED = "partly_invoiced", "Partiellement facturée"
    INVOICED = "invoiced", "Facturée"
    WRITTEN_OFF = "written_off", "Non facturable"


class Activity(TimeStamped):
    """Time, an expense or a flat fee on a matter (A1), linked to one client party of the
    matter or common to it (client null). Money is Decimal, in euros with two places."""

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="activities")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField(max_length=10, choices=ActivityKind.choices)
    date = models.DateField()
    description = models.CharField(max_length=500)
    hours = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_rate = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(
        max_digits=12, decimal_places=2, help_text="excl. tax; hours × hourly rate for time"
    )
    vat_rate = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("20.00"))
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.PROTECT, related_name="activities"
    )
    state = models.CharField(
        max_length=20, choices=BillingState.choices, default=BillingState.UNBILLED
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name_plural = "activities"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["time", "expense", "fee"]), name="activity_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=BillingState.values),
                name="activity_state_valid",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="activity_amount_positive"),
            models.CheckConstraint(
                condition=Q(vat_rate__gte=0) & Q(vat_rate__lte=100), name="activity_vat_rate_range"
            ),
            models.CheckConstraint(
                condition=~Q(kind="time") | (Q(hours__gt=0) & Q(hourly_rate__gte=0)),
                name="activity_time_has_hours_and_rate",
            ),
        ]
        indexes = [
            models.Index(fields=["matter", "state"], name="activity_matter_state_idx"),
            models.Index(fields=["client", "state"], name="activity_client_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.description[:40]} {self.amount}"

    @property
    def is_common(self) -> bool:
        return self.client_id is None
