"""A client record's «Groupe» field and tab (G2, G5, G6): choose, create or leave the
client's group from its record, and see and reorganise the group's tree there, the client
highlighted. The tree and its tools are the group page's (`cabinet.groups.views`).
"""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cabinet.clients import selectors as client_selectors
from cabinet.clients.models import Client
from cabinet.core.errors import DomainError
from cabinet.core.views import render_page, staff_page
from cabinet.groups import selectors, services
from cabinet.groups.selectors import loaded_membership
from cabinet.groups.tree_views import tree_context, tree_request
from cabinet.groups.views import (
    PICKER_SIZE,
    USER_ERRORS,
    next_url,
    positive_id,
    search_query,
)


def _client(request: HttpRequest, client_id: int) -> Client:
    return client_selectors.client_get_for_user(user=request.user, client_id=client_id)


def _client_url(client: Client, tab: str = "") -> str:
    name = "groups:client_group" if tab == "groupe" else "clients:detail"
    return reverse(name, kwargs={"client_id": client.pk})


@require_GET
@staff_page
def client_group(request: HttpRequest, client_id: int) -> HttpResponse:
    """The «Groupe» tab: the client's group as a tree, the client highlighted, with the
    same tools as the group page."""
    client = _client(request, client_id)
    membership = loaded_membership(client)
    context = {"client": client, "tab": "groupe", "membership": membership}
    if membership is not None:
        group = selectors.group_get_for_user(user=request.user, group_id=membership.group_id)
        view = tree_request(request, highlight=client.pk)
        context.update(tree_context(group, user=request.user, view=view))
    return render_page(
        request,
        "groups/client_group.html",
        context,
        fragments={"client-body": "groups/partials/_client_group_body.html"},
    )


@require_GET
@staff_page
def client_group_candidates(request: HttpRequest, client_id: int) -> HttpResponse:
    """The «...» picker of the «Groupe» field: groups by name (the first ones when empty)."""
    client = _client(request, client_id)
    q = search_query(request)
    membership = loaded_membership(client)
    context = {
        "client": client,
        "q": q,
        "results": list(selectors.group_list(q=q)[:PICKER_SIZE]),
        "current_group_id": membership.group_id if membership else None,
    }
    return render(request, "groups/partials/_group_picker_results.html", context)


@require_POST
@staff_page
def client_group_set(request: HttpRequest, client_id: int) -> HttpResponse:
    """G2/G5: the client joins the chosen group as a root, leaving its former one (G6)."""
    client = _client(request, client_id)
    group_id = positive_id(request.POST.get("group_id"))
    membership = loaded_membership(client)
    if group_id is None:
        messages.error(request, "Choisissez le groupe.")
    elif membership is not None and membership.group_id == group_id:
        messages.info(request, f"Le client est déjà dans le groupe « {membership.group.name} ».")
    else:
        try:
            group = services.membership_set(actor=request.user, client=client, group_id=group_id)
        except DomainError as exc:
            messages.error(request, exc.detail)
        else:
            messages.success(request, f"Client placé dans le groupe « {group.name} ».")
    return redirect(next_url(request, _client_url(client)))


@require_POST
@staff_page
def client_group_create(request: HttpRequest, client_id: int) -> HttpResponse:
    """G5: «Créer un groupe» from a record: the new group, with this client in it."""
    client = _client(request, client_id)
    try:
        with transaction.atomic():
            group = services.group_create(actor=request.user, name=request.POST.get("name", ""))
            services.membership_set(actor=request.user, client=client, group_id=group.pk)
    except USER_ERRORS as exc:
        messages.error(request, exc.detail)
        return redirect(_client_url(client))
    messages.success(request, f"Groupe « {group.name} » créé avec ce client.")
    return redirect(_client_url(client, "groupe"))


@require_POST
@staff_page
def client_group_leave(request: HttpRequest, client_id: int) -> HttpResponse:
    """«Quitter le groupe» (G6): the client's children take its place."""
    client = _client(request, client_id)
    membership = loaded_membership(client)
    try:
        services.membership_remove(actor=request.user, client=client)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, f"Le client a quitté le groupe « {membership.group.name} ».")
    return redirect(next_url(request, _client_url(client)))
