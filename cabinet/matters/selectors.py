"""Reads on matters. The rules every screen shares are written here once:
`accepts_activities` (M5), `may_enter_activities` (M6), the «+» menu list (A9) and the
matters a client's record may add activities to (M7)."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from cabinet.accounts.models import Right, User
from cabinet.clients.models import Client
from cabinet.core.errors import Forbidden, NotFound
from cabinet.core.text import search_tokens
from cabinet.matters.models import Intervenant, Matter, MatterParty, MatterStatus, PartyRole

M4_WARNING = "Attention : le dossier contient des activités non facturées liées à ce client"
M5_REFUSAL = "Le dossier n'accepte pas d'activités : tous ses clients sont inactifs sur ce dossier."


def active_client_parties() -> QuerySet[MatterParty]:
    return MatterParty.objects.filter(role=PartyRole.CLIENT, is_active=True)


def accepting_activities() -> Exists:
    """M5 as a query expression: the matter has at least one active client party."""
    return Exists(active_client_parties().filter(matter=OuterRef("pk")))


def accepts_activities(matter: Matter) -> bool:
    """M5: a matter accepts activities unless all its client parties are inactive.
    Uses the prefetched parties when the selector loaded them."""
    return any(p.role == PartyRole.CLIENT and p.is_active for p in matter.parties.all())


def is_multi_client(matter: Matter) -> bool:
    """M2: mono-client with one client party, multi-client with several."""
    return sum(1 for p in matter.parties.all() if p.role == PartyRole.CLIENT) > 1


def matters_visible_to(user: User) -> QuerySet[Matter]:
    """Every matter for «act on every matter»; otherwise those he intervenes on or opened."""
    matters = Matter.objects.all()
    if user.has_right(Right.ALL_MATTERS):
        return matters
    return matters.filter(
        Q(created_by=user) | Exists(Intervenant.objects.filter(matter=OuterRef("pk"), user=user))
    )


def may_enter_activities(user: User, matter: Matter) -> bool:
    """M6: intervenants, and profiles with the right to act on every matter."""
    if user.has_right(Right.ALL_MATTERS):
        return True
    return any(i.user_id == user.id for i in matter.intervenants.all())


def with_details(matters: QuerySet[Matter]) -> QuerySet[Matter]:
    parties = MatterParty.objects.select_related("client", "contact", "linked_party").order_by("id")
    return matters.prefetch_related(
        Prefetch("parties", queryset=parties),
        Prefetch("intervenants", queryset=Intervenant.objects.select_related("user")),
    )


def matter_get_for_user(*, user: User, matter_id: int) -> Matter:
    """One access rule for pages and API: the matter, or NotFound / Forbidden."""
    matter = with_details(Matter.objects.select_related("created_by")).filter(pk=matter_id).first()
    if matter is None:
        raise NotFound("Dossier introuvable.", code="matter_not_found")
    if not matters_visible_to(user).filter(pk=matter.pk).exists():
        raise Forbidden("Ce dossier ne vous est pas accessible.", code="matter_forbidden")
    return matter


def matter_list(
    *,
    user: User,
    q: str = "",
    status: str = "",
    client_id: int | None = None,
    intervenant_id: int | None = None,
) -> QuerySet[Matter]:
    matters = matters_visible_to(user)
    for token in search_tokens(q):
        matters = matters.filter(
            Q(title__icontains=token)
            | Q(number__icontains=token)
            | Q(parties__client__search_text__contains=f" {token}")
        )
    if status:
        matters = matters.filter(status=status)
    if client_id:
        matters = matters.filter(parties__client_id=client_id)
    if intervenant_id:
        matters = matters.filter(intervenants__user_id=intervenant_id)
    return with_details(matters.distinct()).order_by("-opened_on", "-id")


def matters_for_quick_add(*, user: User) -> QuerySet[Matter]:
    """A9: open matters that accept activities (M5) and where the user may enter them (M6)."""
    matters = Matter.objects.filter(status=MatterStatus.OPEN).filter(accepting_activities())
    if not user.has_right(Right.ALL_MATTERS):
        matters = matters.filter(
            Exists(Intervenant.objects.filter(matter=OuterRef("pk"), user=user))
        )
    return matters.order_by("number")


def matters_of_client(
    *, user: User, client: Client, for_activity: bool = False
) -> QuerySet[Matter]:
    """The client's matters; with `for_activity`, only open ones where it is an active
    client party (M7)."""
    parties = MatterParty.objects.filter(matter=OuterRef("pk"), client=client)
    if for_activity:
        parties = parties.filter(role=PartyRole.CLIENT, is_active=True)
    matters = matters_visible_to(user).filter(Exists(parties))
    if for_activity:
        matters = matters.filter(status=MatterStatus.OPEN)
    return with_details(matters).order_by("-opened_on", "-id")


def party_get(*, matter: Matter, party_id: int) -> MatterParty:
    party = next((p for p in matter.parties.all() if p.id == party_id), None)
    if party is None:
        raise NotFound("Partie introuvable.", code="party_not_found")
    return party


def clients_with_unbilled_activities(matter: Matter) -> set[int]:
    """M4: the clients of the matter with unbilled activities linked to them (one query,
    through the activities app's `activities` relation)."""
    return set(
        matter.activities.filter(state="unbilled", client__isnull=False)
        .order_by()
        .values_list("client_id", flat=True)
        .distinct()
    )


# Read helpers of the staff pages ------------------------------------------------------

CLOSED_REFUSAL = "Le dossier est clos : rouvrez-le pour y saisir des activités."
M6_REFUSAL = "Seuls les intervenants du dossier y saisissent des activités."


def active_client_parties_of(matter: Matter) -> list[MatterParty]:
    """The matter's active client parties (M5, M7): the clients an activity may be linked
    to. Uses the prefetched parties when the selector loaded them."""
    return [p for p in matter.parties.all() if p.role == PartyRole.CLIENT and p.is_active]


def activity_entry_refusal(*, user: User, matter: Matter) -> str | None:
    """Why `user` cannot enter an activity on `matter` now, or None when he can: the
    matter is open, accepts activities (M5) and he may enter them (M6) — the per-matter
    form of `matters_for_quick_add` (A9), for the pages' disabled controls."""
    if matter.status == MatterStatus.CLOSED:
        return CLOSED_REFUSAL
    if not accepts_activities(matter):
        return M5_REFUSAL
    if not may_enter_activities(user, matter):
        return M6_REFUSAL
    return None


def may_add_self_as_intervenant(user: User) -> bool:
    """M6: a user may add himself as intervenant when his profile allows it."""
    return user.has_right(Right.SELF_INTERVENE) or user.has_right(Right.ALL_MATTERS)
