"""Matter rules each written once: the M4 warning the toggle shows is the one the API
answers (`party_deactivation_warning`); M9 asks what the apps above registered."""

import pytest
from django.test import Client as HttpClient

from cabinet.matters.models import Matter
from cabinet.matters.selectors import M4_WARNING
from tests.factories import ClientFactory
from tests.matters.helpers import add_activity, new_matter, party_of, patch, post, title_of

pytestmark = pytest.mark.django_db


def test_m4_party_deactivation_warning_is_the_service_answer(api, partner):
    """M4: the «Actif / Inactif» toggle of a client with unbilled activities warns on hover
    with the sentence the API answers when that client is made inactive; a client without
    any gets neither."""
    dupont, martin = ClientFactory(name="Dupont SA"), ClientFactory(name="Martin SARL")
    matter = new_matter(api, [dupont, martin])
    add_activity(api, matter, client_id=dupont.id)
    add_activity(api, matter)
    browser = HttpClient()
    browser.force_login(partner)

    page = browser.get(f"/matters/{matter['id']}/").content.decode()
    answers = {
        client: patch(
            api,
            f"/api/v1/matters/{matter['id']}/parties/{party_of(matter, client)['id']}",
            {"is_active": False},
        ).json()
        for client in (dupont, martin)
    }

    warned = title_of(page, f"toggle-{party_of(matter, dupont)['id']}")
    quiet = title_of(page, f"toggle-{party_of(matter, martin)['id']}")
    assert warned == answers[dupont]["warning"] == M4_WARNING
    assert answers[martin]["warning"] is None
    assert quiet == "Rendre inactif sur ce dossier"
    assert not answers[dupont]["is_active"] and not answers[martin]["is_active"]


def test_m9_a_matter_that_holds_only_bills_is_not_deleted(api):
    """M9: once its activities are credited and moved away, the matter still holds its
    invoice and credit note (billing's registered holding): the deletion is refused."""
    matter = new_matter(api, [ClientFactory()])
    other = new_matter(api, [ClientFactory()], title="Autre dossier")
    activity = add_activity(api, matter).json()
    [proforma] = post(api, f"/api/v1/matters/{matter['id']}/proformas").json()
    invoice = post(api, f"/api/v1/proformas/{proforma['id']}/finalize").json()
    post(api, f"/api/v1/invoices/{invoice['id']}/credit-note")
    moved = post(
        api,
        "/api/v1/activities/transfer",
        {"activity_ids": [activity["id"]], "target_matter_id": other["id"]},
    )

    refused = api.delete(f"/api/v1/matters/{matter['id']}")

    assert moved.json() == {"moved": 1}
    assert refused.status_code == 409 and refused.json()["code"] == "matter_not_empty"
    assert Matter.objects.filter(pk=matter["id"]).exists()
