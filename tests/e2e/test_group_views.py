"""The group views (G10, I5) in Chromium: from a member's «Groupe» tab to the group's
«Quittances» by due date then by accounting date, «Sinistres» unticked, and an XLSX
download of what is shown."""

import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from cabinet.clients import services as client_services
from cabinet.groups import services as group_services
from cabinet.insurance import services as insurance_services

pytestmark = pytest.mark.e2e

D = datetime.date


@pytest.fixture
def horizon(staff_user):
    """A group of two members; receipt QA is due in February and accounted for in January,
    QB the other way round; one claim is open, one closed."""
    group = group_services.group_create(actor=staff_user, name="Groupe Horizon")
    made = []
    for name in ("Alpha", "Bêta"):
        client = client_services.client_create(actor=staff_user, kind="company", name=name)
        group_services.membership_set(actor=staff_user, client=client, group_id=group.pk)
        made.append(
            insurance_services.contract_create(
                actor=staff_user,
                client_id=client.pk,
                insurer="AXA France",
                number=f"CT-{name[0]}",
                start_date=D(2024, 1, 1),
            )
        )
    for contract, number, due, accounting in (
        (made[0], "QA", D(2024, 2, 10), D(2024, 1, 20)),
        (made[1], "QB", D(2024, 1, 10), D(2024, 2, 20)),
    ):
        insurance_services.receipt_create(
            actor=staff_user,
            contract=contract,
            number=number,
            period_start=D(2024, 1, 1),
            period_end=D(2024, 3, 31),
            due_date=due,
            accounting_date=accounting,
            amount=Decimal("250.00"),
        )
    insurance_services.claim_create(
        actor=staff_user,
        contract_id=made[0].pk,
        number="S-OUVERT",
        loss_date=D(2024, 5, 2),
        reported_date=D(2024, 5, 3),
    )
    insurance_services.claim_create(
        actor=staff_user,
        contract_id=made[1].pk,
        number="S-CLOS",
        loss_date=D(2024, 4, 2),
        reported_date=D(2024, 4, 3),
        status="closed",
        closed_date=D(2024, 6, 1),
    )
    return group, made[0].client


def rows(page, table_id):
    return page.locator(f"#{table_id} tbody tr")


def test_g10_receipts_by_due_then_accounting_date_claims_unticked_and_xlsx_download(
    live_server, logged_in_page, horizon
):
    page = logged_in_page
    group, alpha = horizon

    page.goto(f"{live_server.url}/clients/{alpha.pk}/group/")
    page.locator("#client-group-views").get_by_role("link", name="Quittances").click()
    expect(page).to_have_url(f"{live_server.url}/groups/{group.pk}/premium-receipts/")
    expect(page.locator("#group-tab-quittances")).to_have_attribute("aria-current", "page")

    page.get_by_label("Du", exact=True).fill("2024-02-01")
    page.get_by_label("au", exact=True).fill("2024-02-29")
    page.get_by_label("Date d'échéance").check()
    page.get_by_role("button", name="Rechercher").click()
    expect(rows(page, "group-receipts-table")).to_have_count(1)
    expect(rows(page, "group-receipts-table")).to_contain_text("QA")

    page.get_by_label("Date comptable").check()
    page.get_by_role("button", name="Rechercher").click()
    expect(page).to_have_url(re.compile(r"date_field=accounting"))
    expect(rows(page, "group-receipts-table")).to_have_count(1)
    expect(rows(page, "group-receipts-table")).to_contain_text("QB")

    with page.expect_download() as info:
        page.get_by_role("link", name="Exporter XLSX").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert [r[2] for r in cells[1:-1]] == ["QB"]
    assert cells[-1][0] == "Total"

    page.locator("#group-tab-sinistres").click()
    expect(page).to_have_url(f"{live_server.url}/groups/{group.pk}/claims/")
    checkbox = page.get_by_label("Seulement les sinistres en cours")
    expect(checkbox).to_be_checked()
    expect(rows(page, "group-claims-table")).to_have_count(1)
    expect(rows(page, "group-claims-table")).to_contain_text("S-OUVERT")

    checkbox.uncheck()
    page.get_by_role("button", name="Rechercher").click()
    expect(rows(page, "group-claims-table")).to_have_count(2)
    expect(page.locator("#group-claims-table")).to_contain_text("S-CLOS")
    expect(page.get_by_label("Seulement les sinistres en cours")).not_to_be_checked()
