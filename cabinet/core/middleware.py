"""The edges of every request: bodies too large (413), and the API's own 404/405 in JSON."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

API_PREFIX = "/api/v1/"
BODY_TOO_LARGE = "Le corps de la requête dépasse la taille autorisée ({limit} octets)."
API_ERRORS = {
    404: ("Introuvable : aucune ressource à cette adresse.", "not_found"),
    405: ("Méthode non autorisée pour cette adresse.", "method_not_allowed"),
}


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def body_too_large(request: HttpRequest) -> HttpResponse:
    limit = settings.CABINET_MAX_BODY_BYTES
    if is_api(request):
        detail = BODY_TOO_LARGE.format(limit=limit)
        return JsonResponse({"detail": detail, "code": "body_too_large"}, status=413)
    html = render_to_string("413.html", {"limit": limit}, request=request)
    return HttpResponse(html, status=413)


class RequestEdgeMiddleware:
    """First in the chain: a declared body above CABINET_MAX_BODY_BYTES is refused before
    anything reads it; Django's own RequestDataTooBig becomes the same 413; and a 404 or 405
    under /api/v1/ that no API handler wrote (unknown path, wrong method) is answered in the
    API's JSON error shape instead of the HTML page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.CABINET_MAX_BODY_BYTES:
            return body_too_large(request)
        response = self.get_response(request)
        if (
            is_api(request)
            and response.status_code in API_ERRORS
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            detail, code = API_ERRORS[response.status_code]
            json = JsonResponse({"detail": detail, "code": code}, status=response.status_code)
            if response.has_header("Allow"):
                json["Allow"] = response["Allow"]
            return json
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, RequestDataTooBig):
            return body_too_large(request)
        return None


PORTAL_PREFIXES = ("/portal/", f"{API_PREFIX}portal/")


def is_portal(request: HttpRequest) -> bool:
    return request.path.startswith(PORTAL_PREFIXES)


class PortalSessionMiddleware:
    """The client portal keeps a session of its own (U2): under /portal/ and
    /api/v1/portal/ the session is read from and written to the cookie
    CABINET_PORTAL_SESSION_COOKIE_NAME, and the staff session cookie is not read at all.
    A web user's login never replaces a staff login in the same browser, a staff session
    opens no portal page, and logging out of one leaves the other as it was. Placed just
    before Django's SessionMiddleware, which it hands the portal cookie under the usual
    name."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_portal(request):
            return self.get_response(request)
        staff_name = settings.SESSION_COOKIE_NAME
        portal_name = settings.CABINET_PORTAL_SESSION_COOKIE_NAME
        cookies = {k: v for k, v in request.COOKIES.items() if k not in (staff_name, portal_name)}
        if portal_name in request.COOKIES:
            cookies[staff_name] = request.COOKIES[portal_name]
        request.COOKIES = cookies
        response = self.get_response(request)
        written = response.cookies.pop(staff_name, None)
        if written is not None:
            response.cookies[portal_name] = written.value
            morsel = response.cookies[portal_name]
            for attribute, value in written.items():
                morsel[attribute] = value
        return response


class QueryCountMiddleware:
    """Benchmarks only (`make bench`, enabled by CABINET_BENCH=1 in settings): counts the
    SQL queries the request ran on the default database and answers them in the header
    `X-Cabinet-Queries`. `execute_wrapper` sees every query without DEBUG; a response
    streamed after the view (an export) counts only what ran before it was returned."""

    HEADER = "X-Cabinet-Queries"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.db import connection

        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response[self.HEADER] = str(count)
        return response
