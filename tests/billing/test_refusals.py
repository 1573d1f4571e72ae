"""«Proforma dossier» / «Répartition client» refused (A6, M5, U1): the disabled controls of
the matter page and of its «Facturation» say, word for word, what the API answers the same
user on the same matter — one function decides all three (`proformas_refusal`)."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client as HttpClient

from cabinet.activities.services import activity_create
from cabinet.billing.models import Proforma
from cabinet.matters import services
from cabinet.matters.models import MatterParty
from tests.conftest import make_api_client
from tests.factories import ClientFactory
from tests.matters.helpers import title_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("situation", "clients", "status", "code"),
    [
        ("no_bill_right", 1, 403, "right_required:bill"),
        ("closed", 1, 409, "matter_closed"),
        ("all_clients_inactive", 1, 409, "matter_refuses_activities"),
        ("all_clients_inactive", 2, 409, "matter_refuses_activities"),
        ("closed_and_all_clients_inactive", 1, 409, "matter_closed"),
        ("nothing_unbilled", 2, 409, "nothing_to_bill"),
    ],
)
def test_a6_m5_proformas_refusal_is_the_service_answer(
    partner, user_with_profile, situation, clients, status, code
):
    """A6/M5: «Proforma dossier» (mono-client) or «Répartition client» (multi-client),
    disabled on the matter page and on «Facturation» with the sentence the API answers
    (status and code included) when the same user asks for the proformas; the order is
    the service's: the bill right, the closed matter, M5, nothing unbilled."""
    assistant = user_with_profile("assistant")
    parties = ClientFactory.create_batch(clients)
    matter = services.matter_create(
        actor=partner,
        title="Succession Moreau",
        opened_on=datetime.date(2026, 1, 15),
        parties=[{"client_id": c.pk} for c in parties],
        intervenant_ids=[assistant.pk],
    )
    if situation != "nothing_unbilled":
        activity_create(
            actor=partner,
            matter=matter,
            kind="fee",
            date=datetime.date(2026, 2, 1),
            description="Consultation",
            amount=Decimal("100.00"),
        )
    if "inactive" in situation:
        for party in MatterParty.objects.filter(matter=matter):
            services.party_set_active(
                actor=partner, matter=matter, party_id=party.pk, is_active=False
            )
    if situation.startswith("closed"):
        services.matter_set_status(actor=partner, matter=matter, status="closed")
    user = assistant if situation == "no_bill_right" else partner
    browser = HttpClient()
    browser.force_login(user)

    matter_page = browser.get(f"/matters/{matter.pk}/").content.decode()
    billing_page = browser.get(f"/matters/{matter.pk}/billing/").content.decode()
    answer = make_api_client(user).post(f"/api/v1/matters/{matter.pk}/proformas")

    assert (answer.status_code, answer.json()["code"]) == (status, code)
    button = "btn-repartition" if clients > 1 else "btn-proforma"
    assert title_of(matter_page, button, disabled=True) == answer.json()["detail"]
    assert title_of(billing_page, "proformas-create", disabled=True) == answer.json()["detail"]
    assert not Proforma.objects.exists()
