"""Client pages: list and live search, record, «Liaison», «Attaché à», «Contacts» (C1–C4).

Thin views: access through `selectors.client_get_for_user`, writes through `services`,
domain errors shown as form errors or messages. htmx requests get the fragment they
target; every action also works as a plain form post.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cabinet.clients import selectors, services
from cabinet.clients.forms import (
    AliasForm,
    ClientForm,
    ContactEndForm,
    ContactForm,
    parse_valid_at,
)
from cabinet.clients.models import Client
from cabinet.core.errors import Conflict, DomainError, InvalidInput
from cabinet.core.pagination import page_of
from cabinet.core.views import (
    is_htmx,
    positive_id,
    render_fragment,
    render_page,
    sort_columns,
    staff_page,
)

SORT_COLUMNS = (("number", "Numéro"), ("name", "Nom"), ("kind", "Type"), ("city", "Ville"))
SEARCH_MAX = 200
USER_ERRORS = (Conflict, InvalidInput)


def _query(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:SEARCH_MAX]


def _client(request: HttpRequest, client_id: int) -> Client:
    return selectors.client_get_for_user(user=request.user, client_id=client_id)


def _detail_url(client: Client, tab: str = "") -> str:
    name = "clients:contacts" if tab == "contacts" else "clients:detail"
    return reverse(name, kwargs={"client_id": client.pk})


# List and search ---------------------------------------------------------------------


@require_GET
@staff_page
def client_list(request: HttpRequest) -> HttpResponse:
    """«Clients»: searched by name, number or alias (C2), sorted, one page at a time."""
    q = _query(request)
    sort = request.GET.get("sort", "name")
    if sort not in selectors.SORTS:
        sort = "name"
    clients = selectors.client_list(user=request.user, q=q, sort=sort)
    page = page_of(clients, request.GET.get("page"))
    context = {"q": q, "sort": sort, "page_obj": page, "columns": sort_columns(SORT_COLUMNS, sort)}
    return render_page(
        request,
        "clients/client_list.html",
        context,
        fragments={"client-results": "clients/partials/_client_results.html"},
    )


@require_GET
@staff_page
def client_search(request: HttpRequest) -> HttpResponse:
    """The top bar's live search: the first matches as links (C2)."""
    q = _query(request)
    results = selectors.client_search_suggestions(user=request.user, q=q)
    return render(request, "clients/partials/_search_results.html", {"q": q, "results": results})


# Create and edit ---------------------------------------------------------------------


def _client_initial(client: Client) -> dict:
    return {field: getattr(client, field) for field in ("number", *services.CLIENT_FIELDS)}


@require_http_methods(["GET", "POST"])
@staff_page
def client_create(request: HttpRequest) -> HttpResponse:
    """C1: a new client; its number is handed out in sequence when left empty."""
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["number"] = data["number"] or None
        try:
            client = services.client_create(actor=request.user, **data)
        except USER_ERRORS as exc:
            form.apply_domain_error(exc)
        else:
            messages.success(request, f"Client {client.number} « {client.display_name} » créé.")
            return redirect(_detail_url(client))
    status = 422 if form.is_bound else 200
    return render(request, "clients/client_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@staff_page
def client_edit(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _client(request, client_id)
    form = ClientForm(request.POST or None, initial=_client_initial(client), editing=True)
    if request.method == "POST" and form.is_valid():
        changed = {field: form.cleaned_data[field] for field in form.changed_data}
        if not changed:
            messages.info(request, "Aucune modification.")
            return redirect(_detail_url(client))
        try:
            services.client_update(actor=request.user, client=client, **changed)
        except USER_ERRORS as exc:
            form.apply_domain_error(exc)
        else:
            messages.success(request, "Fiche client enregistrée.")
            return redirect(_detail_url(client))
    status = 422 if form.is_bound else 200
    context = {"form": form, "client": client}
    return render(request, "clients/client_form.html", context, status=status)


# Record: «Fiche» ----------------------------------------------------------------------


@require_GET
@staff_page
def client_detail(request: HttpRequest, client_id: int) -> HttpResponse:
    """The record: identity, «Liaison» (C2), «Attaché à» (C3, shown here only), and the
    cards the apps above add (`registry.FICHE_SIDE`: the «Groupe» field, G5)."""
    client = _client(request, client_id)
    context = {"client": client, "tab": "fiche", "alias_form": AliasForm(autofocus=False)}
    return render_page(
        request,
        "clients/client_detail.html",
        context,
        fragments={"client-body": "clients/partials/_client_body.html"},
    )


def _aliases_answer(request, client: Client, form: AliasForm, *, ok: bool, success: str):
    if is_htmx(request):
        client = _client(request, client.pk)
        context = {"client": client, "alias_form": form}
        return render_fragment(
            request, "clients/partials/_aliases.html", context, status=200 if ok else 422
        )
    if ok:
        messages.success(request, success)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(_detail_url(client))


@require_POST
@staff_page
def alias_add(request: HttpRequest, client_id: int) -> HttpResponse:
    """C2: one more «Liaison» value."""
    client = _client(request, client_id)
    form = AliasForm(request.POST)
    if form.is_valid():
        try:
            alias = services.alias_add(
                actor=request.user, client=client, value=form.cleaned_data["value"]
            )
        except USER_ERRORS as exc:
            form.apply_domain_error(exc)
        else:
            success = f"Liaison « {alias} » ajoutée."
            return _aliases_answer(request, client, AliasForm(), ok=True, success=success)
    return _aliases_answer(request, client, form, ok=False, success="")


@require_POST
@staff_page
def alias_remove(request: HttpRequest, client_id: int, alias_id: int) -> HttpResponse:
    client = _client(request, client_id)
    services.alias_remove(actor=request.user, client=client, alias_id=alias_id)
    form = AliasForm(autofocus=False)
    return _aliases_answer(request, client, form, ok=True, success="Liaison retirée.")


# «Attaché à» (C3) ---------------------------------------------------------------------


@require_GET
@staff_page
def attachment_candidates(request: HttpRequest, client_id: int) -> HttpResponse:
    """The picker's results: clients this one may be attached to."""
    client = _client(request, client_id)
    q = _query(request)
    results = selectors.attachment_candidates(user=request.user, client=client, q=q)
    context = {"client": client, "q": q, "results": results}
    return render(request, "clients/partials/_picker_results.html", context)


@require_POST
@staff_page
def attachment_set(request: HttpRequest, client_id: int) -> HttpResponse:
    """C3: attach this client to another one (never to itself)."""
    client = _client(request, client_id)
    target_id = positive_id(request.POST.get("attached_to_id"))
    if target_id is None:
        messages.error(request, "Choisissez le client de rattachement.")
        return redirect(_detail_url(client))
    try:
        client = services.client_update(actor=request.user, client=client, attached_to_id=target_id)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        target = client.attached_to
        messages.success(request, f"Attaché à {target.number} « {target.display_name} ».")
    return redirect(_detail_url(client))


@require_POST
@staff_page
def attachment_remove(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _client(request, client_id)
    services.client_update(actor=request.user, client=client, attached_to_id=None)
    messages.success(request, "Rattachement supprimé.")
    return redirect(_detail_url(client))


# «Contacts» (C4) ----------------------------------------------------------------------


def _contacts_context(request, client: Client, raw_valid_at: str | None, **extra) -> dict:
    today = timezone.localdate()
    valid_at, understood = parse_valid_at(raw_valid_at, today)
    contacts = list(
        selectors.contacts_of_client(client=client, valid_at=valid_at, user=request.user)
    )
    return {
        "client": client,
        "tab": "contacts",
        "contacts": contacts,
        "valid_at": valid_at,
        "valid_at_param": valid_at.isoformat() if valid_at else "all",
        "valid_at_invalid": not understood,
        "today": today,
        "contact_form": ContactForm(initial={"valid_from": today}, autofocus=False),
        **extra,
    }


def _contacts_url(client: Client, valid_at_param: str | None) -> str:
    url = _detail_url(client, "contacts")
    return f"{url}?valid_at={valid_at_param}" if valid_at_param else url


CONTACT_FRAGMENTS = {
    "client-body": "clients/partials/_client_body.html",
    "contacts-panel": "clients/partials/_contacts.html",
}


@require_GET
@staff_page
def contact_list(request: HttpRequest, client_id: int) -> HttpResponse:
    """«Contacts»: valid today by default, at the «Valide au» date, or all when cleared."""
    client = _client(request, client_id)
    context = _contacts_context(request, client, request.GET.get("valid_at"))
    return render_page(request, "clients/client_detail.html", context, fragments=CONTACT_FRAGMENTS)


@require_POST
@staff_page
def contact_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _client(request, client_id)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            contact = services.contact_create(
                actor=request.user, client=client, **form.cleaned_data
            )
        except USER_ERRORS as exc:
            form.apply_domain_error(exc)
        else:
            messages.success(request, f"Contact « {contact.display_name} » ajouté.")
            return redirect(_contacts_url(client, request.POST.get("valid_at")))
    context = _contacts_context(request, client, request.POST.get("valid_at"))
    context.update(contact_form=form, contact_form_open=True)
    return render(request, "clients/client_detail.html", context, status=422)


@require_http_methods(["GET", "POST"])
@staff_page
def contact_edit(request: HttpRequest, client_id: int, contact_id: int) -> HttpResponse:
    client = _client(request, client_id)
    contact = selectors.contact_get(client=client, contact_id=contact_id)
    initial = {field: getattr(contact, field) for field in services.CONTACT_FIELDS}
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {field: form.cleaned_data[field] for field in form.changed_data}
        try:
            if changed:
                services.contact_update(actor=request.user, contact=contact, **changed)
        except USER_ERRORS as exc:
            form.apply_domain_error(exc)
        else:
            messages.success(request, f"Contact « {contact.display_name} » enregistré.")
            return redirect(_contacts_url(client, None))
    context = {"client": client, "tab": "contacts", "contact": contact, "edit_form": form}
    status = 422 if form.is_bound else 200
    return render(request, "clients/client_detail.html", context, status=status)


@require_POST
@staff_page
def contact_end(request: HttpRequest, client_id: int, contact_id: int) -> HttpResponse:
    """«Mettre fin»: the contact stays valid up to and including the chosen day (C4)."""
    client = _client(request, client_id)
    contact = selectors.contact_get(client=client, contact_id=contact_id)
    form = ContactEndForm(request.POST)
    raw_valid_at = request.POST.get("valid_at")
    status = 200
    if form.is_valid():
        try:
            contact = services.contact_end(
                actor=request.user, contact=contact, on=form.cleaned_data["on"]
            )
        except USER_ERRORS as exc:
            messages.error(request, exc.detail)
            status = 422
        else:
            end = contact.valid_to.strftime("%d/%m/%Y")
            messages.success(request, f"Fin du contact « {contact.display_name} » au {end}.")
    else:
        messages.error(request, "Indiquez la date de fin (JJ/MM/AAAA).")
        status = 422
    if is_htmx(request):
        context = _contacts_context(request, client, raw_valid_at)
        return render_fragment(request, "clients/partials/_contacts.html", context, status=status)
    return redirect(_contacts_url(client, raw_valid_at))
