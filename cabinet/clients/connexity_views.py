"""The «Connexe» tab of a client record (R1–R10) and the list of relation labels in
«Paramètres» (R3).

Thin views, like `cabinet.clients.views`: access through `client_get_for_user`, reads
through `connexity_selectors`, writes through `connexity_services`; the services' French
sentences become form errors or messages. The add and edit forms open in a dialog (htmx)
and are also plain pages; every action works as a plain form post.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cabinet.accounts.models import Right
from cabinet.clients import connexity_selectors, connexity_services, selectors
from cabinet.clients.forms import ConnexityForm, ConnexityLabelForm
from cabinet.clients.models import Client
from cabinet.core.errors import Conflict, DomainError, InvalidInput
from cabinet.core.permissions import require_right
from cabinet.core.views import is_htmx, render_fragment, render_page, staff_page

USER_ERRORS = (Conflict, InvalidInput)
SEARCH_MAX = 200
LABELS_MAX = 2000  # the whole configurable list, in practice a few dozen entries
DIALOG_BODY = "connexity-dialog-body"
FRAGMENTS = {
    "client-body": "clients/partials/_client_body.html",
    "connexities-panel": "clients/partials/_connexities.html",
}


def _client(request: HttpRequest, client_id: int) -> Client:
    return selectors.client_get_for_user(user=request.user, client_id=client_id)


def _historical(raw: str | None) -> bool:
    return (raw or "").strip().lower() in {"1", "on", "true", "oui"}


def _connexities_url(client: Client, historical: bool = False) -> str:
    url = reverse("clients:connexities", kwargs={"client_id": client.pk})
    return f"{url}?historical=1" if historical else url


def _connexities_context(request: HttpRequest, client: Client, *, historical: bool) -> dict:
    connexities = connexity_selectors.connexities_of(
        client=client, user=request.user, historical=historical
    )
    return {
        "client": client,
        "tab": "connexe",
        "historical": historical,
        "connexities": connexities,
    }


def _labels() -> list[str]:
    return [item.label for item in connexity_selectors.connexity_labels(limit=LABELS_MAX)]


# «Connexe» tab ------------------------------------------------------------------------


@require_GET
@staff_page
def connexity_list(request: HttpRequest, client_id: int) -> HttpResponse:
    """R2/R5: the client's current connexities from its point of view; «Historisées»
    shows the ended ones too."""
    client = _client(request, client_id)
    context = _connexities_context(
        request, client, historical=_historical(request.GET.get("historical"))
    )
    return render_page(request, "clients/client_detail.html", context, fragments=FRAGMENTS)


@require_GET
@staff_page
def connexity_candidates(request: HttpRequest, client_id: int) -> HttpResponse:
    """The dialog's client picker: clients this one may be related to, never itself."""
    client = _client(request, client_id)
    q = request.GET.get("q", "").strip()[:SEARCH_MAX]
    results = selectors.attachment_candidates(user=request.user, client=client, q=q)
    context = {"client": client, "q": q, "results": results}
    return render(request, "clients/partials/_connexity_picker_results.html", context)


def _form_answer(
    request: HttpRequest, client: Client, form: ConnexityForm, *, status: int, **extra
) -> HttpResponse:
    """The add or edit form: in the dialog for htmx, else as a page of its own."""
    context = {
        "client": client,
        "form": form,
        "labels": _labels(),
        "historical": _historical(request.POST.get("historical") or request.GET.get("historical")),
        "in_dialog": is_htmx(request),
        **extra,
    }
    if is_htmx(request):
        return render_fragment(
            request, "clients/partials/_connexity_form.html", context, status=status
        )
    return render(request, "clients/connexity_form.html", context, status=status)


def _done(request: HttpRequest, client: Client, success: str) -> HttpResponse:
    """After a change: the record's body again (its «*Connexe*» mark may have changed, R9),
    or a redirect to the tab for a plain post."""
    messages.success(request, success)
    historical = _historical(request.POST.get("historical"))
    url = _connexities_url(client, historical)
    if not is_htmx(request):
        return redirect(url)
    client = _client(request, client.pk)
    context = _connexities_context(request, client, historical=historical)
    response = render_fragment(request, "clients/partials/_client_body.html", context)
    response["HX-Retarget"] = "#client-body"
    response["HX-Reswap"] = "outerHTML"
    response["HX-Push-Url"] = url
    return response


@require_http_methods(["GET", "POST"])
@staff_page
def connexity_create(request: HttpRequest, client_id: int) -> HttpResponse:
    """R1/R8: a new connexity with another client, labelled both ways."""
    client = _client(request, client_id)
    initial = {"start_date": timezone.localdate()}
    form = ConnexityForm(request.POST or None, initial=initial, client=client)
    other = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            connexity = connexity_services.connexity_create(
                actor=request.user,
                client=client,
                other_client_id=data["other_client_id"],
                label=data["label"],
                inverse_label=data["inverse_label"],
                start_date=data["start_date"],
                end_date=data["end_date"],
            )
        except USER_ERRORS as exc:
            form.apply_domain_error(exc)
        else:
            success = f"Connexité ajoutée : {connexity.label} {connexity.other.display_name}."
            return _done(request, client, success)
    if form.is_bound:
        other = _picked_for_display(request, form)
    status = 422 if form.is_bound else 200
    return _form_answer(request, client, form, status=status, other=other)


def _picked_for_display(request: HttpRequest, form: ConnexityForm) -> Client | None:
    """The client already picked, shown again beside a form sent back with errors."""
    try:
        other_id = int(form.data.get("other_client_id") or 0)
        return selectors.client_get_for_user(user=request.user, client_id=other_id)
    except (ValueError, OverflowError, DomainError):
        return None


@require_http_methods(["GET", "POST"])
@staff_page
def connexity_edit(request: HttpRequest, client_id: int, connexity_id: int) -> HttpResponse:
    """R6: labels and dates change; the other client is shown, never changed."""
    client = _client(request, client_id)
    connexity = connexity_selectors.connexity_get(client=client, connexity_id=connexity_id)
    view = connexity_selectors.seen_from(connexity, client.pk, timezone.localdate())
    initial = {
        "label": view.label,
        "inverse_label": view.inverse_label,
        "start_date": view.start_date,
        "end_date": view.end_date,
    }
    form = ConnexityForm(request.POST or None, initial=initial, client=client, editing=True)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data if name in initial}
        asked_other = form.cleaned_data.get("other_client_id")
        if asked_other is not None and asked_other != view.other_client.pk:
            fields["other_client_id"] = asked_other  # refused by the service (R6)
        try:
            if fields:
                connexity_services.connexity_update(
                    actor=request.user, connexity=connexity, seen_from=client, **fields
                )
        except USER_ERRORS as exc:
            form.apply_domain_error(exc)
        else:
            success = f"Connexité avec {view.other_client.display_name} enregistrée."
            return _done(request, client, success)
    status = 422 if form.is_bound else 200
    return _form_answer(
        request, client, form, status=status, other=view.other_client, connexity=connexity
    )


@require_http_methods(["GET", "POST"])
@staff_page
def connexity_delete(request: HttpRequest, client_id: int, connexity_id: int) -> HttpResponse:
    """R7: asks first (a dialog with htmx, this page without), then removes it from both
    records."""
    client = _client(request, client_id)
    connexity = connexity_selectors.connexity_get(client=client, connexity_id=connexity_id)
    view = connexity_selectors.seen_from(connexity, client.pk, timezone.localdate())
    if request.method == "GET":
        historical = _historical(request.GET.get("historical"))
        context = {"client": client, "connexity": view, "historical": historical}
        return render(request, "clients/connexity_confirm_delete.html", context)
    connexity_services.connexity_delete(actor=request.user, connexity=connexity)
    success = f"Connexité « {view.label} {view.other_client.display_name} » supprimée."
    return _done(request, client, success)


# «Paramètres» › Clients › Connexités (R3) ---------------------------------------------


def _labels_page(
    request: HttpRequest, *, form: ConnexityLabelForm | None = None, status: int = 200
) -> HttpResponse:
    can_manage = request.user.has_right(Right.MANAGE_SETTINGS)
    context = {
        "settings_section": "connexities",
        "labels": list(connexity_selectors.connexity_labels(limit=LABELS_MAX)),
        "can_manage": can_manage,
        "label_form": form or ConnexityLabelForm(),
    }
    return render(request, "clients/settings_connexity_labels.html", context, status=status)


@require_GET
@staff_page
def settings_labels(request: HttpRequest) -> HttpResponse:
    """R3: the list that feeds the labels' autocompletion; read by every staff user,
    changed with «Gérer les paramètres»."""
    return _labels_page(request)


@require_POST
@staff_page
def settings_label_create(request: HttpRequest) -> HttpResponse:
    require_right(request.user, Right.MANAGE_SETTINGS)
    form = ConnexityLabelForm(request.POST)
    if form.is_valid():
        try:
            item = connexity_services.connexity_label_create(
                actor=request.user, label=form.cleaned_data["label"]
            )
        except USER_ERRORS as exc:
            form.apply_domain_error(exc)
        else:
            messages.success(request, f"Libellé « {item.label} » ajouté.")
            return redirect("accounts:settings_connexity_labels")
    return _labels_page(request, form=form, status=422)


@require_POST
@staff_page
def settings_label_rename(request: HttpRequest, label_id: int) -> HttpResponse:
    """R3: renaming an entry leaves the connexities that used it as they are."""
    require_right(request.user, Right.MANAGE_SETTINGS)
    item = connexity_selectors.connexity_label_get(label_id=label_id)
    before = item.label
    form = ConnexityLabelForm(request.POST)
    if form.is_valid():
        try:
            item = connexity_services.connexity_label_rename(
                actor=request.user, item=item, label=form.cleaned_data["label"]
            )
        except USER_ERRORS as exc:
            messages.error(request, exc.detail)
        else:
            messages.success(request, f"Libellé « {before} » renommé en « {item.label} ».")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("accounts:settings_connexity_labels")


@require_POST
@staff_page
def settings_label_delete(request: HttpRequest, label_id: int) -> HttpResponse:
    require_right(request.user, Right.MANAGE_SETTINGS)
    item = connexity_selectors.connexity_label_get(label_id=label_id)
    connexity_services.connexity_label_delete(actor=request.user, label_id=item.pk)
    messages.success(request, f"Libellé « {item.label} » retiré de la liste.")
    return redirect("accounts:settings_connexity_labels")
