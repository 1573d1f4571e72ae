"""U4 (issue 8) on the pages: the forms that post ids answer a hidden id exactly as an
unknown one and write nothing; a hidden record in the address is a 403, an unknown one a
404.

The same world as the API's harness (`tests.core.test_access`): the tested user has a
built-in profile without «see every client»; a partner made what he may not see. A page
answer is compared as its user sees it: the statuses of the redirects followed, the page
it lands on, and the messages and form errors shown there.
"""

from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.test import Client as HttpClient

from cabinet.activities.models import Activity
from cabinet.clients.models import Client, Connexity
from cabinet.groups.models import Group, GroupMembership
from tests.core.test_access import (
    OPENED_ON,
    PROFILES,
    UNKNOWN,
    World,
    _scrub,
    build_world,
    changed_tables,
    row,
    snapshot,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(params=PROFILES)
def world(request, user_with_profile) -> World:
    return build_world(user_with_profile, request.param)


@pytest.fixture
def browser(world) -> HttpClient:
    client = HttpClient()
    client.force_login(world.user)
    return client


# What the user is shown ------------------------------------------------------------


class _ShownErrors(HTMLParser):
    """The text of the messages («messages» framework) and form errors of a page: every
    element with the class `message`, `errorlist` or `form-errors`, or `role="alert"`."""

    CLASSES = {"message", "errorlist", "form-errors"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.capturing_at: int | None = None
        self.current: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        self.depth += 1
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        if self.capturing_at is None and (classes & self.CLASSES or attrs.get("role") == "alert"):
            self.capturing_at = self.depth
            self.current = []

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if self.capturing_at is not None and self.depth == self.capturing_at:
            text = " ".join("".join(self.current).replace("×", " ").split())
            if text:
                self.texts.append(text)
            self.capturing_at = None
        self.depth -= 1

    def handle_data(self, data):
        if self.capturing_at is not None:
            self.current.append(data)


def shown_errors(html: str) -> list[str]:
    parser = _ShownErrors()
    parser.feed(html)
    return parser.texts


def page_answer(response, named: int) -> dict:
    """What the user can tell: each status met (redirects followed), the page he lands
    on, the messages and errors it shows; the id he posted, echoed, is scrubbed."""
    final = response.request["PATH_INFO"]  # the page's own address: never the posted id
    if response.request.get("QUERY_STRING"):
        final += "?" + _scrub(response.request["QUERY_STRING"], named)
    html = response.content.decode("utf-8", errors="replace")
    return {
        "statuses": [status for _, status in response.redirect_chain] + [response.status_code],
        "lands_on": final,
        "shown": [_scrub(text, named) for text in shown_errors(html)],
    }


# Cases -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PageCase:
    """A form post naming `x` (the hidden id, or UNKNOWN). `prepare` readies what the
    post needs (a matter's creation draft) and returns the address to post to, else
    `url(w)` is used. `check` asserts what no table count shows (a creation draft lives
    in the session)."""

    id: str
    data: Callable[[World, int], dict]
    hidden: Callable[[World], int]
    url: Callable[[World], str] | None = None
    prepare: Callable[[HttpClient, World], str] | None = None
    target: Callable[[World], tuple] | None = None
    check: Callable[[HttpClient, World], None] | None = None

    def address(self, browser: HttpClient, w: World) -> str:
        return self.prepare(browser, w) if self.prepare else self.url(w)

    def post(self, browser: HttpClient, url: str, w: World, x: int):
        return browser.post(url, self.data(w, x), follow=True)


def _draft(browser: HttpClient) -> str:
    """A matter creation draft past «1 - Informations»: the address of «2 - Parties»."""
    response = browser.get("/matters/new/")
    step1 = response["Location"]
    info = {"title": "Dossier U4", "type": "", "opened_on": OPENED_ON.isoformat()}
    response = browser.post(step1, info)
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def _draft_with_client(browser: HttpClient, w: World) -> str:
    """A draft with the user's own client as client party: the address of «3 -
    Intervenants»."""
    step2 = _draft(browser)
    response = browser.post(
        step2, {"add_client": w.visible.pk, "new-role": "client", "new-is_active": "on"}
    )
    assert response.status_code == 302, response.content[:500]
    return step2.replace("/2/", "/3/")


def _draft_has_no_hidden_party(browser: HttpClient, w: World) -> None:
    drafts = browser.session.get("matter_drafts", {})
    chosen = {p["client_id"] for draft in drafts.values() for p in draft.get("parties", [])}
    assert w.hidden.pk not in chosen, "the hidden client went into the creation draft"


CONNEXITY = {"label": "filiale de", "inverse_label": "mère de", "start_date": "2024-03-01"}
FEE = {
    "kind": "fee",
    "date": "2024-02-01",
    "description": "Consultation",
    "amount": "100.00",
    "vat_rate": "20",
}

# Ids posted by a form: the hidden id is answered exactly as an unknown one.
BODY_CASES = [
    PageCase(
        "client-attachment-attached_to_id",
        data=lambda w, x: {"attached_to_id": x},
        hidden=lambda w: w.hidden.pk,
        url=lambda w: f"/clients/{w.visible.pk}/attachment/",
        target=lambda w: (Client, w.visible.pk),
    ),
    PageCase(
        "connexity-create-other_client_id",
        data=lambda w, x: {"other_client_id": x, **CONNEXITY},
        hidden=lambda w: w.hidden.pk,
        url=lambda w: f"/clients/{w.visible.pk}/connexities/new/",
    ),
    PageCase(
        "connexity-edit-other_client_id",
        data=lambda w, x: {"other_client_id": x, **CONNEXITY},
        hidden=lambda w: w.hidden.pk,
        url=lambda w: f"/clients/{w.visible.pk}/connexities/{w.visible_connexity.pk}/edit/",
        target=lambda w: (Connexity, w.visible_connexity.pk),
    ),
    PageCase(
        "group-representative-client_id",
        data=lambda w, x: {"client_id": x},
        hidden=lambda w: w.hidden.pk,
        url=lambda w: f"/groups/{w.group.pk}/representative/",
        target=lambda w: (Group, w.group.pk),
    ),
    PageCase(
        "group-member-add-client_id",
        data=lambda w, x: {"client_id": x},
        hidden=lambda w: w.hidden_free.pk,
        url=lambda w: f"/groups/{w.group.pk}/members/",
    ),
    PageCase(
        "group-member-remove-client_id",
        data=lambda w, x: {"client_id": x},
        hidden=lambda w: w.hidden.pk,
        url=lambda w: f"/groups/{w.group.pk}/members/remove/",
        target=lambda w: (GroupMembership, w.membership_hidden.pk),
    ),
    PageCase(
        "group-member-seat-client_id",
        data=lambda w, x: {"client_id": x, "is_seat": "1"},
        hidden=lambda w: w.hidden.pk,
        url=lambda w: f"/groups/{w.group.pk}/members/seat/",
        target=lambda w: (GroupMembership, w.membership_hidden.pk),
    ),
    PageCase(
        "group-member-move-client_id",
        data=lambda w, x: {"client_id": x, "parent_client_id": w.visible.pk},
        hidden=lambda w: w.hidden.pk,
        url=lambda w: f"/groups/{w.group.pk}/members/move/",
        target=lambda w: (GroupMembership, w.membership_hidden.pk),
    ),
    PageCase(
        "group-member-move-parent_client_id",
        data=lambda w, x: {"client_id": w.visible.pk, "parent_client_id": x},
        hidden=lambda w: w.hidden.pk,
        url=lambda w: f"/groups/{w.group.pk}/members/move/",
        target=lambda w: (GroupMembership, w.membership_visible.pk),
    ),
    PageCase(
        "matter-create-step2-add_client",
        data=lambda w, x: {"add_client": x, "new-role": "client", "new-is_active": "on"},
        hidden=lambda w: w.hidden.pk,
        prepare=lambda browser, w: _draft(browser),
        check=_draft_has_no_hidden_party,
    ),
    PageCase(  # M6: naming another user takes «all_matters»; not offered, not taken
        "matter-create-step3-intervenant_ids-other-user",
        data=lambda w, x: {"intervenant_ids": [x]},
        hidden=lambda w: w.partner.pk,
        prepare=_draft_with_client,
    ),
    PageCase(
        "matter-create-step3-intervenant_ids-inactive-user",
        data=lambda w, x: {"intervenant_ids": [x]},
        hidden=lambda w: w.inactive_user.pk,
        prepare=_draft_with_client,
    ),
    PageCase(
        "matter-parties-add_client",
        data=lambda w, x: {"add_client": x, "new-role": "adverse", "new-is_active": "on"},
        hidden=lambda w: w.hidden.pk,
        url=lambda w: f"/matters/{w.matter.pk}/parties/add/",
    ),
    PageCase(
        "matter-parties-linked-contact-contact_client",
        data=lambda w, x: {
            "contact_client": x,
            "linked-contact_id": w.hidden_contact.pk,
            "linked-linked_party_id": w.matter_party.pk,
        },
        hidden=lambda w: w.hidden.pk,
        url=lambda w: f"/matters/{w.matter.pk}/parties/add/",
    ),
    PageCase(
        "matter-parties-linked-contact-contact_id",
        data=lambda w, x: {
            "contact_client": w.visible.pk,
            "linked-contact_id": x,
            "linked-linked_party_id": w.matter_party.pk,
        },
        hidden=lambda w: w.hidden_contact.pk,
        url=lambda w: f"/matters/{w.matter.pk}/parties/add/",
    ),
    PageCase(
        "matter-parties-linked-contact-linked_party_id",
        data=lambda w, x: {
            "contact_client": w.visible.pk,
            "linked-contact_id": w.visible_contact.pk,
            "linked-linked_party_id": x,
        },
        hidden=lambda w: w.hidden_party.pk,
        url=lambda w: f"/matters/{w.matter.pk}/parties/add/",
    ),
    PageCase(
        "matter-intervenant-add-user_id-other-user",
        data=lambda w, x: {"user_id": x},
        hidden=lambda w: w.partner.pk,
        url=lambda w: f"/matters/{w.matter.pk}/intervenants/add/",
    ),  # the missing right «all_matters» refuses, for another user as for no user
    PageCase(
        "activity-create-matter",
        data=lambda w, x: {"matter": x, **FEE},
        hidden=lambda w: w.hidden_matter.pk,
        url=lambda w: "/activities/new/",
    ),
    PageCase(
        "activity-create-client",
        data=lambda w, x: {"matter": w.matter.pk, "client": x, **FEE},
        hidden=lambda w: w.hidden.pk,
        url=lambda w: "/activities/new/",
    ),
    PageCase(
        "activity-edit-client",
        data=lambda w, x: {"client": x, **FEE},
        hidden=lambda w: w.hidden.pk,
        url=lambda w: f"/matters/{w.matter.pk}/activities/{w.activity.pk}/edit/",
        target=lambda w: (Activity, w.activity.pk),
    ),
    PageCase(
        "activity-transfer-target_matter_id",
        data=lambda w, x: {
            "activity_ids": [w.activity2.pk],
            "confirm": "1",
            "target_matter_id": x,
        },
        hidden=lambda w: w.hidden_matter.pk,
        url=lambda w: f"/matters/{w.matter2.pk}/activities/transfer/",
        target=lambda w: (Activity, w.activity2.pk),
    ),
]


def _hidden(w: World) -> int:
    return w.hidden.pk


def _hidden_contract(w: World) -> int:
    return w.hidden_contract.pk


def _hidden_receipt(w: World) -> int:
    return w.hidden_receipt.pk


def _hidden_claim(w: World) -> int:
    return w.hidden_claim.pk


RECEIPT_FORM = {
    "period_start": OPENED_ON.isoformat(),
    "period_end": OPENED_ON.isoformat(),
    "due_date": OPENED_ON.isoformat(),
    "accounting_date": OPENED_ON.isoformat(),
    "amount": "10,00",
    "status": "issued",
}
CLAIM_FORM = {
    "loss_date": OPENED_ON.isoformat(),
    "reported_date": OPENED_ON.isoformat(),
    "status": "open",
}


@dataclass(frozen=True)
class PagePathCase:
    """A page whose address names a record: `url(w, x)` with the hidden record or
    UNKNOWN; POSTed with `data` when given, else read."""

    id: str
    url: Callable[[World, int], str]
    hidden: Callable[[World], int]
    data: Callable[[World], dict] | None = None

    def call(self, browser: HttpClient, w: World, x: int):
        if self.data is None:
            return browser.get(self.url(w, x))
        return browser.post(self.url(w, x), self.data(w))


# Addresses of the same forms naming a hidden record: 403; an unknown one: 404.
PATH_CASES = [
    PagePathCase("client-record", lambda w, x: f"/clients/{x}/", lambda w: w.hidden.pk),
    PagePathCase(
        "client-edit",
        lambda w, x: f"/clients/{x}/edit/",
        lambda w: w.hidden.pk,
        data=lambda w: {"kind": "company", "name": "Renommée", "country": "France"},
    ),
    PagePathCase(
        "client-attachment",
        lambda w, x: f"/clients/{x}/attachment/",
        lambda w: w.hidden.pk,
        data=lambda w: {"attached_to_id": w.visible.pk},
    ),
    PagePathCase(
        "client-connexity-create",
        lambda w, x: f"/clients/{x}/connexities/new/",
        lambda w: w.hidden.pk,
        data=lambda w: {"other_client_id": w.visible.pk, **CONNEXITY},
    ),
    PagePathCase(
        "client-group-set",
        lambda w, x: f"/clients/{x}/group/set/",
        lambda w: w.hidden_free.pk,
        data=lambda w: {"group_id": w.group.pk},
    ),
    PagePathCase(
        "client-group-leave",
        lambda w, x: f"/clients/{x}/group/leave/",
        lambda w: w.hidden.pk,
        data=lambda w: {},
    ),
    # A closed matter: M6 lets a user who may add himself find open matters.
    PagePathCase(
        "matter-record", lambda w, x: f"/matters/{x}/", lambda w: w.closed_hidden_matter.pk
    ),
    PagePathCase(
        "matter-edit",
        lambda w, x: f"/matters/{x}/edit/",
        lambda w: w.hidden_matter.pk,
        data=lambda w: {"title": "Renommé", "opened_on": OPENED_ON.isoformat()},
    ),
    PagePathCase(
        "matter-parties-add",
        lambda w, x: f"/matters/{x}/parties/add/",
        lambda w: w.hidden_matter.pk,
        data=lambda w: {"add_client": w.visible.pk, "new-role": "adverse", "new-is_active": "on"},
    ),
    PagePathCase(
        "matter-activities-transfer",
        lambda w, x: f"/matters/{x}/activities/transfer/",
        lambda w: w.hidden_matter.pk,
        data=lambda w: {
            "activity_ids": [w.hidden_activity.pk],
            "confirm": "1",
            "target_matter_id": w.matter.pk,
        },
    ),
    # «Non facturable» and «Rétablir» (A2) on a hidden matter's activity.
    PagePathCase(
        "activity-write-off",
        lambda w, x: f"/matters/{x}/billing/activities/{w.hidden_activity.pk}/write-off/",
        lambda w: w.hidden_matter.pk,
        data=lambda w: {},
    ),
    PagePathCase(
        "activity-write-off-cancel",
        lambda w, x: f"/matters/{x}/billing/activities/{w.hidden_activity.pk}/write-off/cancel/",
        lambda w: w.hidden_matter.pk,
        data=lambda w: {},
    ),
    # A credit note (A7) is seen through its invoice's matter.
    PagePathCase(
        "credit-note-page", lambda w, x: f"/credit-notes/{x}/", lambda w: w.hidden_credit_note.pk
    ),
    PagePathCase(
        "credit-note-pdf", lambda w, x: f"/credit-notes/{x}/pdf/", lambda w: w.hidden_credit_note.pk
    ),
    # The portfolio (I5): a hidden client's tabs, its contract, receipt and claim pages.
    *(
        PagePathCase(f"client-{tab}", lambda w, x, tab=tab: f"/clients/{x}/{tab}/", _hidden)
        for tab in ("contracts", "premium-receipts", "claims")
    ),
    PagePathCase(
        "client-contracts-export",
        lambda w, x: f"/clients/{x}/contracts/?format=csv",
        _hidden,
    ),
    PagePathCase(
        "contract-create",
        lambda w, x: f"/clients/{x}/contracts/new/",
        _hidden,
        data=lambda w: {
            "insurer": "AXA",
            "number": "X-1",
            "status": "active",
            "start_date": OPENED_ON.isoformat(),
        },
    ),
    PagePathCase("contract-page", lambda w, x: f"/contracts/{x}/", _hidden_contract),
    PagePathCase(
        "contract-edit",
        lambda w, x: f"/contracts/{x}/edit/",
        _hidden_contract,
        data=lambda w: {
            "insurer": "AXA",
            "number": "H-1",
            "status": "terminated",
            "start_date": OPENED_ON.isoformat(),
            "terminated_on": OPENED_ON.isoformat(),
        },
    ),
    PagePathCase(
        "contract-delete",
        lambda w, x: f"/contracts/{x}/delete/",
        _hidden_contract,
        data=lambda w: {},
    ),
    PagePathCase(
        "receipt-create",
        lambda w, x: f"/contracts/{x}/premium-receipts/new/",
        _hidden_contract,
        data=lambda w: {**RECEIPT_FORM, "number": "X-1"},
    ),
    PagePathCase(
        "claim-create",
        lambda w, x: f"/contracts/{x}/claims/new/",
        _hidden_contract,
        data=lambda w: {**CLAIM_FORM, "number": "X-1"},
    ),
    PagePathCase("receipt-page", lambda w, x: f"/premium-receipts/{x}/", _hidden_receipt),
    PagePathCase(
        "receipt-edit",
        lambda w, x: f"/premium-receipts/{x}/edit/",
        _hidden_receipt,
        data=lambda w: {**RECEIPT_FORM, "number": "Q-9", "status": "cancelled"},
    ),
    PagePathCase("claim-page", lambda w, x: f"/claims/{x}/", _hidden_claim),
    PagePathCase(
        "claim-edit",
        lambda w, x: f"/claims/{x}/edit/",
        _hidden_claim,
        data=lambda w: {**CLAIM_FORM, "number": "S-9", "paid_amount": "10"},
    ),
    # Web users (I4): a hidden client's «Web» tab and its creation form; the actions on a
    # hidden client's web user.
    PagePathCase("client-web-users", lambda w, x: f"/clients/{x}/web-users/", _hidden),
    PagePathCase(
        "client-web-user-create",
        lambda w, x: f"/clients/{x}/web-users/",
        _hidden,
        data=lambda w: {"email": "nouveau@cachee.test", "name": "Nouveau"},
    ),
    *(
        PagePathCase(
            f"web-user-{action}",
            lambda w, x, action=action: f"/web-users/{x}/{action}/",
            lambda w: w.hidden_web_user.pk,
            data=lambda w: {},
        )
        for action in ("invite", "suspend", "reactivate", "delete")
    ),
]

WRITE_CASES = [
    *(pytest.param(c, id=f"form-{c.id}") for c in BODY_CASES),
    *(pytest.param(c, id=f"address-{c.id}") for c in PATH_CASES if c.data is not None),
]


# The tests -------------------------------------------------------------------------


@pytest.mark.parametrize("case", BODY_CASES, ids=lambda c: c.id)
def test_u4_page_form_hidden_id_is_answered_as_unknown(case, world, browser):
    url = case.address(browser, world)
    unknown = page_answer(case.post(browser, url, world, UNKNOWN), UNKNOWN)
    assert unknown["statuses"][-1] < 500, f"the unknown id itself got {unknown}"
    assert unknown["shown"], f"the unknown id is refused without a word: {unknown}"
    hidden_id = case.hidden(world)
    hidden = page_answer(case.post(browser, url, world, hidden_id), hidden_id)
    assert hidden == unknown, f"hidden id shown {hidden}, unknown id shown {unknown}"


@pytest.mark.parametrize("case", PATH_CASES, ids=lambda c: c.id)
def test_u4_page_address_hidden_is_403_unknown_404(case, world, browser):
    unknown = case.call(browser, world, UNKNOWN)
    assert unknown.status_code == 404, f"unknown record: expected 404, got {unknown.status_code}"
    hidden = case.call(browser, world, case.hidden(world))
    assert hidden.status_code == 403, f"hidden record: expected 403, got {hidden.status_code}"


@pytest.mark.parametrize("case", WRITE_CASES)
def test_u4_page_refused_post_changes_nothing(case, world, browser):
    if isinstance(case, PageCase):
        url = case.address(browser, world)

        def send(x):
            return case.post(browser, url, world, x)
    else:

        def send(x):
            return case.call(browser, world, x)

    target = case.target(world) if getattr(case, "target", None) else None
    before, row_before = snapshot(), row(target) if target else None

    send(UNKNOWN)
    after_unknown = snapshot()
    assert after_unknown == before, f"the unknown id wrote: {changed_tables(before, after_unknown)}"

    response = send(case.hidden(world))
    after = snapshot()
    assert after == before, (
        f"the hidden id ({response.status_code}) wrote: {changed_tables(before, after)}"
    )
    if target:
        assert row(target) == row_before
    if getattr(case, "check", None):
        case.check(browser, world)
