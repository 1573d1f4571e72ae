"""`cabinet demo`: a realistic firm — clients found by the search of C2, connexities, groups,
matters and activities — loaded once."""

import datetime
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.test import override_settings
from django.utils import timezone

from cabinet.accounts.models import User
from cabinet.activities.models import Activity, ActivityKind, BillingState
from cabinet.activities.services import activity_create
from cabinet.billing.models import (
    ClientSplit,
    CreditNote,
    Invoice,
    InvoiceLine,
    InvoiceSequence,
    Proforma,
    ProformaLine,
)
from cabinet.billing.selectors import bill_totals, effective_split
from cabinet.clients.connexity_selectors import connexities_of
from cabinet.clients.models import (
    Client,
    ClientKind,
    ClientNumberSequence,
    Connexity,
    ConnexityLabel,
    Contact,
)
from cabinet.clients.search import search_text_of
from cabinet.clients.selectors import client_list, clients_visible_to, contacts_of_client
from cabinet.core.errors import Conflict, Forbidden
from cabinet.core.text import normalize
from cabinet.demo import portfolio
from cabinet.demo.data import DEMO_USERS, SNCF_NAME
from cabinet.groups.models import Group, GroupMembership
from cabinet.groups.selectors import flatten, group_tree
from cabinet.insurance import selectors as insurance
from cabinet.insurance.models import (
    Claim,
    ClaimStatus,
    Contract,
    ContractStatus,
    Insurer,
    PremiumReceipt,
    ReceiptStatus,
)
from cabinet.matters import selectors as matters
from cabinet.matters.models import Intervenant, Matter, MatterParty, MatterStatus, PartyRole
from cabinet.matters.services import party_set_active

pytestmark = pytest.mark.django_db


def _admin() -> User:
    return User.objects.get(username="admin")


def load_demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module in a transaction rolled back after its last
    test; each test runs in a savepoint of it (pytest-django's django_db) and leaves it as
    it found it. The demo hashes four passwords: PBKDF2's cost is not what this is about."""
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        output = load_demo()
        yield output
        transaction.set_rollback(True)


def admin() -> User:
    return User.objects.get(username="admin")


def client_parties(matter: Matter) -> list[MatterParty]:
    return [p for p in matter.parties.all() if p.role == PartyRole.CLIENT]


def all_matters() -> list[Matter]:
    return list(matters.with_details(Matter.objects.order_by("number")))


# -- clients (C) ----------------------------------------------------------------------------


def test_demo_loads_a_realistic_firm(demo):
    clients = Client.objects.prefetch_related("aliases")

    assert "Démo chargée" in demo
    assert 300 <= clients.count() <= 400
    assert clients.filter(kind=ClientKind.PERSON).count() >= 100
    assert clients.filter(kind=ClientKind.COMPANY).count() >= 100
    assert clients.exclude(attached_to=None).count() >= 30
    for client in clients:
        aliases = [alias.value for alias in client.aliases.all()]
        expected = search_text_of(client.number, client.name, client.first_name, aliases)
        assert client.search_text.startswith(" ") and client.search_text.endswith(" ")
        assert sorted(client.search_text.split()) == sorted(expected.split()), client
    numbers = sorted(int(n) for n in clients.values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    assert ClientNumberSequence.objects.get().last_value == numbers[-1]


def test_c4_demo_contacts_ended_current_and_future():
    today = timezone.localdate()

    assert Contact.objects.filter(valid_to__lt=today).count() >= 10
    assert Contact.objects.filter(valid_from__gt=today).count() >= 10
    assert Contact.objects.filter(valid_from__lte=today, valid_to=None).count() >= 100


def test_c2_demo_sncf_found_by_acronym_and_by_name_prefix():
    by_acronym = client_list(user=admin(), q="SNCF")
    by_prefix = client_list(user=admin(), q="societe nat")

    assert SNCF_NAME in [c.name for c in by_acronym]
    assert SNCF_NAME in [c.name for c in by_prefix]
    sncf = next(c for c in by_acronym if c.name == SNCF_NAME)
    assert {"SNCF", "Chemins de fer français"} <= {a.value for a in sncf.aliases.all()}


def test_u1_demo_users_of_each_profile_log_in_with_documented_passwords():
    for username, password, profile_code, _first, _last in DEMO_USERS:
        user = authenticate(username=username, password=password)
        assert user is not None, username
        assert user.profile.code == profile_code
    assert {u[2] for u in DEMO_USERS} == {"admin", "partner", "associate", "assistant"}


def test_u3_demo_history_names_its_actors():
    for model in (
        Client,
        Contact,
        Connexity,
        ConnexityLabel,
        Group,
        GroupMembership,
        Matter,
        MatterParty,
        Intervenant,
        Activity,
        Insurer,
        Contract,
        PremiumReceipt,
        Claim,
    ):
        assert model.history.exists(), model
        assert not model.history.filter(history_user=None).exists(), model
    staff = {username for username, *_ in DEMO_USERS}
    actors = set(Matter.history.values_list("history_user__username", flat=True))
    assert {"admin", "associe"} <= actors <= staff


# -- connexities (R) ------------------------------------------------------------------------


def test_r1_demo_has_about_a_hundred_connexities_of_families_work_and_business():
    labels = Counter(Connexity.objects.values_list("label", flat=True))

    assert 80 <= sum(labels.values()) <= 130
    for label in ("fils de", "fille de", "époux de", "salarié de", "associé de"):
        assert labels[label] >= 3, label
    assert labels["frère de"] + labels["sœur de"] >= 3


def test_r2_demo_connexities_seen_from_both_sides():
    son_of = Connexity.objects.filter(label="fils de").select_related("client", "other").first()

    from_son = connexities_of(user=_admin(), client=son_of.client, historical=True)
    from_father = connexities_of(user=_admin(), client=son_of.other, historical=True)

    assert ("fils de", son_of.other) in [(v.label, v.other_client) for v in from_son]
    assert ("père de", son_of.client) in [(v.label, v.other_client) for v in from_father]
    employee = Connexity.objects.filter(label__startswith="salarié").first()
    assert "employeur de" in [
        v.label for v in connexities_of(user=_admin(), client=employee.other, historical=True)
    ]


def test_r3_demo_labels_are_in_the_configurable_list():
    configured = set(ConnexityLabel.objects.values_list("normalized", flat=True))
    used = set(Connexity.objects.values_list("label", flat=True))
    used |= set(Connexity.objects.values_list("inverse_label", flat=True))

    assert {normalize(label) for label in used} <= configured
    assert len(configured) > len(used)


def test_r5_demo_ended_connexities_show_only_among_the_historised():
    today = timezone.localdate()
    ended = Connexity.objects.filter(end_date__lt=today)

    assert ended.count() >= 5
    connexity = ended.select_related("client").first()
    assert connexity.id not in [
        v.id for v in connexities_of(user=_admin(), client=connexity.client)
    ]
    historised = connexities_of(user=_admin(), client=connexity.client, historical=True)
    assert connexity.id in [v.id for v in historised if not v.is_current]


def test_r8_demo_clients_with_several_connexities_with_the_same_other():
    pairs = Counter(
        tuple(sorted(pair)) for pair in Connexity.objects.values_list("client_id", "other_id")
    )

    assert sum(1 for count in pairs.values() if count > 1) >= 3


# -- groups (G) -----------------------------------------------------------------------------


def test_g3_demo_000363_under_000362_in_the_same_group():
    parent = GroupMembership.objects.select_related("client", "group").get(client__number="000362")
    child = GroupMembership.objects.select_related("client", "parent").get(client__number="000363")

    assert parent.client.kind == child.client.kind == ClientKind.COMPANY
    assert child.group_id == parent.group_id
    assert child.parent == parent
    assert parent.group.representative_client == parent.client


def test_g1_g4_demo_groups_have_details_seats_and_trees_three_levels_deep():
    groups = list(Group.objects.all())

    assert 6 <= len(groups) <= 10
    depths = []
    for group in groups:
        assert group.address and group.city and group.phone and group.email, group
        assert group.representative_client_id is not None
        nodes = flatten(group_tree(group=group, user=_admin()))
        assert len(nodes) >= 3
        assert any(node.is_seat for node in nodes), group
        assert all(node.client.kind == ClientKind.COMPANY for node in nodes)
        depths.append(max(node.depth for node in nodes))
    assert min(depths) >= 1
    assert max(depths) == 2
    assert any(
        sum(node.is_seat for node in flatten(group_tree(group=g, user=_admin()))) > 1
        for g in groups
    )


def test_g9_demo_group_contact_seen_from_another_member():
    today = timezone.localdate()
    contact = (
        Contact.objects.filter(is_group_contact=True, valid_to=None, valid_from__lte=today)
        .select_related("client__group_membership")
        .first()
    )
    other = (
        GroupMembership.objects.filter(group_id=contact.client.group_membership.group_id)
        .exclude(client=contact.client)
        .select_related("client")
        .first()
        .client
    )

    assert contact in contacts_of_client(client=other, valid_at=today, user=_admin())
    assert Contact.objects.filter(is_group_contact=True).count() >= 8


# -- matters (M) and activities (A) ---------------------------------------------------------


def test_m1_m2_demo_matters_of_every_kind_mono_and_multi_client():
    everything = all_matters()
    multi = [m for m in everything if matters.is_multi_client(m)]

    assert 30 <= len(everything) <= 50
    assert len({m.type for m in everything}) >= 8
    assert len(multi) >= 8
    assert max(len(client_parties(m)) for m in multi) >= 3
    assert all(len(client_parties(m)) <= 4 for m in multi)
    assert sum(1 for m in everything if m.status == MatterStatus.CLOSED) >= 3
    roles = Counter(p.role for m in everything for p in m.parties.all())
    assert roles[PartyRole.ADVERSE] >= 15
    assert roles[PartyRole.OTHER] >= 3


def test_m2_demo_multi_client_matter_with_one_inactive_client_still_accepts_activities():
    mixed = [
        m
        for m in all_matters()
        if matters.is_multi_client(m)
        and any(not p.is_active for p in client_parties(m))
        and any(p.is_active for p in client_parties(m))
    ]

    assert len(mixed) >= 2
    assert all(matters.accepts_activities(m) for m in mixed)


def test_m5_demo_matters_whose_clients_are_all_inactive_refuse_activities():
    refusing = [m for m in all_matters() if not matters.accepts_activities(m)]

    assert any(matters.is_multi_client(m) for m in refusing)
    assert any(not matters.is_multi_client(m) for m in refusing)
    quick_add = set(matters.matters_for_quick_add(user=admin()).values_list("id", flat=True))
    assert not quick_add & {m.id for m in refusing}
    with pytest.raises(Conflict):
        activity_create(
            actor=admin(),
            matter=refusing[0],
            kind=ActivityKind.FEE,
            date=timezone.localdate(),
            description="Consultation",
            amount=100,
        )


def test_m4_demo_inactive_clients_keep_unbilled_activities_and_warn():
    inactive = MatterParty.objects.filter(role=PartyRole.CLIENT, is_active=False)
    warned = [
        party
        for party in inactive.select_related("matter")
        if party.client_id in matters.clients_with_unbilled_activities(party.matter)
    ]

    assert len(warned) >= 4
    party = warned[0]
    _, warning = party_set_active(
        actor=admin(), matter=party.matter, party_id=party.id, is_active=False
    )
    assert warning == matters.M4_WARNING


def test_m10_demo_linked_contacts_attached_to_parties_follow_them():
    linked = MatterParty.objects.filter(role=PartyRole.LINKED_CONTACT).select_related(
        "linked_party", "contact"
    )

    assert linked.count() >= 10
    assert all(p.linked_party.matter_id == p.matter_id for p in linked)
    assert all(p.contact.client_id == p.linked_party.client_id for p in linked)
    assert linked.filter(is_active=False, linked_party__is_active=False).exists()


def test_m6_demo_intervenants_are_the_staff_and_enter_the_activities():
    by_user = Counter(Intervenant.objects.values_list("user__username", flat=True))

    assert set(by_user) == {username for username, *_ in DEMO_USERS}
    for activity in Activity.objects.select_related("matter", "user"):
        assert matters.may_enter_activities(activity.user, activity.matter), activity


def test_a1_demo_activities_time_expenses_and_fees_with_their_vat():
    activities = Activity.objects.all()
    today = timezone.localdate()

    assert 250 <= activities.count() <= 350
    assert set(activities.values_list("kind", flat=True)) == set(ActivityKind.values)
    assert activities.filter(state=BillingState.UNBILLED).count() > activities.count() // 2
    assert activities.filter(kind=ActivityKind.EXPENSE, vat_rate=0).count() >= 10
    assert activities.filter(vat_rate=20).count() > activities.filter(vat_rate=0).count() * 3
    assert not activities.filter(~Q(vat_rate__in=[0, 20])).exists()
    for time in activities.filter(kind=ActivityKind.TIME):
        assert time.amount == (time.hours * time.hourly_rate).quantize(time.amount)
    assert activities.filter(client=None).exists() and activities.exclude(client=None).exists()
    for activity in activities.select_related("matter"):
        assert activity.matter.opened_on <= activity.date <= today
        assert activity.date.year >= today.year - 1


def test_demo_matters_opened_last_year_and_this_year():
    years = set(Matter.objects.values_list("opened_on__year", flat=True))

    assert years <= {timezone.localdate().year - 1, timezone.localdate().year}


# -- billing (A) ----------------------------------------------------------------------------


def test_a3_demo_multi_client_matter_with_an_unequal_split():
    split_matters = Matter.objects.filter(split__isnull=False).distinct()

    unequal = [m for m in split_matters if len({s for _, s in effective_split(m)}) > 1]
    assert unequal
    shares = [share for _, share in effective_split(unequal[0])]
    assert sum(shares) == Decimal("100.00")
    assert shares == sorted(shares, reverse=True)  # 60/40 (or 50/30/20)


def test_a6_a10_demo_leaves_a_set_of_draft_proformas_on_a_multi_client_matter():
    drafts = Proforma.objects.filter(finalized_at__isnull=True).select_related("matter")
    sets = Counter(p.proforma_set_id for p in drafts)

    shared = [set_id for set_id, count in sets.items() if count >= 2]
    assert shared
    proformas = list(drafts.filter(proforma_set_id=shared[0]))
    matter = matters.with_details(Matter.objects.filter(pk=proformas[0].matter_id)).get()
    assert matters.is_multi_client(matter)
    assert {p.client_id for p in proformas} == {c.id for c, _ in effective_split(matter)}
    lines = ProformaLine.objects.filter(proforma__in=proformas)
    assert lines.filter(is_common_part=True).exists()
    assert all(line.activity.state == BillingState.PROFORMA for line in lines)


def test_a7_demo_invoices_and_a_credit_note_numbered_in_their_own_gapless_series():
    year = timezone.localdate().year
    invoices = list(Invoice.objects.prefetch_related("lines"))
    notes = list(CreditNote.objects.select_related("invoice"))

    assert len(invoices) >= 5 and len(notes) == 1
    numbers = sorted(int(i.number.split("-")[1]) for i in invoices)
    assert numbers == list(range(1, len(numbers) + 1))
    sequence = InvoiceSequence.objects.get(series="invoice", year=year)
    assert sequence.last_value == len(numbers)
    assert all(i.number.startswith(f"F{year}-") for i in invoices)
    assert notes[0].number == f"AV{year}-000001"
    for invoice in invoices:
        totals = bill_totals(list(invoice.lines.all()))
        assert (invoice.total_excl_tax, invoice.total_vat, invoice.total_incl_tax) == (
            totals.excl_tax,
            totals.vat,
            totals.incl_tax,
        )


def test_a2_demo_activity_states_follow_the_bills():
    on_drafts = set(
        ProformaLine.objects.filter(proforma__finalized_at__isnull=True).values_list(
            "activity_id", flat=True
        )
    )
    invoiced = set(
        InvoiceLine.objects.filter(invoice__credit_note__isnull=True).values_list(
            "activity_id", flat=True
        )
    )
    credited = set(
        InvoiceLine.objects.filter(invoice__credit_note__isnull=False).values_list(
            "activity_id", flat=True
        )
    )
    states = dict(Activity.objects.values_list("id", "state"))

    assert invoiced and credited and on_drafts
    assert {states[i] for i in invoiced - on_drafts} == {BillingState.INVOICED}
    assert {states[i] for i in on_drafts} == {BillingState.PROFORMA}
    assert {states[i] for i in credited - invoiced - on_drafts} == {BillingState.UNBILLED}
    assert not Proforma.history.filter(history_user=None).exists()
    assert set(Invoice.history.values_list("history_user__username", flat=True)) == {"admin"}


def test_m4_m5_demo_bills_only_open_matters_whose_clients_are_all_active():
    billed = set(Proforma.objects.values_list("matter_id", flat=True))

    for matter in matters.with_details(Matter.objects.filter(pk__in=billed)):
        assert matter.status == MatterStatus.OPEN
        assert all(p.is_active for p in client_parties(matter))


def test_demo_billing_twice_loads_once():
    models = (ClientSplit, Proforma, ProformaLine, Invoice, InvoiceLine, CreditNote)
    counts = [model.objects.count() for model in models]

    load_demo()

    assert [model.objects.count() for model in models] == counts


# -- idempotence ----------------------------------------------------------------------------


def test_demo_twice_loads_once_and_says_so():
    models = (
        Client,
        Contact,
        User,
        Connexity,
        ConnexityLabel,
        Group,
        GroupMembership,
        Matter,
        MatterParty,
        Activity,
        Insurer,
        Contract,
        PremiumReceipt,
        Claim,
    )
    counts = [model.objects.count() for model in models]

    second = load_demo()

    assert [model.objects.count() for model in models] == counts
    assert "déjà chargée" in second


# -- insurance portfolio (I) ----------------------------------------------------------------


def months(receipt: PremiumReceipt) -> int:
    """The length of a whole receipt's period in months (1, 3 or 12)."""
    start, end = receipt.period_start, receipt.period_end
    return (end.year - start.year) * 12 + end.month - start.month + 1


def test_i1_demo_portfolio_contracts_on_most_group_companies_and_some_persons():
    contracts = Contract.objects.select_related("client", "insurer")
    statuses = Counter(contracts.values_list("status", flat=True))
    members = set(GroupMembership.objects.values_list("client_id", flat=True))
    insured = set(contracts.values_list("client_id", flat=True))

    assert {"AXA", "ALZ", "GEN", "MMA", "GPA", "MAAF", "HSX"} <= set(
        Insurer.objects.values_list("code", flat=True)
    )
    assert 100 <= contracts.count() <= 220
    assert len(members & insured) >= len(members) * 0.7
    assert (
        contracts.filter(client__kind=ClientKind.PERSON).values("client").distinct().count() >= 10
    )
    assert statuses[ContractStatus.ACTIVE] > 2 * (
        statuses[ContractStatus.QUOTE] + statuses[ContractStatus.TERMINATED]
    )
    assert statuses[ContractStatus.QUOTE] >= 3 and statuses[ContractStatus.TERMINATED] >= 3
    assert len(set(contracts.values_list("product", flat=True))) >= 15
    assert not contracts.filter(annual_premium=None).exists()
    assert not contracts.filter(status=ContractStatus.QUOTE, receipts__isnull=False).exists()
    today = timezone.localdate()
    for contract in contracts.filter(status=ContractStatus.TERMINATED):
        assert contract.termination_reason, contract
        assert contract.start_date <= contract.terminated_on < today, contract


def test_i2_demo_receipts_monthly_and_quarterly_within_their_contracts_dates():
    receipts = list(PremiumReceipt.objects.select_related("contract"))
    today = timezone.localdate()

    assert 1000 <= len(receipts) <= 3000
    for receipt in receipts:
        contract = receipt.contract
        assert receipt.client_id == contract.client_id, receipt
        assert contract.start_date <= receipt.period_start <= receipt.period_end, receipt
        assert contract.end_date is None or receipt.period_end <= contract.end_date, receipt
        if receipt.status == ReceiptStatus.PAID:
            assert receipt.due_date <= today, receipt
        if contract.status == ContractStatus.TERMINATED and receipt.amount > 0:
            after = receipt.period_start > contract.terminated_on
            assert not after or receipt.status == ReceiptStatus.CANCELLED, receipt
    years = {r.period_start.year for r in receipts}
    assert (
        set(range(today.year - 4, today.year + 1))
        <= years
        <= set(range(today.year - 4, today.year + 2))
    )
    whole = Counter(months(r) for r in receipts if r.amount > 0)
    assert whole[1] >= 200 and whole[3] >= 200 and whole[12] >= 10
    statuses = Counter(r.status for r in receipts)
    assert statuses[ReceiptStatus.PAID] > len(receipts) * 0.8
    assert statuses[ReceiptStatus.ISSUED] >= 20 and statuses[ReceiptStatus.CANCELLED] >= 5
    assert any(r.status == ReceiptStatus.ISSUED and r.due_date > today for r in receipts)


def test_i2_demo_refund_of_the_unused_premium_of_a_contract_terminated_during_a_period():
    refunds = PremiumReceipt.objects.filter(amount__lt=0).select_related("contract")

    assert refunds.exists()
    for refund in refunds:
        contract = refund.contract
        assert contract.status == ContractStatus.TERMINATED
        assert refund.period_start == contract.terminated_on + datetime.timedelta(days=1)
        assert refund.tax <= 0 and refund.commission <= 0
        covering = contract.receipts.get(
            period_start__lte=contract.terminated_on, period_end=refund.period_end, amount__gt=0
        )
        assert -refund.amount < covering.amount


def test_i3_demo_open_and_closed_claims_with_reserves_and_payments():
    claims = list(Claim.objects.select_related("contract"))
    today = timezone.localdate()
    open_claims = [c for c in claims if c.status == ClaimStatus.OPEN]
    closed = [c for c in claims if c.status == ClaimStatus.CLOSED]

    assert 20 <= len(claims) <= 50
    assert len(open_claims) >= 5 and len(closed) >= 10
    for claim in claims:
        contract = claim.contract
        assert claim.client_id == contract.client_id
        assert contract.status != ContractStatus.QUOTE
        assert contract.start_date <= claim.loss_date <= claim.reported_date <= today, claim
        if contract.terminated_on:
            assert claim.loss_date <= contract.terminated_on, claim
    assert all(c.reserve_amount > 0 for c in open_claims)
    assert any(c.paid_amount > 0 for c in open_claims)
    assert all(c.reserve_amount == 0 and c.loss_date <= c.closed_date < today for c in closed)
    assert sum(c.paid_amount > 0 for c in closed) > len(closed) // 2
    # Closed after being open: the history shows both.
    history = Claim.history.filter(id=closed[0].id).order_by("history_date")
    assert list(history.values_list("status", flat=True)) == ["open", "closed"]


def test_u4_demo_contracts_seen_by_whoever_may_open_their_client():
    contracts = Contract.objects.all()
    for username in ("collaborateur", "assistant"):
        user = User.objects.get(username=username)
        visible = clients_visible_to(user)
        seen = set(insurance.contracts_of(visible).values_list("id", flat=True))
        expected = set(contracts.filter(client__in=visible).values_list("id", flat=True))

        assert seen == expected and 0 < len(seen) < contracts.count(), username
        created = set(
            Contract.history.filter(history_type="+", history_user=user).values_list(
                "id", flat=True
            )
        )
        assert created and created <= seen, username
        hidden = contracts.exclude(id__in=seen).first()
        with pytest.raises(Forbidden):
            insurance.contract_get_for_user(user=user, contract_id=hidden.id)
    everything = insurance.contracts_of(clients_visible_to(User.objects.get(username="associe")))
    assert everything.count() == contracts.count()


def _portfolio() -> tuple[list, list, list]:
    contracts = Contract.objects.order_by("insurer__code", "number").values_list(
        "client__number",
        "insurer__code",
        "number",
        "product",
        "status",
        "start_date",
        "end_date",
        "terminated_on",
        "termination_reason",
        "annual_premium",
    )
    receipts = PremiumReceipt.objects.order_by("number").values_list(
        "contract__number", "number", "period_start", "period_end", "amount", "status"
    )
    claims = Claim.objects.order_by("number").values_list(
        "contract__number", "number", "loss_date", "status", "reserve_amount", "paid_amount"
    )
    return list(contracts), list(receipts), list(claims)


def test_demo_portfolio_is_deterministic_and_added_to_a_demo_loaded_without_it():
    before = _portfolio()
    for model in (Claim, PremiumReceipt, Contract, Insurer):
        model.objects.all().delete()
    assert not portfolio.is_loaded()

    output = load_demo()

    assert "déjà chargée" in output and "Portefeuille" in output
    assert _portfolio() == before


# -- client portal (I4, U2) ------------------------------------------------------------------


def test_i4_u2_demo_web_users_of_a_client_and_of_a_group_log_in_with_documented_passwords():
    from cabinet.demo.portal import CLIENT_WEB_USER, GROUP_WEB_USER
    from cabinet.portal import selectors as portal_selectors
    from cabinet.portal.models import PortalUser

    for email, password in (CLIENT_WEB_USER, GROUP_WEB_USER):
        user = authenticate(username=email, password=password)
        assert user is not None and user.is_portal, email
    of_client = PortalUser.objects.get(user__email=CLIENT_WEB_USER[0])
    assert portal_selectors.shared_matters(of_client).count() >= 2
    assert portal_selectors.shared_invoices(of_client).exists()
    of_group = PortalUser.objects.get(user__email=GROUP_WEB_USER[0])
    contracts = portal_selectors.shared_contracts(of_group)
    assert len({c.client_id for c in contracts}) >= 2
