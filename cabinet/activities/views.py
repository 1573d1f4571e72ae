"""Activity pages: the «Activités» tab of a matter with its filters and totals, the
activity form — the quick entry of the «+» menu (A9) and the matter's «Nouvelle activité»
— its edition and deletion (A1), and the bulk transfer to another matter (A8).

Thin views: the matter through `matter_get_for_user`, writes through `services`, the
lists and rules from the selectors (`matters_for_quick_add`, `activity_entry_refusal`,
`active_client_parties_of`, `totals`). The services' refusals become form errors or
messages.
"""

from decimal import Decimal

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cabinet.activities import selectors, services
from cabinet.activities.forms import ActivityForm, TransferForm, matter_label
from cabinet.activities.models import ActivityKind, BillingState
from cabinet.core.errors import DomainError
from cabinet.core.pagination import page_of
from cabinet.core.views import positive_id, render_page, staff_page
from cabinet.matters import selectors as matters
from cabinet.matters.models import Matter, PartyRole
from cabinet.matters.views.common import matter_page_context

COMMON = "common"


def _matter(request: HttpRequest, matter_id: int) -> Matter:
    return matters.matter_get_for_user(user=request.user, matter_id=matter_id)


def _activities_url(matter_id: int) -> str:
    return reverse("activities:matter_activities", kwargs={"matter_id": matter_id})


def _next_url(request: HttpRequest) -> str | None:
    """A same-site `next` address to go back to (the client's «Dossiers» tab)."""
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


# The «Activités» tab --------------------------------------------------------------------


def _filters(request: HttpRequest, matter: Matter) -> dict:
    state = request.GET.get("state", "")
    kind = request.GET.get("kind", "")
    client = request.GET.get("client", "")
    client_ids = {p.client_id for p in matter.parties.all() if p.role == PartyRole.CLIENT}
    if client != COMMON and positive_id(client) not in client_ids:
        client = ""
    return {
        "state": state if state in BillingState.values else "",
        "kind": kind if kind in ActivityKind.values else "",
        "client": client,
    }


@require_GET
@staff_page
def matter_activities(request: HttpRequest, matter_id: int) -> HttpResponse:
    """A matter's activities: filters (state, kind, client or «Commune»), totals, edit
    and delete of unbilled ones, selection for «Actions groupées»."""
    matter = _matter(request, matter_id)
    filters = _filters(request, matter)
    activities = selectors.activities_of_matter(
        matter=matter,
        state=filters["state"],
        kind=filters["kind"],
        client_id=positive_id(filters["client"]),
        common=filters["client"] == COMMON,
    )
    context = matter_page_context(request, matter, tab="activities")
    context.update(
        filters=filters,
        filtered=any(filters.values()),
        states=BillingState.choices,
        kinds=ActivityKind.choices,
        client_parties=[p for p in matter.parties.all() if p.role == PartyRole.CLIENT],
        totals=selectors.totals(activities),
        page_obj=page_of(activities, request.GET.get("page")),
        may_edit=matters.may_enter_activities(request.user, matter),
    )
    return render_page(
        request,
        "activities/matter_activities.html",
        context,
        fragments={"activities-panel": "activities/partials/_activities.html"},
    )


# The activity form: quick entry (A9) and «Nouvelle activité» ---------------------------


def _initial(request: HttpRequest, matter: Matter | None, clients: list) -> dict:
    """The user's hourly rate, VAT 20 %, and the client asked for (M7: the record's
    client) or the only active client."""
    initial = {"hourly_rate": request.user.hourly_rate, "kind": ActivityKind.TIME}
    client_ids = [c.pk for c in clients]
    wanted = positive_id(request.GET.get("client"))
    if wanted in client_ids:
        initial["client"] = wanted
    elif len(client_ids) == 1:
        initial["client"] = client_ids[0]
    if matter is not None:
        initial["matter"] = matter.pk
    return initial


@require_http_methods(["GET", "POST"])
@staff_page
def activity_create(request: HttpRequest) -> HttpResponse:
    """«Nouvelle activité»: its «Dossier» list holds the matters that accept activities
    and on which the user enters them (A9), searched as one types (`q`, htmx swaps
    #matter-choices; a plain GET without JavaScript), 20 at a time, the chosen one kept
    at the top; once a matter is chosen, the client list holds its active client parties
    and «Commune» (M7)."""
    data = request.POST if request.method == "POST" else request.GET
    q = request.GET.get("q", "")
    found = page_of(
        matters.with_details(matters.matters_for_quick_add(user=request.user, q=q)),
        request.GET.get("page"),
        per_page=matters.QUICK_ADD_PAGE,
    )
    offered = list(found.object_list)
    matter_id = positive_id(data.get("matter"))
    matter = next((m for m in offered if m.pk == matter_id), None)
    refusal = None
    if matter is None and matter_id is not None:
        try:
            asked = _matter(request, matter_id)
        except DomainError:
            asked = None
        if asked is not None:
            entry_refusal = matters.activity_entry_refusal(user=request.user, matter=asked)
            refusal = entry_refusal.detail if entry_refusal else None
            if request.method == "POST" or refusal is None:
                matter = asked  # offered beyond this page; else the service refuses (M5, M6)
            else:
                refusal = f"Le dossier {asked.number} n'est pas proposé : {refusal}"
    if matter is not None and matter not in offered and refusal is None:
        offered.insert(0, matter)  # the chosen matter stays in the list while one searches
    clients = [p.client for p in matters.active_client_parties_of(matter)] if matter else []
    form = ActivityForm(
        request.POST or None,
        matters=offered,
        clients=clients,
        initial=_initial(request, matter, clients),
    )
    if request.method == "POST" and form.is_valid() and matter is None:
        form.add_error("matter", "Ce dossier n'existe pas ou ne vous est pas accessible.")
    elif request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                actor=request.user,
                matter=matter,
                kind=form.cleaned_data["kind"],
                **form.activity_data(),
            )
        except DomainError as exc:
            form.apply_domain_error(exc)
        else:
            messages.success(
                request, f"Activité ajoutée au dossier {matter.number} « {matter.title} »."
            )
            return redirect(_next_url(request) or _activities_url(activity.matter_id))
    context = {
        "form": form,
        "matter": matter,
        "quick_entry": True,
        "refusal": refusal,
        "has_matters": bool(offered) or bool(q),
        "q": q,
        "found": found,
        "next": _next_url(request) or "",
    }
    return render_page(
        request,
        "activities/activity_form.html",
        context,
        fragments={
            "client-field": "activities/partials/_client_field.html",
            "matter-choices": "activities/partials/_matter_choices.html",
        },
        status=422 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_page
def activity_edit(request: HttpRequest, matter_id: int, activity_id: int) -> HttpResponse:
    """Edit an unbilled activity; its kind stays."""
    matter = _matter(request, matter_id)
    activity = selectors.activity_get(matter=matter, activity_id=activity_id)
    clients = [p.client for p in matters.active_client_parties_of(matter)]
    if activity.client_id and activity.client not in clients:
        clients.append(activity.client)
    initial = {
        "kind": activity.kind,
        "date": activity.date,
        "description": activity.description,
        "hours": activity.hours,
        "hourly_rate": activity.hourly_rate,
        "amount": activity.amount,
        "vat_rate": activity.vat_rate,
        "client": activity.client_id,
    }
    form = ActivityForm(
        request.POST or None, clients=clients, fixed_kind=activity.kind, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(
                actor=request.user,
                matter=matter,
                activity_id=activity.pk,
                **form.activity_data(),
            )
        except DomainError as exc:
            form.apply_domain_error(exc)
        else:
            messages.success(request, "Activité enregistrée.")
            return redirect(_activities_url(matter.pk))
    context = {"form": form, "matter": matter, "activity": activity}
    return render(
        request,
        "activities/activity_form.html",
        context,
        status=422 if form.is_bound else 200,
    )


@require_POST
@staff_page
def activity_delete(request: HttpRequest, matter_id: int, activity_id: int) -> HttpResponse:
    matter = _matter(request, matter_id)
    try:
        services.activity_delete(actor=request.user, matter=matter, activity_id=activity_id)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, "Activité supprimée.")
    return redirect(_activities_url(matter.pk))


# «Transférer vers un autre dossier» (A8) --------------------------------------------------


@require_POST
@staff_page
def activities_transfer(request: HttpRequest, matter_id: int) -> HttpResponse:
    """The bulk action: the selected activities, then the target among the matters of the
    quick entry (A9) but this one, then the service moves all of them or none."""
    matter = _matter(request, matter_id)
    ids = sorted({i for i in map(positive_id, request.POST.getlist("activity_ids")) if i})
    if not ids:
        messages.error(request, "Sélectionnez au moins une activité à transférer.")
        return redirect(_activities_url(matter.pk))
    selected = list(selectors.activities_of_matter(matter=matter).filter(pk__in=ids))
    if len(selected) != len(ids):
        messages.error(request, "Une des activités sélectionnées n'est plus sur ce dossier.")
        return redirect(_activities_url(matter.pk))
    targets = [
        m
        for m in matters.with_details(matters.matters_for_quick_add(user=request.user))
        if m.pk != matter.pk
    ]
    confirmed = request.POST.get("confirm") == "1"
    form = TransferForm(request.POST if confirmed else None, targets=targets)
    status = 200
    if confirmed:
        status = 422
        if form.is_valid():
            target_id = form.cleaned_data["target_matter_id"]
            try:
                moved = services.activities_transfer(
                    actor=request.user, activity_ids=ids, target_matter_id=target_id
                )
            except DomainError as exc:
                messages.error(request, exc.detail)
                status = 409 if exc.status == 409 else 422
            else:
                target = next((m for m in targets if m.pk == target_id), None)
                where = f" vers le dossier {matter_label(target)}" if target else ""
                plural = "s" if moved > 1 else ""
                messages.success(request, f"{moved} activité{plural} transférée{plural}{where}.")
                return redirect(_activities_url(matter.pk))
    context = {
        **matter_page_context(request, matter, tab="activities"),
        "form": form,
        "selected": selected,
        "targets": targets,
        "total": sum((a.amount for a in selected), Decimal("0.00")),
    }
    return render(request, "activities/activity_transfer.html", context, status=status)
