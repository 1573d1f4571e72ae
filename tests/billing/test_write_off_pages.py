"""A2 «Non facturable» on the «Facturation» page, and A11's refusal to delete an activity
an invoice names, as a person meets them on the pages."""

import pytest
from django.test import Client as HttpClient

from cabinet.activities.models import Activity
from cabinet.billing import services
from tests.billing.test_pages import activity, html_of, is_disabled, matter_of, tag
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def test_a2_billing_page_lists_what_is_left_to_bill_with_non_facturable(partner, staff_browser):
    matter = matter_of(partner, [ClientFactory()])
    fee = activity(partner, matter, "250.00", description="Rédaction des statuts")

    html = html_of(staff_browser.get(f"/matters/{matter.pk}/billing/"))

    start = html.index('id="to-bill-table"')
    table = html[start : html.index("</table>", start)]
    assert "Rédaction des statuts" in table and "250,00" in table
    assert " disabled" not in tag(html, f"write-off-{fee.pk}")


def test_a2_write_off_then_restore_from_the_billing_page(partner, staff_browser):
    """A2: «Non facturable» moves the activity to «Non facturables»; «Rétablir» puts it
    back to bill; both say so."""
    matter = matter_of(partner, [ClientFactory()])
    fee = activity(partner, matter, "250.00", description="Rédaction des statuts")
    base = f"/matters/{matter.pk}/billing/activities/{fee.pk}/write-off/"

    written = staff_browser.post(base, follow=True)

    html = html_of(written)
    assert written.status_code == 200
    assert "« Rédaction des statuts » est marquée non facturable" in html
    assert f'id="restore-{fee.pk}"' in html and f'id="write-off-{fee.pk}"' not in html
    assert Activity.objects.get(pk=fee.pk).state == "written_off"

    restored = staff_browser.post(base + "cancel/", follow=True)

    html = html_of(restored)
    assert "« Rédaction des statuts » est de nouveau à facturer." in html
    assert f'id="write-off-{fee.pk}"' in html and f'id="restore-{fee.pk}"' not in html
    assert Activity.objects.get(pk=fee.pk).state == "unbilled"


def test_a2_write_off_button_is_disabled_without_the_bill_right(partner, user_with_profile):
    assistant = user_with_profile("assistant", username="assistant-wo")
    matter = matter_of(partner, [ClientFactory()], intervenants=[assistant])
    fee = activity(partner, matter, "250.00")
    browser = HttpClient()
    browser.force_login(assistant)

    html = html_of(browser.get(f"/matters/{matter.pk}/billing/"))
    refused = browser.post(f"/matters/{matter.pk}/billing/activities/{fee.pk}/write-off/")

    assert is_disabled(
        html, f"write-off-{fee.pk}", "Votre profil ne vous donne pas le droit de facturer."
    )
    assert refused.status_code == 403
    assert Activity.objects.get(pk=fee.pk).state == "unbilled"


def test_a11_deleting_an_invoiced_activity_on_its_page_says_why_and_keeps_it(
    partner, staff_browser
):
    """A11: a credited invoice still names the activity: the page says so and how to stop
    billing it, and deletes nothing."""
    client = ClientFactory()
    matter = matter_of(partner, [client])
    fee = activity(partner, matter, "100.00", description="Consultation initiale")
    [proforma] = services.proformas_create(actor=partner, matter=matter)
    invoice = services.proforma_finalize(actor=partner, proforma=proforma)
    services.credit_note_create(actor=partner, invoice=invoice)

    response = staff_browser.post(f"/matters/{matter.pk}/activities/{fee.pk}/delete/", follow=True)

    html = html_of(response)
    assert response.status_code in (200, 409)
    assert f"Cette activité figure sur la facture {invoice.number}" in html
    assert "Marquez-la non facturable" in html
    assert Activity.objects.filter(pk=fee.pk).exists()
