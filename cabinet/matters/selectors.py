"""Reads on matters. The rules every screen shares are written here once:
`accepts_activities` (M5), `may_enter_activities` (M6), the «+» menu list (A9) and the
matters a client's record may add activities to (M7)."""

import re

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from cabinet.accounts import selectors as accounts
from cabinet.accounts.models import Right, User
from cabinet.clients import selectors as clients
from cabinet.clients.models import Client
from cabinet.core.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from cabinet.core.text import search_tokens
from cabinet.matters import registry
from cabinet.matters.models import Intervenant, Matter, MatterParty, MatterStatus, PartyRole

M4_WARNING = "Attention : le dossier contient des activités non facturées liées à ce client"
M5_REFUSAL = "Le dossier n'accepte pas d'activités : tous ses clients sont inactifs sur ce dossier."


def active_client_parties(matter: Matter | None = None) -> QuerySet[MatterParty]:
    """The one definition of an «active client party» (M2, M5, M7, A3): a client party of
    the matter whose status on it is «Actif». Every query on the notion starts here;
    `active_client_parties_of` is the same rule over the parties a selector prefetched."""
    parties = MatterParty.objects.filter(role=PartyRole.CLIENT, is_active=True)
    return parties if matter is None else parties.filter(matter=matter)


def active_client_parties_of(matter: Matter) -> list[MatterParty]:
    """`active_client_parties(matter)` in memory: the same rule over `matter.parties.all()`
    (the prefetched parties when the selector loaded them, one query otherwise)."""
    return [p for p in matter.parties.all() if p.role == PartyRole.CLIENT and p.is_active]


def accepting_activities() -> Exists:
    """M5 as a query expression: the matter has at least one active client party."""
    return Exists(active_client_parties().filter(matter=OuterRef("pk")))


def accepts_activities(matter: Matter) -> bool:
    """M5: a matter accepts activities unless all its client parties are inactive."""
    return bool(active_client_parties_of(matter))


def accepts_activities_refusal(matter: Matter) -> DomainError | None:
    """M5 as a refusal: what is answered on a matter that does not accept activities (409
    `matter_refuses_activities`), or None. The activity entry and the proformas start
    from it."""
    return None if accepts_activities(matter) else m5_refusal()


def m5_refusal() -> Conflict:
    """M5's refusal itself, for a caller that found no active client on its own."""
    return Conflict(M5_REFUSAL, code="matter_refuses_activities")


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


def clients_reached_through_matters(user: User) -> QuerySet:
    """U4: the clients a user reaches as parties of the matters he may see (he works for
    them), registered with the clients app (`cabinet.matters.plugins`)."""
    return MatterParty.objects.filter(
        matter__in=matters_visible_to(user), client__isnull=False
    ).values("client_id")


def matters_shared_with(*, client_id: int) -> QuerySet[Matter]:
    """M8: the matters shared with a client through the portal: those where it is an
    active client party whose sharing is on (deactivating the party switched it off)."""
    shared = MatterParty.objects.filter(
        client_id=client_id, role=PartyRole.CLIENT, is_active=True, portal_shared=True
    )
    return Matter.objects.filter(pk__in=shared.values("matter_id"))


def may_enter_activities(user: User, matter: Matter) -> bool:
    """M6: intervenants, and profiles with the right to act on every matter."""
    if user.has_right(Right.ALL_MATTERS):
        return True
    return any(i.user_id == user.id for i in matter.intervenants.all())


def with_details(
    matters: QuerySet[Matter], parties: QuerySet[MatterParty] | None = None
) -> QuerySet[Matter]:
    """The matters with their parties (all of them, or `parties`) and intervenants."""
    if parties is None:
        parties = MatterParty.objects.select_related("client", "contact", "linked_party")
        parties = parties.order_by("id")
    return matters.prefetch_related(
        Prefetch("parties", queryset=parties),
        Prefetch("intervenants", queryset=Intervenant.objects.select_related("user")),
    )


def matter_get_for_user(
    *, user: User, matter_id: int, to_join: bool = False, unknown: DomainError | None = None
) -> Matter:
    """U4: one access rule for pages, API and services. A matter named in the path: the
    matter, or NotFound (absent) / Forbidden (hidden). Named in a request body (`unknown`
    is the answer for an absent id): hidden and absent both get `unknown`. `to_join`: the
    matter is also given when the user may add himself to it (M6), though its activities
    and bills stay hidden from him until he does."""
    matter = with_details(Matter.objects.select_related("created_by")).filter(pk=matter_id).first()
    if matter is None:
        raise unknown or NotFound("Dossier introuvable.", code="matter_not_found")
    if not matters_visible_to(user).filter(pk=matter.pk).exists() and not (
        to_join and is_joinable(user, matter)
    ):
        raise unknown or Forbidden(
            "Ce dossier ne vous est pas accessible.", code="matter_forbidden"
        )
    return matter


def _searched(matters: QuerySet[Matter], q: str) -> QuerySet[Matter]:
    """Matters whose number, title or a client party matches every word of `q` (to be
    made `distinct()`: a word may match several parties)."""
    for token in search_tokens(q):
        matters = matters.filter(
            Q(title__icontains=token)
            | Q(number__icontains=token)
            | Q(parties__client__in=Client.objects.filter(clients.client_search_filter(token)))
        )
    return matters


def matter_list(
    *,
    user: User,
    q: str = "",
    status: str = "",
    client_id: int | None = None,
    intervenant_id: int | None = None,
    joinable: bool = False,
) -> QuerySet[Matter]:
    """The matters the user may see, searched by number, title or client; `joinable`:
    instead, the open matters he may add himself to (M6), their client parties named
    by display name only unless he may open them (`party.client.can_open`, U4)."""
    matters = _searched(matters_joinable_by(user) if joinable else matters_visible_to(user), q)
    if status:
        matters = matters.filter(status=status)
    if client_id:
        matters = matters.filter(parties__client_id=client_id)
    if intervenant_id:
        matters = matters.filter(intervenants__user_id=intervenant_id)
    if joinable:
        return with_joinable_details(matters.distinct(), user=user).order_by("-opened_on", "-id")
    return with_details(matters.distinct()).order_by("-opened_on", "-id")


QUICK_ADD_PAGE = 20
"""A9: the «Dossier» type-ahead shows (and the API answers) 20 matters at a time."""

NUMBER_PREFIX = re.compile(r"[0-9]{4}-[0-9]*")
"""The start of a matter number as `services` gives it («2026-0003»): year, dash, digits."""


def matters_for_quick_add(*, user: User, q: str = "") -> QuerySet[Matter]:
    """A9: open matters that accept activities (M5) and where the user may enter them (M6),
    by number; `q` keeps those whose number, title or a client party matches every word,
    as `matter_list` searches — or, typed as a number («2024-01»), those whose number
    starts with it (a range of the number index). Read 20 at a time whatever the firm's
    size: no DISTINCT (each condition is a per-matter subquery), the number index walked
    in order, the intervenant index for a user who may not act on every matter."""
    matters = Matter.objects.filter(status=MatterStatus.OPEN).filter(accepting_activities())
    if not user.has_right(Right.ALL_MATTERS):
        matters = matters.filter(
            Exists(Intervenant.objects.filter(matter=OuterRef("pk"), user=user))
        )
    number = q.strip()
    if NUMBER_PREFIX.fullmatch(number):
        return matters.filter(number__startswith=number).order_by("number")
    for position, token in enumerate(search_tokens(q)):
        client = f"client_matches_{position}"
        matters = matters.alias(**{client: _first_party_whose_client_matches(token)}).filter(
            Q(title__icontains=token)
            | Q(number__icontains=token)
            | Q(**{f"{client}__isnull": False})
        )
    return matters.order_by("number")


def _first_party_whose_client_matches(token: str) -> Subquery:
    """A party of the matter whose client has a word starting with `token` (C2), or null.
    A scalar subquery on purpose: PostgreSQL turns an EXISTS in an OR into a hash of every
    matching client of the firm (110,000 «Martin» at 1M clients) where probing the few
    parties of the matters read is what is wanted."""
    parties = MatterParty.objects.filter(
        matter=OuterRef("pk"), client__search_text__contains=f" {token}"
    )
    return Subquery(parties.order_by().values("pk")[:1])


def matters_of_client(
    *, user: User, client: Client, for_activity: bool = False
) -> QuerySet[Matter]:
    """The client's matters; with `for_activity`, only open ones where it is an active
    client party (M7)."""
    parties = active_client_parties() if for_activity else MatterParty.objects.all()
    parties = parties.filter(matter=OuterRef("pk"), client=client)
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
    """M4: the clients of the matter with unbilled activities linked to them (the
    activities app registers them, `registry.linked_clients`)."""
    return registry.linked_clients(matter, unbilled_only=True)


def party_deactivation_warning(
    *, matter: Matter, party: MatterParty, unbilled_client_ids: set[int] | None = None
) -> str | None:
    """M4: the warning that making `party` inactive on `matter` carries — a client party
    whose client has unbilled activities on it — or None. Deactivating stays allowed:
    `services.party_set_active` answers it, the matter page shows it on the toggle.
    `unbilled_client_ids`: `clients_with_unbilled_activities(matter)` when the caller
    has it (a page asks once for all its parties)."""
    if party.role != PartyRole.CLIENT:
        return None
    if unbilled_client_ids is None:
        unbilled_client_ids = clients_with_unbilled_activities(matter)
    return M4_WARNING if party.client_id in unbilled_client_ids else None


# Read helpers of the staff pages ------------------------------------------------------

CLOSED_REFUSAL = "Le dossier est clos : rouvrez-le pour y saisir des activités."
M6_REFUSAL = "Seuls les intervenants du dossier y saisissent des activités."


def intervenant_refusal(*, user: User, matter: Matter) -> DomainError | None:
    """M6: the refusal (403 `not_an_intervenant`) of a user who may not enter, change or
    delete activities on `matter`, or None when he may."""
    if may_enter_activities(user, matter):
        return None
    return Forbidden(M6_REFUSAL, code="not_an_intervenant")


def activity_entry_refusal(*, user: User, matter: Matter) -> DomainError | None:
    """Why `user` cannot enter an activity on `matter` now, or None when he can — the
    per-matter form of `matters_for_quick_add` (A9). In this order: he may enter
    activities there (M6, 403), the matter is open (409 `matter_closed`) and accepts
    activities (M5, 409). The services raise it (the matter locked); the pages show its
    sentence on their disabled controls."""
    refusal = intervenant_refusal(user=user, matter=matter)
    if refusal is not None:
        return refusal
    if matter.status == MatterStatus.CLOSED:
        return Conflict(CLOSED_REFUSAL, code="matter_closed")
    return accepts_activities_refusal(matter)


def may_add_self_as_intervenant(user: User) -> bool:
    """M6: a user may add himself as intervenant when his profile allows it."""
    return user.has_right(Right.SELF_INTERVENE) or user.has_right(Right.ALL_MATTERS)


def party_client_get(*, user: User, client_id: int, field: str = "client_id") -> Client:
    """U4: the client a party names, one the user may open; a hidden one is answered as
    an absent one. The service that writes the party and the creation form's «2 -
    Parties» step (nothing is written until the end) both ask it."""
    unknown = InvalidInput("Ce client n'existe pas.", code="unknown_client", field=field)
    return clients.client_get_for_user(user=user, client_id=client_id, unknown=unknown)


def intervenant_candidates(*, user: User) -> list[User]:
    """M6: whom `user` may name as intervenants: every active user with the right to act
    on every matter, otherwise only himself."""
    if user.has_right(Right.ALL_MATTERS):
        return [u for u in accounts.user_list() if u.is_active]
    return [user]


# Matters one can join (M6) ------------------------------------------------------------

SELF_INTERVENE_REFUSAL = "Votre profil ne vous permet pas de vous ajouter comme intervenant."
JOIN_CLOSED_REFUSAL = "Le dossier est clos : on ne s'y ajoute plus comme intervenant."
ALREADY_INTERVENANT = "Cet utilisateur intervient déjà sur le dossier."


def _self_intervene_forbidden() -> Forbidden:
    return Forbidden(SELF_INTERVENE_REFUSAL, code="right_required:self_intervene")


def is_joinable(user: User, matter: Matter) -> bool:
    """M6: an open matter, for a user whose profile lets him add himself."""
    return matter.status == MatterStatus.OPEN and may_add_self_as_intervenant(user)


def matters_joinable_by(user: User) -> QuerySet[Matter]:
    """M6: every open matter the user may add himself to and does not intervene on yet;
    refused (403) to a profile without the right."""
    if not may_add_self_as_intervenant(user):
        raise _self_intervene_forbidden()
    return Matter.objects.filter(status=MatterStatus.OPEN).exclude(
        Exists(Intervenant.objects.filter(matter=OuterRef("pk"), user=user))
    )


def with_joinable_details(matters: QuerySet[Matter], *, user: User) -> QuerySet[Matter]:
    """What a joinable matter shows before one joins it: its client parties, each client
    with `can_open` for `user` (U4), and its intervenants' names."""
    parties = (
        MatterParty.objects.filter(role=PartyRole.CLIENT)
        .select_related("client")
        .annotate(client_can_open=clients.openable(user))
        .order_by("id")
    )
    return with_details(matters, parties)


def self_intervention_refusal(*, user: User, matter: Matter) -> DomainError | None:
    """M6: why `user` cannot add himself to `matter` now, or None when he can. The
    service raises it; the page shows its sentence on the disabled button."""
    if not may_add_self_as_intervenant(user):
        return _self_intervene_forbidden()
    if any(i.user_id == user.id for i in matter.intervenants.all()):
        return Conflict(ALREADY_INTERVENANT, code="intervenant_exists")
    if matter.status != MatterStatus.OPEN:
        return Conflict(JOIN_CLOSED_REFUSAL, code="matter_closed")
    return None
