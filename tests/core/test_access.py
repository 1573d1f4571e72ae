"""U4 (issue 8): every id a request names must be one the caller may see and use.

SPEC U4 and API.md «Conventions»: an id in a request BODY that the caller may not see gets
exactly the answer an unknown id gets (hidden and absent cannot be told apart); an id in
the PATH answers 404 when unknown and 403 when the caller may not see it; a refused
request writes nothing. Where a missing RIGHT is what refuses (adding another user as
intervenant without «act on every matter», M6), the answer is that 403.

One row per endpoint × id, for each built-in profile without «see every client»
(`associate`, `assistant`). What they may not see is made by a partner: a client he
created that is no party of their matters, its contact, alias and connexity, his matter
with its party, activity, proforma, invoice and credit note, members of a group. The guard
at the end enumerates the OpenAPI: an operation naming an id that no row covers fails it.
"""

import datetime
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.db.models import Count, Max

from cabinet.activities import services as activity_services
from cabinet.activities.models import Activity
from cabinet.billing import services as billing_services
from cabinet.billing.models import ProformaLine
from cabinet.clients.models import Client, Connexity, Contact
from cabinet.groups.models import Group, GroupMembership
from cabinet.insurance import services as insurance_services
from cabinet.insurance.models import Claim, Contract, PremiumReceipt
from cabinet.matters import services as matter_services
from cabinet.matters.models import Matter, MatterParty
from cabinet.portal import services as portal_services
from cabinet.portal.models import PortalUser
from tests.conftest import make_api_client
from tests.factories import AliasFactory, ClientFactory, ContactFactory, UserFactory

pytestmark = pytest.mark.django_db

# The built-in profiles without «see every client» (accounts migration 0002).
PROFILES = ("associate", "assistant")
UNKNOWN = 999_999  # an id that names nothing
OPENED_ON = datetime.date(2024, 1, 15)


# The world: what the tested user may see, and what a partner made that he may not -----


@dataclass
class World:
    user: Any
    api: Any
    partner: Any
    inactive_user: Any
    # visible: created by the tested user, parties of his matters
    visible: Client
    visible2: Client
    visible_contact: Contact
    visible_connexity: Connexity
    matter: Any  # opened by the tested user: parties `visible`
    matter_party: MatterParty
    activity: Any  # unbilled, on `matter`
    proforma: Any  # a draft on `matter` (made by the partner, who bills)
    matter2: Any  # opened by the tested user: parties `visible2`
    activity2: Any  # unbilled, on `matter2`
    # hidden: created by the partner, no party of any matter of the tested user
    hidden: Client
    hidden_root: Client
    hidden_free: Client  # in no group
    hidden_contact: Contact
    hidden_alias_id: int
    hidden_connexity: Connexity
    hidden_matter: Any  # open, opened by the partner, the tested user no intervenant
    hidden_party: MatterParty
    hidden_activity: Any  # unbilled, on `hidden_matter`
    hidden_proforma: Any  # a draft on `hidden_matter`
    hidden_line_id: int
    hidden_invoice: Any
    hidden_credit_note: Any  # cancels `hidden_invoice`
    closed_hidden_matter: Any  # closed: no one may join it (M6)
    # a group every staff user sees (G1): `visible` and `hidden_root` roots, `hidden`
    # under `hidden_root`
    group: Group
    membership_visible: GroupMembership
    membership_hidden: GroupMembership
    # the portfolio (I1–I3): a contract of `visible`, and one of `hidden` with a receipt
    # and a claim
    visible_contract: Contract
    hidden_contract: Contract
    hidden_receipt: PremiumReceipt
    hidden_claim: Claim
    hidden_web_user: Any  # a web user of `hidden` (I4)


def _matter(actor, clients, title):
    parties = [{"client_id": c.pk, "role": "client", "is_active": True} for c in clients]
    return matter_services.matter_create(
        actor=actor, title=title, opened_on=OPENED_ON, parties=parties
    )


def _fee(actor, matter, description="Consultation"):
    return activity_services.activity_create(
        actor=actor,
        matter=matter,
        kind="fee",
        date=datetime.date(2024, 2, 1),
        description=description,
        amount=Decimal("100.00"),
    )


def build_world(user_with_profile, profile: str) -> World:
    partner = user_with_profile("partner", username="u4-partner")
    user = user_with_profile(profile, username=f"u4-{profile}")
    inactive_user = UserFactory(username="u4-gone", is_active=False)

    visible = ClientFactory(name="Visible Industries", created_by=user)
    visible2 = ClientFactory(name="Visible Services", created_by=user)
    visible_contact = ContactFactory(client=visible, last_name="Visible")
    visible_connexity = Connexity.objects.create(
        client=visible,
        other=visible2,
        label="filiale de",
        inverse_label="mère de",
        start_date=datetime.date(2024, 1, 1),
    )

    hidden = ClientFactory(name="Cachée Holding", created_by=partner)
    hidden_root = ClientFactory(name="Cachée Racine", created_by=partner)
    hidden_free = ClientFactory(name="Cachée Libre", created_by=partner)
    hidden_contact = ContactFactory(client=hidden, last_name="Caché")
    hidden_alias = AliasFactory(client=hidden, value="CACHEE")
    hidden_connexity = Connexity.objects.create(
        client=hidden,
        other=hidden_root,
        label="filiale de",
        inverse_label="mère de",
        start_date=datetime.date(2024, 1, 1),
    )

    group = Group.objects.create(name="Groupe Mixte")
    membership_visible = GroupMembership.objects.create(group=group, client=visible)
    membership_root = GroupMembership.objects.create(group=group, client=hidden_root)
    membership_hidden = GroupMembership.objects.create(
        group=group, client=hidden, parent=membership_root
    )

    matter = _matter(user, [visible], "Dossier visible")
    matter_party = MatterParty.objects.get(matter=matter, client=visible)
    _fee(partner, matter, "Déjà sur proforma")
    (proforma,) = billing_services.proformas_create(actor=partner, matter=matter)
    activity = _fee(user, matter)
    matter2 = _matter(user, [visible2], "Autre dossier visible")
    activity2 = _fee(user, matter2)

    hidden_matter = _matter(partner, [hidden], "Dossier caché")
    hidden_party = MatterParty.objects.get(matter=hidden_matter, client=hidden)
    _fee(partner, hidden_matter, "Facturée")
    (invoiced,) = billing_services.proformas_create(actor=partner, matter=hidden_matter)
    hidden_invoice = billing_services.proforma_finalize(actor=partner, proforma=invoiced)
    _fee(partner, hidden_matter, "Sur proforma")
    (hidden_proforma,) = billing_services.proformas_create(actor=partner, matter=hidden_matter)
    hidden_line = ProformaLine.objects.filter(proforma=hidden_proforma).first()
    hidden_activity = _fee(partner, hidden_matter, "Non facturée")
    closed_hidden_matter = _matter(partner, [hidden_root], "Dossier caché clos")
    matter_services.matter_set_status(
        actor=partner, matter=closed_hidden_matter, status="closed", closed_on=OPENED_ON
    )
    hidden_credit_note = billing_services.credit_note_create(actor=partner, invoice=hidden_invoice)

    visible_contract = insurance_services.contract_create(
        actor=user, client_id=visible.pk, insurer="AXA", number="V-1", start_date=OPENED_ON
    )
    hidden_contract = insurance_services.contract_create(
        actor=partner, client_id=hidden.pk, insurer="AXA", number="H-1", start_date=OPENED_ON
    )
    hidden_receipt = insurance_services.receipt_create(
        actor=partner, contract=hidden_contract, **RECEIPT
    )
    hidden_claim = insurance_services.claim_create(
        actor=partner, contract_id=hidden_contract.pk, **CLAIM
    )

    return World(
        user=user,
        api=make_api_client(user),
        partner=partner,
        inactive_user=inactive_user,
        visible=visible,
        visible2=visible2,
        visible_contact=visible_contact,
        visible_connexity=visible_connexity,
        matter=matter,
        matter_party=matter_party,
        activity=activity,
        proforma=proforma,
        matter2=matter2,
        activity2=activity2,
        hidden=hidden,
        hidden_root=hidden_root,
        hidden_free=hidden_free,
        hidden_contact=hidden_contact,
        hidden_alias_id=hidden_alias.pk,
        hidden_connexity=hidden_connexity,
        hidden_matter=hidden_matter,
        hidden_party=hidden_party,
        hidden_activity=hidden_activity,
        hidden_proforma=hidden_proforma,
        hidden_line_id=hidden_line.pk,
        hidden_invoice=hidden_invoice,
        hidden_credit_note=hidden_credit_note,
        closed_hidden_matter=closed_hidden_matter,
        group=group,
        membership_visible=membership_visible,
        membership_hidden=membership_hidden,
        visible_contract=visible_contract,
        hidden_contract=hidden_contract,
        hidden_receipt=hidden_receipt,
        hidden_claim=hidden_claim,
        hidden_web_user=portal_services.portal_user_create(
            actor=partner, email="web@cachee.test", name="Web Cachée", client_id=hidden.pk
        ),
    )


@pytest.fixture(params=PROFILES)
def world(request, user_with_profile) -> World:
    return build_world(user_with_profile, request.param)


# What «nothing changed» means: every table, historical tables included ---------------


def snapshot() -> dict:
    """Row count, highest pk and latest `updated_at` of every model's table, the
    django-simple-history tables included (U3: a write always leaves a historical row).
    Sessions are left out: a page's messages may live there."""
    state = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.app_label == "sessions":
            continue
        aggregates = {"rows": Count("pk"), "last_pk": Max("pk")}
        if any(f.name == "updated_at" for f in meta.concrete_fields):
            aggregates["updated_at"] = Max("updated_at")
        state[meta.label] = model._base_manager.aggregate(**aggregates)
    return state


def row(target) -> dict | None:
    model, pk = target
    return model._base_manager.filter(pk=pk).values().first()


def changed_tables(before: dict, after: dict) -> dict:
    return {
        label: (before[label], after.get(label))
        for label in before
        if before[label] != after.get(label)
    }


# Cases -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One endpoint × one id. `hidden(w)` is the id the caller may not see; `args`,
    `body` and `query` build the request naming `x` (that id, or UNKNOWN) in its place.
    `covers` names what of the operation the row checks: `path:<param>`, `body:<field>`
    (`parties[].client_id` for a field of a list's items). `right`: a profile without it
    is refused by that right (403 `right_required:<right>`). `target`: the row a refused
    write must leave as it was."""

    id: str
    method: str
    path: str
    covers: tuple[str, ...]
    hidden: Callable[[World], int]
    args: Callable[[World, int], dict] = field(default=lambda w, x: {})
    body: Callable[[World, int], Any] | None = None
    query: Callable[[World, int], dict] | None = None
    right: str | None = None
    target: Callable[[World], tuple] | None = None

    def url(self, w: World, x: int) -> str:
        url = "/api/v1" + self.path.format(**self.args(w, x))
        if self.query is not None:
            url += "?" + urlencode(self.query(w, x))
        return url

    def call(self, w: World, x: int):
        method = getattr(w.api, self.method.lower())
        if self.body is None:
            return method(self.url(w, x))
        return method(self.url(w, x), json.dumps(self.body(w, x)), content_type="application/json")


def matter_body(parties, **extra) -> dict:
    return {"title": "Dossier U4", "opened_on": OPENED_ON.isoformat(), "parties": parties, **extra}


def client_party(client) -> dict:
    return {"client_id": client.pk, "role": "client", "is_active": True}


RECEIPT = {
    "number": "Q-1",
    "period_start": OPENED_ON,
    "period_end": OPENED_ON + datetime.timedelta(days=89),
    "due_date": OPENED_ON,
    "accounting_date": OPENED_ON,
    "amount": Decimal("250.00"),
}
CLAIM = {"number": "S-1", "loss_date": OPENED_ON, "reported_date": OPENED_ON}
RECEIPT_JSON = {k: str(v) for k, v in RECEIPT.items()}
CLAIM_JSON = {k: str(v) for k, v in CLAIM.items()}
CONTRACT_JSON = {"number": "U4-1", "insurer": "Generali", "start_date": OPENED_ON.isoformat()}
FEE = {"kind": "fee", "date": "2024-02-01", "description": "Consultation", "amount": "100.00"}
CONNEXITY = {"label": "filiale de", "inverse_label": "mère de", "start_date": "2024-03-01"}

# Ids in a request BODY: the hidden id is answered exactly as an unknown one.
BODY_CASES = [
    Case(
        "portal-user-create-client_id",
        "POST",
        "/portal-users",
        ("body:client_id",),
        hidden=lambda w: w.hidden.pk,
        body=lambda w, x: {"client_id": x, "email": "u4@web.test", "name": "U4"},
        right="manage_portal",
    ),
    Case(
        "contract-create-client_id",
        "POST",
        "/contracts",
        ("body:client_id",),
        hidden=lambda w: w.hidden.pk,
        body=lambda w, x: {"client_id": x, **CONTRACT_JSON},
    ),
    Case(
        "claim-create-contract_id",
        "POST",
        "/claims",
        ("body:contract_id",),
        hidden=lambda w: w.hidden_contract.pk,
        body=lambda w, x: {"contract_id": x, **CLAIM_JSON, "number": "S-U4"},
    ),
    Case(
        "client-create-attached_to_id",
        "POST",
        "/clients",
        ("body:attached_to_id",),
        hidden=lambda w: w.hidden.pk,
        body=lambda w, x: {"kind": "company", "name": "Nouvelle SARL", "attached_to_id": x},
    ),
    Case(
        "client-update-attached_to_id",
        "PATCH",
        "/clients/{client_id}",
        ("body:attached_to_id",),
        hidden=lambda w: w.hidden.pk,
        args=lambda w, x: {"client_id": w.visible.pk},
        body=lambda w, x: {"attached_to_id": x},
        target=lambda w: (Client, w.visible.pk),
    ),
    Case(
        "connexity-create-other_client_id",
        "POST",
        "/clients/{client_id}/connexities",
        ("body:other_client_id",),
        hidden=lambda w: w.hidden.pk,
        args=lambda w, x: {"client_id": w.visible.pk},
        body=lambda w, x: {"other_client_id": x, **CONNEXITY},
    ),
    Case(
        "connexity-update-other_client_id",
        "PATCH",
        "/clients/{client_id}/connexities/{connexity_id}",
        ("body:other_client_id",),
        hidden=lambda w: w.hidden.pk,
        args=lambda w, x: {"client_id": w.visible.pk, "connexity_id": w.visible_connexity.pk},
        body=lambda w, x: {"other_client_id": x},
        target=lambda w: (Connexity, w.visible_connexity.pk),
    ),
    Case(
        "group-create-representative_client_id",
        "POST",
        "/groups",
        ("body:representative_client_id",),
        hidden=lambda w: w.hidden.pk,
        body=lambda w, x: {"name": "Groupe Neuf", "representative_client_id": x},
    ),
    Case(
        "group-update-representative_client_id",
        "PATCH",
        "/groups/{group_id}",
        ("body:representative_client_id",),
        hidden=lambda w: w.hidden.pk,
        args=lambda w, x: {"group_id": w.group.pk},
        body=lambda w, x: {"representative_client_id": x},
        target=lambda w: (Group, w.group.pk),
    ),
    Case(
        "membership-set-parent_client_id",
        "PUT",
        "/clients/{client_id}/group",
        ("body:parent_client_id",),
        hidden=lambda w: w.hidden.pk,
        args=lambda w, x: {"client_id": w.visible.pk},
        body=lambda w, x: {"group_id": w.group.pk, "parent_client_id": x, "is_seat": False},
        target=lambda w: (GroupMembership, w.membership_visible.pk),
    ),
    Case(
        "group-move-client_id",
        "POST",
        "/groups/{group_id}/move",
        ("body:client_id",),
        hidden=lambda w: w.hidden.pk,
        args=lambda w, x: {"group_id": w.group.pk},
        body=lambda w, x: {"client_id": x, "parent_client_id": w.visible.pk},
        target=lambda w: (GroupMembership, w.membership_hidden.pk),
    ),
    Case(
        "group-move-parent_client_id",
        "POST",
        "/groups/{group_id}/move",
        ("body:parent_client_id",),
        hidden=lambda w: w.hidden.pk,
        args=lambda w, x: {"group_id": w.group.pk},
        body=lambda w, x: {"client_id": w.visible.pk, "parent_client_id": x},
        target=lambda w: (GroupMembership, w.membership_visible.pk),
    ),
    Case(
        "group-seat-client_id",
        "POST",
        "/groups/{group_id}/seat",
        ("body:client_id",),
        hidden=lambda w: w.hidden.pk,
        args=lambda w, x: {"group_id": w.group.pk},
        body=lambda w, x: {"client_id": x, "is_seat": True},
        target=lambda w: (GroupMembership, w.membership_hidden.pk),
    ),
    Case(
        "matter-create-parties-client_id",
        "POST",
        "/matters",
        ("body:parties[].client_id",),
        hidden=lambda w: w.hidden.pk,
        body=lambda w, x: matter_body([{"client_id": x, "role": "client", "is_active": True}]),
    ),
    Case(
        "matter-create-parties-client_id-adverse",
        "POST",
        "/matters",
        ("body:parties[].client_id",),
        hidden=lambda w: w.hidden.pk,
        body=lambda w, x: matter_body(
            [client_party(w.visible), {"client_id": x, "role": "adverse", "is_active": True}]
        ),
    ),
    Case(
        "matter-create-parties-contact_id",
        "POST",
        "/matters",
        ("body:parties[].contact_id",),
        hidden=lambda w: w.hidden_contact.pk,
        body=lambda w, x: matter_body(
            [
                client_party(w.visible),
                {"role": "linked_contact", "contact_id": x, "linked_party_id": UNKNOWN - 1},
            ]
        ),
    ),
    Case(
        "matter-create-parties-linked_party_id",
        "POST",
        "/matters",
        ("body:parties[].linked_party_id",),
        hidden=lambda w: w.hidden_party.pk,
        body=lambda w, x: matter_body(
            [
                client_party(w.visible),
                {
                    "role": "linked_contact",
                    "contact_id": w.visible_contact.pk,
                    "linked_party_id": x,
                },
            ]
        ),
    ),
    Case(
        "matter-create-intervenant_ids-other-user",
        "POST",
        "/matters",
        ("body:intervenant_ids",),
        hidden=lambda w: w.partner.pk,
        body=lambda w, x: matter_body([client_party(w.visible)], intervenant_ids=[x]),
        right="all_matters",
    ),
    Case(
        "matter-create-intervenant_ids-inactive-user",
        "POST",
        "/matters",
        ("body:intervenant_ids",),
        hidden=lambda w: w.inactive_user.pk,
        body=lambda w, x: matter_body([client_party(w.visible)], intervenant_ids=[x]),
    ),
    Case(
        "party-add-client_id",
        "POST",
        "/matters/{matter_id}/parties",
        ("body:client_id",),
        hidden=lambda w: w.hidden.pk,
        args=lambda w, x: {"matter_id": w.matter.pk},
        body=lambda w, x: {"client_id": x, "role": "adverse", "is_active": True},
    ),
    Case(
        "party-add-contact_id",
        "POST",
        "/matters/{matter_id}/parties",
        ("body:contact_id",),
        hidden=lambda w: w.hidden_contact.pk,
        args=lambda w, x: {"matter_id": w.matter.pk},
        body=lambda w, x: {
            "role": "linked_contact",
            "contact_id": x,
            "linked_party_id": w.matter_party.pk,
        },
    ),
    Case(
        "party-add-linked_party_id",
        "POST",
        "/matters/{matter_id}/parties",
        ("body:linked_party_id",),
        hidden=lambda w: w.hidden_party.pk,
        args=lambda w, x: {"matter_id": w.matter.pk},
        body=lambda w, x: {
            "role": "linked_contact",
            "contact_id": w.visible_contact.pk,
            "linked_party_id": x,
        },
    ),
    Case(
        "intervenant-add-user_id-other-user",
        "POST",
        "/matters/{matter_id}/intervenants",
        ("body:user_id",),
        hidden=lambda w: w.partner.pk,
        args=lambda w, x: {"matter_id": w.matter.pk},
        body=lambda w, x: {"user_id": x},
        right="all_matters",
    ),
    Case(
        "intervenant-add-user_id-inactive-user",
        "POST",
        "/matters/{matter_id}/intervenants",
        ("body:user_id",),
        hidden=lambda w: w.inactive_user.pk,
        args=lambda w, x: {"matter_id": w.matter.pk},
        body=lambda w, x: {"user_id": x},
        right="all_matters",
    ),
    Case(
        "activity-create-client_id",
        "POST",
        "/matters/{matter_id}/activities",
        ("body:client_id",),
        hidden=lambda w: w.hidden.pk,
        args=lambda w, x: {"matter_id": w.matter.pk},
        body=lambda w, x: {**FEE, "client_id": x},
    ),
    Case(
        "activity-update-client_id",
        "PATCH",
        "/matters/{matter_id}/activities/{activity_id}",
        ("body:client_id",),
        hidden=lambda w: w.hidden.pk,
        args=lambda w, x: {"matter_id": w.matter.pk, "activity_id": w.activity.pk},
        body=lambda w, x: {"client_id": x},
        target=lambda w: (Activity, w.activity.pk),
    ),
    Case(
        "transfer-activity_ids",
        "POST",
        "/activities/transfer",
        ("body:activity_ids",),
        hidden=lambda w: w.hidden_activity.pk,
        body=lambda w, x: {"activity_ids": [w.activity2.pk, x], "target_matter_id": w.matter.pk},
        target=lambda w: (Activity, w.activity2.pk),
    ),
    Case(
        "transfer-target_matter_id",
        "POST",
        "/activities/transfer",
        ("body:target_matter_id",),
        hidden=lambda w: w.hidden_matter.pk,
        body=lambda w, x: {"activity_ids": [w.activity2.pk], "target_matter_id": x},
        target=lambda w: (Activity, w.activity2.pk),
    ),
    Case(
        "split-put-client_id",
        "PUT",
        "/matters/{matter_id}/split",
        ("body:[].client_id",),
        hidden=lambda w: w.hidden.pk,
        args=lambda w, x: {"matter_id": w.matter.pk},
        body=lambda w, x: [
            {"client_id": w.visible.pk, "share": "50.00"},
            {"client_id": x, "share": "50.00"},
        ],
    ),
]


def _path_case(id_, method, path, hidden, param, *, more=None, **kwargs) -> Case:
    more = more or {}

    def args(w, x):
        return {param: x, **{k: f(w) for k, f in more.items()}}

    return Case(id_, method, path, (f"path:{param}",), hidden=hidden, args=args, **kwargs)


def _history_case(model: str, hidden) -> Case:
    return Case(
        f"history-{model}",
        "GET",
        "/history",
        (),
        hidden=hidden,
        query=lambda w, x: {"model": model, "id": x},
    )


H_CLIENT = lambda w: w.hidden.pk  # noqa: E731
H_MATTER = lambda w: w.hidden_matter.pk  # noqa: E731
H_PROFORMA = lambda w: w.hidden_proforma.pk  # noqa: E731
H_INVOICE = lambda w: w.hidden_invoice.pk  # noqa: E731
H_CREDIT_NOTE = lambda w: w.hidden_credit_note.pk  # noqa: E731
C = "/clients/{client_id}"
M = "/matters/{matter_id}"

H_CONTRACT = lambda w: w.hidden_contract.pk  # noqa: E731
K = "/contracts/{contract_id}"

H_WEB_USER = lambda w: w.hidden_web_user.pk  # noqa: E731
W = "/portal-users/{portal_user_id}"

# Ids in the PATH: 404 when unknown, 403 when hidden (children are the hidden parent's).
PATH_CASES = [
    _path_case("portal-user-get", "GET", W, H_WEB_USER, "portal_user_id"),
    _path_case(
        "portal-user-update",
        "PATCH",
        W,
        H_WEB_USER,
        "portal_user_id",
        body=lambda w, x: {"is_active": False},
        right="manage_portal",
        target=lambda w: (PortalUser, w.hidden_web_user.pk),
    ),
    _path_case(
        "portal-user-invite",
        "POST",
        W + "/invite",
        H_WEB_USER,
        "portal_user_id",
        right="manage_portal",
    ),
    _path_case(
        "portal-user-delete", "DELETE", W, H_WEB_USER, "portal_user_id", right="manage_portal"
    ),
    _path_case("client-web-users", "GET", C + "/web-users", H_CLIENT, "client_id"),
    _path_case("contract-get", "GET", K, H_CONTRACT, "contract_id"),
    _path_case(
        "contract-update",
        "PATCH",
        K,
        H_CONTRACT,
        "contract_id",
        body=lambda w, x: {"product": "Flotte automobile"},
        target=lambda w: (Contract, w.hidden_contract.pk),
    ),
    _path_case("contract-delete", "DELETE", K, H_CONTRACT, "contract_id"),
    _path_case(
        "receipt-create",
        "POST",
        K + "/premium-receipts",
        H_CONTRACT,
        "contract_id",
        body=lambda w, x: {**RECEIPT_JSON, "number": "Q-U4"},
    ),
    _path_case(
        "receipt-get",
        "GET",
        "/premium-receipts/{receipt_id}",
        lambda w: w.hidden_receipt.pk,
        "receipt_id",
    ),
    _path_case(
        "receipt-update",
        "PATCH",
        "/premium-receipts/{receipt_id}",
        lambda w: w.hidden_receipt.pk,
        "receipt_id",
        body=lambda w, x: {"status": "paid"},
        target=lambda w: (PremiumReceipt, w.hidden_receipt.pk),
    ),
    _path_case("claim-get", "GET", "/claims/{claim_id}", lambda w: w.hidden_claim.pk, "claim_id"),
    _path_case(
        "claim-update",
        "PATCH",
        "/claims/{claim_id}",
        lambda w: w.hidden_claim.pk,
        "claim_id",
        body=lambda w, x: {"reserve_amount": "1000.00"},
        target=lambda w: (Claim, w.hidden_claim.pk),
    ),
    _path_case("client-contracts", "GET", C + "/contracts", H_CLIENT, "client_id"),
    _path_case("client-receipts", "GET", C + "/premium-receipts", H_CLIENT, "client_id"),
    _path_case("client-claims", "GET", C + "/claims", H_CLIENT, "client_id"),
    _path_case("client-get", "GET", C, H_CLIENT, "client_id"),
    _path_case(
        "client-update",
        "PATCH",
        C,
        H_CLIENT,
        "client_id",
        body=lambda w, x: {"city": "Brest"},
        target=lambda w: (Client, w.hidden.pk),
    ),
    _path_case(
        "alias-create",
        "POST",
        C + "/aliases",
        H_CLIENT,
        "client_id",
        body=lambda w, x: {"value": "SIGLE"},
    ),
    _path_case(
        "alias-delete",
        "DELETE",
        C + "/aliases/{alias_id}",
        H_CLIENT,
        "client_id",
        more={"alias_id": lambda w: w.hidden_alias_id},
    ),
    _path_case("contact-list", "GET", C + "/contacts", H_CLIENT, "client_id"),
    _path_case(
        "contact-create",
        "POST",
        C + "/contacts",
        H_CLIENT,
        "client_id",
        body=lambda w, x: {"last_name": "Martin"},
    ),
    _path_case(
        "contact-update",
        "PATCH",
        C + "/contacts/{contact_id}",
        H_CLIENT,
        "client_id",
        more={"contact_id": lambda w: w.hidden_contact.pk},
        body=lambda w, x: {"role": "Gérant"},
        target=lambda w: (Contact, w.hidden_contact.pk),
    ),
    _path_case("recipient-list", "GET", C + "/recipients", H_CLIENT, "client_id"),
    _path_case(
        "connexity-create",
        "POST",
        C + "/connexities",
        H_CLIENT,
        "client_id",
        body=lambda w, x: {"other_client_id": w.visible.pk, **CONNEXITY},
    ),
    _path_case("connexity-list", "GET", C + "/connexities", H_CLIENT, "client_id"),
    _path_case(
        "connexity-update",
        "PATCH",
        C + "/connexities/{connexity_id}",
        H_CLIENT,
        "client_id",
        more={"connexity_id": lambda w: w.hidden_connexity.pk},
        body=lambda w, x: {"label": "associée de"},
        target=lambda w: (Connexity, w.hidden_connexity.pk),
    ),
    _path_case(
        "connexity-delete",
        "DELETE",
        C + "/connexities/{connexity_id}",
        H_CLIENT,
        "client_id",
        more={"connexity_id": lambda w: w.hidden_connexity.pk},
    ),
    _path_case(
        "membership-set",
        "PUT",
        C + "/group",
        H_CLIENT,
        "client_id",
        body=lambda w, x: {"group_id": w.group.pk, "parent_client_id": None, "is_seat": True},
        target=lambda w: (GroupMembership, w.membership_hidden.pk),
    ),
    _path_case("membership-remove", "DELETE", C + "/group", H_CLIENT, "client_id"),
    _path_case("client-matters", "GET", C + "/matters", H_CLIENT, "client_id"),
    # A closed matter: M6 lets a user who may add himself find (and join) open matters.
    _path_case("matter-get", "GET", M, lambda w: w.closed_hidden_matter.pk, "matter_id"),
    _path_case(
        "matter-update",
        "PATCH",
        M,
        H_MATTER,
        "matter_id",
        body=lambda w, x: {"title": "Renommé"},
        target=lambda w: (Matter, w.hidden_matter.pk),
    ),
    _path_case("matter-delete", "DELETE", M, H_MATTER, "matter_id", right="delete_matters"),
    _path_case(
        "party-add",
        "POST",
        M + "/parties",
        H_MATTER,
        "matter_id",
        body=lambda w, x: {"client_id": w.visible.pk, "role": "adverse", "is_active": True},
    ),
    _path_case(
        "party-update",
        "PATCH",
        M + "/parties/{party_id}",
        H_MATTER,
        "matter_id",
        more={"party_id": lambda w: w.hidden_party.pk},
        body=lambda w, x: {"is_active": False},
        target=lambda w: (MatterParty, w.hidden_party.pk),
    ),
    _path_case(
        "party-delete",
        "DELETE",
        M + "/parties/{party_id}",
        H_MATTER,
        "matter_id",
        more={"party_id": lambda w: w.hidden_party.pk},
    ),
    # Adding himself: a closed matter, which M6 does not let him join.
    _path_case(
        "intervenant-add-self",
        "POST",
        M + "/intervenants",
        lambda w: w.closed_hidden_matter.pk,
        "matter_id",
        body=lambda w, x: {},
    ),
    _path_case(
        "intervenant-remove",
        "DELETE",
        M + "/intervenants/{user_id}",
        H_MATTER,
        "matter_id",
        more={"user_id": lambda w: w.partner.pk},
    ),
    _path_case(
        "activity-create",
        "POST",
        M + "/activities",
        H_MATTER,
        "matter_id",
        body=lambda w, x: FEE,
    ),
    _path_case("activity-list", "GET", M + "/activities", H_MATTER, "matter_id"),
    _path_case(
        "activity-update",
        "PATCH",
        M + "/activities/{activity_id}",
        H_MATTER,
        "matter_id",
        more={"activity_id": lambda w: w.hidden_activity.pk},
        body=lambda w, x: {"description": "Autre"},
        target=lambda w: (Activity, w.hidden_activity.pk),
    ),
    _path_case(
        "activity-delete",
        "DELETE",
        M + "/activities/{activity_id}",
        H_MATTER,
        "matter_id",
        more={"activity_id": lambda w: w.hidden_activity.pk},
    ),
    *(
        _path_case(
            f"activity-write-off-{method.lower()}",
            method,
            M + "/activities/{activity_id}/write-off",
            H_MATTER,
            "matter_id",
            more={"activity_id": lambda w: w.hidden_activity.pk},
            target=lambda w: (Activity, w.hidden_activity.pk),
            right="bill",
        )
        for method in ("POST", "DELETE")
    ),
    _path_case("split-get", "GET", M + "/split", H_MATTER, "matter_id"),
    _path_case(
        "split-put",
        "PUT",
        M + "/split",
        H_MATTER,
        "matter_id",
        body=lambda w, x: [{"client_id": w.hidden.pk, "share": "100.00"}],
        right="bill",
    ),
    _path_case("allocation-get", "GET", M + "/allocation", H_MATTER, "matter_id"),
    _path_case("proformas-create", "POST", M + "/proformas", H_MATTER, "matter_id", right="bill"),
    _path_case("proformas-list", "GET", M + "/proformas", H_MATTER, "matter_id"),
    _path_case("proforma-get", "GET", "/proformas/{proforma_id}", H_PROFORMA, "proforma_id"),
    _path_case(
        "proforma-delete",
        "DELETE",
        "/proformas/{proforma_id}",
        H_PROFORMA,
        "proforma_id",
        right="bill",
    ),
    _path_case(
        "proforma-line-delete",
        "DELETE",
        "/proformas/{proforma_id}/lines/{line_id}",
        H_PROFORMA,
        "proforma_id",
        more={"line_id": lambda w: w.hidden_line_id},
        right="bill",
    ),
    _path_case(
        "proforma-finalize",
        "POST",
        "/proformas/{proforma_id}/finalize",
        H_PROFORMA,
        "proforma_id",
        right="bill",
    ),
    _path_case("proforma-pdf", "GET", "/proformas/{proforma_id}/pdf", H_PROFORMA, "proforma_id"),
    _path_case("invoice-get", "GET", "/invoices/{invoice_id}", H_INVOICE, "invoice_id"),
    _path_case("invoice-pdf", "GET", "/invoices/{invoice_id}/pdf", H_INVOICE, "invoice_id"),
    _path_case(
        "credit-note-create",
        "POST",
        "/invoices/{invoice_id}/credit-note",
        H_INVOICE,
        "invoice_id",
        right="bill",
    ),
    _path_case(
        "credit-note-get", "GET", "/credit-notes/{credit_note_id}", H_CREDIT_NOTE, "credit_note_id"
    ),
    _path_case(
        "credit-note-pdf",
        "GET",
        "/credit-notes/{credit_note_id}/pdf",
        H_CREDIT_NOTE,
        "credit_note_id",
    ),
    # The history names its object in the query (U3): read like a path id.
    _history_case("client", H_CLIENT),
    _history_case("contact", lambda w: w.hidden_contact.pk),
    _history_case("connexity", lambda w: w.hidden_connexity.pk),
    _history_case("matter", H_MATTER),
    _history_case("party", lambda w: w.hidden_party.pk),
    _history_case("activity", lambda w: w.hidden_activity.pk),
    _history_case("proforma", H_PROFORMA),
    _history_case("invoice", H_INVOICE),
]

# A child id in the PATH under a parent the caller sees, naming a child of a hidden
# parent: it is no child of this parent, answered exactly as an unknown child.
CHILD_CASES = [
    _path_case(
        "alias-delete-hidden-alias",
        "DELETE",
        C + "/aliases/{alias_id}",
        lambda w: w.hidden_alias_id,
        "alias_id",
        more={"client_id": lambda w: w.visible.pk},
    ),
    _path_case(
        "contact-update-hidden-contact",
        "PATCH",
        C + "/contacts/{contact_id}",
        lambda w: w.hidden_contact.pk,
        "contact_id",
        more={"client_id": lambda w: w.visible.pk},
        body=lambda w, x: {"role": "Gérant"},
        target=lambda w: (Contact, w.hidden_contact.pk),
    ),
    _path_case(
        "connexity-update-hidden-connexity",
        "PATCH",
        C + "/connexities/{connexity_id}",
        lambda w: w.hidden_connexity.pk,
        "connexity_id",
        more={"client_id": lambda w: w.visible.pk},
        body=lambda w, x: {"label": "associée de"},
        target=lambda w: (Connexity, w.hidden_connexity.pk),
    ),
    _path_case(
        "connexity-delete-hidden-connexity",
        "DELETE",
        C + "/connexities/{connexity_id}",
        lambda w: w.hidden_connexity.pk,
        "connexity_id",
        more={"client_id": lambda w: w.visible.pk},
    ),
    _path_case(
        "party-update-hidden-party",
        "PATCH",
        M + "/parties/{party_id}",
        lambda w: w.hidden_party.pk,
        "party_id",
        more={"matter_id": lambda w: w.matter.pk},
        body=lambda w, x: {"is_active": False},
        target=lambda w: (MatterParty, w.hidden_party.pk),
    ),
    _path_case(
        "party-delete-hidden-party",
        "DELETE",
        M + "/parties/{party_id}",
        lambda w: w.hidden_party.pk,
        "party_id",
        more={"matter_id": lambda w: w.matter.pk},
    ),
    _path_case(
        "intervenant-remove-other-user",
        "DELETE",
        M + "/intervenants/{user_id}",
        lambda w: w.partner.pk,
        "user_id",
        more={"matter_id": lambda w: w.matter.pk},
        right="all_matters",
    ),
    _path_case(
        "activity-update-hidden-activity",
        "PATCH",
        M + "/activities/{activity_id}",
        lambda w: w.hidden_activity.pk,
        "activity_id",
        more={"matter_id": lambda w: w.matter.pk},
        body=lambda w, x: {"description": "Autre"},
        target=lambda w: (Activity, w.hidden_activity.pk),
    ),
    _path_case(
        "activity-delete-hidden-activity",
        "DELETE",
        M + "/activities/{activity_id}",
        lambda w: w.hidden_activity.pk,
        "activity_id",
        more={"matter_id": lambda w: w.matter.pk},
    ),
    *(
        _path_case(
            f"activity-write-off-{method.lower()}-hidden-activity",
            method,
            M + "/activities/{activity_id}/write-off",
            lambda w: w.hidden_activity.pk,
            "activity_id",
            more={"matter_id": lambda w: w.matter.pk},
            target=lambda w: (Activity, w.hidden_activity.pk),
            right="bill",
        )
        for method in ("POST", "DELETE")
    ),
    _path_case(
        "proforma-line-delete-hidden-line",
        "DELETE",
        "/proformas/{proforma_id}/lines/{line_id}",
        lambda w: w.hidden_line_id,
        "line_id",
        more={"proforma_id": lambda w: w.proforma.pk},
    ),
]

WRITE_CASES = [
    *(pytest.param(c, id=f"body-{c.id}") for c in BODY_CASES),
    *(pytest.param(c, id=f"path-{c.id}") for c in PATH_CASES if c.method != "GET"),
    *(pytest.param(c, id=f"child-{c.id}") for c in CHILD_CASES if c.method != "GET"),
]

# Ids the guard does not ask a row for, each with its reason.
NOT_ACCESS_CONTROLLED = {
    ("*", "/portal/", "*"): (
        "the portal's own endpoints answer web users only (a staff login gets 403); what a "
        "web user may name is tested in tests/portal (U2)"
    ),
    ("POST", "/portal-users", "body:group_id"): "groups are firm-wide (G1)",
    ("*", "/auth/", "*"): "authentication: a user's own tokens, nothing of the firm's data",
    ("*", "/groups/{group_id}", "path:group_id"): (
        "groups are firm-wide (G1): every staff user sees every group; the hidden "
        "members they hold are the body-id rows of move, seat and membership"
    ),
    ("PUT", "/clients/{client_id}/group", "body:group_id"): "groups are firm-wide (G1)",
    ("POST", "/groups/{group_id}/merge", "body:source_group_ids"): (
        "groups are firm-wide (G1); merging needs «manage_settings» (G8)"
    ),
    ("*", "/settings/connexity-labels/{label_id}", "path:label_id"): (
        "the relation labels are one firm-wide settings list (R3)"
    ),
}


# Answers ---------------------------------------------------------------------------


def _scrub(text, named: int):
    """The id the request named, echoed in a sentence («Activité introuvable : 42.»), is
    replaced: the caller knows it, echoing it tells nothing."""
    if not isinstance(text, str):
        return text
    return re.sub(rf"(?<![\w.]){named}\b(?!\.\w)", "<id>", text)


def answer(response, named: int) -> dict:
    """What a caller can tell from an answer: status, `code`, `detail`, `errors`."""
    out = {"status": response.status_code}
    try:
        body = response.json()
    except ValueError:
        return {**out, "content": response.content[:300]}
    if not isinstance(body, dict) or "code" not in body:
        return {**out, "body": str(body)[:300]}
    out["code"] = body.get("code")
    out["detail"] = _scrub(body.get("detail"), named)
    if body.get("errors") is not None:
        out["errors"] = [
            {"loc": e.get("loc"), "msg": _scrub(e.get("msg"), named)} for e in body["errors"]
        ]
    return out


def lacks(w: World, right: str | None) -> bool:
    return right is not None and not w.user.has_right(right)


def is_right_refusal(got: dict, right: str) -> bool:
    return got["status"] == 403 and got.get("code") == f"right_required:{right}"


def check_as_unknown(case: Case, w: World) -> None:
    unknown = answer(case.call(w, UNKNOWN), UNKNOWN)
    assert unknown["status"] in (403, 404, 409, 422), f"the unknown id itself got {unknown}"
    hidden_id = case.hidden(w)
    hidden = answer(case.call(w, hidden_id), hidden_id)
    if lacks(w, case.right):
        assert is_right_refusal(hidden, case.right), (
            f"expected 403 right_required:{case.right}, got {hidden}"
        )
    assert hidden == unknown, f"hidden id answered {hidden}, unknown id answered {unknown}"


# The tests -------------------------------------------------------------------------


@pytest.mark.parametrize("case", BODY_CASES, ids=lambda c: c.id)
def test_u4_body_id_hidden_is_answered_as_unknown(case, world):
    check_as_unknown(case, world)


@pytest.mark.parametrize("case", CHILD_CASES, ids=lambda c: c.id)
def test_u4_path_child_id_of_a_hidden_parent_is_answered_as_unknown(case, world):
    check_as_unknown(case, world)


@pytest.mark.parametrize("case", PATH_CASES, ids=lambda c: c.id)
def test_u4_path_id_hidden_is_403_unknown_404(case, world):
    unknown = case.call(world, UNKNOWN)
    got = answer(unknown, UNKNOWN)
    if not (lacks(world, case.right) and is_right_refusal(got, case.right)):
        assert got["status"] == 404, f"unknown id: expected 404, got {got}"
    hidden = case.call(world, case.hidden(world))
    got = answer(hidden, case.hidden(world))
    assert got["status"] == 403, f"hidden id: expected 403, got {got}"
    assert set(hidden.json()) <= {"detail", "code", "errors"}, "a refusal shows no data"


@pytest.mark.parametrize("case", WRITE_CASES)
def test_u4_refused_write_changes_nothing(case, world):
    target = case.target(world) if case.target else None
    before, row_before = snapshot(), row(target) if target else None

    case.call(world, UNKNOWN)
    after_unknown = snapshot()
    assert after_unknown == before, f"the unknown id wrote: {changed_tables(before, after_unknown)}"

    response = case.call(world, case.hidden(world))
    after = snapshot()
    assert after == before, (
        f"the hidden id ({response.status_code}) wrote: {changed_tables(before, after)}"
    )
    if target:
        assert row(target) == row_before


# The guard: every operation naming an id has a row ---------------------------------


def _body_id_fields(schema: dict, components: dict, prefix: str = "", seen=()) -> set[str]:
    """The `*_id` / `*_ids` fields of a request body schema, `parties[].client_id` for a
    field of a list's items, `[].client_id` when the body itself is a list."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return set()
        return _body_id_fields(components[name], components, prefix, (*seen, name))
    found = set()
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, ()):
            found |= _body_id_fields(sub, components, prefix, seen)
    if "items" in schema:
        found |= _body_id_fields(
            schema["items"], components, f"{prefix.removesuffix('.')}[].", seen
        )
    for name, sub in schema.get("properties", {}).items():
        if name.endswith(("_id", "_ids")):
            found.add(f"{prefix}{name}")
        found |= _body_id_fields(sub, components, f"{prefix}{name}.", seen)
    return found


def id_taking_operations(schema: dict) -> set[tuple[str, str, str]]:
    """(METHOD, path under /api/v1, `path:<param>` or `body:<field>`) for every id an
    operation takes in its path or its request body."""
    components = schema.get("components", {}).get("schemas", {})
    found = set()
    for path, operations in schema["paths"].items():
        short = path.removeprefix("/api/v1")
        for method, operation in operations.items():
            if not isinstance(operation, dict) or method.startswith("x-"):
                continue
            for param in re.findall(r"{(\w+)}", short):
                found.add((method.upper(), short, f"path:{param}"))
            content = operation.get("requestBody", {}).get("content", {})
            for media in content.values():
                for name in _body_id_fields(media.get("schema", {}), components):
                    found.add((method.upper(), short, f"body:{name}"))
    return found


def _excluded(key: tuple[str, str, str]) -> bool:
    method, path, what = key
    for (x_method, x_path, x_what), _reason in NOT_ACCESS_CONTROLLED.items():
        if x_method not in ("*", method) or x_what not in ("*", what):
            continue
        if path == x_path or (x_path.endswith("/") and path.startswith(x_path)):
            return True
        if x_path.endswith("}") and path.startswith(x_path):  # the operations under it
            return True
    return False


def covered() -> set[tuple[str, str, str]]:
    return {
        (c.method, c.path, what)
        for c in (*BODY_CASES, *PATH_CASES, *CHILD_CASES)
        for what in c.covers
    }


def test_u4_every_id_taking_operation_has_a_row(api):
    schema = api.get("/api/v1/openapi.json").json()
    operations = id_taking_operations(schema)
    assert operations, "the OpenAPI lists no id-taking operation: is it the right document?"

    missing = sorted(key for key in operations - covered() if not _excluded(key))
    assert not missing, "operations naming an id without a U4 row: " + "; ".join(
        " ".join(key) for key in missing
    )
    stale = sorted(covered() - operations)
    assert not stale, "U4 rows for ids the API no longer takes: " + "; ".join(
        " ".join(key) for key in stale
    )
