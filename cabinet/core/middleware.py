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
