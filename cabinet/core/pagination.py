"""Page and API list slicing, so every list is bounded whatever the data size.

Every list endpoint of the API takes `?limit=&offset=` (`PageQuery`, or a query schema
derived from it) and answers `{"items": [...], "count": N}` (`api_page`), API.md
Conventions; only the answers API.md writes as arrays are arrays."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from pydantic import BaseModel, Field


def page_of(queryset: QuerySet | Sequence, page_number, per_page: int | None = None):
    """A Django page for list pages; a bad page number gives the nearest valid page."""
    paginator = Paginator(queryset, per_page or settings.CABINET_PAGE_SIZE)
    return paginator.get_page(page_number)


@dataclass
class Slice:
    items: list
    count: int


def api_slice(queryset: QuerySet | Sequence, *, limit: int, offset: int) -> Slice:
    """One page of a queryset (counted in SQL) or of a list already in memory."""
    limit = max(1, min(limit, settings.CABINET_API_MAX_LIMIT))
    offset = max(0, offset)
    count = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
    return Slice(items=list(queryset[offset : offset + limit]), count=count)


class PageQuery(BaseModel):
    """`?limit=&offset=` of a list endpoint; list queries with filters derive from it."""

    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10_000_000)


def api_page(queryset: QuerySet | Sequence, query: PageQuery, out: Callable) -> dict:
    """The `{"items", "count"}` answer of a list endpoint, each item rendered by `out`."""
    page = api_slice(queryset, limit=query.limit, offset=query.offset)
    return {"items": [out(item) for item in page.items], "count": page.count}
