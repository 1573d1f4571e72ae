"""The staff side of web users (I4, U5) as pages: a client record's «Web» tab and the group
page's «Utilisateurs web» (G10), each listing its web users and, for staff with «Gérer le
portail», creating, inviting, suspending, reactivating and deleting them.

Thin views: access through the selectors' rules (`client_get_for_user`,
`group_get_for_user`, `portal_user_get_for_user`: 404/403 by `staff_page`), writes through
`cabinet.portal.services`, which check the right; a refused right is a 403, an input the
service refuses a form error or a message. An invitation link (made on creation without a
password, or by «Inviter») is kept in the session until the list page shows it once, so
that staff may copy it and send it themselves.
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from cabinet.accounts.models import Right
from cabinet.clients.selectors import client_get_for_user
from cabinet.core.errors import Conflict, InvalidInput
from cabinet.core.permissions import require_right
from cabinet.core.views import render_page, staff_page
from cabinet.groups.selectors import group_get_for_user
from cabinet.portal import selectors, services
from cabinet.portal.models import PortalUser
from cabinet.portal.staff_forms import WebUserForm

USER_ERRORS = (Conflict, InvalidInput)
INVITE_KEY = "portal_staff_invite"
CLIENT_BODY = "portal/staff/partials/_client_web_users_body.html"


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _keep_invite(request: HttpRequest, portal_user: PortalUser, url: str, page: str) -> None:
    request.session[INVITE_KEY] = {
        "page": page,
        "name": portal_user.name,
        "email": portal_user.email,
        "url": url,
    }


def _shown_invite(request: HttpRequest) -> dict | None:
    """The invitation link made just before, once, on the page it was made from."""
    invite = request.session.get(INVITE_KEY)
    if invite is None or invite.get("page") != request.path:
        return None
    del request.session[INVITE_KEY]
    return invite


def _create(
    request: HttpRequest, form: WebUserForm, *, page: str, client_id=None, group_id=None
) -> bool:
    """The web user of the valid `form`, invited when no password was given; the service's
    refusals become the form's errors."""
    data = form.cleaned_data
    try:
        portal_user = services.portal_user_create(
            actor=request.user,
            email=data["email"],
            name=data["name"],
            client_id=client_id,
            group_id=group_id,
            password=data["password"] or None,
        )
    except USER_ERRORS as exc:
        form.apply_domain_error(exc)
        return False
    messages.success(request, f"L'utilisateur web « {portal_user.name} » est créé.")
    if not data["password"]:
        url = services.portal_user_invite(
            actor=request.user, portal_user=portal_user, base_url=_base_url(request)
        )
        _keep_invite(request, portal_user, url, page)
    return True


def _list_page(request: HttpRequest, *, create, render_list) -> HttpResponse:
    """GET: the list; POST (needs «Gérer le portail»): a new web user, then the list again
    (with his invitation link), or the form and its errors (422)."""
    can_manage = request.user.has_right(Right.MANAGE_PORTAL)
    form = WebUserForm(request.POST or None, autofocus=request.method == "POST")
    if request.method == "POST":
        require_right(request.user, Right.MANAGE_PORTAL)
        if form.is_valid() and create(form):
            return redirect(request.path)
    status = 422 if request.method == "POST" else 200
    context = {
        "can_manage": can_manage,
        "form": form,
        "form_open": request.method == "POST",
        "invite": _shown_invite(request),
        "invite_hours": settings.CABINET_PORTAL_INVITE_HOURS,
        "next": request.path,
    }
    return render_list(context, status)


@require_http_methods(["GET", "POST"])
@staff_page
def client_web_users(request: HttpRequest, client_id: int) -> HttpResponse:
    """I4 «Web»: the client's web users; staff with «Gérer le portail» manage them."""
    client = client_get_for_user(user=request.user, client_id=client_id)

    def create(form):
        return _create(request, form, page=request.path, client_id=client.pk)

    def render_list(context, status):
        context |= {
            "client": client,
            "tab": "web",
            "web_users": list(selectors.web_users_of_client(client=client)),
        }
        return render_page(
            request,
            "portal/staff/client_web_users.html",
            context,
            fragments={"client-body": CLIENT_BODY},
            status=status,
        )

    return _list_page(request, create=create, render_list=render_list)


@require_http_methods(["GET", "POST"])
@staff_page
def group_web_users(request: HttpRequest, group_id: int) -> HttpResponse:
    """G10 «Utilisateurs web»: the group's own web users and those of the members the user
    may see, each with its scope; a new one is a web user of the group."""
    group = group_get_for_user(user=request.user, group_id=group_id)

    def create(form):
        return _create(request, form, page=request.path, group_id=group.pk)

    def render_list(context, status):
        context |= {
            "group": group,
            "group_tab": "web-users",
            "web_users": list(selectors.web_users_of_group(user=request.user, group=group)),
            "by_scope": True,
        }
        return render(request, "portal/staff/group_web_users.html", context, status=status)

    return _list_page(request, create=create, render_list=render_list)


# The actions on one web user ------------------------------------------------------------


def _list_of(portal_user: PortalUser) -> str:
    if portal_user.client_id is not None:
        return reverse("portal_staff:client_web_users", args=[portal_user.client_id])
    return reverse("portal_staff:group_web_users", args=[portal_user.group_id])


def _back(request: HttpRequest, portal_user: PortalUser) -> str:
    """The list the action was sent from (`next`), else the web user's own list."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith("/") else _list_of(portal_user)


def _web_user(request: HttpRequest, portal_user_id: int) -> PortalUser:
    return selectors.portal_user_get_for_user(user=request.user, portal_user_id=portal_user_id)


@require_POST
@staff_page
def web_user_invite(request: HttpRequest, portal_user_id: int) -> HttpResponse:
    """I4 «Inviter»: a new invitation link, e-mailed and shown on the list."""
    portal_user = _web_user(request, portal_user_id)
    back = _back(request, portal_user)
    url = services.portal_user_invite(
        actor=request.user, portal_user=portal_user, base_url=_base_url(request)
    )
    _keep_invite(request, portal_user, url, back.split("?")[0])
    messages.success(request, f"Un lien d'invitation a été envoyé à {portal_user.email}.")
    return redirect(back)


def _set_active(request: HttpRequest, portal_user_id: int, *, is_active: bool) -> HttpResponse:
    portal_user = _web_user(request, portal_user_id)
    services.portal_user_update(actor=request.user, portal_user=portal_user, is_active=is_active)
    done = "réactivé" if is_active else "suspendu"
    messages.success(request, f"L'utilisateur web « {portal_user.name} » est {done}.")
    return redirect(_back(request, portal_user))


@require_POST
@staff_page
def web_user_suspend(request: HttpRequest, portal_user_id: int) -> HttpResponse:
    """U5 «Suspendre»: refused at once by the portal, whatever session or token he holds."""
    return _set_active(request, portal_user_id, is_active=False)


@require_POST
@staff_page
def web_user_reactivate(request: HttpRequest, portal_user_id: int) -> HttpResponse:
    """U5 «Réactiver»."""
    return _set_active(request, portal_user_id, is_active=True)


@require_POST
@staff_page
def web_user_delete(request: HttpRequest, portal_user_id: int) -> HttpResponse:
    """U5 «Supprimer»: the web user and his login go (after confirmation on the page)."""
    portal_user = _web_user(request, portal_user_id)
    back = _back(request, portal_user)
    name = portal_user.name
    services.portal_user_delete(actor=request.user, portal_user=portal_user)
    messages.success(request, f"L'utilisateur web « {name} » est supprimé.")
    return redirect(back)
