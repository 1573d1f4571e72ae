"""Domain errors: raised by services, mapped to HTTP by one handler (cabinet.api).

Each error has a machine code and a French sentence for people; the API answers
{"detail": sentence, "code": code}, pages show the sentence as a message or form error.
"""


class DomainError(Exception):
    status = 409
    code = "conflict"
    default_detail = "Opération refusée."

    def __init__(self, detail: str | None = None, *, code: str | None = None, field=None):
        self.detail = detail or self.default_detail
        if code:
            self.code = code
        self.field = field
        super().__init__(self.detail)


class Conflict(DomainError):
    """A business rule refuses the operation (409)."""


class InvalidInput(DomainError):
    """Input that passes the schema but not the rules (422)."""

    status = 422
    code = "invalid"
    default_detail = "Données invalides."


class NotFound(DomainError):
    status = 404
    code = "not_found"
    default_detail = "Introuvable."


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    default_detail = "Vous n'avez pas le droit d'effectuer cette opération."
