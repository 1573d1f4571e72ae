"""The matter page: parties with «Actif / Inactif» in one click (M2–M4, M8, M10),
intervenants (M6), «Modifier», closing and deletion (M9)."""

from collections import defaultdict

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cabinet.accounts.models import Right
from cabinet.core.errors import DomainError, Forbidden
from cabinet.core.views import is_htmx, positive_id, render_fragment, render_page, staff_page
from cabinet.matters import registry, selectors, services
from cabinet.matters.forms import IntervenantAddForm, MatterInfoForm
from cabinet.matters.models import Matter, MatterStatus, PartyRole
from cabinet.matters.views.common import (
    active_users,
    detail_url,
    matter_for,
    matter_page_context,
)

ROLE_SECTIONS = (
    (PartyRole.CLIENT, "Clients"),
    (PartyRole.ADVERSE, "Parties adverses"),
    (PartyRole.OTHER, "Autres parties"),
)


# The matter page -----------------------------------------------------------------------


def _party_sections(matter: Matter, unbilled: set[int]) -> list[dict]:
    """The parties by role, each with its linked contacts (M10) and, on an active party's
    toggle, the M4 warning its deactivation would answer."""
    linked = defaultdict(list)
    for party in matter.parties.all():
        if party.role == PartyRole.LINKED_CONTACT:
            linked[party.linked_party_id].append(party)
    reached = registry.clients_with_web_users(
        {p.client_id for p in matter.parties.all() if p.role == PartyRole.CLIENT}
    )
    sections = []
    for role, label in ROLE_SECTIONS:
        rows = []
        for party in matter.parties.all():
            if party.role != role:
                continue
            warning = (
                selectors.party_deactivation_warning(
                    matter=matter, party=party, unbilled_client_ids=unbilled
                )
                if party.is_active
                else None
            )
            rows.append(
                {
                    "party": party,
                    "linked": linked[party.id],
                    "warning": warning,
                    "has_web_user": party.client_id in reached,  # M8
                }
            )
        sections.append({"role": role, "label": label, "rows": rows})
    return sections


def _parties_tab_context(request: HttpRequest, matter: Matter) -> dict:
    user = request.user
    intervenants = list(matter.intervenants.all())
    intervenant_ids = {i.user_id for i in intervenants}
    can_manage = user.has_right(Right.ALL_MATTERS)
    context = matter_page_context(request, matter, tab="parties")
    context.update(
        sections=_party_sections(matter, selectors.clients_with_unbilled_activities(matter)),
        intervenants=intervenants,
        is_intervenant=user.id in intervenant_ids,
        self_refusal=selectors.self_intervention_refusal(user=user, matter=matter),
        can_manage_intervenants=can_manage,
    )
    if can_manage:
        others = [u for u in active_users() if u.id not in intervenant_ids]
        context["intervenant_form"] = IntervenantAddForm(users=others)
    return context


@require_GET
@staff_page
def matter_detail(request: HttpRequest, matter_id: int) -> HttpResponse:
    """The matter page: header, parties with «Actif / Inactif», intervenants."""
    matter = matter_for(request, matter_id)
    return render_page(
        request,
        "matters/matter_detail.html",
        _parties_tab_context(request, matter),
        fragments={"matter-page": "matters/partials/_matter_page.html"},
    )


def _matter_answer(request: HttpRequest, matter_id: int, status: int = 200) -> HttpResponse:
    """After an action of the matter page: the refreshed page fragment for htmx, else a
    redirect to the page (its messages follow). A user who has just left a matter he may
    no longer see goes to the list."""
    try:
        matter = matter_for(request, matter_id)
    except Forbidden:
        if is_htmx(request):
            return HttpResponse(headers={"HX-Redirect": reverse("matters:list")})
        return redirect("matters:list")
    if is_htmx(request):
        context = _parties_tab_context(request, matter)
        template = "matters/partials/_matter_page.html"
        return render_fragment(request, template, context, status=status)
    return redirect(detail_url(matter_id))


@require_POST
@staff_page
def party_set_active(request: HttpRequest, matter_id: int, party_id: int) -> HttpResponse:
    """M2/M3/M4/M8/M10: «Actif / Inactif» in one click, on this matter only; the M4
    warning the service answers is shown as a message."""
    matter = matter_for(request, matter_id)
    party = selectors.party_get(matter=matter, party_id=party_id)
    is_active = request.POST.get("is_active") == "1"
    try:
        _, warning = services.party_set_active(
            actor=request.user, matter=matter, party_id=party.pk, is_active=is_active
        )
    except DomainError as exc:
        messages.error(request, exc.detail)
        return _matter_answer(request, matter.pk, status=409)
    if is_active:
        messages.success(request, f"« {party.display_name} » est actif sur ce dossier.")
    else:
        text = f"« {party.display_name} » est inactif sur ce dossier."
        if party.portal_shared:
            text += " Son partage sur le portail est coupé."
        messages.success(request, text)
    if warning:
        messages.warning(request, warning)
    return _matter_answer(request, matter.pk)


@require_POST
@staff_page
def party_set_portal_shared(request: HttpRequest, matter_id: int, party_id: int) -> HttpResponse:
    """M8: «Partagé sur le portail», switched back on by hand after a deactivation."""
    matter = matter_for(request, matter_id)
    party = selectors.party_get(matter=matter, party_id=party_id)
    shared = request.POST.get("portal_shared") == "1"
    try:
        services.party_set_portal_shared(
            actor=request.user, matter=matter, party_id=party.pk, portal_shared=shared
        )
    except DomainError as exc:
        messages.error(request, exc.detail)
        return _matter_answer(request, matter.pk, status=409)
    state = "partagé avec" if shared else "n'est plus partagé avec"
    messages.success(request, f"Le dossier {state} « {party.display_name} » sur le portail.")
    return _matter_answer(request, matter.pk)


@require_POST
@staff_page
def matter_set_status(request: HttpRequest, matter_id: int) -> HttpResponse:
    """Close (archive: everything is kept) or reopen the matter (M9)."""
    matter = matter_for(request, matter_id)
    status = request.POST.get("status")
    if status not in MatterStatus.values:
        messages.error(request, "Statut inconnu.")
        return redirect(detail_url(matter.pk))
    services.matter_set_status(actor=request.user, matter=matter, status=status)
    if status == MatterStatus.CLOSED:
        messages.success(request, f"Dossier {matter.number} clôturé : il reste consultable.")
    else:
        messages.success(request, f"Dossier {matter.number} rouvert.")
    return redirect(detail_url(matter.pk))


@require_POST
@staff_page
def matter_delete(request: HttpRequest, matter_id: int) -> HttpResponse:
    """M9: needs the «delete matters» right; refused while the matter holds activities or
    bills, with the service's sentence."""
    matter = matter_for(request, matter_id)
    try:
        services.matter_delete(actor=request.user, matter=matter)
    except DomainError as exc:
        messages.error(request, exc.detail)
        return redirect(detail_url(matter.pk))
    messages.success(request, f"Dossier {matter.number} « {matter.title} » supprimé.")
    return redirect("matters:list")


@require_http_methods(["GET", "POST"])
@staff_page
def matter_edit(request: HttpRequest, matter_id: int) -> HttpResponse:
    """«Modifier»: title, type, opening date and description."""
    matter = matter_for(request, matter_id)
    initial = {field: getattr(matter, field) for field in services.MATTER_FIELDS}
    form = MatterInfoForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {field: form.cleaned_data[field] for field in form.changed_data}
        try:
            if changed:
                services.matter_update(actor=request.user, matter=matter, **changed)
        except DomainError as exc:
            form.apply_domain_error(exc)
        else:
            messages.success(request, "Dossier enregistré." if changed else "Aucune modification.")
            return redirect(detail_url(matter.pk))
    status = 422 if form.is_bound else 200
    context = {"form": form, "matter": matter}
    return render(request, "matters/matter_form.html", context, status=status)


# Intervenants (M6) ---------------------------------------------------------------------


@require_POST
@staff_page
def intervenant_add(request: HttpRequest, matter_id: int) -> HttpResponse:
    """«S'ajouter comme intervenant» — also «Rejoindre» from «Dossiers que je peux
    rejoindre» (M6) — or add another user (right to act on every matter)."""
    matter = selectors.matter_get_for_user(user=request.user, matter_id=matter_id, to_join=True)
    user_id = None
    if "user_id" in request.POST:
        user_id = positive_id(request.POST["user_id"])
        if user_id is None:
            messages.error(request, "Choisissez l'intervenant à ajouter.")
            return _matter_answer(request, matter.pk, status=422)
    try:
        intervenant = services.intervenant_add(actor=request.user, matter=matter, user_id=user_id)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        if intervenant.user_id == request.user.id:
            messages.success(request, "Vous intervenez sur ce dossier.")
        else:
            name = intervenant.user.display_name
            messages.success(request, f"« {name} » intervient sur ce dossier.")
    return _matter_answer(request, matter.pk)


@require_POST
@staff_page
def intervenant_remove(request: HttpRequest, matter_id: int, user_id: int) -> HttpResponse:
    matter = matter_for(request, matter_id)
    try:
        services.intervenant_remove(actor=request.user, matter=matter, user_id=user_id)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, "Intervenant retiré du dossier.")
    return _matter_answer(request, matter.pk)
