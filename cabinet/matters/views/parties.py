"""«Modifier les parties»: add or remove parties and linked contacts (M2, M10)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cabinet.clients import selectors as clients
from cabinet.core.errors import DomainError
from cabinet.core.views import positive_id, render_page, staff_page
from cabinet.matters import selectors, services
from cabinet.matters.forms import LinkedContactForm, NewPartyForm
from cabinet.matters.models import Matter, PartyRole
from cabinet.matters.views.common import matter_for, matter_page_context, search_text

# «Modifier les parties» (M2, M10) -------------------------------------------------------


def _parties_url(matter_id: int, query: str = "") -> str:
    url = reverse("matters:parties", kwargs={"matter_id": matter_id})
    return f"{url}?{query}" if query else url


def _linked_contact_context(request: HttpRequest, matter: Matter, data) -> dict:
    """The linked contact's picker: a client is searched (`cq`) then chosen
    (`contact_client`); its contacts valid today are offered."""
    contact_client = None
    contacts = []
    contact_client_id = positive_id(data.get("contact_client"))
    if contact_client_id:
        try:
            contact_client = clients.client_get_for_user(
                user=request.user, client_id=contact_client_id
            )
        except DomainError:
            contact_client = None
        else:
            contacts = list(
                clients.contacts_of_client(
                    client=contact_client, valid_at=timezone.localdate(), user=request.user
                )
            )
    parties = [p for p in matter.parties.all() if p.role != PartyRole.LINKED_CONTACT]
    return {
        "contact_client": contact_client,
        "contacts": contacts,
        "linked_parties": parties,
        "cq": search_text(data, "cq"),
    }


@require_GET
@staff_page
def matter_parties(request: HttpRequest, matter_id: int) -> HttpResponse:
    """«Modifier les parties»: add or remove parties and linked contacts."""
    matter = matter_for(request, matter_id)
    q = search_text(request.GET)
    linked = _linked_contact_context(request, matter, request.GET)
    parties, contacts = linked["linked_parties"], linked["contacts"]
    by_id = {p.pk: p for p in matter.parties.all()}
    context = {
        **matter_page_context(request, matter, tab="parties"),
        **linked,
        "party_rows": [(p, by_id.get(p.linked_party_id)) for p in matter.parties.all()],
        "q": q,
        "results": clients.client_search_suggestions(user=request.user, q=q),
        "contact_results": clients.client_search_suggestions(user=request.user, q=linked["cq"]),
        "chosen_ids": {p.client_id for p in matter.parties.all() if p.client_id},
        "new_form": NewPartyForm(),
        "linked_form": LinkedContactForm(parties=parties, contacts=contacts),
        "picker_action": reverse("matters:party_add", kwargs={"matter_id": matter.pk}),
    }
    return render_page(
        request,
        "matters/matter_parties.html",
        context,
        fragments={
            "party-picker-results": "matters/partials/_client_picker.html",
            "contact-picker-results": "matters/partials/_contact_client_picker.html",
        },
    )


@require_POST
@staff_page
def party_add(request: HttpRequest, matter_id: int) -> HttpResponse:
    """Add a client, adverse or other party (`add_client`), or a linked contact attached to
    a party of the matter (M10)."""
    matter = matter_for(request, matter_id)
    if "search" in request.POST:
        return redirect(_parties_url(matter.pk, urlencode({"q": search_text(request.POST)})))
    if "add_client" in request.POST:
        form = NewPartyForm(request.POST)
        client_id = positive_id(request.POST.get("add_client"))
        if client_id is None or not form.is_valid():
            messages.error(request, "Choisissez le client et son rôle.")
            return redirect(_parties_url(matter.pk))
        try:
            party = services.party_add(
                actor=request.user,
                matter=matter,
                role=form.cleaned_data["role"],
                client_id=client_id,
                is_active=form.cleaned_data["is_active"],
            )
        except DomainError as exc:
            messages.error(request, exc.detail)
        else:
            role = dict(PartyRole.choices)[form.cleaned_data["role"]].lower()
            messages.success(request, f"« {party.client.display_name} » ajouté comme {role}.")
        return redirect(_parties_url(matter.pk))

    linked = _linked_contact_context(request, matter, request.POST)
    parties, contacts = linked["linked_parties"], linked["contacts"]
    form = LinkedContactForm(request.POST, parties=parties, contacts=contacts)
    back = _parties_url(matter.pk)
    if linked["contact_client"] is not None:
        back = _parties_url(matter.pk, f"contact_client={linked['contact_client'].pk}")
    if not form.is_valid():
        messages.error(request, "Choisissez le contact et la partie à laquelle il est rattaché.")
        return redirect(back)
    try:
        party = services.party_add(
            actor=request.user,
            matter=matter,
            role=PartyRole.LINKED_CONTACT,
            contact_id=form.cleaned_data["contact_id"],
            linked_party_id=form.cleaned_data["linked_party_id"],
        )
    except DomainError as exc:
        messages.error(request, exc.detail)
        return redirect(back)
    messages.success(request, f"Contact lié « {party.contact.display_name} » ajouté.")
    return redirect(_parties_url(matter.pk))


@require_POST
@staff_page
def party_remove(request: HttpRequest, matter_id: int, party_id: int) -> HttpResponse:
    matter = matter_for(request, matter_id)
    party = selectors.party_get(matter=matter, party_id=party_id)
    try:
        services.party_remove(actor=request.user, matter=matter, party_id=party.pk)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, f"« {party.display_name} » retiré du dossier.")
    return redirect(_parties_url(matter.pk))
