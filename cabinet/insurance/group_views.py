"""The group views of the portfolio (G10) as pages: «Quittances», «Contrats» and
«Sinistres» of a group, each over the members the user may see (U4), filtered, paginated,
with the totals of the whole filtered list, and exported as shown (I5) — the same
selectors as the API's group views (`cabinet.insurance.api`). Their tabs join the group
page through the groups registry (`cabinet.insurance.plugins.plug_into_groups`)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cabinet.core.exports import EXPORT_FORMATS, Column, export_response
from cabinet.core.pagination import page_of
from cabinet.core.views import staff_page
from cabinet.groups.selectors import group_get_for_user
from cabinet.insurance import selectors
from cabinet.insurance.exports import CLAIM_COLUMNS, CONTRACT_COLUMNS, RECEIPT_COLUMNS
from cabinet.insurance.group_forms import (
    ClaimFilter,
    ContractFilter,
    GroupViewFilter,
    ReceiptFilter,
)


@dataclass(frozen=True)
class GroupView:
    tab: str
    title: str
    noun: str
    template: str
    form: type[GroupViewFilter]
    rows: Callable  # rows(clients, **filters) -> the filtered queryset
    totals: Callable  # totals(rows) -> its totals (a dataclass of the selectors)
    columns: tuple[Column, ...]
    filename: str


def _group_view(request: HttpRequest, group_id: int, view: GroupView) -> HttpResponse:
    group = group_get_for_user(user=request.user, group_id=group_id)
    form = view.form(request.GET)
    clients = selectors.group_clients_for_user(user=request.user, group=group)
    rows = view.rows(clients, **form.filters())
    totals = view.totals(rows)
    fmt = request.GET.get("format")
    if fmt in EXPORT_FORMATS:
        return export_response(
            fmt,
            columns=view.columns,
            rows=rows.iterator(chunk_size=2000),
            totals=totals.by_column(),
            filename=f"{view.filename}-groupe-{group.name}",
        )
    context = {
        "group": group,
        "group_tab": view.tab,
        "view_title": view.title,
        "noun": view.noun,
        "noun_feminine": view.noun == "quittance",
        "form": form,
        "totals": totals,
        "page_obj": page_of(
            selectors.ListedRows(rows, count=totals.count), request.GET.get("page")
        ),
    }
    return render(request, view.template, context)


RECEIPTS = GroupView(
    tab="quittances",
    title="Quittances",
    noun="quittance",
    template="insurance/group/receipts.html",
    form=ReceiptFilter,
    rows=selectors.receipts_of,
    totals=selectors.receipt_totals,
    columns=RECEIPT_COLUMNS,
    filename="quittances",
)
CONTRACTS = GroupView(
    tab="contrats",
    title="Contrats",
    noun="contrat",
    template="insurance/group/contracts.html",
    form=ContractFilter,
    rows=selectors.contracts_of,
    totals=selectors.contract_totals,
    columns=CONTRACT_COLUMNS,
    filename="contrats",
)
CLAIMS = GroupView(
    tab="sinistres",
    title="Sinistres",
    noun="sinistre",
    template="insurance/group/claims.html",
    form=ClaimFilter,
    rows=selectors.claims_of,
    totals=selectors.claim_totals,
    columns=CLAIM_COLUMNS,
    filename="sinistres",
)


@require_GET
@staff_page
def group_receipts(request: HttpRequest, group_id: int) -> HttpResponse:
    """«Quittances»: in a period by «Date d'échéance» or «Date comptable»; the total leaves
    the cancelled receipts out."""
    return _group_view(request, group_id, RECEIPTS)


@require_GET
@staff_page
def group_contracts(request: HttpRequest, group_id: int) -> HttpResponse:
    """«Contrats»: all, quotes/proposals only or active ones only."""
    return _group_view(request, group_id, CONTRACTS)


@require_GET
@staff_page
def group_claims(request: HttpRequest, group_id: int) -> HttpResponse:
    """«Sinistres»: by date of loss; open ones only unless unticked."""
    return _group_view(request, group_id, CLAIMS)
