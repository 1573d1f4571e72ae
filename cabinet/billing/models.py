"""Split, proformas, invoices and credit notes (A2–A7, A10). Amounts are Decimal euros
with two places; allocation works in cents (cabinet.billing.allocation)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from cabinet.activities.models import Activity
from cabinet.clients.models import Client
from cabinet.matters.models import Matter


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
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.amount}"


class InvoiceSequence(models.Model):
    """A7: the gapless, chronological sequence of invoice and credit-note numbers. Its row is
    locked while a number is handed out."""

    year = models.PositiveIntegerField(unique=True)
    last_value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_value}"


class Invoice(models.Model):
    """A7: a finalised proforma. Never edited, never deleted; cancelled by a credit note."""

    number = models.CharField(max_length=20, unique=True)
    proforma = models.OneToOneField(Proforma, on_delete=models.PROTECT, related_name="invoice")
    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="invoices")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="invoices")
    issued_on = models.DateField()
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

    def __str__(self) -> str:
        return self.number


class InvoiceLine(models.Model):
    """A copy of a proforma line, frozen with its invoice."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="invoice_lines")
    date = models.DateField()
    description = models.CharField(max_length=500)
    kind = models.CharField(max_length=10)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    vat_rate = models.DecimalField(max_digits=5, decimal_places=2)
    is_common_part = models.BooleanField(default=False)

    class Meta:
        ordering = ["invoice_id", "id"]

    def __str__(self) -> str:
        return f"{self.invoice_id}: {self.amount}"


class CreditNote(models.Model):
    """A7: an «avoir» cancelling an invoice, numbered in the same sequence."""

    number = models.CharField(max_length=20, unique=True)
    invoice = models.OneToOneField(Invoice, on_delete=models.PROTECT, related_name="credit_note")
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
