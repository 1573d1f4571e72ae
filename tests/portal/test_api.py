"""The portal over HTTP: web users managed by staff (I4, U5) and what a web user sees
(U2, M8), API.md «Insurance» and «Portal»."""

import json

import pytest

from cabinet.accounts.models import ApiToken, User
from cabinet.groups.models import Group
from cabinet.matters.models import MatterParty
from cabinet.portal.models import PortalUser
from tests.conftest import make_api_client
from tests.factories import ClientFactory
from tests.portal.conftest import PASSWORD, portal_api

pytestmark = pytest.mark.django_db


def post(client, path, body):
    return client.post(f"/api/v1{path}", json.dumps(body), content_type="application/json")


def patch(client, path, body):
    return client.patch(f"/api/v1{path}", json.dumps(body), content_type="application/json")


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


# Staff side: web users (I4, U5) --------------------------------------------------------


def test_i4_web_user_without_password_gets_a_single_use_invitation(
    api, partner, mailoutbox, django_capture_on_commit_callbacks, client
):
    a = ClientFactory(name="Alpha", created_by=partner)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            api,
            "/portal-users",
            {"email": "Camille@Alpha.test", "name": "Camille", "client_id": a.pk},
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["client"]["id"] == a.pk and body["group"] is None
    assert body["is_active"] is True and body["has_password"] is False
    url = body["invite_url"]
    assert url.startswith("http://testserver/portal/invitation/")
    assert len(mailoutbox) == 1 and url in mailoutbox[0].body
    assert mailoutbox[0].to == ["Camille@Alpha.test"]

    path = url.removeprefix("http://testserver")
    form = client.get(path, follow=True)
    assert form.status_code == 200
    chosen = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path,
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert chosen.status_code == 302
    token = post(client, "/auth/token", {"username": "camille@alpha.test", "password": PASSWORD})
    assert token.status_code == 200
    assert client.get(path, follow=True).status_code in (200, 404)
    again = client.get(path, follow=True)
    assert "n'est plus valable" in again.content.decode()


def test_i4_web_user_with_password_logs_in_with_his_email(api, partner):
    a = ClientFactory(created_by=partner)
    body = {"email": "dora@alpha.test", "name": "Dora", "client_id": a.pk, "password": PASSWORD}
    response = post(api, "/portal-users", body)
    assert response.status_code == 201
    assert response.json()["invite_url"] is None
    token = post(api, "/auth/token", {"username": "DORA@alpha.test", "password": PASSWORD})
    assert token.status_code == 200


def test_i4_email_is_one_login_only_across_staff_and_web_users(api, admin_api, partner, pw):
    body = {"name": "Double", "client_id": pw.a.pk}
    for email in (partner.email.upper(), "anne.alpha@ALPHA.test"):
        response = post(api, "/portal-users", {**body, "email": email})
        assert response.status_code == 422, email
        assert response.json()["code"] == "email_taken"
    staff = {"username": "nouveau", "password": PASSWORD, "profile": "assistant"}
    response = post(admin_api, "/users", {**staff, "email": "ANNE.ALPHA@alpha.test"})
    assert response.status_code == 422
    assert response.json()["code"] == "email_taken"
    assert PortalUser.objects.count() == 3
    assert not User.objects.filter(username="nouveau").exists()


def test_i4_managing_web_users_needs_the_manage_portal_right(user_with_profile, pw):
    associate = user_with_profile("associate", username="collab")
    mine = ClientFactory(created_by=associate)
    api = make_api_client(associate)
    body = {"email": "x@mine.test", "name": "X", "client_id": mine.pk}
    response = post(api, "/portal-users", body)
    assert response.status_code == 403
    assert response.json()["code"] == "right_required:manage_portal"
    assert not PortalUser.objects.filter(user__email="x@mine.test").exists()


def test_i4_a_web_user_sees_one_client_or_one_group(api, pw):
    both = {"email": "y@y.test", "name": "Y", "client_id": pw.a.pk, "group_id": pw.group.pk}
    assert post(api, "/portal-users", both).status_code == 422
    neither = {"email": "y@y.test", "name": "Y"}
    assert post(api, "/portal-users", neither).status_code == 422
    unknown = {"email": "y@y.test", "name": "Y", "group_id": 999_999}
    response = post(api, "/portal-users", unknown)
    assert response.status_code == 422 and response.json()["code"] == "unknown_group"
    assert PortalUser.objects.count() == 3


def test_u4_a_hidden_client_is_answered_as_unknown(user_with_profile, pw):
    """U4: staff with «manage_portal» but not «see every client»: a client he may not see
    gets the answer an unknown one gets."""
    from cabinet.accounts.models import Profile

    Profile.objects.create(code="portail", name="Portail", rights=["manage_portal"])
    user = user_with_profile("portail", username="portail-only")
    api = make_api_client(user)
    hidden = post(api, "/portal-users", {"email": "h@h.test", "name": "H", "client_id": pw.a.pk})
    unknown = post(api, "/portal-users", {"email": "h@h.test", "name": "H", "client_id": 999_999})
    assert hidden.status_code == unknown.status_code == 422
    assert hidden.json()["code"] == unknown.json()["code"] == "unknown_client"
    assert api.get(f"/api/v1/portal-users/{pw.wa.pk}").status_code == 403
    assert api.get("/api/v1/portal-users/999999").status_code == 404
    assert api.get(f"/api/v1/clients/{pw.a.pk}/web-users").status_code == 403


def test_i4_web_users_of_a_client_and_of_a_group(api, pw):
    assert ids(api.get(f"/api/v1/clients/{pw.a.pk}/web-users")) == {pw.wa.pk}
    wm = post(
        api,
        "/portal-users",
        {"email": "m@gamma.test", "name": "M", "client_id": pw.member2.pk, "password": PASSWORD},
    ).json()
    response = api.get(f"/api/v1/groups/{pw.group.pk}/web-users")
    assert ids(response) == {pw.wg.pk, wm["id"]}
    scopes = {item["id"]: (item["client"], item["group"]) for item in response.json()["items"]}
    assert scopes[pw.wg.pk][1] == {"id": pw.group.pk, "name": "Groupe Gamma"}
    assert scopes[wm["id"]][0]["id"] == pw.member2.pk


def test_u5_suspension_refuses_every_token_and_session_at_once(api, pw, client):
    web = portal_api(pw.wa)
    client.post("/portal/login/", {"username": "anne.alpha@alpha.test", "password": PASSWORD})
    assert web.get("/api/v1/portal/me").status_code == 200
    assert client.get("/api/v1/portal/me").status_code == 200

    response = patch(api, f"/portal-users/{pw.wa.pk}", {"is_active": False})
    assert response.status_code == 200 and response.json()["is_active"] is False

    assert web.get("/api/v1/portal/me").status_code == 401
    assert web.get("/api/v1/clients").status_code == 401
    assert client.get("/api/v1/portal/me").status_code == 401
    assert client.get("/portal/matters/").status_code == 302
    login = post(client, "/auth/token", {"username": "anne.alpha@alpha.test", "password": PASSWORD})
    assert login.status_code == 401

    patch(api, f"/portal-users/{pw.wa.pk}", {"is_active": True})
    assert web.get("/api/v1/portal/me").status_code == 401  # his old tokens stay revoked
    again = post(client, "/auth/token", {"username": "anne.alpha@alpha.test", "password": PASSWORD})
    assert again.status_code == 200


def test_u5_a_web_user_is_renamed_given_a_password_and_deleted(api, pw, client):
    response = patch(
        api, f"/portal-users/{pw.wb.pk}", {"name": "Bruno B.", "password": "nouveau-mdp-2026"}
    )
    assert response.status_code == 200 and response.json()["name"] == "Bruno B."
    token = post(
        client, "/auth/token", {"username": "bruno@beta.test", "password": "nouveau-mdp-2026"}
    )
    assert token.status_code == 200
    assert patch(api, f"/portal-users/{pw.wb.pk}", {"password": "court"}).status_code == 422

    assert api.delete(f"/api/v1/portal-users/{pw.wb.pk}").status_code == 204
    assert not User.objects.filter(email="bruno@beta.test").exists()
    assert not ApiToken.objects.filter(user__email="bruno@beta.test").exists()
    assert api.get(f"/api/v1/portal-users/{pw.wb.pk}").status_code == 404
    history = api.get(f"/api/v1/history?model=portal_user&id={pw.wb.pk}")
    assert history.status_code == 200
    assert [h["action"] for h in history.json()["items"]][0] == "deleted"


def test_g7_g8_a_groups_web_users_keep_it_and_follow_it_into_a_merge(api, pw, admin_user):
    empty = Group.objects.create(name="Groupe vide")
    post(
        api,
        "/portal-users",
        {"email": "v@v.test", "name": "V", "group_id": empty.pk, "password": PASSWORD},
    )
    response = make_api_client(admin_user).delete(f"/api/v1/groups/{empty.pk}")
    assert response.status_code == 409
    assert response.json()["code"] == "group_has_web_users"
    merged = post(
        make_api_client(admin_user),
        f"/groups/{pw.group.pk}/merge",
        {"source_group_ids": [empty.pk]},
    )
    assert merged.status_code == 200
    assert PortalUser.objects.get(user__email="v@v.test").group_id == pw.group.pk


# Web users' side (U2, M8) --------------------------------------------------------------


def test_u2_portal_me(pw):
    me = portal_api(pw.wa).get("/api/v1/portal/me")
    assert me.status_code == 200
    assert me.json() == {
        "id": pw.wa.pk,
        "email": "Anne.Alpha@alpha.test",
        "name": "Anne Alpha",
        "client": {"id": pw.a.pk, "number": pw.a.number, "display_name": pw.a.display_name},
        "group": None,
    }
    assert portal_api(pw.wg).get("/api/v1/portal/me").json()["group"]["id"] == pw.group.pk


def test_u2_a_clients_web_user_sees_the_matters_shared_with_his_client(pw):
    web = portal_api(pw.wa)
    assert ids(web.get("/api/v1/portal/matters")) == {pw.shared.pk, pw.a_alone.pk}
    for other in (pw.b_alone, pw.a_unshared):
        response = web.get(f"/api/v1/portal/matters/{other.pk}")
        assert response.status_code == 404, other.title
    assert ids(portal_api(pw.wg).get("/api/v1/portal/matters")) == set()


def test_u2_a_multi_client_matter_shows_only_his_clients_invoices(pw):
    response = portal_api(pw.wa).get(f"/api/v1/portal/matters/{pw.shared.pk}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"id", "number", "title", "opened_on", "status", "invoices"}
    assert [i["id"] for i in body["invoices"]] == [pw.invoice_a.pk]
    assert body["invoices"][0]["credit_note"] is None
    theirs = portal_api(pw.wb).get(f"/api/v1/portal/matters/{pw.shared.pk}").json()
    assert [i["id"] for i in theirs["invoices"]] == [pw.invoice_b.pk]
    credited = portal_api(pw.wa).get(f"/api/v1/portal/matters/{pw.a_alone.pk}").json()
    assert credited["invoices"][0]["credit_note"]["id"] == pw.credit_note_a.pk


def test_u2_invoice_and_credit_note_pdfs_only_his_own(pw):
    web = portal_api(pw.wa)
    own = web.get(f"/api/v1/portal/invoices/{pw.invoice_a.pk}/pdf")
    assert own.status_code == 200 and own["Content-Type"] == "application/pdf"
    assert web.get(f"/api/v1/portal/invoices/{pw.invoice_b.pk}/pdf").status_code == 404
    assert web.get("/api/v1/portal/invoices/999999/pdf").status_code == 404
    note = web.get(f"/api/v1/portal/credit-notes/{pw.credit_note_a.pk}/pdf")
    assert note.status_code == 200 and note["Content-Type"] == "application/pdf"
    assert (
        portal_api(pw.wb).get(f"/api/v1/portal/credit-notes/{pw.credit_note_a.pk}/pdf").status_code
        == 404
    )
    assert (
        portal_api(pw.wg).get(f"/api/v1/portal/invoices/{pw.invoice_a.pk}/pdf").status_code == 404
    )


def test_i4_u2_contracts_of_his_client_or_of_every_client_of_his_group(pw):
    assert ids(portal_api(pw.wa).get("/api/v1/portal/contracts")) == {pw.contract_a.pk}
    group = portal_api(pw.wg).get("/api/v1/portal/contracts")
    assert ids(group) == {pw.contract_m1.pk, pw.contract_m2.pk}
    labels = {item["client"]["display_name"] for item in group.json()["items"]}
    assert labels == {pw.member1.display_name, pw.member2.display_name}


def test_u2_contract_detail_with_its_receipts_and_claims_only_his(pw):
    web = portal_api(pw.wa)
    response = web.get(f"/api/v1/portal/contracts/{pw.contract_a.pk}")
    assert response.status_code == 200
    body = response.json()
    assert [r["number"] for r in body["premium_receipts"]] == ["Q-A-1"]
    assert [c["number"] for c in body["claims"]] == ["S-A-1"]
    for other in (pw.contract_b, pw.contract_m1):
        assert web.get(f"/api/v1/portal/contracts/{other.pk}").status_code == 404
    group = portal_api(pw.wg)
    assert group.get(f"/api/v1/portal/contracts/{pw.contract_m2.pk}").status_code == 200
    assert group.get(f"/api/v1/portal/contracts/{pw.contract_a.pk}").status_code == 404


STAFF_ENDPOINTS = [
    "/clients",
    "/matters",
    "/users/me",
    "/invoices",
    "/profiles",
    "/contracts/{contract}",
    "/clients/{client}",
    "/matters/{matter}",
    "/portal-users/{web_user}",
]


@pytest.mark.parametrize("path", STAFF_ENDPOINTS)
def test_u2_a_web_user_gets_403_on_staff_endpoints(pw, path):
    path = path.format(
        contract=pw.contract_a.pk, client=pw.a.pk, matter=pw.shared.pk, web_user=pw.wa.pk
    )
    for web_user in (pw.wa, pw.wg):
        response = portal_api(web_user).get(f"/api/v1{path}")
        assert response.status_code == 403, (path, response.content)
    refused = post(portal_api(pw.wa), "/clients", {"kind": "company", "name": "Intrus"})
    assert refused.status_code == 403


def test_u2_a_staff_login_gets_403_on_portal_endpoints(api, pw):
    assert api.get("/api/v1/portal/me").status_code == 403
    assert api.get("/api/v1/portal/matters").status_code == 403


def test_m8_deactivating_the_client_takes_the_matter_off_his_portal_at_once(api, pw):
    web = portal_api(pw.wa)
    party = MatterParty.objects.get(matter=pw.a_alone, client=pw.a)
    response = patch(api, f"/matters/{pw.a_alone.pk}/parties/{party.pk}", {"is_active": False})
    assert response.status_code == 200 and response.json()["portal_shared"] is False
    assert pw.a_alone.pk not in ids(web.get("/api/v1/portal/matters"))
    assert web.get(f"/api/v1/portal/matters/{pw.a_alone.pk}").status_code == 404

    patch(api, f"/matters/{pw.a_alone.pk}/parties/{party.pk}", {"is_active": True})
    assert pw.a_alone.pk not in ids(web.get("/api/v1/portal/matters"))  # only by hand
    patch(api, f"/matters/{pw.a_alone.pk}/parties/{party.pk}", {"portal_shared": True})
    assert pw.a_alone.pk in ids(web.get("/api/v1/portal/matters"))


def test_u2_portal_reads_cost_a_bounded_number_of_queries(pw, django_assert_max_num_queries):
    web = portal_api(pw.wg)
    with django_assert_max_num_queries(8):
        response = web.get("/api/v1/portal/contracts")
    assert response.status_code == 200
    with django_assert_max_num_queries(10):
        response = web.get(f"/api/v1/portal/contracts/{pw.contract_m1.pk}")
    assert response.status_code == 200
    with django_assert_max_num_queries(10):
        response = portal_api(pw.wa).get(f"/api/v1/portal/matters/{pw.shared.pk}")
    assert response.status_code == 200


def test_u5_a_suspended_web_user_is_not_invited(api, pw):
    patch(api, f"/portal-users/{pw.wa.pk}", {"is_active": False})
    response = api.post(f"/api/v1/portal-users/{pw.wa.pk}/invite")
    assert response.status_code == 409
    assert response.json()["code"] == "portal_user_suspended"
    patch(api, f"/portal-users/{pw.wa.pk}", {"is_active": True})
    invited = api.post(f"/api/v1/portal-users/{pw.wa.pk}/invite")
    assert invited.status_code == 200
    assert invited.json()["invite_url"].startswith("http://testserver/portal/invitation/")


def test_u4_a_groups_web_user_needs_staff_who_see_every_member(user_with_profile, pw):
    """A group's web user sees every member's contracts: staff who may not see them all
    neither create one nor act on one (he would be their window on hidden clients)."""
    from cabinet.accounts.models import Profile

    Profile.objects.create(code="portail", name="Portail", rights=["manage_portal"])
    user = user_with_profile("portail", username="portail-seul")
    api = make_api_client(user)
    body = {"email": "g@g.test", "name": "G", "group_id": pw.group.pk, "password": PASSWORD}
    response = post(api, "/portal-users", body)
    assert response.status_code == 403
    assert response.json()["code"] == "group_members_hidden"
    assert api.get(f"/api/v1/portal-users/{pw.wg.pk}").status_code == 403
    assert (
        patch(api, f"/portal-users/{pw.wg.pk}", {"password": "autre-mdp-2026"}).status_code == 403
    )
    assert not PortalUser.objects.filter(user__email="g@g.test").exists()


def test_i4_an_email_longer_than_a_login_is_refused(api, pw):
    email = "a" * 140 + "@exemple.test"
    response = post(api, "/portal-users", {"email": email, "name": "Long", "client_id": pw.a.pk})
    assert response.status_code == 422
    assert response.json()["code"] == "email_too_long"


def test_u5_a_web_user_logs_out_of_the_api(pw):
    web = portal_api(pw.wa)
    assert web.delete("/api/v1/portal/token").status_code == 204
    assert web.get("/api/v1/portal/me").status_code == 401


def test_u5_a_reactivated_web_user_gets_neither_his_old_sessions_nor_links_back(api, pw, client):
    client.post("/portal/login/", {"username": pw.wa.email, "password": PASSWORD})
    link = post(api, f"/portal-users/{pw.wa.pk}/invite", {}).json()["invite_url"]
    patch(api, f"/portal-users/{pw.wa.pk}", {"is_active": False})
    patch(api, f"/portal-users/{pw.wa.pk}", {"is_active": True})
    assert client.get("/api/v1/portal/me").status_code == 401
    assert client.get(link.removeprefix("http://testserver")).status_code == 404
    client.post("/portal/login/", {"username": pw.wa.email, "password": PASSWORD})
    assert client.get("/api/v1/portal/me").status_code == 200


def test_u5_a_new_password_revokes_the_web_users_tokens(api, pw):
    web = portal_api(pw.wb)
    assert (
        patch(api, f"/portal-users/{pw.wb.pk}", {"password": "encore-un-2026"}).status_code == 200
    )
    assert web.get("/api/v1/portal/me").status_code == 401
