"""What the matter pages share: parsing helpers, the access rule, and the context of the
matter page's header (facts, status, actions enabled or disabled by the selectors)."""

from django.http import HttpRequest
from django.urls import reverse

from cabinet.accounts import selectors as accounts
from cabinet.accounts.models import Right
from cabinet.matters import selectors
from cabinet.matters.models import Matter

SEARCH_MAX = 200


def search_text(data, name: str = "q") -> str:
    return data.get(name, "").strip()[:SEARCH_MAX]


def matter_for(request: HttpRequest, matter_id: int) -> Matter:
    return selectors.matter_get_for_user(user=request.user, matter_id=matter_id)


def detail_url(matter_id: int) -> str:
    return reverse("matters:detail", kwargs={"matter_id": matter_id})


def active_users() -> list:
    return [u for u in accounts.user_list() if u.is_active]


def matter_page_context(request: HttpRequest, matter: Matter, *, tab: str) -> dict:
    """What the header of every tab of the matter page shows: facts, status and the
    actions, enabled or disabled by the rules of the selectors (M5, M6, M9)."""
    accepts = selectors.accepts_activities(matter)
    entry_refusal = selectors.activity_entry_refusal(user=request.user, matter=matter)
    return {
        "matter": matter,
        "tab": tab,
        "is_multi_client": selectors.is_multi_client(matter),
        "accepts_activities": accepts,
        "entry_refusal": entry_refusal.detail if entry_refusal else None,
        "m5_refusal": None if accepts else selectors.M5_REFUSAL,
        "can_delete": request.user.has_right(Right.DELETE_MATTERS),
    }
