"""Page and API list slicing, so every list is bounded whatever the data size.

Every list endpoint of the API takes `?limit=&offset=` (`PageQuery`, or a query schema
derived from it) and answers `{"items": [...], "count": N}` (`api_page`), API.md
Conventions; only the answers API.md writes as arrays are arrays. Counting stops past
`COUNT_CAP` matches: the answer then says `"count": 1000, "count_capped": true` and the
pages «plus de 1 000», so that no list counts a million rows to show fifty."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from pydantic import BaseModel, Field

COUNT_CAP = 1000


def capped_count(items: QuerySet | Sequence) -> tuple[int, bool]:
    """How many items, exact up to COUNT_CAP; past it (COUNT_CAP, True). A sequence that
    counts itself (`clients.search.OrderedSearch`) says it with `capped_count()`."""
    if hasattr(items, "capped_count"):
        return items.capped_count()
    if not isinstance(items, QuerySet):
        return len(items), False  # a list in memory: already bounded
    count = items.order_by()[: COUNT_CAP + 1].count()  # counting stops past the cap
    if count > COUNT_CAP:
        return COUNT_CAP, True
    return count, False


class CappedPaginator(Paginator):
    """Django's paginator over a capped count: pages up to the thousandth item."""

    @cached_property
    def count(self) -> int:
        return self._capped[0]

    @property
    def count_capped(self) -> bool:
        return self._capped[1]

    @cached_property
    def _capped(self) -> tuple[int, bool]:
        return capped_count(self.object_list)


def page_of(queryset: QuerySet | Sequence, page_number, per_page: int | None = None):
    """A Django page for list pages; a bad page number gives the nearest valid page."""
    paginator = CappedPaginator(queryset, per_page or settings.CABINET_PAGE_SIZE)
    return paginator.get_page(page_number)


@dataclass
class Slice:
    items: list
    count: int
    count_capped: bool = False


def api_slice(queryset: QuerySet | Sequence, *, limit: int, offset: int) -> Slice:
    """One page of a queryset (counted in SQL, up to the cap) or of a list in memory."""
    limit = max(1, min(limit, settings.CABINET_API_MAX_LIMIT))
    offset = max(0, offset)
    count, capped = capped_count(queryset)
    return Slice(items=list(queryset[offset : offset + limit]), count=count, count_capped=capped)


class PageQuery(BaseModel):
    """`?limit=&offset=` of a list endpoint; list queries with filters derive from it."""

    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10_000_000)


def page_answer(page: Slice, out: Callable) -> dict:
    """The `{"items", "count", "count_capped"}` answer of a page, each item rendered by
    `out`."""
    return {
        "items": [out(item) for item in page.items],
        "count": page.count,
        "count_capped": page.count_capped,
    }


def api_page(queryset: QuerySet | Sequence, query: PageQuery, out: Callable) -> dict:
    """The `{"items", "count"}` answer of a list endpoint, each item rendered by `out`."""
    return page_answer(api_slice(queryset, limit=query.limit, offset=query.offset), out)
