"""U3: contracts, receipts, claims and insurers are recorded like every business record:
who, when, before and after; read through the history API by whoever may open the client."""

import pytest

from tests.conftest import make_api_client
from tests.factories import ClientFactory
from tests.insurance.test_api import claim, contract, receipt
from tests.matters.helpers import patch

pytestmark = pytest.mark.django_db


def history(api, model, object_id):
    response = api.get("/api/v1/history", {"model": model, "id": object_id})
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_u3_portfolio_changes_are_recorded_with_who_and_before_after(api, partner):
    made = contract(api, ClientFactory())
    issued = receipt(api, made).json()
    opened = claim(api, made).json()

    patch(api, f"/api/v1/contracts/{made['id']}", {"annual_premium": "1500.00"})
    patch(api, f"/api/v1/premium-receipts/{issued['id']}", {"status": "paid"})
    patch(api, f"/api/v1/claims/{opened['id']}", {"reserve_amount": "7000.00"})

    changed = history(api, "contract", made["id"])[0]
    assert changed["action"] == "changed" and changed["user"] == partner.username
    assert changed["changes"]["annual_premium"] == ["1200.00", "1500.00"]
    assert history(api, "premium_receipt", issued["id"])[0]["changes"]["status"] == [
        "issued",
        "paid",
    ]
    assert history(api, "claim", opened["id"])[0]["changes"]["reserve_amount"] == [
        "5000.00",
        "7000.00",
    ]
    assert history(api, "insurer", made["insurer"]["id"])[0]["action"] == "created"


def test_u3_u4_a_hidden_clients_contract_history_is_refused(api, user_with_profile):
    made = contract(api, ClientFactory())
    associate = make_api_client(user_with_profile("associate", username="assoc-u3"))

    refused = associate.get("/api/v1/history", {"model": "contract", "id": made["id"]})

    assert refused.status_code == 403
