"""The composition tree drawn (G3, G4): on the group page and a member's «Groupe» tab.

A tree may have thousands of members. A page draws its first levels, as many as fit in
`CABINET_TREE_ROWS` rows (a small tree whole), and the branches the user opened; a deeper
branch is drawn when its «+» is opened (`member_children`, by htmx; without JavaScript the
«+» is a link to the page with that branch open). «Déplacer sous…» lists where a member
may go when it is first used (`member_destinations`). Each member drawn is a `TreeRow`
whose values are ready for the template: a row costs a few lookups, not a hundred.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from cabinet.core.errors import NotFound
from cabinet.core.schemas import MAX_ID
from cabinet.core.views import is_htmx, positive_id, staff_page
from cabinet.groups import selectors
from cabinet.groups.models import Group

OPEN_MAX = 500  # branches a request may name as open


@dataclass(frozen=True, slots=True)
class TreeRow:
    """One member drawn, in depth-first order. `expanded`: its children are drawn below
    it; `lazy`: it has children that are not (its «+» loads them); `closes` counts the
    nested lists that end after it, so the template draws nested lists without recursion
    (a tree may be deep). U4: `can_open` false — named only, no link, number or tool."""

    id: str
    number: str
    name: str
    url: str
    is_seat: bool
    can_open: bool
    current: bool
    child_count: str
    expanded: bool
    lazy: bool
    closes: range


@dataclass(frozen=True)
class TreeRequest:
    """What the user asks to see of a tree: the member highlighted (a client's «Groupe»
    tab), the branches he opened, every branch («Tout déplier»), and a member to show
    where it now is (after a move)."""

    highlight: int | None = None
    opened: frozenset[int] = frozenset()
    everything: bool = False
    reveal: int | None = None


def tree_request(request: HttpRequest, *, highlight: int | None = None, reveal=None):
    data = request.POST if request.method == "POST" else request.GET
    opened = (positive_id(raw) for raw in data.get("open", "").split(",")[:OPEN_MAX])
    return TreeRequest(
        highlight=highlight or positive_id(data.get("highlight")),
        opened=frozenset(i for i in opened if i is not None),
        everything=data.get("all") == "1",
        reveal=reveal,
    )


def drawn_levels(starts: list[selectors.Node], budget: int) -> int:
    """How many levels below `starts` are drawn at once: theirs, then each next level
    while the rows drawn stay within `budget`."""
    levels, drawn, level = 0, 0, starts
    while level and (levels == 0 or drawn + len(level) <= budget):
        drawn += len(level)
        levels += 1
        level = [child for node in level for child in node.children]
    return levels


def tree_rows(
    starts: list[selectors.Node], *, expanded: set[int], levels: int, highlight: int | None
) -> list[TreeRow]:
    """`starts` (the roots, or the member whose branch is drawn) and what is drawn below
    them: the first `levels` levels and the branches of `expanded` (client ids)."""
    if not starts:
        return []
    base = starts[0].depth
    client_url = reverse("clients:detail", kwargs={"client_id": MAX_ID}).replace(
        str(MAX_ID), "{}"
    )  # one reverse() for every member drawn
    drawn: list[tuple[selectors.Node, bool]] = []
    stack = list(reversed(starts))
    while stack:
        node = stack.pop()
        opened = bool(node.children) and (
            node.depth - base < levels - 1 or node.client.id in expanded
        )
        drawn.append((node, opened))
        if opened:
            stack.extend(reversed(node.children))
    rows = []
    for index, (node, opened) in enumerate(drawn):
        next_depth = drawn[index + 1][0].depth if index + 1 < len(drawn) else base
        client = node.client
        rows.append(
            TreeRow(
                id=str(client.id),
                number=client.number,
                name=client.display_name,
                url=client_url.format(client.id),
                is_seat=node.is_seat,
                can_open=client.can_open,
                current=client.id == highlight,
                child_count=str(len(node.children)) if node.children else "",
                expanded=opened,
                lazy=bool(node.children) and not opened,
                closes=range(0 if opened else node.depth - next_depth),
            )
        )
    return rows


def tree_context(
    group: Group, *, user, view: TreeRequest = TreeRequest(), branch: int | None = None
) -> dict:
    """The composition tree of `group` as _tree.html (or, for `branch`, that member's
    branch as _tree_branch.html) reads it."""
    roots = selectors.group_tree(group=group, user=user)
    members = {node.client.id: node for node in selectors.flatten(roots)}
    expanded: set[int] = set(view.opened & members.keys())
    for client_id in (*expanded, view.highlight, view.reveal, branch):
        node = members.get(client_id)
        if node is not None:
            expanded.update(ancestor.client.id for ancestor in node.ancestors())
    if branch is not None:
        if branch not in members:
            raise NotFound("Ce client n'est pas membre de ce groupe.", code="not_a_member")
        starts = [members[branch]]
        expanded.add(branch)
    else:
        starts = roots
    budget = len(members) if view.everything else settings.CABINET_TREE_ROWS
    rows = tree_rows(
        starts, expanded=expanded, levels=drawn_levels(starts, budget), highlight=view.highlight
    )
    urls = {
        f"{action}_url": reverse(f"groups:member_{action}", kwargs={"group_id": group.pk})
        for action in ("move", "seat", "remove", "children", "destinations")
    }
    return {
        "group": group,
        "rows": rows,
        "member_count": len(members),
        "partial": any(row.lazy for row in rows),
        "highlight": view.highlight,
        "tree_url": reverse("groups:detail", kwargs={"group_id": group.pk}),
        **urls,
    }


@require_GET
@staff_page
def member_children(request: HttpRequest, group_id: int) -> HttpResponse:
    """G3: a member's branch, when its «+» is opened (htmx swaps the member for it);
    without htmx, the group page with that branch open."""
    group = selectors.group_get_for_user(user=request.user, group_id=group_id)
    client_id = positive_id(request.GET.get("client_id"))
    if client_id is None:
        raise NotFound("Ce client n'est pas membre de ce groupe.", code="not_a_member")
    if not is_htmx(request):
        url = reverse("groups:detail", kwargs={"group_id": group.pk})
        return redirect(f"{url}?open={client_id}#member-{client_id}")
    context = tree_context(group, user=request.user, view=tree_request(request), branch=client_id)
    return render(request, "groups/partials/_tree_branch.html", context)


@require_GET
@staff_page
def member_destinations(request: HttpRequest, group_id: int) -> HttpResponse:
    """G3 «Déplacer sous…»: the options of a member's list, when it is first used: the
    root, then, in tree order, every member the user may open (U4) but the member itself
    and its own branch (a move there would be refused)."""
    group = selectors.group_get_for_user(user=request.user, group_id=group_id)
    roots = selectors.group_tree(group=group, user=request.user)
    destinations = selectors.move_destinations(
        roots, client_id=positive_id(request.GET.get("client_id"))
    )
    options = [
        (str(node.client.id), f"{'— ' * node.depth}{node.client.number} {node.client.display_name}")
        for node in destinations
    ]
    return render(request, "groups/partials/_move_options.html", {"options": options})
