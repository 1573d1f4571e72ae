"""«Nouvelle activité» refused (M5, M6): the matter page's disabled control says, word for
word, what the API answers the same user on the same matter — one function decides both
(`matters.selectors.activity_entry_refusal`)."""

import datetime
import json

import pytest
from django.test import Client as HttpClient

from cabinet.activities.models import Activity
from cabinet.matters import services
from cabinet.matters.models import MatterParty
from tests.conftest import make_api_client
from tests.factories import ClientFactory, give_clients
from tests.matters.helpers import title_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("situation", "status", "code"),
    [
        ("not_an_intervenant", 403, "not_an_intervenant"),
        ("closed", 409, "matter_closed"),
        ("all_clients_inactive", 409, "matter_refuses_activities"),
        ("not_an_intervenant_on_a_closed_matter", 403, "not_an_intervenant"),
    ],
)
def test_m5_m6_activity_entry_refusal_is_the_service_answer(
    user_with_profile, situation, status, code
):
    """M5/M6: «Nouvelle activité» disabled on the matter page with the sentence the API
    answers (status and code included) when the same user enters an activity there; the
    order is the services': the user first (M6), then the closed matter, then M5."""
    associate = user_with_profile("associate")
    client = ClientFactory()
    give_clients(associate, [client])
    matter = services.matter_create(
        actor=associate,
        title="Succession Moreau",
        opened_on=datetime.date(2026, 1, 15),
        parties=[{"client_id": client.pk}],
    )
    if situation.startswith("not_an_intervenant"):
        services.intervenant_remove(actor=associate, matter=matter, user_id=associate.pk)
    if situation.endswith("closed"):
        services.matter_set_status(actor=associate, matter=matter, status="closed")
    if situation == "all_clients_inactive":
        party = MatterParty.objects.get(matter=matter, client=client)
        services.party_set_active(
            actor=associate, matter=matter, party_id=party.pk, is_active=False
        )
    browser = HttpClient()
    browser.force_login(associate)

    page = browser.get(f"/matters/{matter.pk}/").content.decode()
    answer = make_api_client(associate).post(
        f"/api/v1/matters/{matter.pk}/activities",
        json.dumps(
            {"kind": "fee", "date": "2026-02-01", "description": "Consultation", "amount": "10"}
        ),
        content_type="application/json",
    )

    assert (answer.status_code, answer.json()["code"]) == (status, code)
    assert title_of(page, "btn-new-activity", disabled=True) == answer.json()["detail"]
    assert not Activity.objects.exists()
