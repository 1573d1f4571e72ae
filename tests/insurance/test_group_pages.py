"""The group views of the portfolio as pages (G10, I5): «Quittances», «Contrats» and
«Sinistres» of a group, over the members the user may see, with their filters, the totals
of the whole filtered list, and the exports of exactly the filtered rows."""

import csv
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client as HttpClient

from cabinet.groups.models import Group, GroupMembership
from tests.factories import ClientFactory
from tests.insurance.test_api import claim, contract, receipt

pytestmark = pytest.mark.django_db


def _group_of(*clients, name="Groupe Horizon") -> Group:
    group = Group.objects.create(name=name)
    for client in clients:
        GroupMembership.objects.create(group=group, client=client)
    return group


def _page(browser, url, params=None):
    response = browser.get(url, params or {})
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def _numbers(html: str, kind: str) -> list[str]:
    """The numbers of the rows shown: the text of each row's detail link."""
    return re.findall(rf'href="/{kind}/\d+/">([^<]+)</a>', html)


def _csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def _xlsx_rows(response) -> list[list]:
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def horizon(api):
    """Two members and an outsider, each with a contract, receipts and claims."""
    a, b, outsider = (
        ClientFactory(name="Alpha"),
        ClientFactory(name="Bêta"),
        ClientFactory(name="Dehors"),
    )
    group = _group_of(a, b)
    made = {}
    for n, client in enumerate((a, b, outsider)):
        made[client] = contract(
            api,
            client,
            number=f"CT-{n}",
            status="quote" if n == 1 else "active",
            annual_premium=f"{n + 1}000.00",
        )
    # A: due in February, accounted for in January; B: due in January, accounted in February
    receipt(api, made[a], number="QA", due_date="2024-02-10", accounting_date="2024-01-20")
    receipt(api, made[b], number="QB", due_date="2024-01-10", accounting_date="2024-02-20")
    receipt(api, made[outsider], number="QX", due_date="2024-02-10", accounting_date="2024-02-10")
    claim(api, made[a], number="S-open", reserve_amount="500.00")
    claim(
        api,
        made[b],
        number="S-closed",
        status="closed",
        closed_date="2024-07-01",
        reserve_amount="100.00",
        paid_amount="80.00",
    )
    claim(api, made[outsider], number="S-out")
    return {"group": group, "a": a, "b": b, "outsider": outsider}


def test_g10_group_page_and_members_groupe_tab_show_the_group_views(staff_browser, horizon):
    group, a = horizon["group"], horizon["a"]

    page = _page(staff_browser, f"/groups/{group.id}/")
    tab = _page(staff_browser, f"/clients/{a.id}/group/")

    for html in (page, tab):
        for url, label in (
            (f"/groups/{group.id}/premium-receipts/", "Quittances"),
            (f"/groups/{group.id}/contracts/", "Contrats"),
            (f"/groups/{group.id}/claims/", "Sinistres"),
            (f"/groups/{group.id}/contacts/", "Contacts"),
            (f"/groups/{group.id}/web-users/", "Utilisateurs web"),
        ):
            assert f'href="{url}"' in html and f">{label}</a>" in html
    assert 'id="group-tab-composition" href="/groups/' in page


def test_g10_receipts_page_by_due_or_by_accounting_date_finds_different_receipts(
    staff_browser, horizon
):
    url = f"/groups/{horizon['group'].id}/premium-receipts/"
    february = {"from": "2024-02-01", "to": "2024-02-29"}

    by_due = _page(staff_browser, url, {**february, "date_field": "due"})
    by_accounting = _page(staff_browser, url, {**february, "date_field": "accounting"})
    unfiltered = _page(staff_browser, url)

    assert _numbers(by_due, "premium-receipts") == ["QA"]
    assert _numbers(by_accounting, "premium-receipts") == ["QB"]
    assert sorted(_numbers(unfiltered, "premium-receipts")) == ["QA", "QB"]
    assert re.search(r'value="due"[^>]*checked', unfiltered)
    assert "Rechercher" in unfiltered


def test_g10_contracts_page_all_quotes_or_active(staff_browser, horizon):
    url = f"/groups/{horizon['group'].id}/contracts/"

    every = _page(staff_browser, url)
    quotes = _page(staff_browser, url, {"status": "quote"})
    active = _page(staff_browser, url, {"status": "active"})

    assert sorted(_numbers(every, "contracts")) == ["CT-0", "CT-1"]
    assert _numbers(quotes, "contracts") == ["CT-1"]
    assert _numbers(active, "contracts") == ["CT-0"]
    assert re.search(r'id="total-annual-premium">3\s000,00', every)
    assert re.search(r'id="total-annual-premium">2\s000,00', quotes)
    assert re.search(r'id="total-annual-premium">1\s000,00', active)
    for label in ("Tous", "Devis / propositions", "Actifs"):
        assert label in every


def test_g10_claims_page_shows_open_ones_by_default_all_when_unticked(staff_browser, horizon):
    url = f"/groups/{horizon['group'].id}/claims/"

    first_visit = _page(staff_browser, url)
    unticked = _page(staff_browser, url, {"filtered": "1"})
    ticked = _page(staff_browser, url, {"filtered": "1", "open_only": "on"})

    assert _numbers(first_visit, "claims") == ["S-open"]
    assert re.search(r'name="open_only"[^>]*checked', first_visit)
    assert sorted(_numbers(unticked, "claims")) == ["S-closed", "S-open"]
    assert not re.search(r'name="open_only"[^>]*checked', unticked)
    assert _numbers(ticked, "claims") == ["S-open"]
    assert "Seulement les sinistres en cours" in first_visit


def test_g10_rows_open_the_detail_and_name_the_client(staff_browser, horizon):
    group, a = horizon["group"], horizon["a"]

    receipts = _page(staff_browser, f"/groups/{group.id}/premium-receipts/")
    claims = _page(staff_browser, f"/groups/{group.id}/claims/")

    assert re.search(r'href="/premium-receipts/\d+/"', receipts)
    assert re.search(r'href="/contracts/\d+/"', receipts)
    assert re.search(r'href="/claims/\d+/"', claims)
    assert f'href="/clients/{a.id}/"' in receipts and a.display_name in receipts


def test_i5_group_page_totals_cover_the_whole_filtered_list_not_the_page(
    api, staff_browser, settings
):
    settings.CABINET_PAGE_SIZE = 5
    a = ClientFactory()
    group = _group_of(a)
    made = contract(api, a)
    for n in range(12):
        receipt(api, made, number=f"Q{n:02}", amount="100.00", due_date=f"2024-01-{n + 10}")
    receipt(api, made, number="QC", amount="999.00", status="cancelled")
    url = f"/groups/{group.id}/premium-receipts/"

    first, last = _page(staff_browser, url), _page(staff_browser, url, {"page": 3})

    assert len(_numbers(first, "premium-receipts")) == 5
    assert len(_numbers(last, "premium-receipts")) == 3
    for html in (first, last):
        assert "13 quittances" in html
        assert re.search(r'id="total-amount">1\s200,00', html)
    assert "Page 1 sur 3" in first


def test_i5_group_pages_export_exactly_the_filtered_rows_and_their_totals(
    api, staff_browser, horizon
):
    group = horizon["group"]
    made = contract(api, horizon["a"], number="CT-9")
    receipt(api, made, number="QC", amount="55.00", status="cancelled", due_date="2024-02-15")
    receipt(api, made, number="QJ", amount="20.00", due_date="2024-03-15")
    url = f"/groups/{group.id}/premium-receipts/"
    february = {"from": "2024-02-01", "to": "2024-02-29", "date_field": "due"}
    shown = _numbers(_page(staff_browser, url, february), "premium-receipts")

    rows = _csv_rows(staff_browser.get(url, {**february, "format": "csv"}))
    cells = _xlsx_rows(staff_browser.get(url, {**february, "format": "xlsx"}))

    assert sorted(shown) == ["QA", "QC"]
    assert rows[0][0] == "Client" and rows[0][-1] == "Montant TTC"
    assert [r[2] for r in rows[1:-1]] == shown
    assert rows[-1][0] == "Total" and rows[-1][-1] == "300,00"
    assert [r[2] for r in cells[1:-1]] == shown
    assert cells[-1][0] == "Total" and Decimal(str(cells[-1][-1])) == Decimal("300.00")


def test_i5_claims_export_follows_the_ticked_box_like_the_page(staff_browser, horizon):
    url = f"/groups/{horizon['group'].id}/claims/"

    default = _csv_rows(staff_browser.get(url, {"format": "csv"}))
    every = _xlsx_rows(staff_browser.get(url, {"filtered": "1", "format": "xlsx"}))

    assert [r[2] for r in default[1:-1]] == ["S-open"]
    assert sorted(r[2] for r in every[1:-1]) == ["S-closed", "S-open"]
    assert default[-1][-2:] == ["500,00", "0,00"]
    assert Decimal(str(every[-1][-2])) == Decimal("600.00")
    assert Decimal(str(every[-1][-1])) == Decimal("80.00")


def test_i5_contracts_export_of_a_status(staff_browser, horizon):
    url = f"/groups/{horizon['group'].id}/contracts/"

    rows = _csv_rows(staff_browser.get(url, {"status": "quote", "format": "csv"}))

    assert [r[1] for r in rows[1:-1]] == ["CT-1"]
    assert rows[-1][0] == "Total" and rows[-1][-1] == "2000,00"


def test_g10_pages_export_links_carry_the_filters(staff_browser, horizon):
    url = f"/groups/{horizon['group'].id}/premium-receipts/"

    html = _page(staff_browser, url, {"date_field": "accounting", "from": "2024-02-01"})

    link = re.search(r'id="export-xlsx" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert "date_field=accounting" in link and "from=2024-02-01" in link
    assert "format=xlsx" in link


def test_g10_group_pages_show_only_the_members_the_user_may_see(api, user_with_profile):
    """G10/U4: a user without «see every client» sees the rows of the members he may open,
    and their totals only, on the page and in its exports."""
    associate = user_with_profile("associate", username="assoc-g10-pages")
    mine, theirs = ClientFactory(created_by=associate, name="Mien"), ClientFactory(name="Autre")
    group = _group_of(mine, theirs)
    for n, client in enumerate((mine, theirs)):
        made = contract(api, client, number=f"V{n}", annual_premium="100.00")
        receipt(api, made, number=f"Q{n}", amount="100.00")
        claim(api, made, number=f"S{n}", reserve_amount="10.00")
    browser = HttpClient()
    browser.force_login(associate)
    base = f"/groups/{group.id}"

    receipts = _page(browser, f"{base}/premium-receipts/")
    contracts = _page(browser, f"{base}/contracts/")
    claims = _page(browser, f"{base}/claims/")
    exported = _csv_rows(browser.get(f"{base}/premium-receipts/", {"format": "csv"}))

    assert _numbers(receipts, "premium-receipts") == ["Q0"]
    assert re.search(r'id="total-amount">100,00', receipts)
    assert _numbers(contracts, "contracts") == ["V0"]
    assert re.search(r'id="total-annual-premium">100,00', contracts)
    assert _numbers(claims, "claims") == ["S0"]
    assert re.search(r'id="total-reserve">10,00', claims)
    assert "Autre" not in receipts + contracts + claims
    assert [r[2] for r in exported[1:-1]] == ["Q0"]


def test_g10_unreadable_filters_are_reported_not_a_500(staff_browser, horizon):
    url = f"/groups/{horizon['group'].id}/premium-receipts/"

    html = _page(staff_browser, url, {"from": "demain", "date_field": "nimporte"})

    assert "form-errors" in html
    assert sorted(_numbers(html, "premium-receipts")) == ["QA", "QB"]


def test_g10_group_pages_unknown_group_is_404(staff_browser):
    for view in ("premium-receipts", "contracts", "claims"):
        assert staff_browser.get(f"/groups/999999/{view}/").status_code == 404


def test_g10_group_pages_query_count_is_bounded_at_2000_members(
    api, staff_browser, django_assert_max_num_queries
):
    clients = ClientFactory.create_batch(2000)
    group = Group.objects.create(name="Grand groupe")
    GroupMembership.objects.bulk_create(GroupMembership(group=group, client=c) for c in clients)
    for n, client in enumerate(clients[:30]):
        made = contract(api, client, number=f"B{n}")
        receipt(api, made, number=f"Q{n}")
        claim(api, made, number=f"S{n}")
    base = f"/groups/{group.id}"

    for view in ("premium-receipts", "contracts", "claims"):
        with django_assert_max_num_queries(6):
            response = staff_browser.get(f"{base}/{view}/", {"filtered": "1"})
        assert response.status_code == 200
        assert "30 " in response.content.decode()
        with django_assert_max_num_queries(6):
            response = staff_browser.get(f"{base}/{view}/", {"filtered": "1", "format": "xlsx"})
        assert response.status_code == 200
        assert len(_xlsx_rows(response)) == 32
