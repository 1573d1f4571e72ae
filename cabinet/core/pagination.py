"""Page and API list slicing, so every list is bounded whatever the data size."""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet


def page_of(queryset: QuerySet, page_number, per_page: int | None = None):
    """A Django page for list pages; a bad page number gives the nearest valid page."""
    paginator = Paginator(queryset, per_page or settings.CABINET_PAGE_SIZE)
    return paginator.get_page(page_number)


@dataclass
class Slice:
    items: list
    count: int


def api_slice(queryset: QuerySet, *, limit: int, offset: int) -> Slice:
    limit = max(1, min(limit, settings.CABINET_API_MAX_LIMIT))
    offset = max(0, offset)
    return Slice(items=list(queryset[offset : offset + limit]), count=queryset.count())
