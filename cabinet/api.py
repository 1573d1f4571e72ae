"""The JSON API under /api/v1: one NinjaAPI, one router per app, one error handler."""

import logging

from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from cabinet.core.auth import api_auth
from cabinet.core.errors import DomainError

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="Cabinet API",
    version="1",
    description="Clients, matters, billing and insurance portfolio of a French firm.",
    auth=api_auth,
    urls_namespace="api-v1",
)


def _error(request, status: int, detail: str, code: str, errors=None):
    body = {"detail": detail, "code": code}
    if errors is not None:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    errors = None
    if exc.field and exc.status == 422:
        errors = [{"loc": ["body", exc.field], "msg": exc.detail}]
    return _error(request, exc.status, exc.detail, exc.code, errors)


def _readable(error: dict) -> dict:
    loc = [part for part in error.get("loc", ()) if part is not None]
    if len(loc) >= 2 and loc[0] == "body":
        del loc[1]  # ninja puts the handler's parameter name there; keep the field path
    return {"loc": loc, "msg": error.get("msg", "invalid")}


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    errors = [_readable(e) for e in exc.errors]
    first = errors[0] if errors else {"loc": [], "msg": "invalid"}
    where = ".".join(str(p) for p in first["loc"][1:]) or "requête"
    detail = f"Données invalides ({where} : {first['msg']})."
    return _error(request, 422, detail, "validation_error", errors)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return _error(
        request, 401, "Authentification requise : jeton absent ou invalide.", "not_authenticated"
    )


@api.exception_handler(AuthorizationError)
def on_forbidden(request, exc):
    return _error(request, 403, "Accès refusé.", "forbidden")


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    codes = {
        400: "bad_request",
        401: "not_authenticated",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        429: "throttled",
    }
    detail = str(exc)
    if detail.startswith("Cannot parse request body"):
        return _error(
            request,
            422,
            "Le corps de la requête n'est pas du JSON valide.",
            "malformed_json",
            [{"loc": ["body"], "msg": "malformed JSON"}],
        )
    return _error(request, exc.status_code, detail, codes.get(exc.status_code, "error"))


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, 404, "Introuvable.", "not_found")


@api.exception_handler(RequestDataTooBig)
def on_body_too_large(request, exc):
    from cabinet.core.middleware import body_too_large

    return body_too_large(request)


@api.exception_handler(Exception)
def on_unexpected(request, exc):
    logger.exception("Unexpected API error", exc_info=exc)
    return _error(request, 500, "Erreur interne : l'opération n'a pas été faite.", "internal_error")


def _mount_routers() -> None:
    from cabinet.accounts.api import auth_router
    from cabinet.accounts.api import router as accounts_router
    from cabinet.activities.api import router as activities_router
    from cabinet.activities.api import transfer_router
    from cabinet.billing.api import (
        credit_note_router,
        invoice_router,
        matter_router,
        proforma_router,
    )
    from cabinet.clients.api import router as clients_router
    from cabinet.clients.connexity_api import labels_router
    from cabinet.clients.connexity_api import router as connexities_router
    from cabinet.groups.api import membership_router
    from cabinet.groups.api import router as groups_router
    from cabinet.history.api import router as history_router
    from cabinet.insurance import api as insurance
    from cabinet.matters.api import client_matters_router
    from cabinet.matters.api import router as matters_router
    from cabinet.portal.api import portal_router
    from cabinet.portal.api import router as portal_users_router

    api.add_router("/auth", auth_router)
    api.add_router("/", accounts_router)
    api.add_router("/clients", clients_router)
    api.add_router("/clients", connexities_router)
    api.add_router("/clients", membership_router)
    api.add_router("/clients", client_matters_router)
    api.add_router("/groups", groups_router)
    api.add_router("/matters", matters_router)
    api.add_router("/matters", activities_router)
    api.add_router("/activities", transfer_router)
    api.add_router("/matters", matter_router)
    api.add_router("/proformas", proforma_router)
    api.add_router("/invoices", invoice_router)
    api.add_router("/credit-notes", credit_note_router)
    api.add_router("/settings", labels_router)
    api.add_router("/contracts", insurance.contract_router)
    api.add_router("/premium-receipts", insurance.receipt_router)
    api.add_router("/claims", insurance.claim_router)
    api.add_router("/clients", insurance.client_router)
    api.add_router("/groups", insurance.group_router)
    api.add_router("/settings", insurance.insurer_router)
    api.add_router("/history", history_router)
    api.add_router("/", portal_users_router)
    api.add_router("/portal", portal_router)


_mount_routers()
