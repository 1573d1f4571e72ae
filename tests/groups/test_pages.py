"""Group pages through real templates: list, group page and its tree, a client record's
«Groupe» field and tab, group contacts (G1–G9)."""

import re

import pytest
from django.test import Client as HttpClient

from cabinet.clients.models import Client
from cabinet.groups import services
from cabinet.groups.models import Group, GroupMembership
from tests.factories import ClientFactory, ContactFactory, PersonFactory, data_builder

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def html_of(response) -> str:
    return response.content.decode()


def new_group(name="Groupe Martin", **fields) -> Group:
    return services.group_create(actor=data_builder(), name=name, **fields)


def join(client, group, parent=None, is_seat=False) -> GroupMembership:
    services.membership_set(
        actor=data_builder(),
        client=client,
        group_id=group.pk,
        parent_client_id=parent.pk if parent else None,
        is_seat=is_seat,
    )
    return GroupMembership.objects.get(client=client)


def parent_of(client) -> Client | None:
    parent = GroupMembership.objects.get(client=client).parent
    return parent.client if parent else None


@pytest.fixture
def martin():
    """Holding (seat) › Filiale Nord › Atelier Lille; Filiale Sud at the root."""
    group = new_group("Groupe Martin", city="Lyon")
    holding = ClientFactory(name="Holding Martin")
    nord = ClientFactory(name="Filiale Nord")
    atelier = ClientFactory(name="Atelier Lille")
    sud = ClientFactory(name="Filiale Sud")
    join(holding, group, is_seat=True)
    join(nord, group, parent=holding)
    join(atelier, group, parent=nord)
    join(sud, group)
    return group, holding, nord, atelier, sud


# Access and navigation -----------------------------------------------------------------


@pytest.mark.parametrize("path", ["/groups/", "/groups/new/", "/groups/1/", "/clients/1/group/"])
def test_group_pages_require_login(path):
    response = HttpClient().get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={path}"


def test_nav_entry_groupes_leads_to_the_list(staff_browser):
    html = html_of(staff_browser.get("/groups/"))

    assert '<a href="/groups/" aria-current="page">Groupes</a>' in html


def test_unknown_group_is_a_404(staff_browser):
    assert staff_browser.get("/groups/424242/").status_code == 404
    assert staff_browser.post("/groups/424242/members/move/").status_code == 404


# List ------------------------------------------------------------------------------------


def test_g1_list_shows_member_count_and_representative_client(staff_browser, martin):
    group, holding, *_ = martin
    services.group_update(actor=data_builder(), group=group, representative_client_id=holding.pk)
    new_group("Groupe Vide")

    html = html_of(staff_browser.get("/groups/"))

    assert "2 groupes" in html
    assert re.search(
        rf'<a class="strong" href="/groups/{group.pk}/">Groupe Martin</a></td>\s*'
        r'<td>Lyon</td>\s*<td class="group-members">4</td>',
        html,
    )
    assert f'<a href="/clients/{holding.pk}/"><span class="mono">{holding.number}' in html
    assert 'href="/groups/new/">Nouveau groupe</a>' in html


def test_list_search_and_pages(staff_browser, settings):
    settings.CABINET_PAGE_SIZE = 2
    for name in ("Alpha", "Bravo", "Charlie", "Groupe Delta"):
        new_group(name)

    searched = html_of(staff_browser.get("/groups/", {"q": "delt"}))
    first = html_of(staff_browser.get("/groups/"))
    second = html_of(staff_browser.get("/groups/", {"page": 2}))
    fragment = staff_browser.get(
        "/groups/", {"q": "zzz"}, headers={**HTMX, "HX-Target": "group-results"}
    )

    assert "1 groupe pour « delt »" in searched and "Alpha" not in searched
    assert "Alpha" in first and "Charlie" not in first and "Page 1 sur 2" in first
    assert "Charlie" in second and "Alpha" not in second
    assert html_of(fragment).startswith('<section id="group-results"')
    assert "Aucun groupe ne correspond à « zzz »." in html_of(fragment)


# Create, edit, delete (G1, G5, G7) -----------------------------------------------------------


def test_g5_create_a_group_then_open_its_page(staff_browser):
    response = staff_browser.post(
        "/groups/new/",
        {"name": "Groupe Durand", "city": "Nantes", "email": "contact@durand.test"},
        follow=True,
    )

    group = Group.objects.get()
    assert (group.name, group.city, group.email) == (
        "Groupe Durand",
        "Nantes",
        "contact@durand.test",
    )
    assert response.redirect_chain[-1][0] == f"/groups/{group.pk}/"
    assert "Groupe « Groupe Durand » créé." in html_of(response)


def test_g1_a_group_needs_a_name(staff_browser):
    response = staff_browser.post("/groups/new/", {"name": "  "})

    assert response.status_code == 422
    assert "Le nom du groupe est obligatoire." in html_of(response)
    assert not Group.objects.exists()


def test_g1_edit_the_details(staff_browser, martin):
    group, *_ = martin

    form = html_of(staff_browser.get(f"/groups/{group.pk}/edit/"))
    response = staff_browser.post(
        f"/groups/{group.pk}/edit/",
        {
            "name": "Groupe Martin SA",
            "address": "1 rue de la Paix",
            "city": "Lyon",
            "phone": "0102030405",
        },
        follow=True,
    )

    assert 'value="Groupe Martin"' in form
    group.refresh_from_db()
    assert (group.name, group.address, group.phone) == (
        "Groupe Martin SA",
        "1 rue de la Paix",
        "0102030405",
    )
    assert "Groupe enregistré." in html_of(response)
    assert "1 rue de la Paix" in html_of(response)


def test_g7_delete_needs_the_settings_right(staff_browser, martin):
    group, *_ = martin
    empty = new_group("Groupe Vide")

    page = html_of(staff_browser.get(f"/groups/{empty.pk}/"))
    response = staff_browser.post(f"/groups/{empty.pk}/delete/")

    assert re.search(
        r'id="group-delete" disabled\s+title="Votre profil ne donne pas le droit', page
    )
    assert response.status_code == 403
    assert Group.objects.filter(pk=empty.pk).exists()


def test_g7_a_group_with_members_cannot_be_deleted(admin_user, martin):
    group, *_ = martin
    browser = HttpClient()
    browser.force_login(admin_user)

    page = html_of(browser.get(f"/groups/{group.pk}/"))
    response = browser.post(f"/groups/{group.pk}/delete/", follow=True)

    assert 'data-confirm="Supprimer le groupe « Groupe Martin » ?"' in page
    assert (
        "Le groupe « Groupe Martin » compte encore 4 membres : retirez-les ou fusionnez le "
        "groupe avant de le supprimer." in html_of(response)
    )
    assert response.redirect_chain[-1][0] == f"/groups/{group.pk}/"
    assert Group.objects.filter(pk=group.pk).exists()


def test_g7_an_empty_group_is_deleted(admin_user):
    group = new_group("Groupe Vide")
    browser = HttpClient()
    browser.force_login(admin_user)

    response = browser.post(f"/groups/{group.pk}/delete/", follow=True)

    assert response.redirect_chain[-1][0] == "/groups/"
    assert "Groupe « Groupe Vide » supprimé." in html_of(response)
    assert not Group.objects.exists()


# «Client rattaché» (G1) ----------------------------------------------------------------------


def test_g1_choose_then_remove_the_representative_client(staff_browser, martin):
    group, holding, *_ = martin

    page = html_of(staff_browser.get(f"/groups/{group.pk}/"))
    results = html_of(
        staff_browser.get(f"/groups/{group.pk}/representative/candidates/", {"q": "holding"})
    )
    chosen = staff_browser.post(
        f"/groups/{group.pk}/representative/", {"client_id": holding.pk}, follow=True
    )
    group.refresh_from_db()
    chosen_rep = group.representative_client
    removed = staff_browser.post(f"/groups/{group.pk}/representative/delete/", follow=True)

    assert ">Client rattaché</h2>" in page and 'id="representative-picker-open"' in page
    assert f'action="/groups/{group.pk}/representative/"' in results
    assert f'name="client_id" value="{holding.pk}"' in results
    assert chosen_rep == holding
    assert f"Client rattaché : {holding.number} « Holding Martin »." in html_of(chosen)
    assert "Le groupe n&#x27;a plus de client rattaché." in html_of(removed)
    group.refresh_from_db()
    assert group.representative_client is None


# The tree (G3, G4) ----------------------------------------------------------------------------


def test_g3_group_page_draws_the_tree_as_nested_lists(staff_browser, martin):
    group, holding, nord, atelier, sud = martin

    html = html_of(staff_browser.get(f"/groups/{group.pk}/"))

    tree = html[html.index('<ul class="tree"') :]
    holding_at = tree.index(f'id="member-{holding.pk}"')
    nord_at = tree.index(f'id="member-{nord.pk}"')
    atelier_at = tree.index(f'id="member-{atelier.pk}"')
    assert holding_at < tree.index(f'<ul id="children-{holding.pk}">') < nord_at
    assert nord_at < tree.index(f'<ul id="children-{nord.pk}">') < atelier_at
    assert tree.count("<ul") == tree.count("</ul>")
    assert tree.count("<li") == tree.count("</li>") == 4
    assert "4 membres" in html
    assert f'aria-controls="children-{holding.pk}"' in html
    assert 'aria-label="Replier « Holding Martin »">−</button>' in html
    assert f'aria-controls="children-{sud.pk}"' not in html  # a leaf has nothing to fold
    assert "Déposer ici pour placer à la racine" in html


def test_u1_group_pages_link_only_to_the_records_the_user_may_open(user_with_profile, martin):
    """U1: without «see every client», a group's members and representative are named but
    only the clients he may open are links (no link that leads to a 403)."""
    group, holding, nord, atelier, sud = martin
    assistant = user_with_profile("assistant")
    Client.objects.filter(pk=nord.pk).update(created_by=assistant)
    services.group_update(actor=data_builder(), group=group, representative_client_id=holding.pk)
    browser = HttpClient()
    browser.force_login(assistant)

    page = html_of(browser.get(f"/groups/{group.pk}/"))
    listed = html_of(browser.get("/groups/"))

    assert f'href="/clients/{nord.pk}/"' in page
    for stranger in (holding, atelier, sud):
        assert f'href="/clients/{stranger.pk}/"' not in page
        assert stranger.display_name in page
    assert f'href="/clients/{holding.pk}/"' not in listed and "Holding Martin" in listed
    assert 'title="Fiche non accessible avec votre profil"' in page
    assert browser.get(f"/clients/{nord.pk}/").status_code == 200


def test_g4_seats_are_marked_and_have_their_checkbox(staff_browser, martin):
    group, holding, nord, *_ = martin

    html = html_of(staff_browser.get(f"/groups/{group.pk}/"))

    assert f'<li class="tree-node is-seat" id="member-{holding.pk}"' in html
    assert f'<li class="tree-node" id="member-{nord.pk}"' in html
    assert html.count('<span class="badge badge-seat">Siège</span>') == 1
    assert html.count('name="is_seat" value="1"') == 4
    assert html.count('name="is_seat" value="1" checked') == 1


def test_g3_keyboard_move_select_lists_the_members_and_the_root(staff_browser, martin):
    """G3: «Déplacer sous…» of a member loads, when first used, the root and every other
    member in tree order, indented by depth, but the member's own branch."""
    group, holding, nord, atelier, sud = martin

    html = html_of(staff_browser.get(f"/groups/{group.pk}/"))
    for_sud = staff_browser.get(
        f"/groups/{group.pk}/members/destinations/", {"client_id": sud.pk}, headers=HTMX
    )
    for_nord = staff_browser.get(
        f"/groups/{group.pk}/members/destinations/", {"client_id": nord.pk}, headers=HTMX
    )

    assert (
        f'<label class="visually-hidden" for="move-{nord.pk}">'
        "Déplacer « Filiale Nord » sous…</label>" in html
    )
    assert '<option value="" selected disabled>Déplacer sous…</option>' in html
    assert (
        f'hx-get="/groups/{group.pk}/members/destinations/?client_id={nord.pk}" '
        'hx-trigger="focus once" hx-target="this" hx-swap="beforeend"' in html
    )
    assert for_sud.status_code == 200
    assert html_of(for_sud).split("\n")[:4] == [
        '<option value="root">(racine)</option>',
        f'<option value="{holding.pk}">{holding.number} Holding Martin</option>',
        f'<option value="{nord.pk}">— {nord.number} Filiale Nord</option>',
        f'<option value="{atelier.pk}">— — {atelier.number} Atelier Lille</option>',
    ]
    assert f'value="{sud.pk}"' not in html_of(for_sud)
    options = html_of(for_nord)
    assert f'value="{holding.pk}"' in options and f'value="{sud.pk}"' in options
    assert f'value="{nord.pk}"' not in options and f'value="{atelier.pk}"' not in options


def test_g4_tick_and_untick_siege(staff_browser, martin):
    group, holding, nord, *_ = martin

    ticked = staff_browser.post(
        f"/groups/{group.pk}/members/seat/",
        {"client_id": nord.pk, "is_seat": "1"},
        headers={**HTMX, "HX-Target": "group-tree"},
    )
    unticked = staff_browser.post(
        f"/groups/{group.pk}/members/seat/", {"client_id": holding.pk}, headers=HTMX
    )

    assert ticked.status_code == 200 and html_of(ticked).startswith('<section id="group-tree"')
    assert f'<li class="tree-node is-seat" id="member-{nord.pk}"' in html_of(ticked)
    assert GroupMembership.objects.get(client=nord).is_seat
    assert unticked.status_code == 200
    assert not GroupMembership.objects.get(client=holding).is_seat


def test_g3_move_a_member_under_another_or_to_the_root(staff_browser, martin):
    group, holding, nord, atelier, sud = martin

    under = staff_browser.post(
        f"/groups/{group.pk}/members/move/",
        {"client_id": sud.pk, "parent_client_id": atelier.pk},
        headers=HTMX,
    )
    to_root = staff_browser.post(
        f"/groups/{group.pk}/members/move/", {"client_id": nord.pk, "parent_client_id": "root"}
    )

    assert under.status_code == 200
    assert f'<ul id="children-{atelier.pk}">' in html_of(under)
    assert parent_of(sud) == atelier
    assert to_root.status_code == 302 and to_root["Location"] == f"/groups/{group.pk}/"
    assert parent_of(nord) is None
    assert parent_of(atelier) == nord


def test_g3_a_move_under_its_own_descendant_is_refused_with_the_service_sentence(
    staff_browser, martin
):
    group, holding, nord, atelier, sud = martin

    response = staff_browser.post(
        f"/groups/{group.pk}/members/move/",
        {"client_id": holding.pk, "parent_client_id": atelier.pk},
        headers=HTMX,
    )

    html = html_of(response)
    assert response.status_code == 422
    assert html.startswith('<section id="group-tree"')
    assert (
        "Impossible de placer un membre sous lui-même ou sous l&#x27;un de ses descendants." in html
    )
    assert parent_of(holding) is None and parent_of(atelier) == nord


def test_g3_a_move_without_destination_or_to_a_stranger_is_refused(staff_browser, martin):
    group, holding, *_ = martin
    stranger = ClientFactory()

    nowhere = staff_browser.post(
        f"/groups/{group.pk}/members/move/", {"client_id": holding.pk}, headers=HTMX
    )
    outside = staff_browser.post(
        f"/groups/{group.pk}/members/move/",
        {"client_id": holding.pk, "parent_client_id": stranger.pk},
        headers=HTMX,
    )

    assert nowhere.status_code == 422 and "Choisissez où placer le membre." in html_of(nowhere)
    assert outside.status_code == 422
    assert "Le parent choisi n&#x27;est pas membre de ce groupe." in html_of(outside)


def test_tree_actions_keep_the_highlighted_client(staff_browser, martin):
    group, holding, nord, *_ = martin

    response = staff_browser.post(
        f"/groups/{group.pk}/members/seat/",
        {"client_id": nord.pk, "is_seat": "1", "highlight": nord.pk},
        headers=HTMX,
    )

    html = html_of(response)
    assert f'<li class="tree-node is-seat is-current" id="member-{nord.pk}"' in html
    assert f'hx-vals=\'{{"highlight": "{nord.pk}"}}\'' in html


# A large tree: its first levels, a branch drawn when opened (G3) ------------------------------


@pytest.fixture
def small_budget(settings):
    """Trees draw at most three members at once: Groupe Martin's roots and Filiale Nord,
    whose branch (Atelier Lille) is drawn when opened."""
    settings.CABINET_TREE_ROWS = 3


def test_g3_a_large_tree_draws_its_first_levels_and_a_plus_for_deeper_branches(
    staff_browser, martin, small_budget
):
    group, holding, nord, atelier, sud = martin

    html = html_of(staff_browser.get(f"/groups/{group.pk}/"))

    tree = html[html.index('<ul class="tree"') : html.index('<form id="tree-drop-form"')]
    assert tree.count('<li class="tree-node') == tree.count("</li>") == 3
    assert tree.count("<ul") == tree.count("</ul>")
    assert f'id="member-{atelier.pk}"' not in html
    assert "4 membres" in html
    assert (
        f'<a class="tree-toggle" href="?open={nord.pk}#member-{nord.pk}" data-tree-toggle '
        f'data-tree-lazy hx-get="/groups/{group.pk}/members/children/?client_id={nord.pk}" '
        f'hx-target="#member-{nord.pk}" aria-expanded="false" '
        f'aria-controls="children-{nord.pk}" aria-label="Déplier « Filiale Nord »">+</a>' in html
    )
    assert f'<ul id="children-{nord.pk}" hidden></ul></li>' in html
    assert f'data-tree-all="expand" hx-get="/groups/{group.pk}/?all=1"' in html


def test_g3_opening_a_branch_draws_the_member_again_with_its_children(
    staff_browser, martin, small_budget, django_assert_max_num_queries
):
    group, holding, nord, atelier, sud = martin

    with django_assert_max_num_queries(5):
        response = staff_browser.get(
            f"/groups/{group.pk}/members/children/", {"client_id": nord.pk}, headers=HTMX
        )

    html = html_of(response)
    assert response.status_code == 200
    assert html.startswith(f'<li class="tree-node" id="member-{nord.pk}"')
    assert html.count("<li") == html.count("</li>") == 2
    assert html.count("<ul") == html.count("</ul>") == 1
    assert f'<ul id="children-{nord.pk}"><li class="tree-node" id="member-{atelier.pk}"' in html
    assert 'aria-label="Replier « Filiale Nord »">−</button>' in html
    assert f'href="/clients/{atelier.pk}/"' in html and 'name="is_seat"' in html


def test_g3_without_javascript_the_plus_opens_the_page_with_that_branch(
    staff_browser, martin, small_budget
):
    group, holding, nord, atelier, sud = martin

    page = html_of(staff_browser.get(f"/groups/{group.pk}/", {"open": nord.pk}))
    plain = staff_browser.get(f"/groups/{group.pk}/members/children/", {"client_id": nord.pk})

    assert f'<ul id="children-{nord.pk}"><li class="tree-node" id="member-{atelier.pk}"' in page
    assert plain.status_code == 302
    assert plain["Location"] == f"/groups/{group.pk}/?open={nord.pk}#member-{nord.pk}"


def test_g3_a_branch_of_a_stranger_or_of_another_group_is_a_404(
    staff_browser, martin, small_budget
):
    group, holding, *_ = martin
    other = new_group("Groupe Dupont")
    elsewhere = ClientFactory()
    join(elsewhere, other)

    for client_id in (elsewhere.pk, ClientFactory().pk, "abc"):
        response = staff_browser.get(
            f"/groups/{group.pk}/members/children/", {"client_id": client_id}, headers=HTMX
        )
        assert response.status_code == 404
    assert (
        staff_browser.get(
            f"/groups/{group.pk}/members/destinations/", {"client_id": elsewhere.pk}
        ).status_code
        == 404
    )


def test_g3_the_whole_tree_on_tout_deplier(staff_browser, martin, small_budget):
    group, holding, nord, atelier, sud = martin

    response = staff_browser.get(
        f"/groups/{group.pk}/", {"all": "1"}, headers={**HTMX, "HX-Target": "group-tree"}
    )

    html = html_of(response)
    assert response.status_code == 200 and html.startswith('<section id="group-tree"')
    assert html.count('<li class="tree-node') == 4 and "data-tree-lazy" not in html
    assert 'data-tree-all="expand">Tout déplier' in html


def test_g3_a_tool_draws_the_tree_again_with_the_branches_opened_and_the_member_moved(
    staff_browser, martin, small_budget
):
    group, holding, nord, atelier, sud = martin

    seat = staff_browser.post(
        f"/groups/{group.pk}/members/seat/",
        {"client_id": holding.pk, "is_seat": "1", "open": f"{nord.pk},abc,424242"},
        headers=HTMX,
    )
    moved = staff_browser.post(
        f"/groups/{group.pk}/members/move/",
        {"client_id": sud.pk, "parent_client_id": atelier.pk},
        headers=HTMX,
    )

    assert seat.status_code == 200
    assert f'<ul id="children-{nord.pk}"><li class="tree-node" id="member-{atelier.pk}"' in (
        html_of(seat)
    )
    assert moved.status_code == 200 and parent_of(sud) == atelier
    assert f'<ul id="children-{atelier.pk}"><li class="tree-node" id="member-{sud.pk}"' in (
        html_of(moved)
    )


def test_g5_groupe_tab_of_a_deep_member_opens_its_branch(staff_browser, martin, small_budget):
    group, holding, nord, atelier, sud = martin

    html = html_of(staff_browser.get(f"/clients/{atelier.pk}/group/"))

    assert f'<li class="tree-node is-current" id="member-{atelier.pk}"' in html
    assert f'hx-vals=\'{{"highlight": "{atelier.pk}"}}\'' in html


def test_u4_a_branch_names_the_members_the_user_may_not_open_without_link_or_tool(
    user_with_profile, martin, small_budget
):
    """U4: in a branch loaded when opened, as in the page, a member the user may not open
    is named only; he cannot ask where it may move, and it is no destination."""
    group, holding, nord, atelier, sud = martin
    assistant = user_with_profile("assistant")
    Client.objects.filter(pk__in=[holding.pk, atelier.pk]).update(created_by=assistant)
    browser = HttpClient()
    browser.force_login(assistant)

    branch = html_of(
        browser.get(f"/groups/{group.pk}/members/children/", {"client_id": nord.pk}, headers=HTMX)
    )
    hidden = browser.get(
        f"/groups/{group.pk}/members/destinations/", {"client_id": nord.pk}, headers=HTMX
    )
    options = html_of(
        browser.get(
            f"/groups/{group.pk}/members/destinations/", {"client_id": atelier.pk}, headers=HTMX
        )
    )

    assert f'href="/clients/{nord.pk}/"' not in branch and "Filiale Nord" in branch
    assert nord.number not in branch
    assert f'href="/clients/{atelier.pk}/"' in branch
    assert branch.count('name="is_seat"') == 1  # Atelier's tools only
    assert hidden.status_code == 404
    assert f'value="{holding.pk}"' in options
    assert f'value="{nord.pk}"' not in options and f'value="{sud.pk}"' not in options


def test_group_tree_pieces_cost_a_bounded_number_of_queries(
    staff_browser, django_assert_max_num_queries
):
    group, clients = _big_group(1000)

    with django_assert_max_num_queries(5):
        branch = staff_browser.get(
            f"/groups/{group.pk}/members/children/", {"client_id": clients[3].pk}, headers=HTMX
        )
    with django_assert_max_num_queries(5):
        options = staff_browser.get(
            f"/groups/{group.pk}/members/destinations/",
            {"client_id": clients[3].pk},
            headers=HTMX,
        )
    with django_assert_max_num_queries(5):
        everything = staff_browser.get(
            f"/groups/{group.pk}/", {"all": "1"}, headers={**HTMX, "HX-Target": "group-tree"}
        )

    assert branch.status_code == options.status_code == everything.status_code == 200
    assert html_of(branch).count('<li class="tree-node') == 1 + 10 + 90  # within the budget
    assert html_of(options).count("<option") == 1 + 1000 - 101  # the root; not its branch
    assert html_of(everything).count('<li class="tree-node') == 1000


# Members: add and remove (G2, G6) -------------------------------------------------------------


def test_g2_add_a_member_with_the_picker(staff_browser, martin):
    group, *_ = martin
    newcomer = ClientFactory(name="Nouvelle Filiale")
    other_group = new_group("Groupe Dupont")
    elsewhere = ClientFactory(name="Nouvelle Usine")
    join(elsewhere, other_group)

    page = html_of(staff_browser.get(f"/groups/{group.pk}/"))
    results = html_of(
        staff_browser.get(f"/groups/{group.pk}/members/candidates/", {"q": "nouvelle"})
    )
    response = staff_browser.post(
        f"/groups/{group.pk}/members/", {"client_id": newcomer.pk}, follow=True
    )

    assert 'id="member-picker-open"' in page and "Ajouter un membre" in page
    assert f'name="client_id" value="{newcomer.pk}"' in results
    assert "Groupe « Groupe Dupont »" in results
    assert "quittera le groupe « Groupe Dupont » pour rejoindre celui-ci" in results
    assert "« Nouvelle Filiale » ajouté au groupe." in html_of(response)
    membership = GroupMembership.objects.get(client=newcomer)
    assert membership.group == group and membership.parent is None


def test_g6_adding_a_member_of_another_group_moves_it(staff_browser, martin):
    group, *_ = martin
    other_group = new_group("Groupe Dupont")
    usine = ClientFactory(name="Usine Dupont")
    join(usine, other_group)

    staff_browser.post(f"/groups/{group.pk}/members/", {"client_id": usine.pk})

    assert GroupMembership.objects.get(client=usine).group == group
    assert not other_group.memberships.exists()


def test_g2_adding_a_member_twice_changes_nothing(staff_browser, martin):
    group, holding, nord, *_ = martin

    results = html_of(
        staff_browser.get(f"/groups/{group.pk}/members/candidates/", {"q": "filiale nord"})
    )
    response = staff_browser.post(
        f"/groups/{group.pk}/members/", {"client_id": nord.pk}, follow=True
    )

    assert 'disabled title="Déjà membre de ce groupe"' in results
    assert "« Filiale Nord » est déjà membre du groupe." in html_of(response)
    assert parent_of(nord) == holding


def test_g6_removing_a_member_puts_its_children_under_its_parent(staff_browser, martin):
    group, holding, nord, atelier, sud = martin

    page = html_of(staff_browser.get(f"/groups/{group.pk}/"))
    response = staff_browser.post(
        f"/groups/{group.pk}/members/remove/", {"client_id": nord.pk}, headers=HTMX
    )

    assert (
        'hx-confirm="Retirer « Filiale Nord » du groupe ? Les membres placés sous lui prendront '
        'sa place."' in page
    )
    assert response.status_code == 200
    assert "« Filiale Nord » a quitté le groupe." in html_of(response)
    assert not GroupMembership.objects.filter(client=nord).exists()
    assert parent_of(atelier) == holding
    assert "3 membres" in html_of(response)


def test_g6_removing_a_client_of_another_group_is_refused(staff_browser, martin):
    group, *_ = martin
    other_group = new_group("Groupe Dupont")
    usine = ClientFactory()
    join(usine, other_group)

    response = staff_browser.post(
        f"/groups/{group.pk}/members/remove/", {"client_id": usine.pk}, headers=HTMX
    )

    assert response.status_code == 422
    assert "Ce client n&#x27;est pas membre de ce groupe." in html_of(response)
    assert GroupMembership.objects.filter(client=usine).exists()


# A client record: «Groupe» field and tab (G5) ---------------------------------------------------


def test_g5_fiche_shows_the_group_field_with_its_picker(staff_browser, martin):
    group, holding, nord, *_ = martin
    outsider = ClientFactory()

    member_page = html_of(staff_browser.get(f"/clients/{holding.pk}/"))
    outsider_page = html_of(staff_browser.get(f"/clients/{outsider.pk}/"))

    assert ">Groupe</h2>" in member_page
    assert (
        f'<a href="/groups/{group.pk}/">Groupe Martin</a> '
        '<span class="badge badge-seat">Siège</span>' in member_page
    )
    assert 'id="group-picker-open"' in member_page and ">...</button>" in member_page
    assert "Quitter le groupe" in member_page
    assert 'data-confirm="Quitter le groupe « Groupe Martin » ?' in member_page
    assert re.search(r'id="client-group-name">\s*—', outsider_page)
    assert "Quitter le groupe" not in outsider_page
    assert "Créer un groupe" in outsider_page
    assert ">Groupe</a>" in outsider_page  # the tab


def test_g5_group_picker_lists_groups_and_marks_the_current_one(staff_browser, martin):
    group, holding, *_ = martin
    other = new_group("Groupe Dupont")

    first = html_of(staff_browser.get(f"/clients/{holding.pk}/group/candidates/"))
    searched = html_of(staff_browser.get(f"/clients/{holding.pk}/group/candidates/", {"q": "dup"}))

    assert "Groupe Martin" in first and "Groupe Dupont" in first
    assert 'disabled title="Déjà le groupe de ce client"' in first
    assert "Groupe Martin" not in searched
    assert f'name="group_id" value="{other.pk}"' in searched
    assert "Le client quittera son groupe actuel pour « Groupe Dupont »" in searched


def test_g5_choose_a_group_from_the_record(staff_browser, martin):
    group, *_ = martin
    client = ClientFactory()

    response = staff_browser.post(
        f"/clients/{client.pk}/group/set/", {"group_id": group.pk}, follow=True
    )

    assert GroupMembership.objects.get(client=client).group == group
    assert response.redirect_chain[-1][0] == f"/clients/{client.pk}/"
    assert "Client placé dans le groupe « Groupe Martin »." in html_of(response)


def test_g5_create_a_group_from_the_record(staff_browser):
    client = ClientFactory(name="Boulangerie Roux")

    response = staff_browser.post(
        f"/clients/{client.pk}/group/new/", {"name": "Groupe Roux"}, follow=True
    )

    group = Group.objects.get()
    assert group.name == "Groupe Roux"
    assert GroupMembership.objects.get(client=client).group == group
    assert response.redirect_chain[-1][0] == f"/clients/{client.pk}/group/"
    assert "Groupe « Groupe Roux » créé avec ce client." in html_of(response)


def test_g5_creating_a_group_without_name_creates_nothing(staff_browser):
    client = ClientFactory()

    response = staff_browser.post(f"/clients/{client.pk}/group/new/", {"name": ""}, follow=True)

    assert "Le nom du groupe est obligatoire." in html_of(response)
    assert not Group.objects.exists()


def test_g6_quitter_le_groupe_from_the_record(staff_browser, martin):
    group, holding, nord, atelier, sud = martin

    response = staff_browser.post(f"/clients/{nord.pk}/group/leave/", follow=True)

    assert "Le client a quitté le groupe « Groupe Martin »." in html_of(response)
    assert not GroupMembership.objects.filter(client=nord).exists()
    assert parent_of(atelier) == holding


def test_g5_groupe_tab_shows_the_tree_with_the_client_highlighted(staff_browser, martin):
    group, holding, nord, atelier, sud = martin

    response = staff_browser.get(f"/clients/{nord.pk}/group/")
    fragment = staff_browser.get(
        f"/clients/{nord.pk}/group/", headers={**HTMX, "HX-Target": "client-body"}
    )

    html = html_of(response)
    assert re.search(r'id="tab-groupe" aria-current="page"[^>]*>Groupe</a>', html)
    assert f'<li class="tree-node is-current" id="member-{nord.pk}"' in html
    assert '<span class="badge">Ce client</span>' in html
    assert f'hx-vals=\'{{"highlight": "{nord.pk}"}}\'' in html
    assert f'href="/groups/{group.pk}/" id="open-group"' in html
    assert 'name="parent_client_id" class="tree-move"' in html  # the same tools
    assert html_of(fragment).startswith('<div id="client-body">')


def test_g5_groupe_tab_of_a_client_without_group_offers_to_choose_one(staff_browser):
    client = ClientFactory()

    html = html_of(staff_browser.get(f"/clients/{client.pk}/group/"))

    assert 'id="group-picker-open"' in html and "Créer un groupe" in html
    assert 'id="group-tree"' not in html


def test_u1_assistant_cannot_open_the_group_tab_of_a_client_he_did_not_create(
    user_with_profile, martin
):
    group, holding, *_ = martin
    browser = HttpClient()
    browser.force_login(user_with_profile("assistant"))

    assert browser.get(f"/clients/{holding.pk}/group/").status_code == 403
    assert browser.post(f"/clients/{holding.pk}/group/leave/").status_code == 403
    assert GroupMembership.objects.filter(client=holding).exists()


# Group contacts (G9) ----------------------------------------------------------------------------


def test_g9_contacts_of_another_member_show_as_group_contacts_with_their_owner(
    staff_browser, martin
):
    group, holding, nord, *_ = martin
    ContactFactory(client=holding, last_name="Lefebvre", is_group_contact=True)
    ContactFactory(client=holding, last_name="Privé", is_group_contact=False)
    ContactFactory(client=nord, last_name="Local", is_group_contact=True)

    html = html_of(staff_browser.get(f"/clients/{nord.pk}/contacts/"))

    assert "Lefebvre" in html and "Local" in html and "Privé" not in html
    assert '<span class="badge badge-group">Contact du groupe</span>' in html
    assert (
        f'de <a href="/clients/{holding.pk}/"><span class="mono">{holding.number}</span> '
        "Holding Martin</a>" in html
    )
    assert html.count("Contact du groupe</span>") == 1
    assert (
        'title="Visible sur les fiches de tous les clients du groupe">Contact pour le groupe'
        in html
    )


def test_g9_contact_form_has_contact_pour_le_groupe(staff_browser):
    client = PersonFactory()

    html = html_of(staff_browser.get(f"/clients/{client.pk}/contacts/"))

    assert 'name="is_group_contact"' in html and "Contact pour le groupe" in html


# Query counts -------------------------------------------------------------------------------


def _big_group(size: int) -> tuple[Group, list[Client]]:
    """`size` members: ten roots, each with subsidiaries, each with workshops."""
    group = Group.objects.create(name="Grand Groupe")
    clients = Client.objects.bulk_create(ClientFactory.build_batch(size))
    memberships = GroupMembership.objects.bulk_create(
        GroupMembership(group=group, client=client, is_seat=i % 50 == 0)
        for i, client in enumerate(clients)
    )
    for i, membership in enumerate(memberships):
        if i >= 10:
            membership.parent = memberships[(i - 10) // 10 if i < 110 else 10 + (i - 110) // 9]
    GroupMembership.objects.bulk_update(memberships, ["parent"])
    return group, clients


@pytest.mark.parametrize(("size", "drawn"), [(10, 10), (1000, 110)])
def test_group_page_costs_a_bounded_number_of_queries(
    staff_browser, django_assert_max_num_queries, size, drawn
):
    """G3: a tree draws its first levels within CABINET_TREE_ROWS members (a small one
    whole: 10 members; 1,000: the 10 roots and their 100 children), for the same queries."""
    group, clients = _big_group(size)

    with django_assert_max_num_queries(5):
        page = staff_browser.get(f"/groups/{group.pk}/")
    with django_assert_max_num_queries(7):
        tab = staff_browser.get(f"/clients/{clients[-1].pk}/group/")
    with django_assert_max_num_queries(6):
        record = staff_browser.get(f"/clients/{clients[-1].pk}/")

    html = html_of(page)
    assert page.status_code == 200 and tab.status_code == 200 and record.status_code == 200
    tree = html[html.index('<ul class="tree"') : html.index('<form id="tree-drop-form"')]
    assert tree.count('<li class="tree-node') == tree.count("</li>") == drawn
    assert tree.count("<ul") == tree.count("</ul>")
    assert f"{size} membres" in html
    assert f'id="member-{clients[-1].pk}"' in html_of(tab)  # the client's own branch open


def test_a_tree_action_costs_a_bounded_number_of_queries(
    staff_browser, django_assert_max_num_queries
):
    group, clients = _big_group(1000)

    with django_assert_max_num_queries(14):
        response = staff_browser.post(
            f"/groups/{group.pk}/members/move/",
            {"client_id": clients[500].pk, "parent_client_id": clients[3].pk},
            headers=HTMX,
        )

    assert response.status_code == 200
    assert parent_of(clients[500]) == clients[3]


def test_group_list_costs_a_bounded_number_of_queries(staff_browser, django_assert_max_num_queries):
    for i in range(30):
        group = Group.objects.create(name=f"Groupe {i:02d}", representative_client=ClientFactory())
        join(ClientFactory(), group)

    with django_assert_max_num_queries(6):
        response = staff_browser.get("/groups/")

    assert response.status_code == 200
