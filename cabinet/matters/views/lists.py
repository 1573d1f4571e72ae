"""The «Dossiers» list (M1) and the «Dossiers» tab of a client's record (M7)."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from cabinet.clients import selectors as clients
from cabinet.core.errors import DomainError
from cabinet.core.pagination import page_of
from cabinet.core.views import positive_id, render_page, sort_columns, staff_page
from cabinet.matters import selectors
from cabinet.matters.models import MatterStatus, PartyRole
from cabinet.matters.views.common import active_users, search_text

SORTS = {
    "number": ("number",),
    "-number": ("-number",),
    "title": ("title", "number"),
    "-title": ("-title", "-number"),
    "opened": ("opened_on", "id"),
    "-opened": ("-opened_on", "-id"),
    "status": ("status", "-opened_on", "-id"),
    "-status": ("-status", "-opened_on", "-id"),
}
SORT_COLUMNS = (
    ("number", "Numéro"),
    ("title", "Titre"),
    ("opened", "Ouverture"),
    ("status", "Statut"),
)
STATUS_FILTERS = (("open", "Ouverts"), ("closed", "Clos"), ("all", "Tous"))


# List ---------------------------------------------------------------------------------


@require_GET
@staff_page
def matter_list(request: HttpRequest) -> HttpResponse:
    """«Dossiers»: searched by number, title or client, filtered by status, client or
    intervenant, sorted, one page at a time. `?joinable=1`: «Dossiers que je peux
    rejoindre», the open matters the user may add himself to in one click (M6)."""
    q = search_text(request.GET)
    status = request.GET.get("status", "open")
    if status not in dict(STATUS_FILTERS):
        status = "open"
    sort = request.GET.get("sort", "-opened")
    if sort not in SORTS:
        sort = "-opened"
    client = None
    client_id = positive_id(request.GET.get("client"))
    if client_id:
        try:
            client = clients.client_get_for_user(user=request.user, client_id=client_id)
        except DomainError:
            client_id = None
    intervenant_id = positive_id(request.GET.get("intervenant"))
    joinable = request.GET.get("joinable") == "1"
    matters = selectors.matter_list(
        user=request.user,
        q=q,
        status="" if status == "all" or joinable else status,
        client_id=client_id,
        intervenant_id=intervenant_id,
        joinable=joinable,
    ).order_by(*SORTS[sort])
    context = {
        "joinable": joinable,
        "may_join": selectors.may_add_self_as_intervenant(request.user),
        "q": q,
        "status": status,
        "status_filters": STATUS_FILTERS,
        "sort": sort,
        "columns": sort_columns(SORT_COLUMNS, sort),
        "client": client,
        "intervenant_id": intervenant_id,
        "users": active_users(),
        "page_obj": page_of(matters, request.GET.get("page")),
        "filtered": bool(q or client or intervenant_id or status != "open"),
    }
    return render_page(
        request,
        "matters/matter_list.html",
        context,
        fragments={
            "matter-results": "matters/partials/_joinable_results.html"
            if joinable
            else "matters/partials/_matter_results.html"
        },
    )


# A client's «Dossiers» (M7) -------------------------------------------------------------


CLIENT_INACTIVE = "Ce client est inactif sur ce dossier : aucune activité ne peut lui être liée."
NOT_A_CLIENT = "Ce client n'est pas client de ce dossier : saisissez l'activité depuis le dossier."


def _client_matter_rows(request: HttpRequest, client, matters) -> list[dict]:
    """Each matter with the client's party on it and, when «Nouvelle activité» is
    disabled there, why: the client is not an active client party of the open matter
    (M7), or the user does not enter activities on it (M6)."""
    addable = set(
        selectors.matters_of_client(user=request.user, client=client, for_activity=True)
        .prefetch_related(None)
        .values_list("id", flat=True)
    )
    rows = []
    for matter in matters:
        party = next((p for p in matter.parties.all() if p.client_id == client.pk), None)
        if matter.pk in addable:
            entry_refusal = selectors.activity_entry_refusal(user=request.user, matter=matter)
            refusal = entry_refusal.detail if entry_refusal else None
        elif matter.status == MatterStatus.CLOSED:
            refusal = selectors.CLOSED_REFUSAL
        elif party is not None and party.role == PartyRole.CLIENT:
            refusal = CLIENT_INACTIVE
        else:
            refusal = NOT_A_CLIENT
        rows.append({"matter": matter, "party": party, "refusal": refusal})
    return rows


@require_GET
@staff_page
def client_matters(request: HttpRequest, client_id: int) -> HttpResponse:
    """The «Dossiers» tab of a client's record: its matters, its role and status on each,
    and «Nouvelle activité» where it is an active client party (M7)."""
    client = clients.client_get_for_user(user=request.user, client_id=client_id)
    matters = selectors.matters_of_client(user=request.user, client=client)
    page = page_of(matters, request.GET.get("page"))
    context = {
        "client": client,
        "tab": "matters",
        "page_obj": page,
        "rows": _client_matter_rows(request, client, page),
    }
    return render_page(
        request,
        "matters/client_matters.html",
        context,
        fragments={
            "client-body": "matters/partials/_client_matters_body.html",
            "client-matters": "matters/partials/_client_matters.html",
        },
    )
