"""`cabinet generate`'s portfolio (I1–I3) on a small firm: the rows are those the insurance
services would write and accept, the selectors' totals and the group API read them."""

import datetime
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from cabinet.accounts.models import User
from cabinet.clients.models import Client
from cabinet.core.errors import Conflict
from cabinet.groups.models import GroupMembership
from cabinet.insurance import selectors, services
from cabinet.insurance.models import (
    Claim,
    ClaimStatus,
    Contract,
    ContractStatus,
    Insurer,
    PremiumReceipt,
    ReceiptStatus,
)
from cabinet.synthetic.bulk import columns_of
from cabinet.synthetic.firm import REFERENCE_DAY
from cabinet.synthetic.portfolio import RECEIPT_COLUMNS, add_months
from tests.conftest import make_api_client
from tests.synthetic.test_generate import generate

pytestmark = pytest.mark.django_db

SIZE = 600
CENT = Decimal("0.01")


@pytest.fixture
def firm() -> dict:
    return generate(clients=SIZE, seed=11)


def associe() -> User:
    return User.objects.get(username="associe")


def test_receipt_rows_are_in_the_models_column_order():
    assert list(RECEIPT_COLUMNS) == columns_of(PremiumReceipt)


def test_i1_one_contract_per_company_and_about_one_per_three_persons(firm):
    per_client = Counter(Contract.objects.values_list("client_id", flat=True))
    companies = set(Client.objects.filter(kind="company").values_list("id", flat=True))
    persons = set(Client.objects.filter(kind="person").values_list("id", flat=True))
    assert {c for c in per_client if c in companies} == companies
    assert max(per_client.values()) == 1
    insured_persons = len(persons & set(per_client))
    assert 0.25 < insured_persons / len(persons) < 0.42
    assert firm["rows"]["insurance_contract"] == Contract.objects.count()
    assert firm["rows"]["insurance_premiumreceipt"] == PremiumReceipt.objects.count()
    assert firm["rows"]["insurance_claim"] == Claim.objects.count()


def test_i1_generated_contracts_pass_the_services_checks(firm):
    statuses = Counter()
    for contract in Contract.objects.all():
        terminated_on, reason = contract.terminated_on, contract.termination_reason
        services._check_contract(contract)
        assert (contract.terminated_on, contract.termination_reason) == (terminated_on, reason)
        assert contract.annual_premium == contract.annual_premium.quantize(CENT)
        assert contract.annual_premium > 0 and contract.product and contract.number
        if contract.status != ContractStatus.QUOTE:
            assert datetime.date(2023, 1, 1) <= contract.start_date <= datetime.date(2025, 12, 1)
        if contract.status == ContractStatus.TERMINATED:
            assert contract.termination_reason
            assert contract.terminated_on < REFERENCE_DAY
        statuses[contract.status] += 1
    assert statuses[ContractStatus.ACTIVE] > statuses[ContractStatus.TERMINATED] > 0
    assert statuses[ContractStatus.QUOTE] > 0
    assert statuses[ContractStatus.QUOTE] == firm["quote_contracts"]
    assert statuses[ContractStatus.TERMINATED] == firm["terminated_contracts"]
    assert Contract.objects.filter(end_date__isnull=False).exists()


def test_generated_insurers_are_those_insurer_create_writes(firm):
    insurers = list(Insurer.objects.all())
    assert len(insurers) == firm["rows"]["insurance_insurer"] > 0
    for insurer in insurers:
        assert insurer.key == selectors.insurer_key(insurer.name)
        assert insurer.code_key == selectors.insurer_key(insurer.code)
        assert selectors.insurer_find(insurer.code.lower()) == insurer
    with pytest.raises(Conflict):
        services.insurer_create(actor=associe(), name=insurers[0].name.upper())


def test_i2_generated_receipts_are_quarterly_inside_their_contract_and_its_client(firm):
    contracts = {c.pk: c for c in Contract.objects.all()}
    by_contract = defaultdict(list)
    for receipt in PremiumReceipt.objects.order_by("id"):
        contract = contracts[receipt.contract_id]
        services._check_receipt(receipt, contract)
        assert receipt.client_id == contract.client_id
        assert receipt.period_end == add_months(receipt.period_start, 3) - datetime.timedelta(
            days=1
        )
        assert contract.terminated_on is None or receipt.period_end <= contract.terminated_on
        assert receipt.due_date == receipt.period_start <= REFERENCE_DAY
        assert 10 <= (receipt.due_date - receipt.accounting_date).days <= 21
        assert receipt.amount == (contract.annual_premium / 4).quantize(CENT, ROUND_HALF_UP)
        assert 0 <= receipt.tax < receipt.amount and 0 < receipt.commission < receipt.amount
        if receipt.status != ReceiptStatus.CANCELLED:
            past = receipt.due_date <= REFERENCE_DAY - datetime.timedelta(days=30)
            assert receipt.status == (ReceiptStatus.PAID if past else ReceiptStatus.ISSUED)
            by_contract[contract.pk].append(receipt.period_start)
    for contract in contracts.values():
        periods = by_contract[contract.pk]
        if contract.status == ContractStatus.QUOTE:
            assert not periods
            continue
        assert periods[0] == contract.start_date
        assert periods == [add_months(contract.start_date, 3 * i) for i in range(len(periods))]
        assert add_months(periods[-1], 3) > min(
            contract.terminated_on or REFERENCE_DAY, REFERENCE_DAY
        )
    statuses = Counter(PremiumReceipt.objects.values_list("status", flat=True))
    assert statuses[ReceiptStatus.PAID] > statuses[ReceiptStatus.ISSUED] > 0
    assert 0 < statuses[ReceiptStatus.CANCELLED] < 0.03 * sum(statuses.values())


def test_i3_about_one_claim_per_five_contracts_by_the_services_rules(firm):
    in_force = Contract.objects.exclude(status=ContractStatus.QUOTE).count()
    claims = list(Claim.objects.select_related("contract"))
    assert 0.12 < len(claims) / in_force < 0.28
    for claim in claims:
        closed_date = claim.closed_date
        services._check_claim(claim)
        assert claim.closed_date == closed_date
        contract = claim.contract
        assert claim.client_id == contract.client_id
        assert contract.status != ContractStatus.QUOTE
        assert contract.start_date <= claim.loss_date <= claim.reported_date <= REFERENCE_DAY
        assert contract.terminated_on is None or claim.loss_date <= contract.terminated_on
        assert claim.reserve_amount + claim.paid_amount > 0 or claim.status == ClaimStatus.CLOSED
        if claim.status == ClaimStatus.CLOSED:
            assert claim.reserve_amount == 0 and claim.closed_date < REFERENCE_DAY
    statuses = Counter(c.status for c in claims)
    assert statuses[ClaimStatus.OPEN] == firm["open_claims"] > 0
    assert statuses[ClaimStatus.CLOSED] > 0


def test_busiest_contract_has_the_most_receipts(firm):
    counts = Counter(
        PremiumReceipt.objects.exclude(status=ReceiptStatus.CANCELLED).values_list(
            "contract_id", flat=True
        )
    )
    assert counts[firm["busiest_contract_id"]] == max(counts.values())


def test_i5_the_selectors_totals_read_the_generated_portfolio(firm):
    members = list(
        GroupMembership.objects.filter(group_id=firm["largest_group_id"]).values_list(
            "client_id", flat=True
        )
    )
    contracts = selectors.contracts_of(members)
    totals = selectors.contract_totals(contracts)
    assert totals.count == len(members)
    assert totals.annual_premium == sum(c.annual_premium for c in contracts)
    receipts = selectors.receipts_of(members)
    assert selectors.receipt_totals(receipts).amount == sum(
        r.amount for r in receipts if r.status != ReceiptStatus.CANCELLED
    )
    claims = selectors.claims_of(members, open_only=False)
    claim_totals = selectors.claim_totals(claims)
    assert claim_totals.count == len(claims)
    assert claim_totals.paid_amount == sum(c.paid_amount for c in claims)


def test_g10_the_api_lists_the_largest_groups_contracts(firm):
    api = make_api_client(associe())
    response = api.get(f"/api/v1/groups/{firm['largest_group_id']}/contracts", {"limit": 5})
    assert response.status_code == 200
    body = response.json()
    members = GroupMembership.objects.filter(group_id=firm["largest_group_id"])
    expected = Contract.objects.filter(client__in=members.values("client_id"))
    assert body["count"] == expected.count() == firm["largest_group_size"]
    assert Decimal(body["totals"]["annual_premium"]) == sum(c.annual_premium for c in expected)
    assert len(body["items"]) == 5


def test_keys_and_indexes_are_made_again_and_the_services_write_after(firm):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, PremiumReceipt._meta.db_table
        )
    assert {"receipt_number_once", "receipt_client_due_idx", "receipt_client_acct_idx"} <= set(
        constraints
    )
    assert sum(1 for c in constraints.values() if c["foreign_key"]) == 2
    receipt = PremiumReceipt.objects.order_by("id").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        PremiumReceipt.objects.create(
            **{
                f.attname: getattr(receipt, f.attname)
                for f in PremiumReceipt._meta.concrete_fields
                if f.attname not in ("id", "created_at", "updated_at")
            }
        )
    contract = services.contract_create(
        actor=associe(),
        client_id=receipt.client_id,
        insurer=Insurer.objects.first().name,
        number="APRES-GENERATION",
        start_date=datetime.date(2026, 1, 1),
        annual_premium=Decimal("400.00"),
    )
    assert contract.pk == firm["rows"]["insurance_contract"] + 1
    made = services.receipt_create(
        actor=associe(),
        contract=contract,
        number="Q-1",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
        due_date=datetime.date(2026, 1, 1),
        accounting_date=datetime.date(2026, 1, 1),
        amount=Decimal("100.00"),
    )
    assert made.pk > firm["rows"]["insurance_premiumreceipt"]  # the failed insert took one
