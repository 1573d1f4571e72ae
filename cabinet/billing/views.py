"""Billing pages (A2–A7, A10): a matter's «Facturation» and «Répartition clients», proformas,
invoices and credit notes, the firm's «Factures» and a client's bills.

Thin views: access through `matters.selectors.matter_get_for_user` and the billing
selectors, writes through `billing.services`. Who pays what is `selectors.allocate_matter`'s
answer (its sums per client: `selectors.allocation_totals`), shown as it is, never
recomputed here. A refused action is a disabled control
with its reason; a domain error raised anyway becomes a message or a form error.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cabinet.accounts.models import Right, User
from cabinet.billing import pdf, selectors, services
from cabinet.billing.forms import InvoiceFilterForm, SplitForm
from cabinet.billing.models import Invoice, Proforma
from cabinet.billing.selectors import BillTotals
from cabinet.clients.selectors import client_get_for_user
from cabinet.core.errors import Conflict, InvalidInput
from cabinet.core.pagination import page_of
from cabinet.core.permissions import require_right
from cabinet.core.views import render_page, staff_page
from cabinet.matters import selectors as matters
from cabinet.matters.models import Matter, PartyRole

ZERO = Decimal("0.00")
BILL_REFUSAL = selectors.BILL_REFUSAL
EMPTY_PROFORMA = "Cette proforma n'a plus de ligne : rien à facturer."
SET_PARTLY_INVOICED = (
    "Une proforma de ce lot est déjà facturée : le lot ne peut plus être supprimé."
)
MONO_CLIENT_SPLIT = (
    "Dossier mono-client : son client règle la totalité des activités. La répartition "
    "concerne les dossiers à plusieurs clients."
)
FINALIZE_CONFIRM = (
    "La facture recevra le prochain numéro de la séquence ; elle ne pourra plus être modifiée."
)


def _may_bill(user: User) -> bool:
    return user.has_right(Right.BILL)


# A matter's billing ---------------------------------------------------------------------


def _matter(request: HttpRequest, matter_id: int) -> Matter:
    return matters.matter_get_for_user(user=request.user, matter_id=matter_id)


def _billing_url(matter_id: int) -> str:
    return reverse("billing:matter_billing", kwargs={"matter_id": matter_id})


def _matter_context(matter: Matter, tab: str) -> dict:
    """What the header of a matter's billing pages shows (M2, M5)."""
    clients = [p for p in matter.parties.all() if p.role == PartyRole.CLIENT]
    return {
        "matter": matter,
        "tab": tab,
        "multi_client": matters.is_multi_client(matter),
        "accepts_activities": matters.accepts_activities(matter),
        "inactive_client_count": sum(1 for p in clients if not p.is_active),
        "m5_refusal": matters.M5_REFUSAL,
    }


def _allocation(matter: Matter) -> list[selectors.ClientTotals]:
    """A4/A5 among the clients active now, in sums per client (`allocation_totals`); none
    when the matter refuses activities (M5)."""
    if not matters.accepts_activities(matter):
        return []
    try:
        return selectors.allocation_totals(matter)
    except Conflict:
        return []


@dataclass
class DraftRow:
    proforma: Proforma
    totals: BillTotals


@dataclass
class DraftSet:
    """The draft proformas of one «Répartition client» (or «Proforma dossier») (A10)."""

    set_id: int
    created_at: object
    rows: list[DraftRow] = field(default_factory=list)

    @property
    def excl_tax(self) -> Decimal:
        return sum((r.totals.excl_tax for r in self.rows), ZERO)

    @property
    def incl_tax(self) -> Decimal:
        return sum((r.totals.incl_tax for r in self.rows), ZERO)


def _draft_sets(matter: Matter) -> list[DraftSet]:
    sets: dict[int, DraftSet] = {}
    for proforma in selectors.proformas_of_matter(matter):
        draft = sets.setdefault(
            proforma.proforma_set_id, DraftSet(proforma.proforma_set_id, proforma.created_at)
        )
        draft.rows.append(DraftRow(proforma, selectors.bill_totals(proforma.lines.all())))
    for draft in sets.values():
        draft.rows.sort(key=lambda row: row.proforma.pk)
    return list(sets.values())


@require_GET
@staff_page
def matter_billing(request: HttpRequest, matter_id: int) -> HttpResponse:
    """«Facturation»: the unbilled total and who pays what of it (A3–A5), «Proforma
    dossier» or «Répartition client» (A6, M5), the draft proformas by set (A10), the
    matter's invoices and credit notes (A7)."""
    matter = _matter(request, matter_id)
    unbilled = selectors.activities_to_bill(matter)
    to_bill = [part for activity in unbilled for part in selectors.parts_to_bill(activity)]
    invoices_qs = selectors.invoice_search(user=request.user, matter_id=matter.pk)
    invoices = list(invoices_qs)
    write_off_refusal = selectors.write_off_refusal(user=request.user)
    create_refusal = selectors.proformas_refusal(
        user=request.user, matter=matter, has_unbilled=bool(to_bill)
    )
    credit_notes = sorted(
        (
            (note, invoice)
            for invoice in invoices
            if (note := selectors.credit_note_of(invoice)) is not None
        ),
        key=lambda pair: pair[0].number,
    )
    context = {
        **_matter_context(matter, "billing"),
        "to_bill": page_of(selectors.to_bill_rows(unbilled), request.GET.get("page")),
        "written_off": selectors.written_off_activities(matter),
        "write_off_refusal": write_off_refusal.detail if write_off_refusal else "",
        "unbilled_count": len({part.activity.pk for part in to_bill}),
        "unbilled_total": sum((part.amount for part in to_bill), ZERO),
        "allocation": _allocation(matter),
        "create_refusal": create_refusal.detail if create_refusal else "",
        "may_bill": _may_bill(request.user),
        "draft_sets": _draft_sets(matter),
        "invoices": invoices,
        "invoice_totals": selectors.invoice_list_totals(invoices_qs),
        "credit_notes": credit_notes,
    }
    return render(request, "billing/matter_billing.html", context)


@require_POST
@staff_page
def activity_write_off(request: HttpRequest, matter_id: int, activity_id: int) -> HttpResponse:
    """A2 «Non facturable»: what is left to bill of the activity is written off."""
    matter = _matter(request, matter_id)
    activity = services.activity_write_off(
        actor=request.user, matter=matter, activity_id=activity_id
    )
    messages.success(
        request,
        f"« {activity.description} » est marquée non facturable. « Rétablir » la remet à facturer.",
    )
    return redirect(_billing_url(matter.pk) + "#to-bill")


@require_POST
@staff_page
def activity_write_off_cancel(
    request: HttpRequest, matter_id: int, activity_id: int
) -> HttpResponse:
    """A2: «Rétablir» an activity marked «Non facturable»: it is to bill again."""
    matter = _matter(request, matter_id)
    activity = services.activity_write_off_cancel(
        actor=request.user, matter=matter, activity_id=activity_id
    )
    messages.success(request, f"« {activity.description} » est de nouveau à facturer.")
    return redirect(_billing_url(matter.pk) + "#to-bill")


@require_POST
@staff_page
def proformas_create(request: HttpRequest, matter_id: int) -> HttpResponse:
    """A6: «Proforma dossier» (mono-client) or «Répartition client» (one per active client)."""
    matter = _matter(request, matter_id)
    try:
        proformas = services.proformas_create(actor=request.user, matter=matter)
    except Conflict as exc:
        messages.error(request, exc.detail)
        return redirect(_billing_url(matter.pk))
    if len(proformas) == 1:
        messages.success(request, f"Proforma créée pour {proformas[0].client.display_name}.")
        return redirect("billing:proforma_detail", proforma_id=proformas[0].pk)
    messages.success(
        request, f"{len(proformas)} proformas créées, une par client actif, en un même lot."
    )
    return redirect(_billing_url(matter.pk) + "#proformas")


def _split_refusal(user: User, matter: Matter) -> str:
    if not _may_bill(user):
        return BILL_REFUSAL
    if not matters.accepts_activities(matter):
        return matters.M5_REFUSAL
    if not matters.is_multi_client(matter):
        return MONO_CLIENT_SPLIT
    return ""


@require_http_methods(["GET", "POST"])
@staff_page
def matter_split(request: HttpRequest, matter_id: int) -> HttpResponse:
    """A3 «Répartition clients»: a share per ACTIVE client party, equal by default,
    editable, summing to 100 %; the allocation it gives the unbilled activities (A4, A5)."""
    matter = _matter(request, matter_id)
    refusal = _split_refusal(request.user, matter)
    split = selectors.effective_split(matter)
    posted = request.method == "POST"
    form = SplitForm(request.POST if posted else None, split=split, disabled=bool(refusal))
    status = 200
    if posted:
        require_right(request.user, Right.BILL)
        if refusal:
            messages.error(request, refusal)
            return redirect("billing:matter_split", matter_id=matter.pk)
        if form.is_valid():
            try:
                services.split_set(actor=request.user, matter=matter, shares=form.shares())
            except (InvalidInput, Conflict) as exc:
                form.apply_domain_error(exc)
            else:
                messages.success(request, "Répartition enregistrée.")
                return redirect("billing:matter_split", matter_id=matter.pk)
        status = 422
    allocation = _allocation(matter)
    context = {
        **_matter_context(matter, "split"),
        "form": form,
        "refusal": refusal,
        "total": form.total(),
        "allocation": allocation,
        "allocation_total": sum((row.total for row in allocation), ZERO),
    }
    return render(request, "billing/matter_split.html", context, status=status)


# Proformas --------------------------------------------------------------------------------


def _proforma(request: HttpRequest, proforma_id: int) -> Proforma:
    try:
        return selectors.proforma_get_for_user(user=request.user, proforma_id=proforma_id)
    except Conflict as exc:  # deleted with its set (A10)
        messages.info(request, exc.detail)
        raise Http404(exc.detail) from exc


def _proforma_url(proforma_id: int) -> str:
    return reverse("billing:proforma_detail", kwargs={"proforma_id": proforma_id})


def _delete_confirm(members: list[Proforma]) -> str:
    if len(members) == 1:
        return (
            "Supprimer la proforma ? Ses activités redeviendront non facturées. "
            "Cette suppression est définitive."
        )
    clients = ", ".join(p.client.display_name for p in members)
    return (
        f"Supprimer la proforma ? Tout son lot est supprimé avec elle : les {len(members)} "
        f"proformas de la répartition ({clients}). Leurs activités redeviendront non "
        "facturées. Cette suppression est définitive."
    )


@require_GET
@staff_page
def proforma_detail(request: HttpRequest, proforma_id: int) -> HttpResponse:
    """A6/A10: a draft bill; lines can be removed, the set deleted, the proforma finalised."""
    proforma = _proforma(request, proforma_id)
    if proforma.is_finalized:
        return redirect("billing:invoice_detail", invoice_id=proforma.invoice.pk)
    lines = list(proforma.lines.all())
    members = selectors.proforma_set_members(proforma)
    may_bill = _may_bill(request.user)
    finalize_refusal = BILL_REFUSAL if not may_bill else EMPTY_PROFORMA if not lines else ""
    delete_refusal = (
        BILL_REFUSAL
        if not may_bill
        else SET_PARTLY_INVOICED
        if any(p.is_finalized for p in members)
        else ""
    )
    context = {
        "proforma": proforma,
        "matter": proforma.matter,
        "lines": lines,
        "totals": selectors.bill_totals(lines),
        "members": members,
        "siblings": [p for p in members if p.pk != proforma.pk],
        "shared": len(members) > 1,
        "line_refusal": "" if may_bill else BILL_REFUSAL,
        "finalize_refusal": finalize_refusal,
        "delete_refusal": delete_refusal,
        "finalize_confirm": FINALIZE_CONFIRM,
        "delete_confirm": _delete_confirm(members),
    }
    return render(request, "billing/proforma_detail.html", context)


@require_POST
@staff_page
def proforma_line_remove(request: HttpRequest, proforma_id: int, line_id: int) -> HttpResponse:
    """A10 «Retirer»: the line's activity returns to unbilled (a common activity leaves every
    proforma of the set)."""
    proforma = _proforma(request, proforma_id)
    line = next((x for x in proforma.lines.all() if x.pk == line_id), None)
    shared = len(selectors.proforma_set_members(proforma)) > 1
    try:
        services.proforma_line_remove(actor=request.user, proforma=proforma, line_id=line_id)
    except Conflict as exc:
        messages.error(request, exc.detail)
    else:
        description = line.activity.description if line else ""
        if line is not None and line.is_common_part and shared:
            messages.success(
                request,
                f"Quote-part retirée : l'activité commune « {description} » quitte toutes "
                "les proformas du lot et redevient non facturée.",
            )
        else:
            messages.success(request, f"Ligne retirée : « {description} » redevient non facturée.")
    return redirect(_proforma_url(proforma.pk))


@require_POST
@staff_page
def proforma_delete(request: HttpRequest, proforma_id: int) -> HttpResponse:
    """A10 «Supprimer la proforma»: its whole set goes; the activities return to unbilled."""
    proforma = _proforma(request, proforma_id)
    count = len(selectors.proforma_set_members(proforma))
    try:
        services.proforma_delete(actor=request.user, proforma=proforma)
    except Conflict as exc:
        messages.error(request, exc.detail)
        return redirect(_proforma_url(proforma.pk))
    if count > 1:
        messages.success(
            request,
            f"Lot de {count} proformas supprimé : ses activités redeviennent non facturées.",
        )
    else:
        messages.success(request, "Proforma supprimée : ses activités redeviennent non facturées.")
    return redirect(_billing_url(proforma.matter_id))


@require_POST
@staff_page
def proforma_finalize(request: HttpRequest, proforma_id: int) -> HttpResponse:
    """A7 «Finaliser»: the invoice, with the next number of the sequence."""
    proforma = _proforma(request, proforma_id)
    try:
        invoice = services.proforma_finalize(actor=request.user, proforma=proforma)
    except Conflict as exc:
        messages.error(request, exc.detail)
        return redirect(_proforma_url(proforma.pk))
    messages.success(request, f"Facture {invoice.number} émise.")
    return redirect("billing:invoice_detail", invoice_id=invoice.pk)


@require_GET
@staff_page
def proforma_pdf(request: HttpRequest, proforma_id: int) -> HttpResponse:
    return pdf.pdf_response(
        *pdf.proforma_pdf(_proforma(request, proforma_id)), disposition="attachment"
    )


# Invoices and credit notes ------------------------------------------------------------------


def _invoice(request: HttpRequest, invoice_id: int) -> Invoice:
    return selectors.invoice_get_for_user(user=request.user, invoice_id=invoice_id)


@require_GET
@staff_page
def invoice_detail(request: HttpRequest, invoice_id: int) -> HttpResponse:
    """A7: a numbered invoice, frozen; «Émettre un avoir» cancels it."""
    invoice = _invoice(request, invoice_id)
    lines = list(invoice.lines.all())
    credit_note = selectors.credit_note_of(invoice)
    # «quote-part» marks a common activity shared among the proformas of a set.
    shared = len(selectors.proforma_set_members(invoice.proforma)) > 1
    if not _may_bill(request.user):
        credit_refusal = BILL_REFUSAL
    elif credit_note is not None:
        credit_refusal = f"La facture est déjà annulée par l'avoir {credit_note.number}."
    else:
        credit_refusal = ""
    context = {
        "invoice": invoice,
        "client": invoice.billed_client,
        "matter": invoice.matter,
        "lines": lines,
        "by_rate": selectors.bill_totals(lines).by_rate,
        "credit_note": credit_note,
        "shared": shared,
        "credit_refusal": credit_refusal,
        "credit_confirm": (
            f"Émettre un avoir sur la facture {invoice.number} ? Il recevra le prochain numéro "
            "des avoirs et annulera la facture, qui restera telle quelle ; ses activités "
            "redeviendront non facturées."
        ),
    }
    return render(request, "billing/invoice_detail.html", context)


@require_POST
@staff_page
def credit_note_create(request: HttpRequest, invoice_id: int) -> HttpResponse:
    """A7 «Émettre un avoir»."""
    require_right(request.user, Right.BILL)
    invoice = _invoice(request, invoice_id)
    try:
        note = services.credit_note_create(actor=request.user, invoice=invoice)
    except Conflict as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(
            request, f"Avoir {note.number} émis : la facture {invoice.number} est annulée."
        )
    return redirect("billing:invoice_detail", invoice_id=invoice.pk)


@require_GET
@staff_page
def invoice_pdf(request: HttpRequest, invoice_id: int) -> HttpResponse:
    return pdf.pdf_response(
        *pdf.invoice_pdf(_invoice(request, invoice_id)), disposition="attachment"
    )


@require_GET
@staff_page
def credit_note_detail(request: HttpRequest, credit_note_id: int) -> HttpResponse:
    """A7: an «avoir»: the invoice it cancels, its lines and totals, negative."""
    note = selectors.credit_note_get_for_user(user=request.user, credit_note_id=credit_note_id)
    invoice = note.invoice
    totals = selectors.credit_note_totals(note)
    context = {
        "note": note,
        "invoice": invoice,
        "client": invoice.billed_client,
        "matter": invoice.matter,
        "lines": list(invoice.lines.all()),
        "shared": len(selectors.proforma_set_members(invoice.proforma)) > 1,
        "totals": totals,
    }
    return render(request, "billing/credit_note_detail.html", context)


@require_GET
@staff_page
def credit_note_pdf(request: HttpRequest, credit_note_id: int) -> HttpResponse:
    note = selectors.credit_note_get_for_user(user=request.user, credit_note_id=credit_note_id)
    return pdf.pdf_response(*pdf.credit_note_pdf(note), disposition="attachment")


def _invoice_list_context(request: HttpRequest, form: InvoiceFilterForm, **scope) -> dict:
    filters = form.filters()
    if "q" not in form.fields:
        filters.pop("q")
    invoices = selectors.invoice_search(user=request.user, **scope, **filters)
    if form.matches_none():
        invoices = invoices.none()
    return {
        "form": form,
        "filtered": any(filters.values()) or form.matches_none(),
        "page_obj": page_of(invoices, request.GET.get("page")),
        "totals": selectors.invoice_list_totals(invoices),
    }


@require_GET
@staff_page
def invoice_list(request: HttpRequest) -> HttpResponse:
    """«Factures»: the firm's invoices, by state, period and client, with their totals."""
    form = InvoiceFilterForm(request.GET or None)
    context = _invoice_list_context(request, form)
    return render(request, "billing/invoice_list.html", context)


@require_GET
@staff_page
def client_invoices(request: HttpRequest, client_id: int) -> HttpResponse:
    """The «Factures» tab of a client's record: its invoices and credit notes, by state and
    period."""
    client = client_get_for_user(user=request.user, client_id=client_id)
    form = InvoiceFilterForm(request.GET or None, with_client=False)
    context = _invoice_list_context(request, form, client_id=client.pk)
    context.update(client=client, tab="invoices")
    return render_page(
        request,
        "billing/client_invoices.html",
        context,
        fragments={"client-body": "billing/partials/_client_invoices_body.html"},
    )
