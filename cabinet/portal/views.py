"""The client portal's pages, at /portal/ (U2): a web user logs in with his e-mail, reads
the matters shared with his client (with the invoices and credit notes addressed to it, as
PDFs), the contracts of his client or of his group (with receipts and claims), and changes
his password. Every read goes through `cabinet.portal.selectors`, as the portal API does;
anything not his is a 404. The portal keeps its own session cookie
(cabinet.core.middleware.PortalSessionMiddleware): a staff session opens no portal page.
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cabinet.billing import pdf
from cabinet.core.errors import DomainError, NotFound
from cabinet.core.pagination import page_of
from cabinet.portal import selectors, services
from cabinet.portal.forms import (
    ChangePasswordForm,
    ChoosePasswordForm,
    ForgottenPasswordForm,
    PortalLoginForm,
)
from cabinet.portal.models import PortalUser


def portal_page(view: Callable) -> Callable:
    """A page of the portal: a web user's login required (else the portal's login page),
    his PortalUser given to the view, and a NotFound raised by a selector shown as 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or not user.is_portal:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('portal:login')}?{query}")
        try:
            portal_user = selectors.portal_user_of_login(user)
        except DomainError:
            logout(request)
            return redirect("portal:login")
        try:
            return view(request, portal_user, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.detail) from exc

    return wrapper


def _home_of(portal_user: PortalUser) -> str:
    return reverse("portal:matters" if portal_user.client_id else "portal:contracts")


@require_http_methods(["GET", "POST"])
def portal_login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.user.is_portal:
        return redirect("portal:home")
    form = PortalLoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user())
        target = request.POST.get("next", "")
        safe = url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        if safe and target.startswith("/portal/"):
            return redirect(target)
        return redirect("portal:home")
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "next": request.GET.get("next", request.POST.get("next", ""))}
    return render(request, "portal/login.html", context, status=status)


@require_POST
def portal_logout(request: HttpRequest) -> HttpResponse:
    """Ends the portal session only: a staff session in the same browser stays."""
    logout(request)
    messages.success(request, "Vous êtes déconnecté du portail.")
    return redirect("portal:login")


@require_GET
@portal_page
def home(request: HttpRequest, portal_user: PortalUser) -> HttpResponse:
    return redirect(_home_of(portal_user))


@require_GET
@portal_page
def matter_list(request: HttpRequest, portal_user: PortalUser) -> HttpResponse:
    """«Mes dossiers»: the matters shared with his client (M8); a group's web user has
    none, his home is «Mes contrats»."""
    if portal_user.client_id is None:
        return redirect("portal:contracts")
    page = page_of(selectors.shared_matters(portal_user), request.GET.get("page"))
    context = {"portal_user": portal_user, "page_obj": page, "section": "matters"}
    return render(request, "portal/matter_list.html", context)


@require_GET
@portal_page
def matter_detail(request: HttpRequest, portal_user: PortalUser, matter_id: int) -> HttpResponse:
    """A shared matter's summary and the invoices and credit notes addressed to his client."""
    matter = selectors.shared_matter_get(portal_user=portal_user, matter_id=matter_id)
    invoices = list(selectors.shared_invoices(portal_user, matter=matter))
    context = {
        "portal_user": portal_user,
        "matter": matter,
        "invoices": invoices,
        "section": "matters",
    }
    return render(request, "portal/matter_detail.html", context)


@require_GET
@portal_page
def invoice_pdf(request: HttpRequest, portal_user: PortalUser, invoice_id: int) -> HttpResponse:
    invoice = selectors.shared_invoice_get(portal_user=portal_user, invoice_id=invoice_id)
    return pdf.pdf_response(*pdf.invoice_pdf(invoice), disposition="attachment")


@require_GET
@portal_page
def credit_note_pdf(
    request: HttpRequest, portal_user: PortalUser, credit_note_id: int
) -> HttpResponse:
    note = selectors.shared_credit_note_get(portal_user=portal_user, credit_note_id=credit_note_id)
    return pdf.pdf_response(*pdf.credit_note_pdf(note), disposition="attachment")


@require_GET
@portal_page
def contract_list(request: HttpRequest, portal_user: PortalUser) -> HttpResponse:
    """«Mes contrats»: his client's, or every client's of his group (each with its client)."""
    page = page_of(selectors.shared_contracts(portal_user), request.GET.get("page"))
    context = {
        "portal_user": portal_user,
        "page_obj": page,
        "section": "contracts",
        "by_client": portal_user.group_id is not None,
    }
    return render(request, "portal/contract_list.html", context)


@require_GET
@portal_page
def contract_detail(
    request: HttpRequest, portal_user: PortalUser, contract_id: int
) -> HttpResponse:
    contract = selectors.shared_contract_get(portal_user=portal_user, contract_id=contract_id)
    context = {
        "portal_user": portal_user,
        "contract": contract,
        "receipts": contract.portal_receipts,
        "claims": contract.portal_claims,
        "section": "contracts",
    }
    return render(request, "portal/contract_detail.html", context)


@require_http_methods(["GET", "POST"])
@portal_page
def account(request: HttpRequest, portal_user: PortalUser) -> HttpResponse:
    """«Mon compte»: his name, e-mail and scope; he changes his password (his session
    stays, his other sessions end)."""
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.portal_password_set(
                user=request.user, password=form.cleaned_data["new_password1"]
            )
        except DomainError as exc:
            form.add_error("new_password1", exc.detail)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, "Votre mot de passe a été changé.")
            return redirect("portal:account")
    status = 422 if request.method == "POST" else 200
    context = {"portal_user": portal_user, "form": form, "section": "account"}
    return render(request, "portal/account.html", context, status=status)


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link of an invitation or of «Mot de passe oublié»: the web user chooses his
    password, and is logged in. A used, expired or altered link says so."""
    user = services.invitation_user(uidb64=uidb64, token=token)
    if user is None:
        return render(request, "portal/invitation_invalid.html", status=404)
    form = ChoosePasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.portal_password_set(user=user, password=form.cleaned_data["new_password1"])
        except DomainError as exc:
            form.add_error("new_password1", exc.detail)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Votre mot de passe est enregistré : bienvenue.")
            return redirect("portal:home")
    status = 422 if request.method == "POST" else 200
    return render(
        request, "portal/invitation.html", {"form": form, "email": user.email}, status=status
    )


@require_http_methods(["GET", "POST"])
def password_forgotten(request: HttpRequest) -> HttpResponse:
    """«Mot de passe oublié»: a new link by e-mail; the answer is the same whether or not
    the address is a web user's."""
    form = ForgottenPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.portal_password_forgotten(
                email=form.cleaned_data["email"], base_url=request.build_absolute_uri("/")
            )
        except DomainError as exc:
            form.add_error("email", exc.detail)
            return render(request, "portal/password_forgotten.html", {"form": form}, status=429)
        messages.success(
            request,
            "Si cette adresse est celle d'un accès au portail, un lien pour choisir un "
            "nouveau mot de passe vient de lui être envoyé.",
        )
        return redirect("portal:login")
    status = 422 if request.method == "POST" else 200
    return render(request, "portal/password_forgotten.html", {"form": form}, status=status)
