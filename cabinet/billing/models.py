"""Split, proformas, invoices and credit notes (A2–A7, A10). Amounts are Decimal euros
with two places; allocation works in cents (cabinet.billing.allocation)."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from cabinet.activities.models import Activity
from cabinet.clients.models import Client
from cabinet.core.money import MONEY_LIMIT
from cabinet.matters.models import Matter


def money_column_fits(field_name: str) -> Q:
    """A12: the column's value is one a 12-digit money column stores (SQLite would take an
    overflowing Decimal without complaint)."""
    return Q(**{f"{field_name}__gt": -MONEY_LIMIT, f"{field_name}__lt": MONEY_LIMIT})


class ClientSplit(models.Model):
    """A3: a client party's share of a multi-client matter's common activities (percent)."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="split")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    share = models.DecimalField(max_digits=5, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["matter_id", "client_id"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "client"], name="split_once_per_client"),
            models.CheckConstraint(
                condition=Q(share__gte=0) & Q(share__lte=100), name="split_share_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.matter_id}:{self.client_id}={self.share}"


class ProformaSet(models.Model):
    """The proformas made together by one «Répartition client» (or one «Proforma dossier»):
    deleted together (A10)."""

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="proforma_sets")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"set {self.pk} of {self.matter_id}"


class Proforma(models.Model):
    """A6: a draft bill for one client of a matter; editable until finalised (A10)."""

    proforma_set = models.ForeignKey(
        ProformaSet, on_delete=models.CASCADE, related_name="proformas"
    )
    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="proformas")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="proformas")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    finalized_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Proforma {self.pk}"

    @property
    def is_finalized(self) -> bool:
        return self.finalized_at is not None


class ProformaLine(models.Model):
    """One activity (or, for a common activity, this client's part of it) on a proforma."""

    proforma = models.ForeignKey(Proforma, on_delete=models.CASCADE, related_name="lines")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="proforma_lines")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    vat_rate = models.DecimalField(max_digits=5, decimal_places=2)
    is_common_part = models.BooleanField(default=False)

    class Meta:
        ordering = ["proforma_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proforma", "activity"], name="proforma_line_once"),
            models.CheckConstraint(
                condition=money_column_fits("amount"), name="proforma_line_fits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.amount}"


class ShareStatus(models.TextChoices):
    TO_BILL = "to_bill", "À facturer"
    PROFORMA = "proforma", "Sur proforma"
    INVOICED = "invoiced", "Facturée"
    WRITTEN_OFF = "written_off", "Non facturable"


class ActivityShare(models.Model):
    """A11: a part of an activity's amount and where it stands. What no share holds is the
    activity's never-billed part, allocated by A4 at the next proforma run.

    - `client` is whose part it is to bill: null for the activity's own part (it goes to
      the activity's client when active, else by the split); a client once a credit note has
      returned that client's share (it goes back to that client, by the split if the client
      is inactive by then).
    - On a proforma or an invoice, `line` is the proforma line that bills it (a line may
      bill several shares of its activity). A credit note sets its shares back «to bill»,
      each for its invoice's client; nothing else of the activity moves.

    The services keep, for every activity, the shares' amounts at most its amount."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="shares")
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    status = models.CharField(max_length=11, choices=ShareStatus.choices)
    line = models.ForeignKey(
        ProformaLine, null=True, blank=True, on_delete=models.PROTECT, related_name="shares"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) & money_column_fits("amount"), name="share_amount_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["to_bill", "proforma", "invoiced", "written_off"]),
                name="share_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proforma", "invoiced"], line__isnull=False)
                | Q(status__in=["to_bill", "written_off"], line__isnull=True),
                name="share_line_when_billed",
            ),
            models.CheckConstraint(
                condition=~Q(status="to_bill") | Q(client__isnull=False),
                name="share_to_bill_has_client",
            ),
        ]
        indexes = [models.Index(fields=["activity", "status"], name="share_activity_status_idx")]

    def __str__(self) -> str:
        return f"{self.activity_id}/{self.client_id}: {self.amount} {self.status}"


class NumberSeries(models.TextChoices):
    """A7: invoices and credit notes are numbered in two separate series."""

    INVOICE = "invoice", "Factures"
    CREDIT_NOTE = "credit_note", "Avoirs"


SERIES_PREFIX = {NumberSeries.INVOICE: "F", NumberSeries.CREDIT_NOTE: "AV"}
"""«F2026-000123», «AV2026-000007»: the prefix of each series, then the year."""


class InvoiceSequence(models.Model):
    """A7: one gapless, chronological series of numbers (invoices or credit notes) for one
    year. Its row is locked while a number is handed out."""

    series = models.CharField(
        max_length=11, choices=NumberSeries.choices, default=NumberSeries.INVOICE
    )
    year = models.PositiveIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="sequence_once_per_year"),
            models.CheckConstraint(
                condition=Q(series__in=["invoice", "credit_note"]), name="sequence_series_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{SERIES_PREFIX[self.series]}{self.year}: {self.last_value}"


@dataclass(frozen=True)
class BilledClient:
    """A client as a bill names it: the record's values for a proforma, the invoice's own
    copy for an invoice and its credit note (A7)."""

    name: str
    number: str
    address: str
    postal_code: str
    city: str
    country: str

    @classmethod
    def of(cls, client: Client) -> "BilledClient":
        return cls(
            client.display_name,
            client.number,
            client.address,
            client.postal_code,
            client.city,
            client.country,
        )


class Invoice(models.Model):
    """A7: a finalised proforma. Never edited, never deleted; cancelled by a credit note.

    It keeps what it said when it was issued: the client's name, number and address, the
    due date and the firm's details (`firm`, a copy of `settings.CABINET_FIRM`). Its pages,
    the API and its PDF read these, never the client's record nor the settings of today."""

    number = models.CharField(max_length=20, unique=True)
    proforma = models.OneToOneField(Proforma, on_delete=models.PROTECT, related_name="invoice")
    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="invoices")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="invoices")
    # The client as the invoice names it (first name, a space, name: 100 + 1 + 200).
    client_name = models.CharField(max_length=301)
    client_number = models.CharField(max_length=6)
    client_address = models.CharField(max_length=300, blank=True)
    client_postal_code = models.CharField(max_length=20, blank=True)
    client_city = models.CharField(max_length=100, blank=True)
    client_country = models.CharField(max_length=100, blank=True)
    firm = models.JSONField(default=dict, help_text="settings.CABINET_FIRM when issued")
    issued_on = models.DateField()
    due_on = models.DateField(help_text="issued_on + the firm's payment days")
    issued_at = models.DateTimeField(auto_now_add=True)
    total_excl_tax = models.DecimalField(max_digits=12, decimal_places=2)
    total_vat = models.DecimalField(max_digits=12, decimal_places=2)
    total_incl_tax = models.DecimalField(max_digits=12, decimal_places=2)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=money_column_fits("total_excl_tax")
                & money_column_fits("total_vat")
                & money_column_fits("total_incl_tax"),
                name="invoice_totals_fit",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("issued_on")), name="invoice_due_after_issue"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def billed_client(self) -> BilledClient:
        """The client as the invoice named it when it was issued."""
        return BilledClient(
            self.client_name,
            self.client_number,
            self.client_address,
            self.client_postal_code,
            self.client_city,
            self.client_country,
        )


class InvoiceLine(models.Model):
    """A copy of a proforma line, frozen with its invoice."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="invoice_lines")
    date = models.DateField()
    description = models.CharField(max_length=500)
    kind = models.CharField(max_length=10)
    # A time activity's hours and rate («2,50 h × 180,00 €»); null for the other kinds.
    hours = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_rate = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    vat_rate = models.DecimalField(max_digits=5, decimal_places=2)
    is_common_part = models.BooleanField(default=False)

    class Meta:
        ordering = ["invoice_id", "id"]
        constraints = [
            models.CheckConstraint(condition=money_column_fits("amount"), name="invoice_line_fits"),
        ]

    def __str__(self) -> str:
        return f"{self.invoice_id}: {self.amount}"


class CreditNote(models.Model):
    """A7: an «avoir» cancelling an invoice, numbered in the credit notes' own series. It
    names the client as its invoice does (the invoice's snapshot), its lines and totals are
    the invoice's negated, and it keeps the firm's details of its own issue date (`firm`)."""

    number = models.CharField(max_length=20, unique=True)
    invoice = models.OneToOneField(Invoice, on_delete=models.PROTECT, related_name="credit_note")
    firm = models.JSONField(default=dict, help_text="settings.CABINET_FIRM when issued")
    issued_on = models.DateField()
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.number
