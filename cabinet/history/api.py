"""GET /history?model=…&id=N: who changed what, when, before and after (U3)."""

from ninja import Query, Router
from pydantic import BaseModel, Field

from cabinet.core.errors import InvalidInput
from cabinet.core.pagination import PageQuery, api_page
from cabinet.core.schemas import MAX_ID, Page, errors
from cabinet.history import registry
from cabinet.history.selectors import history_of

router = Router(tags=["history"])


class HistoryQuery(PageQuery):
    model: str = Field(min_length=1, max_length=40)
    id: int = Field(ge=1, le=MAX_ID)


class HistoryEventOut(BaseModel):
    at: str
    user: str | None
    action: str
    changes: dict[str, list]


@router.get("", response={200: Page[HistoryEventOut], **errors(401, 403, 404, 422)})
def history_list(request, query: Query[HistoryQuery]):
    """Newest first, `{items, count}`. A deleted object's history stays readable."""
    entry = registry.get(query.model)
    if entry is None:
        raise InvalidInput(
            f"Modèle inconnu : « {query.model} » (connus : {', '.join(registry.names())}).",
            code="unknown_model",
            field="model",
        )
    entry.check(request.auth, query.id)
    return api_page(history_of(entry, query.id), query, dict)
