"""A7: an invoice stays as issued. It keeps the client's name, number and address, its due
date and the firm's details; a credit note keeps the firm's details of its own date; an
invoice line keeps a time activity's hours and rate.

The invoices issued before this migration are filled from what is known now: the client's
record and `settings.CABINET_FIRM` as they are, the due date `issued_on` + the firm's payment
days, the hours and rate of the invoiced activities. Their historical rows get the same
values (the history shows an invoice as it was issued)."""

import datetime

from django.conf import settings
from django.db import migrations, models


def display_name(client) -> str:
    """`Client.display_name`, frozen for this migration."""
    if client.kind == "person" and client.first_name:
        return f"{client.first_name} {client.name}"
    return client.name


def snapshot_of(invoice, firm: dict) -> dict:
    client = invoice.client
    return {
        "client_name": display_name(client),
        "client_number": client.number,
        "client_address": client.address,
        "client_postal_code": client.postal_code,
        "client_city": client.city,
        "client_country": client.country,
        "firm": firm,
        "due_on": invoice.issued_on + datetime.timedelta(days=int(firm["payment_days"])),
    }


def fill_snapshots(apps, schema_editor):
    invoice_model = apps.get_model("billing", "Invoice")
    firm = dict(settings.CABINET_FIRM)
    snapshots = {}
    for invoice in invoice_model.objects.select_related("client").order_by("pk"):
        snapshots[invoice.pk] = values = snapshot_of(invoice, firm)
        invoice_model.objects.filter(pk=invoice.pk).update(**values)
    for record in apps.get_model("billing", "HistoricalInvoice").objects.all():
        values = snapshots.get(record.id) or {
            "firm": firm,
            "due_on": record.issued_on + datetime.timedelta(days=int(firm["payment_days"])),
        }
        for name, value in values.items():
            setattr(record, name, value)
        record.save(update_fields=list(values))
    for model in ("CreditNote", "HistoricalCreditNote"):
        apps.get_model("billing", model).objects.update(firm=firm)
    line_model = apps.get_model("billing", "InvoiceLine")
    for line in line_model.objects.filter(activity__kind="time").select_related("activity"):
        line.hours = line.activity.hours
        line.hourly_rate = line.activity.hourly_rate
        line.save(update_fields=["hours", "hourly_rate"])


SNAPSHOT_FIELDS = [
    ("client_name", models.CharField(default="", max_length=301), False),
    ("client_number", models.CharField(default="", max_length=6), False),
    ("client_address", models.CharField(blank=True, max_length=300), True),
    ("client_postal_code", models.CharField(blank=True, max_length=20), True),
    ("client_city", models.CharField(blank=True, max_length=100), True),
    ("client_country", models.CharField(blank=True, max_length=100), True),
    (
        "firm",
        models.JSONField(default=dict, help_text="settings.CABINET_FIRM when issued"),
        True,
    ),
    (
        "due_on",
        models.DateField(help_text="issued_on + the firm's payment days", null=True),
        True,
    ),
]


def add_snapshot_fields(model_name: str) -> list:
    return [
        migrations.AddField(
            model_name=model_name, name=name, field=field, preserve_default=preserve
        )
        for name, field, preserve in SNAPSHOT_FIELDS
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0004_activity_shares"),
    ]

    operations = [
        *add_snapshot_fields("invoice"),
        *add_snapshot_fields("historicalinvoice"),
        migrations.AddField(
            model_name="invoiceline",
            name="hours",
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=7, null=True),
        ),
        migrations.AddField(
            model_name="invoiceline",
            name="hourly_rate",
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True),
        ),
        migrations.AddField(
            model_name="creditnote",
            name="firm",
            field=models.JSONField(default=dict, help_text="settings.CABINET_FIRM when issued"),
        ),
        migrations.AddField(
            model_name="historicalcreditnote",
            name="firm",
            field=models.JSONField(default=dict, help_text="settings.CABINET_FIRM when issued"),
        ),
        migrations.RunPython(fill_snapshots, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="invoice",
            name="due_on",
            field=models.DateField(help_text="issued_on + the firm's payment days"),
        ),
        migrations.AlterField(
            model_name="historicalinvoice",
            name="due_on",
            field=models.DateField(help_text="issued_on + the firm's payment days"),
        ),
        migrations.AddConstraint(
            model_name="invoice",
            constraint=models.CheckConstraint(
                condition=models.Q(("due_on__gte", models.F("issued_on"))),
                name="invoice_due_after_issue",
            ),
        ),
    ]
