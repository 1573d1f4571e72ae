"""List counts as the pages say them.

{% load counts %} … {{ page_obj.paginator|count_shown }} → «12», «1 234», or «plus de 1 000»
when counting stopped at the cap (`core.pagination.COUNT_CAP`)."""

from django import template

from cabinet.core.pagination import COUNT_CAP
from cabinet.core.templatetags.money import THOUSANDS

register = template.Library()


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", THOUSANDS)


@register.filter
def count_shown(paginator) -> str:
    if getattr(paginator, "count_capped", False):
        return f"plus de {_grouped(COUNT_CAP)}"
    return _grouped(paginator.count)
