"""The portfolio's staff pages (I1–I3, I5): a client's «Contrats», «Quittances» and
«Sinistres» tabs, the pages of a contract, a receipt and a claim, their forms, and
«Paramètres» › Assureurs.

Thin views: access through `clients.selectors.client_get_for_user` and the insurance
selectors' `*_get_for_user` (404/403 by `staff_page`), lists and totals from the selectors,
writes through `insurance.services`, whose sentences show on the field they name. A tab's
export (`format=csv|xlsx`) is the same filtered list, every row, with its totals.
"""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cabinet.clients.models import Client
from cabinet.clients.selectors import client_get_for_user
from cabinet.core.errors import Conflict, InvalidInput
from cabinet.core.exports import EXPORT_FORMATS, Column, export_response
from cabinet.core.pagination import page_of
from cabinet.core.views import render_page, staff_page
from cabinet.insurance import selectors, services
from cabinet.insurance.exports import CLAIM_COLUMNS, CONTRACT_COLUMNS, RECEIPT_COLUMNS
from cabinet.insurance.forms import (
    ClaimFilterForm,
    ClaimForm,
    ContractFilterForm,
    ContractForm,
    InsurerForm,
    ReceiptFilterForm,
    ReceiptForm,
)
from cabinet.insurance.models import Contract

USER_ERRORS = (Conflict, InvalidInput)
RECENT = 20  # a contract's page shows its latest receipts and claims, with every one's totals
SEARCH_MAX = 100
SETTINGS_PAGE_SIZE = 50


# A client's tabs (I5) ------------------------------------------------------------------


def _client_tab(
    request: HttpRequest,
    client: Client,
    *,
    tab: str,
    label: str,
    form,
    rows,
    totals,
    columns: tuple[Column, ...],
) -> HttpResponse:
    """One tab: a page of the filtered rows and the totals of them all; with
    `format=csv|xlsx`, every filtered row and the totals, as a download."""
    fmt = request.GET.get("format")
    if fmt in EXPORT_FORMATS:
        return export_response(
            fmt,
            columns=columns,
            rows=rows.iterator(chunk_size=2000),
            totals=totals.by_column(),
            filename=f"{tab}-client-{client.number}",
        )
    body = f"insurance/partials/_client_{tab}_body.html"
    context = {
        "client": client,
        "tab": tab,
        "tab_label": label,
        "body_template": body,
        "form": form,
        "page_obj": page_of(rows, request.GET.get("page")),
        "totals": totals,
    }
    return render_page(
        request, "insurance/client_tab.html", context, fragments={"client-body": body}
    )


@require_GET
@staff_page
def client_contracts(request: HttpRequest, client_id: int) -> HttpResponse:
    """I1/I5 «Contrats»: all, quotes and proposals, active or terminated ones."""
    client = client_get_for_user(user=request.user, client_id=client_id)
    form = ContractFilterForm(request.GET)
    contracts = selectors.contracts_of([client.pk], **form.filters())
    totals = selectors.contract_totals(contracts)
    return _client_tab(
        request,
        client,
        tab="contracts",
        label="Contrats",
        form=form,
        rows=contracts,
        totals=totals,
        columns=CONTRACT_COLUMNS,
    )


@require_GET
@staff_page
def client_receipts(request: HttpRequest, client_id: int) -> HttpResponse:
    """I2/I5 «Quittances»: in a period on the due or the accounting date, by status; the
    total leaves the cancelled ones out."""
    client = client_get_for_user(user=request.user, client_id=client_id)
    form = ReceiptFilterForm(request.GET)
    receipts = selectors.receipts_of([client.pk], **form.filters())
    totals = selectors.receipt_totals(receipts)
    return _client_tab(
        request,
        client,
        tab="receipts",
        label="Quittances",
        form=form,
        rows=receipts,
        totals=totals,
        columns=RECEIPT_COLUMNS,
    )


@require_GET
@staff_page
def client_claims(request: HttpRequest, client_id: int) -> HttpResponse:
    """I3/I5 «Sinistres»: by date of loss, only the open ones unless unticked."""
    client = client_get_for_user(user=request.user, client_id=client_id)
    form = ClaimFilterForm(request.GET)
    claims = selectors.claims_of([client.pk], **form.filters())
    totals = selectors.claim_totals(claims)
    return _client_tab(
        request,
        client,
        tab="claims",
        label="Sinistres",
        form=form,
        rows=claims,
        totals=totals,
        columns=CLAIM_COLUMNS,
    )


# Forms ---------------------------------------------------------------------------------


def _form_page(
    request: HttpRequest,
    form,
    *,
    save: Callable[[dict], object],
    done: Callable[[object], str],
    context: dict,
    message: str,
) -> HttpResponse:
    """GET: the form; POST: every field error at once, else the service's refusal on the
    field it names (nothing stored), else saved and back to the record's page."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except USER_ERRORS as exc:
            form.apply_domain_error(exc)
        else:
            messages.success(request, message)
            return redirect(done(saved))
    context["form"] = form
    status = 422 if form.is_bound else 200
    return render(request, context.pop("template"), context, status=status)


def _changed(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.changed_data}


def _contract_url(contract_id: int) -> str:
    return reverse("insurance:contract_detail", kwargs={"contract_id": contract_id})


def _insurer_names() -> list[str]:
    return list(selectors.insurer_list().values_list("name", flat=True))


@require_http_methods(["GET", "POST"])
@staff_page
def contract_create(request: HttpRequest, client_id: int) -> HttpResponse:
    """«Nouveau contrat» (I1): an unknown insurer is added to the firm's list."""
    client = client_get_for_user(user=request.user, client_id=client_id)
    form = ContractForm(request.POST or None, initial={"status": "active"})
    return _form_page(
        request,
        form,
        save=lambda data: services.contract_create(actor=request.user, client_id=client.pk, **data),
        done=lambda contract: _contract_url(contract.pk),
        context={
            "template": "insurance/contract_form.html",
            "client": client,
            "insurers": _insurer_names(),
            "title": "Nouveau contrat",
            "cancel_url": reverse("insurance:client_contracts", args=[client.pk]),
        },
        message="Contrat enregistré.",
    )


@require_http_methods(["GET", "POST"])
@staff_page
def contract_edit(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = selectors.contract_get_for_user(user=request.user, contract_id=contract_id)
    initial = {field: getattr(contract, field) for field in services.CONTRACT_FIELDS}
    initial["insurer"] = contract.insurer.name
    form = ContractForm(request.POST or None, initial=initial)

    def save(data: dict) -> Contract:
        changed = _changed(form)
        return services.contract_update(actor=request.user, contract=contract, **changed)

    return _form_page(
        request,
        form,
        save=save,
        done=lambda saved: _contract_url(saved.pk),
        context={
            "template": "insurance/contract_form.html",
            "client": contract.client,
            "contract": contract,
            "insurers": _insurer_names(),
            "title": f"Modifier le contrat {contract.number}",
            "cancel_url": _contract_url(contract.pk),
        },
        message="Contrat enregistré.",
    )


@require_POST
@staff_page
def contract_delete(request: HttpRequest, contract_id: int) -> HttpResponse:
    """I1: refused, with the service's sentence, once it has receipts or claims."""
    contract = selectors.contract_get_for_user(user=request.user, contract_id=contract_id)
    try:
        services.contract_delete(actor=request.user, contract=contract)
    except Conflict as exc:
        messages.error(request, exc.detail)
        return redirect(_contract_url(contract.pk))
    messages.success(request, f"Contrat {contract.number} supprimé.")
    return redirect("insurance:client_contracts", client_id=contract.client_id)


@require_http_methods(["GET", "POST"])
@staff_page
def receipt_create(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = selectors.contract_get_for_user(user=request.user, contract_id=contract_id)
    form = ReceiptForm(request.POST or None, initial={"status": "issued"})
    return _form_page(
        request,
        form,
        save=lambda data: services.receipt_create(actor=request.user, contract=contract, **data),
        done=lambda receipt: _contract_url(contract.pk),
        context={
            "template": "insurance/record_form.html",
            "client": contract.client,
            "contract": contract,
            "title": "Nouvelle quittance",
            "form_id": "receipt-form",
            "cancel_url": _contract_url(contract.pk),
        },
        message="Quittance enregistrée.",
    )


@require_http_methods(["GET", "POST"])
@staff_page
def receipt_edit(request: HttpRequest, receipt_id: int) -> HttpResponse:
    receipt = selectors.receipt_get_for_user(user=request.user, receipt_id=receipt_id)
    initial = {field: getattr(receipt, field) for field in services.RECEIPT_FIELDS}
    form = ReceiptForm(request.POST or None, initial=initial)
    url = reverse("insurance:receipt_detail", args=[receipt.pk])
    return _form_page(
        request,
        form,
        save=lambda data: services.receipt_update(
            actor=request.user, receipt=receipt, **_changed(form)
        ),
        done=lambda saved: url,
        context={
            "template": "insurance/record_form.html",
            "client": receipt.client,
            "contract": receipt.contract,
            "title": f"Modifier la quittance {receipt.number}",
            "form_id": "receipt-form",
            "cancel_url": url,
        },
        message="Quittance enregistrée.",
    )


@require_http_methods(["GET", "POST"])
@staff_page
def claim_create(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = selectors.contract_get_for_user(user=request.user, contract_id=contract_id)
    form = ClaimForm(request.POST or None, initial={"status": "open"})
    return _form_page(
        request,
        form,
        save=lambda data: services.claim_create(
            actor=request.user, contract_id=contract.pk, **data
        ),
        done=lambda claim: reverse("insurance:claim_detail", args=[claim.pk]),
        context={
            "template": "insurance/record_form.html",
            "client": contract.client,
            "contract": contract,
            "title": "Nouveau sinistre",
            "form_id": "claim-form",
            "cancel_url": _contract_url(contract.pk),
        },
        message="Sinistre enregistré.",
    )


@require_http_methods(["GET", "POST"])
@staff_page
def claim_edit(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    initial = {field: getattr(claim, field) for field in services.CLAIM_FIELDS}
    form = ClaimForm(request.POST or None, initial=initial)
    url = reverse("insurance:claim_detail", args=[claim.pk])
    return _form_page(
        request,
        form,
        save=lambda data: services.claim_update(actor=request.user, claim=claim, **_changed(form)),
        done=lambda saved: url,
        context={
            "template": "insurance/record_form.html",
            "client": claim.client,
            "contract": claim.contract,
            "title": f"Modifier le sinistre {claim.number}",
            "form_id": "claim-form",
            "cancel_url": url,
        },
        message="Sinistre enregistré.",
    )


# Records' pages ------------------------------------------------------------------------


@require_GET
@staff_page
def contract_detail(request: HttpRequest, contract_id: int) -> HttpResponse:
    """A contract (I1), its latest receipts and claims, with the totals of them all."""
    contract = selectors.contract_get_for_user(user=request.user, contract_id=contract_id)
    receipts = selectors.contract_receipts(contract)
    claims = selectors.contract_claims(contract)
    context = {
        "contract": contract,
        "client": contract.client,
        "receipts": receipts[:RECENT],
        "receipt_totals": selectors.receipt_totals(receipts),
        "claims": claims[:RECENT],
        "claim_totals": selectors.claim_totals(claims),
        "recent": RECENT,
    }
    return render(request, "insurance/contract_detail.html", context)


@require_GET
@staff_page
def receipt_detail(request: HttpRequest, receipt_id: int) -> HttpResponse:
    receipt = selectors.receipt_get_for_user(user=request.user, receipt_id=receipt_id)
    context = {"receipt": receipt, "contract": receipt.contract, "client": receipt.client}
    return render(request, "insurance/receipt_detail.html", context)


@require_GET
@staff_page
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    context = {"claim": claim, "contract": claim.contract, "client": claim.client}
    return render(request, "insurance/claim_detail.html", context)


# «Paramètres» › Assureurs ---------------------------------------------------------------


def _insurers_page(
    request: HttpRequest, *, form: InsurerForm | None = None, status: int = 200
) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:SEARCH_MAX]
    context = {
        "settings_section": "insurers",
        "can_manage": True,  # any staff user adds insurers, as the contract form does
        "q": q,
        "page_obj": page_of(
            selectors.insurer_list(q=q), request.GET.get("page"), per_page=SETTINGS_PAGE_SIZE
        ),
        "insurer_form": form or InsurerForm(autofocus=False),
    }
    return render(request, "insurance/settings_insurers.html", context, status=status)


@require_GET
@staff_page
def settings_insurers(request: HttpRequest) -> HttpResponse:
    """The firm's insurers, which the contract form proposes (I1), found by name or code."""
    return _insurers_page(request)


@require_POST
@staff_page
def settings_insurer_create(request: HttpRequest) -> HttpResponse:
    form = InsurerForm(request.POST)
    if form.is_valid():
        try:
            insurer = services.insurer_create(actor=request.user, **form.cleaned_data)
        except USER_ERRORS as exc:
            form.apply_domain_error(exc)
        else:
            messages.success(request, f"Assureur « {insurer.name} » ajouté.")
            return redirect("accounts:settings_insurers")
    return _insurers_page(request, form=form, status=422)
