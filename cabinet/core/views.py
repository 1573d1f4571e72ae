"""What every staff page shares: login, domain errors as HTTP pages, htmx fragments.

Pages are thin: they parse input, check access through the apps' selectors, call one
service and render. A domain error becomes a 403/404 page, a form error or a message.
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme

from cabinet.core.errors import DomainError, Forbidden, NotFound
from cabinet.core.schemas import MAX_ID


def positive_id(raw: str | None) -> int | None:
    """An id from a form or a query string; None when it is not one (no 500 on «abc»)."""
    try:
        value = int(raw or "")
    except ValueError:
        return None
    return value if 1 <= value <= MAX_ID else None


def sort_columns(columns: tuple[tuple[str, str], ...], sort: str) -> list[dict]:
    """The header cells of a sortable list: each column's current direction and the sort
    its link asks for next (ascending first, then descending)."""
    cells = []
    for key, label in columns:
        direction = "asc" if sort == key else "desc" if sort == f"-{key}" else None
        cells.append(
            {
                "key": key,
                "label": label,
                "direction": direction,
                "next": f"-{key}" if direction == "asc" else key,
            }
        )
    return cells


def _back_url(request: HttpRequest) -> str:
    """Where a refused action sends the user back: the page he came from when it is ours
    (and not the address that was just refused on a GET), else the home page."""
    referer = request.headers.get("Referer", "")
    safe = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if safe and not (request.method == "GET" and referer == request.build_absolute_uri()):
        return referer
    return "/"


def domain_error_response(request: HttpRequest, exc: DomainError) -> HttpResponse:
    """The one place a domain error no view handled becomes what a person reads: its French
    sentence as a message, then back to the previous page; for htmx, the messages fragment
    with the error's status (409/422)."""
    messages.error(request, exc.detail)
    if is_htmx(request):
        html = render_to_string("partials/_messages.html", {"oob": True}, request=request)
        response = HttpResponse(html, status=exc.status)
        response["HX-Reswap"] = "none"  # only the messages, out of band, on a 422 swap
        response["X-Cabinet-Message"] = quote(exc.detail)  # read by cabinet.js on a 409
        return response
    return redirect(_back_url(request))


def staff_page(view: Callable) -> Callable:
    """A staff page: login required (redirect to /login/?next=…), `NotFound` / `Forbidden`
    raised by a selector or service shown as the 404 / 403 page, and any other domain error
    the view lets through shown as a message (`domain_error_response`), never a 500."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_portal:  # a web user of the client portal is no staff (U2)
            raise PermissionDenied("Cette page est réservée au cabinet.")
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.detail) from exc
        except Forbidden as exc:
            raise PermissionDenied(exc.detail) from exc
        except DomainError as exc:
            return domain_error_response(request, exc)

    return login_required(wrapper)


def is_htmx(request: HttpRequest) -> bool:
    """An htmx request that wants a fragment (a history restore wants the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def htmx_target(request: HttpRequest) -> str | None:
    return request.headers.get("HX-Target") if is_htmx(request) else None


def render_page(
    request: HttpRequest,
    template: str,
    context: dict,
    *,
    fragments: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The whole page, or, for an htmx request aimed at one of `fragments` (element id →
    template), just that fragment followed by the pending messages (swapped out of band)."""
    target = htmx_target(request)
    if fragments and target in fragments:
        return render_fragment(request, fragments[target], context, status=status)
    return render(request, template, context, status=status)


def render_fragment(
    request: HttpRequest, template: str, context: dict, *, status: int = 200
) -> HttpResponse:
    html = render_to_string(template, context, request=request)
    html += render_to_string("partials/_messages.html", {"oob": True}, request=request)
    return HttpResponse(html, status=status)


def home(request: HttpRequest) -> HttpResponse:
    """/ leads to the client list (which asks to log in first when needed)."""
    return redirect("clients:list")
