"""A7: invoices and credit notes each have their own gapless series, and the migration that
split the old shared counter keeps every number given."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, close_old_connections, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from cabinet.activities import services as activity_services
from cabinet.billing import services
from cabinet.billing.models import CreditNote, Invoice, InvoiceSequence
from cabinet.matters import services as matter_services
from tests.factories import ClientFactory, UserFactory
from tests.matters.helpers import add_activity, new_matter, post

pytestmark = pytest.mark.django_db

BEFORE = [("billing", "0001_initial")]


def invoice_of_a_new_matter(api) -> dict:
    matter = new_matter(api, [ClientFactory()])
    add_activity(api, matter, amount="100.00")
    [proforma] = post(api, f"/api/v1/matters/{matter['id']}/proformas").json()
    response = post(api, f"/api/v1/proformas/{proforma['id']}/finalize")
    assert response.status_code == 201, response.content
    return response.json()


def test_a7_invoices_and_credit_notes_are_numbered_in_their_own_series(api):
    year = timezone.localdate().year
    first = invoice_of_a_new_matter(api)
    second = invoice_of_a_new_matter(api)

    note = post(api, f"/api/v1/invoices/{first['id']}/credit-note")
    third = invoice_of_a_new_matter(api)

    assert note.status_code == 201
    assert [first["number"], second["number"], note.json()["number"], third["number"]] == [
        f"F{year}-000001",
        f"F{year}-000002",
        f"AV{year}-000001",
        f"F{year}-000003",
    ]
    listed = [i["number"] for i in api.get("/api/v1/invoices").json()["items"]]
    assert sorted(listed) == [f"F{year}-00000{n}" for n in (1, 2, 3)]


def test_a7_each_series_has_one_row_a_year():
    InvoiceSequence.objects.create(series="invoice", year=2026)
    InvoiceSequence.objects.create(series="credit_note", year=2026)

    with pytest.raises(IntegrityError):
        InvoiceSequence.objects.create(series="credit_note", year=2026)


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def old_numbering(apps, *, actor, numbers: list[str]) -> None:
    """Invoices and credit notes as the shared counter gave them, with its rows (year and
    last value only, as migration 0001 made them)."""
    proforma_set_model, proforma_model, invoice_model, note_model, sequence_model = (
        apps.get_model("billing", name)
        for name in ("ProformaSet", "Proforma", "Invoice", "CreditNote", "InvoiceSequence")
    )
    last: dict[int, int] = {}
    invoice = None
    for number in numbers:
        year, value = int(number.split("-")[0].lstrip("AVF")), int(number.split("-")[1])
        last[year] = max(last.get(year, 0), value)
        if number.startswith("AV"):
            note_model.objects.create(
                number=number, invoice=invoice, issued_on=datetime.date.today()
            )
            continue
        matter = matter_services.matter_create(
            actor=actor,
            title="Dossier",
            opened_on=datetime.date(2025, 1, 2),
            parties=[{"client_id": ClientFactory().id}],
        )
        proforma_set = proforma_set_model.objects.create(matter_id=matter.id)
        proforma = proforma_model.objects.create(
            proforma_set=proforma_set,
            matter_id=matter.id,
            client_id=matter.parties.first().client_id,
        )
        invoice = invoice_model.objects.create(
            number=number,
            proforma=proforma,
            matter_id=matter.id,
            client_id=proforma.client_id,
            issued_on=datetime.date(year, 6, 1),
            total_excl_tax=Decimal("10.00"),
            total_vat=Decimal("2.00"),
            total_incl_tax=Decimal("12.00"),
        )
    for year, value in last.items():
        sequence_model.objects.create(year=year, last_value=value)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a7_migration_keeps_every_number_and_each_series_continues_from_its_highest():
    year = timezone.localdate().year
    actor = UserFactory(profile=None, is_superuser=True)
    given = [
        f"F{year - 1}-000001",
        f"F{year - 1}-000002",
        f"AV{year - 1}-000003",
        f"F{year - 1}-000004",
        f"AV{year - 1}-000005",
        f"F{year}-000001",
        f"AV{year}-000002",
        f"F{year}-000003",
    ]
    migrate(BEFORE)
    try:
        old_apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        old_numbering(old_apps, actor=actor, numbers=given)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("billing"))

    kept = set(Invoice.objects.values_list("number", flat=True))
    kept |= set(CreditNote.objects.values_list("number", flat=True))
    assert kept == set(given)
    assert sorted(InvoiceSequence.objects.values_list("series", "year", "last_value")) == [
        ("credit_note", year - 1, 5),
        ("credit_note", year, 2),
        ("invoice", year - 1, 4),
        ("invoice", year, 3),
    ]

    invoice = services.proforma_finalize(actor=actor, proforma=next_proforma(actor))
    note = services.credit_note_create(actor=actor, invoice=invoice)

    assert (invoice.number, note.number) == (f"F{year}-000004", f"AV{year}-000003")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a7_migrating_back_merges_the_series_into_one_counter_a_year():
    InvoiceSequence.objects.create(series="invoice", year=2026, last_value=4)
    InvoiceSequence.objects.create(series="credit_note", year=2026, last_value=6)
    InvoiceSequence.objects.create(series="invoice", year=2025, last_value=9)

    migrate(BEFORE)
    try:
        old_apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        rows = old_apps.get_model("billing", "InvoiceSequence").objects
        merged = sorted(rows.values_list("year", "last_value"))
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("billing"))

    assert merged == [(2025, 9), (2026, 6)]


def next_proforma(actor):
    matter = matter_services.matter_create(
        actor=actor,
        title="Dossier",
        opened_on=datetime.date(2026, 1, 2),
        parties=[{"client_id": ClientFactory().id}],
    )
    activity_services.activity_create(
        actor=actor,
        matter=matter,
        kind="fee",
        date=datetime.date(2026, 1, 3),
        description="Consultation",
        amount=Decimal("10.00"),
    )
    [proforma] = services.proformas_create(actor=actor, matter=matter)
    return proforma


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a7_concurrent_invoices_and_credit_notes_keep_both_series_gapless():
    """16 proformas finalised while 16 invoices are credited, from 8 threads."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks between threads need PostgreSQL (SQLite serialises writers)")
    year = timezone.localdate().year
    actor = UserFactory(profile=None, is_superuser=True)
    issued = [
        services.proforma_finalize(actor=actor, proforma=next_proforma(actor)) for _ in range(16)
    ]
    drafts = [next_proforma(actor) for _ in range(16)]
    jobs = [(services.credit_note_create, {"invoice": i}) for i in issued]
    jobs += [(services.proforma_finalize, {"proforma": p}) for p in drafts]
    chunks = [jobs[i::8] for i in range(8)]
    errors: list[Exception] = []
    barrier = threading.Barrier(8)

    def run(chunk):
        try:
            barrier.wait()
            for service, target in chunk:
                service(actor=actor, **target)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(chunk,)) for chunk in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    invoices = sorted(Invoice.objects.values_list("number", flat=True))
    notes = sorted(CreditNote.objects.values_list("number", flat=True))
    assert invoices == [f"F{year}-{n:06d}" for n in range(1, 33)]
    assert notes == [f"AV{year}-{n:06d}" for n in range(1, 17)]
