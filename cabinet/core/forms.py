"""Base of the pages' forms: autofocus on the first field, domain errors as field errors."""

from django import forms

from cabinet.core.errors import DomainError


class DateInput(forms.DateInput):
    """A native date picker; the value travels as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PageForm(forms.Form):
    """A form of the staff pages.

    `code_fields` maps a domain error code without a field (e.g. «number_taken») to the
    form field that should carry its sentence.
    """

    code_fields: dict[str, str] = {}
    field_aliases: dict[str, str] = {}

    def __init__(self, *args, autofocus: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if autofocus:
            for field in self.fields.values():
                if not field.widget.is_hidden:
                    field.widget.attrs.setdefault("autofocus", True)
                    break

    def apply_domain_error(self, exc: DomainError) -> None:
        """Show the service's French sentence on the field it names, else on the form."""
        field = exc.field or self.code_fields.get(exc.code)
        field = self.field_aliases.get(field, field)
        self.add_error(field if field in self.fields else None, exc.detail)
