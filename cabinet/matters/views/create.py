"""«Nouveau dossier»: the creation form in steps «1 - Informations», «2 - Parties»,
«3 - Intervenants» (M1). Nothing is written until «Créer le dossier» succeeds."""

import datetime
import secrets

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from cabinet.clients import selectors as clients
from cabinet.core.errors import DomainError
from cabinet.core.views import positive_id, render_page, staff_page
from cabinet.matters import selectors, services
from cabinet.matters.forms import IntervenantsForm, MatterInfoForm, NewPartyForm
from cabinet.matters.models import PartyRole
from cabinet.matters.views.common import detail_url, search_text

# Creation in steps (M1) ----------------------------------------------------------------
#
# The steps are kept in the session under a key of their own (two tabs may create two
# matters at once); nothing is written until «Créer le dossier» succeeds.

DRAFTS = "matter_drafts"
MAX_DRAFTS = 5
STEPS = ((1, "1 - Informations"), (2, "2 - Parties"), (3, "3 - Intervenants"))
INFO_FIELDS = {"title", "type", "opened_on", "description"}
CLIENT_REQUIRED = "Un dossier a au moins un client : ajoutez-en un avec le rôle « Client »."


def _drafts(request: HttpRequest) -> dict:
    return request.session.setdefault(DRAFTS, {})


def _save_draft(request: HttpRequest, key: str, draft: dict) -> None:
    drafts = _drafts(request)
    drafts[key] = draft
    request.session.modified = True


def _step_url(key: str, step: int) -> str:
    return reverse("matters:create_step", kwargs={"draft": key, "step": step})


def _party_entry(client, role: str, is_active: bool) -> dict:
    return {
        "client_id": client.pk,
        "number": client.number,
        "name": client.display_name,
        "role": role,
        "role_label": dict(PartyRole.choices)[role],
        "is_active": is_active,
    }


@require_GET
@staff_page
def matter_create_start(request: HttpRequest) -> HttpResponse:
    """«Nouveau dossier»: a fresh draft; `?client=` puts that client among the parties."""
    drafts = _drafts(request)
    while len(drafts) >= MAX_DRAFTS:
        drafts.pop(next(iter(drafts)))
    draft = {"info": None, "parties": [], "intervenant_ids": []}
    client_id = positive_id(request.GET.get("client"))
    if client_id:
        try:
            client = selectors.party_client_get(user=request.user, client_id=client_id)
        except DomainError:
            pass
        else:
            draft["parties"].append(_party_entry(client, PartyRole.CLIENT, True))
    key = secrets.token_urlsafe(9)
    _save_draft(request, key, draft)
    return redirect(_step_url(key, 1))


@require_http_methods(["GET", "POST"])
@staff_page
def matter_create_step(request: HttpRequest, draft: str, step: int) -> HttpResponse:
    key = draft
    data = _drafts(request).get(key)
    if data is None:
        messages.info(request, "Ce formulaire de création a expiré : recommencez.")
        return redirect("matters:create")
    if step == 1:
        return _step_info(request, key, data)
    if data["info"] is None:
        return redirect(_step_url(key, 1))
    if step == 2:
        return _step_parties(request, key, data)
    if step == 3:
        if not any(p["role"] == PartyRole.CLIENT for p in data["parties"]):
            return redirect(_step_url(key, 2))
        return _step_intervenants(request, key, data)
    raise Http404("Étape inconnue.")


def _render_step(request, key: str, draft: dict, step: int, context: dict, status: int = 200):
    info = draft["info"] or {}
    opened_on = datetime.date.fromisoformat(info["opened_on"]) if info.get("opened_on") else None
    context = {
        "key": key,
        "draft": draft,
        "opened_on": opened_on,
        "step": step,
        "steps": STEPS,
        **context,
    }
    return render_page(
        request,
        "matters/matter_create.html",
        context,
        fragments={"party-picker-results": "matters/partials/_client_picker.html"},
        status=status,
    )


def _step_info(request, key: str, draft: dict, *, error=None) -> HttpResponse:
    if error is not None:
        form = MatterInfoForm(draft["info"])
        form.is_valid()
        form.apply_domain_error(error)
        return _render_step(request, key, draft, 1, {"form": form}, status=422)
    form = MatterInfoForm(request.POST or None, initial=draft["info"] or {})
    if request.method == "POST" and form.is_valid():
        draft["info"] = form.draft_data()
        _save_draft(request, key, draft)
        return redirect(_step_url(key, 2))
    status = 422 if form.is_bound else 200
    return _render_step(request, key, draft, 1, {"form": form}, status=status)


def _step_parties(request, key: str, draft: dict, *, error: str | None = None) -> HttpResponse:
    post = request.POST if request.method == "POST" and error is None else None
    data = post if post is not None else request.GET
    q = search_text(data)
    new_form = NewPartyForm(post)
    parties = draft["parties"]
    if post is not None:
        action = _step_parties_action(request, post, new_form, parties)
        if action == "changed":
            _save_draft(request, key, draft)
            return redirect(_step_url(key, 2))
        if action == "prev":
            return redirect(_step_url(key, 1))
        if action == "next":
            if any(p["role"] == PartyRole.CLIENT for p in parties):
                return redirect(_step_url(key, 3))
            error = CLIENT_REQUIRED
        elif action and action != "search":
            error = action
    context = {
        "new_form": new_form if new_form.is_bound else NewPartyForm(),
        "q": q,
        "results": clients.client_search_suggestions(user=request.user, q=q),
        "picker_action": _step_url(key, 2),
        "chosen_ids": {p["client_id"] for p in parties},
        "parties_error": error,
    }
    return _render_step(request, key, draft, 2, context, status=422 if error else 200)


def _step_parties_action(request, post, new_form: NewPartyForm, parties: list) -> str | None:
    """One button of «2 - Parties»: «changed», «prev», «next», «search», or an error."""
    if "add_client" in post:
        client_id = positive_id(post["add_client"])
        if client_id is None or not new_form.is_valid():
            return "Choisissez le client et son rôle."
        try:
            client = selectors.party_client_get(user=request.user, client_id=client_id)
        except DomainError as exc:
            return exc.detail
        if any(p["client_id"] == client.pk for p in parties):
            return f"« {client.display_name} » est déjà partie au dossier."
        data = new_form.cleaned_data
        parties.append(_party_entry(client, data["role"], data["is_active"]))
        return "changed"
    for name in ("toggle", "remove"):
        if name in post:
            client_id = positive_id(post[name])
            party = next((p for p in parties if p["client_id"] == client_id), None)
            if party is None:
                return "Cette partie n'est plus dans la liste."
            if name == "toggle":
                party["is_active"] = not party["is_active"]
            else:
                parties.remove(party)
            return "changed"
    nav = post.get("nav")
    return nav if nav in ("prev", "next") else "search"


def _step_intervenants(request, key: str, draft: dict) -> HttpResponse:
    users = selectors.intervenant_candidates(user=request.user)
    initial = {"intervenant_ids": [request.user.id, *draft["intervenant_ids"]]}
    form = IntervenantsForm(
        request.POST or None, users=users, creator=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        chosen = [i for i in form.cleaned_data["intervenant_ids"] if i != request.user.id]
        draft["intervenant_ids"] = chosen
        _save_draft(request, key, draft)
        if request.POST.get("nav") == "prev":
            return redirect(_step_url(key, 2))
        info = draft["info"]
        try:
            matter = services.matter_create(
                actor=request.user,
                title=info["title"],
                type=info["type"],
                opened_on=datetime.date.fromisoformat(info["opened_on"]),
                description=info["description"],
                parties=[
                    {"client_id": p["client_id"], "role": p["role"], "is_active": p["is_active"]}
                    for p in draft["parties"]
                ],
                intervenant_ids=chosen,
            )
        except DomainError as exc:
            field = exc.field or ""
            if field in INFO_FIELDS:
                return _step_info(request, key, draft, error=exc)
            if field.startswith("parties") or exc.code == "party_exists":
                return _step_parties(request, key, draft, error=exc.detail)
            form.add_error(None, exc.detail)
        else:
            _drafts(request).pop(key, None)
            request.session.modified = True
            messages.success(request, f"Dossier {matter.number} « {matter.title} » créé.")
            return redirect(detail_url(matter.pk))
    status = 422 if form.is_bound else 200
    return _render_step(request, key, draft, 3, {"form": form}, status=status)
