"""The group's «Contacts» view (G10, G9, I5): through the API and as a page, the contacts
of every member the user may see, valid at a date (today by default, every one when the
date is cleared), exported as shown."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from cabinet.clients.models import Contact
from cabinet.groups.models import Group, GroupMembership
from tests.conftest import make_api_client
from tests.factories import ClientFactory, ContactFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LONG_AGO = datetime.date(2015, 1, 1)


def _group_of(*clients, name="Groupe Horizon") -> Group:
    group = Group.objects.create(name=name)
    for client in clients:
        GroupMembership.objects.create(group=group, client=client)
    return group


@pytest.fixture
def horizon():
    a, b, outsider = ClientFactory(name="Alpha"), ClientFactory(name="Bêta"), ClientFactory()
    group = _group_of(a, b)
    ContactFactory(client=a, last_name="Actuel")
    ContactFactory(client=b, last_name="Groupe", is_group_contact=True)
    ContactFactory(
        client=a,
        last_name="Ancien",
        valid_from=LONG_AGO,
        valid_to=LONG_AGO + datetime.timedelta(days=365),
    )
    ContactFactory(client=b, last_name="Futur", valid_from=TODAY + datetime.timedelta(days=30))
    ContactFactory(client=outsider, last_name="Dehors")
    return {"group": group, "a": a, "b": b}


def _names(html: str) -> list[str]:
    return re.findall(r'<td class="strong"><a href="/clients/\d+/contacts/">([^<]+)</a>', html)


# API ------------------------------------------------------------------------------------


def test_g10_contacts_api_valid_today_by_default(api, horizon):
    url = f"/api/v1/groups/{horizon['group'].id}/contacts"

    answer = api.get(url).json()

    assert [c["last_name"] for c in answer["items"]] == ["Actuel", "Groupe"]
    assert answer["count"] == 2
    item = answer["items"][1]
    assert set(item) >= {
        "id",
        "first_name",
        "last_name",
        "role",
        "email",
        "valid_from",
        "valid_to",
        "is_group_contact",
        "client",
    }
    assert item["is_group_contact"] is True
    b = horizon["b"]
    assert item["client"] == {"id": b.id, "number": b.number, "display_name": b.display_name}


def test_g10_contacts_api_at_a_date_or_all(api, horizon):
    url = f"/api/v1/groups/{horizon['group'].id}/contacts"

    then = api.get(url, {"valid_at": "2015-06-01"}).json()
    every = api.get(url, {"valid_at": "all"}).json()
    bad = api.get(url, {"valid_at": "hier"})

    assert [c["last_name"] for c in then["items"]] == ["Ancien"]
    assert sorted(c["last_name"] for c in every["items"]) == ["Actuel", "Ancien", "Futur", "Groupe"]
    assert bad.status_code == 422


def test_g10_contacts_api_unknown_group_is_404(api):
    assert api.get("/api/v1/groups/999999/contacts").status_code == 404


def test_g10_contacts_cover_only_the_members_the_user_may_see(api, user_with_profile):
    """G10/U4: the contacts of the members a user without «see every client» may open;
    a hidden member's contacts, even its group contacts, are not listed here."""
    associate = user_with_profile("associate", username="assoc-g10-contacts")
    mine, theirs = ClientFactory(created_by=associate), ClientFactory()
    group = _group_of(mine, theirs)
    ContactFactory(client=mine, last_name="Visible")
    ContactFactory(client=theirs, last_name="Cache", is_group_contact=True)
    ContactFactory(client=theirs, last_name="Cache2")
    browser = HttpClient()
    browser.force_login(associate)

    answer = make_api_client(associate).get(f"/api/v1/groups/{group.id}/contacts").json()
    page = browser.get(f"/groups/{group.id}/contacts/").content.decode()
    exported = browser.get(f"/groups/{group.id}/contacts/", {"format": "csv"})

    assert [c["last_name"] for c in answer["items"]] == ["Visible"]
    assert _names(page) == ["Visible"] and "Cache" not in page
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    assert [r[2] for r in rows[1:]] == ["Visible"]


# Page -----------------------------------------------------------------------------------


def test_g10_contacts_page_valid_today_by_default_all_when_cleared(staff_browser, horizon):
    url = f"/groups/{horizon['group'].id}/contacts/"

    first_visit = staff_browser.get(url)
    cleared = staff_browser.get(url, {"valid_at": ""})
    then = staff_browser.get(url, {"valid_at": "2015-06-01"})

    assert first_visit.status_code == cleared.status_code == then.status_code == 200
    html = first_visit.content.decode()
    assert _names(html) == ["Actuel", "Groupe"]
    assert f'value="{TODAY.isoformat()}"' in html and "Valide au" in html
    assert 'aria-current="page">Contacts</a>' in html
    assert sorted(_names(cleared.content.decode())) == ["Actuel", "Ancien", "Futur", "Groupe"]
    assert _names(then.content.decode()) == ["Ancien"]
    assert "Contact pour le groupe" in html


def test_g10_contacts_page_unreadable_date_is_reported_and_today_used(staff_browser, horizon):
    html = staff_browser.get(
        f"/groups/{horizon['group'].id}/contacts/", {"valid_at": "31/02"}
    ).content.decode()

    assert "form-errors" in html
    assert _names(html) == ["Actuel", "Groupe"]


def test_i5_contacts_export_read_back_equal_to_the_rows(staff_browser, horizon):
    url = f"/groups/{horizon['group'].id}/contacts/"
    shown = _names(staff_browser.get(url, {"valid_at": ""}).content.decode())

    as_csv = staff_browser.get(url, {"valid_at": "", "format": "csv"})
    as_xlsx = staff_browser.get(url, {"valid_at": "", "format": "xlsx"})

    assert as_csv["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Client", "N° client", "Nom"]
    assert [r[2] for r in rows[1:]] == shown  # no totals row: the view has no money column
    sheet = openpyxl.load_workbook(io.BytesIO(as_xlsx.content)).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert [r[2] for r in cells[1:]] == shown
    ancien = next(r for r in cells if r[2] == "Ancien")
    assert ancien[7] == datetime.datetime(2015, 1, 1)


def test_g10_contacts_query_count_is_bounded_at_2000_members(
    api, staff_browser, django_assert_max_num_queries
):
    clients = ClientFactory.create_batch(2000)
    group = Group.objects.create(name="Grand groupe")
    GroupMembership.objects.bulk_create(GroupMembership(group=group, client=c) for c in clients)
    Contact.objects.bulk_create(
        Contact(client=c, last_name=f"Nom{n}", valid_from=LONG_AGO)
        for n, c in enumerate(clients[:300])
    )

    with django_assert_max_num_queries(5):
        response = api.get(f"/api/v1/groups/{group.id}/contacts", {"limit": 100})
    assert response.status_code == 200 and response.json()["count"] == 300
    with django_assert_max_num_queries(6):
        response = staff_browser.get(f"/groups/{group.id}/contacts/")
    assert response.status_code == 200 and len(_names(response.content.decode())) == 25
    with django_assert_max_num_queries(5):
        response = staff_browser.get(f"/groups/{group.id}/contacts/", {"format": "csv"})
    assert response.status_code == 200 and response.content.decode().count("\n") == 301
