"""The insurance portfolio (I1–I3): insurers, contracts, premium receipts («Quittances») and
claims («Sinistres»). Money is Decimal euros with two places. A receipt and a claim carry
their contract's client too (it never changes), so the client's and the group's views
(I5, G10) filter and sort them on indexed columns without a join."""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from cabinet.clients.models import Client
from cabinet.core.models import TimeStamped
from cabinet.core.money import MONEY_LIMIT


def fits(field_name: str) -> Q:
    """A12: the value fits a 12-digit money column (SQLite would store any Decimal)."""
    return Q(**{f"{field_name}__gt": -MONEY_LIMIT, f"{field_name}__lt": MONEY_LIMIT})


class Insurer(TimeStamped):
    """An insurer of the firm's list («Paramètres»). `key` and `code_key` are the name and
    the code folded (accents, case, punctuation), so «AXA France» and «axa-france» are one
    insurer."""

    name = models.CharField(max_length=200)
    code = models.CharField(max_length=30, blank=True)
    key = models.CharField(max_length=200, unique=True, editable=False)
    code_key = models.CharField(max_length=30, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code_key"], condition=~Q(code_key=""), name="insurer_code_once"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ContractStatus(models.TextChoices):
    QUOTE = "quote", "Devis / proposition"
    ACTIVE = "active", "Actif"
    TERMINATED = "terminated", "Résilié"


class Contract(TimeStamped):
    """I1: a client's insurance contract with an insurer. Terminated, with its date and
    reason; never deleted once it has receipts or claims."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="contracts")
    insurer = models.ForeignKey(Insurer, on_delete=models.PROTECT, related_name="contracts")
    number = models.CharField(max_length=50)
    product = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=10, choices=ContractStatus.choices, default=ContractStatus.ACTIVE
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    terminated_on = models.DateField(null=True, blank=True)
    termination_reason = models.CharField(max_length=300, blank=True)
    annual_premium = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["insurer", "number"], name="contract_number_once"),
            models.CheckConstraint(
                condition=Q(status__in=["quote", "active", "terminated"]),
                name="contract_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="contract_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="terminated") | Q(terminated_on__isnull=False),
                name="contract_terminated_has_date",
            ),
            models.CheckConstraint(
                condition=Q(annual_premium__isnull=True)
                | (Q(annual_premium__gte=0) & fits("annual_premium")),
                name="contract_premium_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["client", "status"], name="contract_client_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.insurer_id})"


class ReceiptStatus(models.TextChoices):
    ISSUED = "issued", "Émise"
    PAID = "paid", "Payée"
    CANCELLED = "cancelled", "Annulée"


class PremiumReceipt(TimeStamped):
    """I2: a premium receipt («Quittance») of a contract for a period within the contract's
    dates; a negative amount is a refund («ristourne»)."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="receipts")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(max_length=50)
    period_start = models.DateField()
    period_end = models.DateField()
    due_date = models.DateField()
    accounting_date = models.DateField()
    amount = models.DecimalField(max_digits=12, decimal_places=2, help_text="incl. tax")
    tax = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    commission = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ReceiptStatus.choices, default=ReceiptStatus.ISSUED
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-due_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="receipt_number_once"),
            models.CheckConstraint(
                condition=Q(status__in=["issued", "paid", "cancelled"]),
                name="receipt_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="receipt_period_in_order",
            ),
            models.CheckConstraint(
                condition=fits("amount")
                & (Q(tax__isnull=True) | fits("tax"))
                & (Q(commission__isnull=True) | fits("commission")),
                name="receipt_amounts_fit",
            ),
        ]
        indexes = [
            models.Index(fields=["client", "due_date"], name="receipt_client_due_idx"),
            models.Index(fields=["client", "accounting_date"], name="receipt_client_acct_idx"),
        ]

    def __str__(self) -> str:
        return self.number


class ClaimStatus(models.TextChoices):
    OPEN = "open", "En cours"
    CLOSED = "closed", "Clos"


class Claim(TimeStamped):
    """I3: a claim («Sinistre») on a contract: reported on or after the loss, closed with a
    closing date (not before the loss), its reserve and what was paid (both ≥ 0)."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="claims")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(max_length=50)
    loss_date = models.DateField()
    reported_date = models.DateField()
    status = models.CharField(max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.OPEN)
    closed_date = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True, max_length=5000)
    reserve_amount = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    paid_amount = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-loss_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="claim_number_once"),
            models.CheckConstraint(
                condition=Q(status__in=["open", "closed"]), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(reported_date__gte=F("loss_date")), name="claim_reported_after_loss"
            ),
            models.CheckConstraint(
                condition=(Q(status="open") & Q(closed_date__isnull=True))
                | (Q(status="closed") & Q(closed_date__gte=F("loss_date"))),
                name="claim_closed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(reserve_amount__gte=0)
                & Q(paid_amount__gte=0)
                & fits("reserve_amount")
                & fits("paid_amount"),
                name="claim_amounts_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["client", "loss_date"], name="claim_client_loss_idx"),
        ]

    def __str__(self) -> str:
        return self.number
