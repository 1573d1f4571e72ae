"""Groups through HTTP: trees, seats, moves, merges, deletion (G1–G9)."""

import json

import pytest
from django.db import IntegrityError, transaction

from cabinet.clients.models import Client
from cabinet.groups.api import GroupOut
from cabinet.groups.models import Group, GroupMembership
from tests.factories import ClientFactory, ContactFactory

pytestmark = pytest.mark.django_db


def post(api, path, body):
    return api.post(path, json.dumps(body), content_type="application/json")


def put(api, path, body):
    return api.put(path, json.dumps(body), content_type="application/json")


def patch(api, path, body):
    return api.patch(path, json.dumps(body), content_type="application/json")


def new_group(api, name="Groupe Martin", **extra):
    response = post(api, "/api/v1/groups", {"name": name, **extra})
    assert response.status_code == 201, response.content
    return response.json()


def join(api, client, group, parent=None, is_seat=False):
    response = put(
        api,
        f"/api/v1/clients/{client.id}/group",
        {
            "group_id": group["id"],
            "parent_client_id": parent.id if parent else None,
            "is_seat": is_seat,
        },
    )
    assert response.status_code == 200, response.content
    return response.json()


def shape(tree):
    """A tree as nested (number, is_seat, [children]) tuples, easy to compare."""
    return sorted((n["client"]["number"], n["is_seat"], shape(n["children"])) for n in tree)


def test_g1_a_group_has_details_and_a_representative_client(api):
    representative = ClientFactory()
    group = new_group(
        api,
        address="1 rue de la Paix",
        phone="0102030405",
        email="contact@martin.fr",
        representative_client_id=representative.id,
    )
    assert group["representative_client"]["id"] == representative.id
    assert group["member_count"] == 0 and group["tree"] == []
    fetched = api.get(f"/api/v1/groups/{group['id']}").json()
    assert fetched["email"] == "contact@martin.fr"
    changed = patch(api, f"/api/v1/groups/{group['id']}", {"name": "Groupe Martin SA"})
    assert changed.json()["name"] == "Groupe Martin SA"
    listed = api.get("/api/v1/groups").json()
    assert listed["count"] == 1 and listed["items"][0]["member_count"] == 0


def test_g2_a_client_belongs_to_at_most_one_group(api):
    first, second = new_group(api, "Un"), new_group(api, "Deux")
    client = ClientFactory()
    join(api, client, first)
    join(api, client, second)
    assert GroupMembership.objects.filter(client=client).count() == 1
    assert api.get(f"/api/v1/clients/{client.id}").json()["group"] == {
        "id": second["id"],
        "name": "Deux",
    }


def test_g2_the_database_refuses_a_second_membership(api):
    first, second = new_group(api, "Un"), new_group(api, "Deux")
    client = ClientFactory()
    join(api, client, first)
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupMembership.objects.create(group_id=second["id"], client=client)


def test_g3_members_form_a_tree_and_cycles_are_refused(api):
    group = new_group(api)
    holding, branch, leaf = ClientFactory(number="000362"), ClientFactory(), ClientFactory()
    join(api, holding, group)
    join(api, branch, group, parent=holding)
    tree = join(api, leaf, group, parent=branch)["tree"]
    assert shape(tree) == [("000362", False, [(branch.number, False, [(leaf.number, False, [])])])]

    cycle = post(
        api,
        f"/api/v1/groups/{group['id']}/move",
        {"client_id": holding.id, "parent_client_id": leaf.id},
    )
    assert cycle.status_code == 409
    assert cycle.json()["code"] == "tree_cycle"
    itself = post(
        api,
        f"/api/v1/groups/{group['id']}/move",
        {"client_id": holding.id, "parent_client_id": holding.id},
    )
    assert itself.status_code == 409
    after = api.get(f"/api/v1/groups/{group['id']}").json()["tree"]
    assert shape(after) == shape(tree)


def test_g3_move_to_another_parent_or_to_the_root(api):
    group = new_group(api)
    a, b, c = ClientFactory(), ClientFactory(), ClientFactory()
    for client in (a, b, c):
        join(api, client, group)
    moved = post(
        api, f"/api/v1/groups/{group['id']}/move", {"client_id": c.id, "parent_client_id": a.id}
    ).json()
    assert shape(moved["tree"]) == sorted(
        [(a.number, False, [(c.number, False, [])]), (b.number, False, [])]
    )
    root = post(
        api, f"/api/v1/groups/{group['id']}/move", {"client_id": c.id, "parent_client_id": None}
    ).json()
    assert all(not n["children"] for n in root["tree"])


def test_g3_a_parent_outside_the_group_is_refused(api):
    group, other = new_group(api, "Un"), new_group(api, "Deux")
    a, outsider = ClientFactory(), ClientFactory()
    join(api, a, group)
    join(api, outsider, other)
    response = post(
        api,
        f"/api/v1/groups/{group['id']}/move",
        {"client_id": a.id, "parent_client_id": outsider.id},
    )
    assert response.status_code == 422


def test_g4_members_may_be_seats(api):
    group = new_group(api)
    a, b = ClientFactory(), ClientFactory()
    join(api, a, group, is_seat=True)
    join(api, b, group)
    tree = post(
        api, f"/api/v1/groups/{group['id']}/seat", {"client_id": b.id, "is_seat": True}
    ).json()["tree"]
    assert all(n["is_seat"] for n in tree)


def test_g5_a_clients_group_is_chosen_from_its_record(api):
    group = new_group(api)
    client = ClientFactory()
    body = join(api, client, group)
    assert body["member_count"] == 1


def test_g6_removing_a_member_puts_its_children_under_its_parent(api):
    group = new_group(api)
    top, middle, low1, low2 = (ClientFactory() for _ in range(4))
    join(api, top, group)
    join(api, middle, group, parent=top)
    join(api, low1, group, parent=middle)
    join(api, low2, group, parent=middle)
    assert api.delete(f"/api/v1/clients/{middle.id}/group").status_code == 204
    tree = api.get(f"/api/v1/groups/{group['id']}").json()["tree"]
    assert shape(tree) == [
        (top.number, False, sorted([(low1.number, False, []), (low2.number, False, [])]))
    ]


def test_g6_moving_a_member_to_another_group_keeps_the_old_tree_whole(api):
    old, new = new_group(api, "Ancien"), new_group(api, "Nouveau")
    top, middle, low = ClientFactory(), ClientFactory(), ClientFactory()
    join(api, top, old)
    join(api, middle, old, parent=top)
    join(api, low, old, parent=middle)
    join(api, middle, new)
    old_tree = api.get(f"/api/v1/groups/{old['id']}").json()["tree"]
    assert shape(old_tree) == [(top.number, False, [(low.number, False, [])])]


def test_g6_leaving_when_not_in_a_group_is_404(api):
    client = ClientFactory()
    assert api.delete(f"/api/v1/clients/{client.id}/group").status_code == 404


def test_g7_a_group_with_members_cannot_be_deleted(admin_api):
    group = new_group(admin_api)
    for _ in range(3):
        join(admin_api, ClientFactory(), group)
    response = admin_api.delete(f"/api/v1/groups/{group['id']}")
    assert response.status_code == 409
    assert "3 membres" in response.json()["detail"]
    assert Group.objects.filter(pk=group["id"]).exists()


def test_g7_an_empty_group_is_deleted(admin_api):
    group = new_group(admin_api)
    assert admin_api.delete(f"/api/v1/groups/{group['id']}").status_code == 204
    assert admin_api.get(f"/api/v1/groups/{group['id']}").status_code == 404


def test_g8_merge_integrates_each_source_tree_as_it_was(admin_api):
    target, source1, source2 = (new_group(admin_api, n) for n in ("Cible", "Src1", "Src2"))
    t1 = ClientFactory()
    s1_top, s1_child = ClientFactory(), ClientFactory()
    s2 = ClientFactory()
    join(admin_api, t1, target)
    join(admin_api, s1_top, source1, is_seat=True)
    join(admin_api, s1_child, source1, parent=s1_top)
    join(admin_api, s2, source2)
    response = post(
        admin_api,
        f"/api/v1/groups/{target['id']}/merge",
        {"source_group_ids": [source1["id"], source2["id"]]},
    )
    assert response.status_code == 200
    assert shape(response.json()["tree"]) == sorted(
        [
            (t1.number, False, []),
            (s1_top.number, True, [(s1_child.number, False, [])]),
            (s2.number, False, []),
        ]
    )
    assert response.json()["member_count"] == 4
    assert list(Group.objects.values_list("name", flat=True)) == ["Cible"]


@pytest.mark.parametrize("sources,status", [("self", 409), ([999999], 404), ([], 422)])
def test_g8_bad_merges_change_nothing(admin_api, sources, status):
    target, source = new_group(admin_api, "Cible"), new_group(admin_api, "Source")
    join(admin_api, ClientFactory(), source)
    ids = [target["id"]] if sources == "self" else sources
    if sources == [999999]:
        ids = [source["id"], 999999]
    response = post(admin_api, f"/api/v1/groups/{target['id']}/merge", {"source_group_ids": ids})
    assert response.status_code == status
    assert Group.objects.count() == 2
    assert GroupMembership.objects.get().group_id == source["id"]


def test_g8_merge_needs_manage_settings(api):
    target, source = new_group(api, "Cible"), new_group(api, "Source")
    response = post(
        api, f"/api/v1/groups/{target['id']}/merge", {"source_group_ids": [source["id"]]}
    )
    assert response.status_code == 403


def test_g9_group_contacts_appear_for_every_client_of_the_group(api):
    group = new_group(api)
    head, branch, outsider = ClientFactory(), ClientFactory(), ClientFactory()
    join(api, head, group)
    join(api, branch, group, parent=head)
    ContactFactory(client=head, last_name="Commun", is_group_contact=True)
    ContactFactory(client=head, last_name="Privé")
    ContactFactory(client=outsider, last_name="Ailleurs", is_group_contact=True)
    contacts = api.get(f"/api/v1/clients/{branch.id}/contacts").json()["items"]
    assert [(c["last_name"], c["is_group_contact"], c["client"]["id"]) for c in contacts] == [
        ("Commun", True, head.id)
    ]
    recipients = api.get(f"/api/v1/clients/{branch.id}/recipients").json()["items"]
    assert [c["last_name"] for c in recipients] == ["Commun"]


@pytest.mark.parametrize("members", [3, 40])
def test_g9_member_contacts_and_recipients_cost_bounded_queries(
    api, assistant_api, assistant, members, django_assert_max_num_queries
):
    """G9: a member's contacts and recipients, own and group ones, cost the same queries
    whatever the size of its group, for a partner and for a user who opens only it."""
    group = Group.objects.create(name="Groupe Nombreux")
    clients = [ClientFactory(created_by=assistant)] + [ClientFactory() for _ in range(members)]
    for client in clients:
        GroupMembership.objects.create(group=group, client=client)
        ContactFactory(client=client, is_group_contact=True)
        ContactFactory(client=client)
    path = f"/api/v1/clients/{clients[0].id}"

    for caller in (api, assistant_api):
        with django_assert_max_num_queries(6):
            contacts = caller.get(f"{path}/contacts", {"valid_at": "all"})
        with django_assert_max_num_queries(6):
            recipients = caller.get(f"{path}/recipients")

        assert contacts.status_code == 200 and recipients.status_code == 200
        assert contacts.json()["count"] == members + 2
        assert recipients.json()["count"] == members + 2


def test_g9_group_contacts_follow_their_client_on_merge(admin_api):
    target, source = new_group(admin_api, "Cible"), new_group(admin_api, "Source")
    member, newcomer = ClientFactory(), ClientFactory()
    join(admin_api, member, target)
    join(admin_api, newcomer, source)
    ContactFactory(client=newcomer, last_name="Voyageur", is_group_contact=True)
    post(admin_api, f"/api/v1/groups/{target['id']}/merge", {"source_group_ids": [source["id"]]})
    names = [
        c["last_name"]
        for c in admin_api.get(f"/api/v1/clients/{member.id}/contacts").json()["items"]
    ]
    assert names == ["Voyageur"]


@pytest.mark.parametrize(
    "body",
    [
        {"name": ""},
        {"name": "x" * 201},
        {"name": "ok", "email": "nope"},
        {"name": "ok", "representative_client_id": 999999},
        {"name": "a\x00"},
    ],
)
def test_g1_bad_group_bodies_are_422(api, body):
    assert post(api, "/api/v1/groups", body).status_code == 422
    assert Group.objects.count() == 0


def test_g3_group_page_costs_bounded_queries_with_1000_members(api, django_assert_max_num_queries):
    group = Group.objects.create(name="Grand groupe")
    clients = ClientFactory.create_batch(1000)
    roots = GroupMembership.objects.bulk_create(
        GroupMembership(group=group, client=c) for c in clients[:10]
    )
    GroupMembership.objects.bulk_create(
        GroupMembership(group=group, client=c, parent=roots[i % 10], is_seat=i % 7 == 0)
        for i, c in enumerate(clients[10:])
    )
    with django_assert_max_num_queries(6):
        response = api.get(f"/api/v1/groups/{group.id}")
    assert response.status_code == 200
    assert response.json()["member_count"] == 1000
    with django_assert_max_num_queries(8):
        record = api.get(f"/api/v1/clients/{clients[500].id}")
    assert record.status_code == 200


def test_u4_a_large_tree_for_a_user_without_see_every_client(
    assistant_api, assistant, django_assert_max_num_queries
):
    """G3/U4: without «see every client», the same tree, the members the user may not open
    named without their number, for a bounded number of queries whatever its size."""
    group = Group.objects.create(name="Grand groupe")
    clients = ClientFactory.create_batch(300)
    mine = clients[:3]
    Client.objects.filter(pk__in=[c.pk for c in mine]).update(created_by=assistant)
    roots = GroupMembership.objects.bulk_create(
        GroupMembership(group=group, client=c) for c in mine
    )
    GroupMembership.objects.bulk_create(
        GroupMembership(group=group, client=c, parent=roots[i % 3])
        for i, c in enumerate(clients[3:])
    )

    with django_assert_max_num_queries(6):
        response = assistant_api.get(f"/api/v1/groups/{group.id}")

    assert response.status_code == 200
    tree = response.json()["tree"]
    assert {node["client"]["number"] for node in tree} == {c.number for c in mine}
    children = [child["client"] for node in tree for child in node["children"]]
    assert len(children) == 297
    assert all(child["number"] is None and child["display_name"] for child in children)


def test_g1_group_answers_have_the_groupout_shape(admin_api):
    """G1–G8: every answer that is a group (read, created, changed, a member moved, a seat,
    a membership, a merge) has exactly GroupOut's fields, nested nodes included."""
    holding, nord = ClientFactory(name="Holding"), ClientFactory(name="Nord")
    created = post(admin_api, "/api/v1/groups", {"name": "Groupe Martin"})
    group = created.json()
    other = new_group(admin_api, "Groupe Dupont")
    joined = put(admin_api, f"/api/v1/clients/{holding.id}/group", {"group_id": group["id"]})
    put(admin_api, f"/api/v1/clients/{nord.id}/group", {"group_id": other["id"]})

    answers = {
        "created": created,
        "read": admin_api.get(f"/api/v1/groups/{group['id']}"),
        "changed": patch(admin_api, f"/api/v1/groups/{group['id']}", {"city": "Lyon"}),
        "joined": joined,
        "merged": post(
            admin_api, f"/api/v1/groups/{group['id']}/merge", {"source_group_ids": [other["id"]]}
        ),
        "moved": post(
            admin_api,
            f"/api/v1/groups/{group['id']}/move",
            {"client_id": nord.id, "parent_client_id": holding.id},
        ),
        "seat": post(
            admin_api, f"/api/v1/groups/{group['id']}/seat", {"client_id": nord.id, "is_seat": True}
        ),
    }

    assert created.status_code == 201
    for name, response in answers.items():
        assert response.status_code in (200, 201), (name, response.content)
        assert response["Content-Type"].startswith("application/json"), name
        body = response.json()
        assert GroupOut.model_validate(body).model_dump() == body, name
    assert answers["seat"].json()["tree"] == [
        {
            "client": {"id": holding.id, "number": holding.number, "display_name": "Holding"},
            "is_seat": False,
            "children": [
                {
                    "client": {"id": nord.id, "number": nord.number, "display_name": "Nord"},
                    "is_seat": True,
                    "children": [],
                }
            ],
        }
    ]
    assert answers["seat"].json()["member_count"] == 2
