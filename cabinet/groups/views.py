"""Group pages (G1–G8): list, group page with its composition tree, and «Paramètres» ›
Clients › Groupes client (merge, delete). A client record's «Groupe» field and tab are in
`cabinet.groups.client_views`.

Thin views: reads through `groups.selectors` (a tree is one query, whatever its size),
writes through `groups.services`, clients reached through `clients.selectors`. The tree's
tools (seat, move by drag and drop or by the «Déplacer sous…» select, remove) answer an
htmx request with the tree again; every action also works as a plain form post. How a
tree is drawn (its first levels, the branches opened) is `cabinet.groups.tree_views`.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cabinet.accounts.models import Right
from cabinet.clients import selectors as client_selectors
from cabinet.core.errors import Conflict, DomainError, InvalidInput
from cabinet.core.pagination import page_of
from cabinet.core.permissions import require_right
from cabinet.core.views import is_htmx, positive_id, render_fragment, render_page, staff_page
from cabinet.groups import selectors, services
from cabinet.groups.forms import GroupForm, GroupMergeForm
from cabinet.groups.models import Group
from cabinet.groups.tree_views import tree_context, tree_request

USER_ERRORS = (Conflict, InvalidInput)
SEARCH_MAX = 200
PICKER_SIZE = 10
SETTINGS_PAGE_SIZE = 100
ROOT = "root"


def search_query(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:SEARCH_MAX]


def _group_url(group: Group) -> str:
    return reverse("groups:detail", kwargs={"group_id": group.pk})


def next_url(request: HttpRequest, default: str) -> str:
    """Where a plain post goes back to: the `next` it names when it is one of our pages."""
    url = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else default


def _can_manage(request: HttpRequest) -> bool:
    return request.user.has_right(Right.MANAGE_SETTINGS)


def _tree_answer(
    request: HttpRequest, group: Group, *, status: int = 200, reveal: int | None = None
) -> HttpResponse:
    """The tree again for htmx (with the messages), drawn as the user sees it (the member
    highlighted, the branches he opened, and `reveal`: the member moved, where it now is);
    else back to the page it came from."""
    if not is_htmx(request):
        return redirect(next_url(request, _group_url(group)))
    group = selectors.group_get_for_user(user=request.user, group_id=group.pk)
    view = tree_request(request, reveal=reveal)
    context = tree_context(group, user=request.user, view=view)
    return render_fragment(request, "groups/partials/_tree.html", context, status=status)


# List, create, edit, delete (G1, G7) ---------------------------------------------------


@require_GET
@staff_page
def group_list(request: HttpRequest) -> HttpResponse:
    """«Groupes»: searched by name, with member count and representative client."""
    q = search_query(request)
    page = page_of(selectors.group_list(q=q, user=request.user), request.GET.get("page"))
    return render_page(
        request,
        "groups/group_list.html",
        {"q": q, "page_obj": page},
        fragments={"group-results": "groups/partials/_group_results.html"},
    )


@require_http_methods(["GET", "POST"])
@staff_page
def group_create(request: HttpRequest) -> HttpResponse:
    """G5: a new group; members are added from its page or from client records."""
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(actor=request.user, **form.cleaned_data)
        except USER_ERRORS as exc:
            form.apply_domain_error(exc)
        else:
            messages.success(request, f"Groupe « {group.name} » créé.")
            return redirect(_group_url(group))
    status = 422 if form.is_bound else 200
    return render(request, "groups/group_form.html", {"form": form}, status=status)


@require_GET
@staff_page
def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    """G1/G3/G4: details, «client rattaché», and the composition tree with its tools (the
    tree alone for htmx: «Tout déplier» of a large tree)."""
    group = selectors.group_get_for_user(user=request.user, group_id=group_id)
    context = {
        **tree_context(group, user=request.user, view=tree_request(request)),
        "can_manage": _can_manage(request),
        "group_tab": "composition",
    }
    return render_page(
        request,
        "groups/group_detail.html",
        context,
        fragments={"group-tree": "groups/partials/_tree.html"},
    )


@require_http_methods(["GET", "POST"])
@staff_page
def group_edit(request: HttpRequest, group_id: int) -> HttpResponse:
    group = selectors.group_get_for_user(user=request.user, group_id=group_id)
    initial = {field: getattr(group, field) for field in services.GROUP_FIELDS}
    form = GroupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {field: form.cleaned_data[field] for field in form.changed_data}
        try:
            if changed:
                services.group_update(actor=request.user, group=group, **changed)
        except USER_ERRORS as exc:
            form.apply_domain_error(exc)
        else:
            messages.success(request, "Groupe enregistré." if changed else "Aucune modification.")
            return redirect(_group_url(group))
    status = 422 if form.is_bound else 200
    return render(request, "groups/group_form.html", {"form": form, "group": group}, status=status)


@require_POST
@staff_page
def group_delete(request: HttpRequest, group_id: int) -> HttpResponse:
    """G7: with «Gérer les paramètres», and only once the group has no member."""
    group = selectors.group_get_for_user(user=request.user, group_id=group_id)
    try:
        services.group_delete(actor=request.user, group=group)
    except Conflict as exc:
        messages.error(request, exc.detail)
        return redirect(next_url(request, _group_url(group)))
    messages.success(request, f"Groupe « {group.name} » supprimé.")
    return redirect(next_url(request, reverse("groups:list")))


# «Client rattaché» (G1) ----------------------------------------------------------------


@require_GET
@staff_page
def representative_candidates(request: HttpRequest, group_id: int) -> HttpResponse:
    group = selectors.group_get_for_user(user=request.user, group_id=group_id)
    q = search_query(request)
    context = {
        "q": q,
        "results": client_selectors.client_search_suggestions(user=request.user, q=q),
        "action": reverse("groups:representative_set", kwargs={"group_id": group.pk}),
        "current_id": group.representative_client_id,
        "current_title": "Déjà le client rattaché",
    }
    return render(request, "groups/partials/_client_picker_results.html", context)


@require_POST
@staff_page
def representative_set(request: HttpRequest, group_id: int) -> HttpResponse:
    group = selectors.group_get_for_user(user=request.user, group_id=group_id)
    client_id = positive_id(request.POST.get("client_id"))
    if client_id is None:
        messages.error(request, "Choisissez le client rattaché.")
        return redirect(_group_url(group))
    try:
        group = services.group_update(
            actor=request.user, group=group, representative_client_id=client_id
        )
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        client = group.representative_client
        messages.success(request, f"Client rattaché : {client.number} « {client.display_name} ».")
    return redirect(_group_url(group))


@require_POST
@staff_page
def representative_remove(request: HttpRequest, group_id: int) -> HttpResponse:
    group = selectors.group_get_for_user(user=request.user, group_id=group_id)
    services.group_update(actor=request.user, group=group, representative_client_id=None)
    messages.success(request, "Le groupe n'a plus de client rattaché.")
    return redirect(_group_url(group))


# Members: add, remove, seat, move (G2–G6) ----------------------------------------------


@require_GET
@staff_page
def member_candidates(request: HttpRequest, group_id: int) -> HttpResponse:
    """The «Ajouter un membre» picker: clients found by name, number or alias (C2), each
    with the group it would leave (G6)."""
    group = selectors.group_get_for_user(user=request.user, group_id=group_id)
    q = search_query(request)
    context = {
        "q": q,
        "results": client_selectors.client_search_suggestions(user=request.user, q=q),
        "action": reverse("groups:member_add", kwargs={"group_id": group.pk}),
        "group": group,
        "show_groups": True,
    }
    return render(request, "groups/partials/_client_picker_results.html", context)


@require_POST
@staff_page
def member_add(request: HttpRequest, group_id: int) -> HttpResponse:
    """G2/G5: the client joins the group as a root; it leaves its former group (G6)."""
    group = selectors.group_get_for_user(user=request.user, group_id=group_id)
    client_id = positive_id(request.POST.get("client_id"))
    if client_id is None:
        messages.error(request, "Choisissez le client à ajouter.")
        return redirect(_group_url(group))
    try:
        client = services.member_add(actor=request.user, group=group, client_id=client_id)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, f"« {client.display_name} » ajouté au groupe.")
    return redirect(_group_url(group))


@require_POST
@staff_page
def member_remove(request: HttpRequest, group_id: int) -> HttpResponse:
    """G6: the member leaves; its children take its place under its former parent."""
    group = selectors.group_get_for_user(user=request.user, group_id=group_id)
    client_id = positive_id(request.POST.get("client_id"))
    try:
        if client_id is None:
            raise InvalidInput("Choisissez le membre.", code="client_required", field="client_id")
        client = services.member_remove(actor=request.user, group=group, client_id=client_id)
    except USER_ERRORS as exc:
        messages.error(request, exc.detail)
        return _tree_answer(request, group, status=422)
    messages.success(request, f"« {client.display_name} » a quitté le groupe.")
    return _tree_answer(request, group)


@require_POST
@staff_page
def member_seat(request: HttpRequest, group_id: int) -> HttpResponse:
    """G4: the «Siège» checkbox of a member."""
    group = selectors.group_get_for_user(user=request.user, group_id=group_id)
    client_id = positive_id(request.POST.get("client_id"))
    is_seat = request.POST.get("is_seat") in {"1", "on", "true"}
    try:
        if client_id is None:
            raise InvalidInput("Choisissez le membre.", code="client_required")
        services.member_set_seat(
            actor=request.user, group=group, client_id=client_id, is_seat=is_seat
        )
    except USER_ERRORS as exc:
        messages.error(request, exc.detail)
        return _tree_answer(request, group, status=422)
    return _tree_answer(request, group, reveal=client_id)


@require_POST
@staff_page
def member_move(request: HttpRequest, group_id: int) -> HttpResponse:
    """G3/G5: a member dropped on another goes under it; dropped on the root zone, or
    «(racine)» chosen, it becomes a root. A move into its own branch is refused."""
    group = selectors.group_get_for_user(user=request.user, group_id=group_id)
    client_id = positive_id(request.POST.get("client_id"))
    raw_parent = request.POST.get("parent_client_id", "").strip()
    parent_id = None if raw_parent in ("", ROOT) else positive_id(raw_parent)
    try:
        if client_id is None:
            raise InvalidInput("Choisissez le membre à déplacer.", code="client_required")
        if raw_parent == "":
            raise InvalidInput("Choisissez où placer le membre.", code="parent_required")
        if raw_parent != ROOT and parent_id is None:
            raise InvalidInput("Le parent choisi n'est pas membre de ce groupe.")
        services.member_move(
            actor=request.user, group=group, client_id=client_id, parent_client_id=parent_id
        )
    except USER_ERRORS as exc:
        messages.error(request, exc.detail)
        return _tree_answer(request, group, status=422)
    return _tree_answer(request, group, reveal=client_id)


# «Paramètres» › Clients › Groupes client (G7, G8) --------------------------------------


def merge_sentence(sources: list[Group], target: Group) -> str:
    """G8: what a merge will do, said before it is done."""
    names = ", ".join(group.name for group in sources)
    if len(sources) == 1:
        return (
            f"Le groupe {names} sera fusionné dans {target.name} : ses membres, sièges et "
            "contacts de groupe y seront intégrés ; il disparaîtra."
        )
    return (
        f"Les groupes {names} seront fusionnés dans {target.name} : leurs membres, sièges et "
        "contacts de groupe y seront intégrés ; ils disparaîtront."
    )


def _settings_groups_page(
    request: HttpRequest, *, form: GroupMergeForm | None = None, status: int = 200
) -> HttpResponse:
    q = search_query(request)
    all_groups = list(selectors.group_list())
    sent = form.data if form is not None else {}
    context = {
        "selected_sources": set(sent.getlist("source_group_ids")) if sent else set(),
        "selected_target": sent.get("target_id", "") if sent else "",
        "settings_section": "groups",
        "q": q,
        "page_obj": page_of(
            selectors.group_list(q=q), request.GET.get("page"), per_page=SETTINGS_PAGE_SIZE
        ),
        "all_groups": all_groups,
        "merge_form": form or GroupMergeForm(groups=all_groups),
        "can_manage": _can_manage(request),
    }
    return render(request, "groups/settings_groups.html", context, status=status)


@require_GET
@staff_page
def settings_groups(request: HttpRequest) -> HttpResponse:
    """The firm's groups, to merge (G8) or delete (G7) with «Gérer les paramètres»."""
    return _settings_groups_page(request)


@require_http_methods(["GET", "POST"])
@staff_page
def settings_groups_merge(request: HttpRequest) -> HttpResponse:
    """G8: GET says what will happen and asks to confirm; POST merges, all or nothing."""
    require_right(request.user, Right.MANAGE_SETTINGS)
    data = request.POST if request.method == "POST" else request.GET
    groups = {group.pk: group for group in selectors.group_list()}
    form = GroupMergeForm(data, groups=groups.values())
    if not form.is_valid():
        return _settings_groups_page(request, form=form, status=422)
    target = groups[form.cleaned_data["target_id"]]
    sources = [groups[pk] for pk in form.cleaned_data["source_group_ids"]]
    if request.method == "GET":
        context = {
            "settings_section": "groups",
            "target": target,
            "sources": sources,
            "sentence": merge_sentence(sources, target),
        }
        return render(request, "groups/settings_groups_merge.html", context)
    try:
        services.groups_merge(
            actor=request.user, target=target, source_ids=[group.pk for group in sources]
        )
    except USER_ERRORS as exc:
        form.apply_domain_error(exc)
        return _settings_groups_page(request, form=form, status=422)
    count = len(sources)
    messages.success(
        request,
        f"{count} groupe{'s' if count > 1 else ''} fusionné{'s' if count > 1 else ''} "
        f"dans « {target.name} ».",
    )
    return redirect("accounts:settings_groups")
