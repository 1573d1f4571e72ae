"""Writes on groups and their membership trees (G1–G8).

Every tree change locks the group rows it touches (in id order, so two operations never
wait on each other in a circle) and then reads the memberships it changes: two moves or
merges at once on the same group run one after the other, and no member is lost.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from cabinet.accounts.models import Right, User
from cabinet.clients.models import Client
from cabinet.clients.selectors import client_get_for_user
from cabinet.core.errors import Conflict, InvalidInput, NotFound
from cabinet.core.permissions import require_right
from cabinet.groups import registry
from cabinet.groups.models import Group, GroupMembership
from cabinet.groups.selectors import group_get_for_user, member_get_for_user

GROUP_FIELDS = ("name", "address", "postal_code", "city", "phone", "email")


def _lock_groups(group_ids) -> dict[int, Group]:
    ids = sorted(set(group_ids))
    groups = {g.id: g for g in Group.objects.select_for_update().filter(id__in=ids).order_by("id")}
    missing = [i for i in ids if i not in groups]
    if missing:
        raise NotFound(f"Groupe introuvable : {missing[0]}.", code="group_not_found")
    return groups


def _representative(actor: User, client_id: int | None) -> Client | None:
    """G1: the «client rattaché», one the actor may open (U4: hidden is answered as
    absent)."""
    if client_id is None:
        return None
    unknown = InvalidInput(
        "Le client rattaché n'existe pas.",
        code="unknown_client",
        field="representative_client_id",
    )
    return client_get_for_user(user=actor, client_id=client_id, unknown=unknown)


def group_create(
    *, actor: User, name: str, representative_client_id: int | None = None, **fields
) -> Group:
    if not name.strip():
        raise InvalidInput("Le nom du groupe est obligatoire.", code="name_required", field="name")
    group = Group(
        name=name.strip(), representative_client=_representative(actor, representative_client_id)
    )
    for field, value in fields.items():
        if field not in GROUP_FIELDS:
            raise TypeError(field)
        setattr(group, field, value)
    group._history_user = actor
    group.save()
    return group


def group_update(*, actor: User, group: Group, **fields) -> Group:
    with transaction.atomic():
        group = _lock_groups([group.id])[group.id]
        changed = []
        if "representative_client_id" in fields:
            group.representative_client = _representative(
                actor, fields.pop("representative_client_id")
            )
            changed.append("representative_client")
        for field, value in fields.items():
            if field not in GROUP_FIELDS:
                raise TypeError(field)
            setattr(group, field, value)
            changed.append(field)
        if not group.name.strip():
            raise InvalidInput(
                "Le nom du groupe est obligatoire.", code="name_required", field="name"
            )
        if changed:
            group._history_user = actor
            group.save(update_fields=[*changed, "updated_at"])
    return group


def group_delete(*, actor: User, group: Group) -> None:
    """G7: refused while the group has members, saying how many."""
    require_right(actor, Right.MANAGE_SETTINGS)
    with transaction.atomic():
        group = _lock_groups([group.id])[group.id]
        count = group.memberships.count()
        if count:
            plural = "s" if count > 1 else ""
            raise Conflict(
                f"Le groupe « {group.name} » compte encore {count} membre{plural} : "
                "retirez-les ou fusionnez le groupe avant de le supprimer.",
                code="group_has_members",
            )
        for dependant in registry.dependants():
            refusal = dependant.refusal(group)
            if refusal:
                raise Conflict(refusal, code=f"group_has_{dependant.name}")
        group._history_user = actor
        group.delete()


def _save(membership: GroupMembership, actor: User, fields: list[str] | None = None) -> None:
    membership._history_user = actor
    if fields is None:
        membership.save()
    else:
        membership.save(update_fields=[*fields, "updated_at"])


def _detach(membership: GroupMembership, actor: User) -> None:
    """G6: the member's children go under its former parent; nothing is lost."""
    children = list(GroupMembership.objects.filter(parent=membership))
    for child in children:
        child.parent_id = membership.parent_id
        child.updated_at = timezone.now()
    bulk_update_with_history(
        children, GroupMembership, ["parent", "updated_at"], default_user=actor, batch_size=500
    )


NOT_A_MEMBER = "Ce client n'est pas membre de ce groupe."


def _not_a_member() -> InvalidInput:
    return InvalidInput(NOT_A_MEMBER, code="not_a_member", field="client_id")


def _member(actor: User, group: Group, client_id: int | None) -> GroupMembership:
    """U4: the member named in a request, one the actor may open; a hidden one is
    answered as a client that is not a member."""
    return member_get_for_user(
        user=actor, group=group, client_id=client_id, unknown=_not_a_member()
    )


def _parent_in(actor: User, group: Group, parent_client_id: int | None) -> GroupMembership | None:
    if parent_client_id is None:
        return None
    unknown = InvalidInput(
        "Le parent choisi n'est pas membre de ce groupe.",
        code="parent_not_member",
        field="parent_client_id",
    )
    return member_get_for_user(user=actor, group=group, client_id=parent_client_id, unknown=unknown)


def _check_no_cycle(membership: GroupMembership, parent: GroupMembership | None) -> None:
    """G3: a node never goes under itself or one of its descendants."""
    if parent is None:
        return
    parents = dict(
        GroupMembership.objects.filter(group_id=parent.group_id).values_list("id", "parent_id")
    )
    node = parent.id
    seen = set()
    while node is not None and node not in seen:
        if node == membership.id:
            raise Conflict(
                "Impossible de placer un membre sous lui-même ou sous l'un de ses descendants.",
                code="tree_cycle",
            )
        seen.add(node)
        node = parents.get(node)


def membership_set(
    *,
    actor: User,
    client: Client,
    group_id: int,
    parent_client_id: int | None = None,
    is_seat: bool = False,
) -> Group:
    """Put `client` in a group, under a parent or as a root (G2, G5); joining another group
    leaves the old one first (G6)."""
    group_get_for_user(user=actor, group_id=group_id)
    with transaction.atomic():
        # One lock order: the client's row, then the groups involved in id order; a client
        # joins one group at a time (G2).
        Client.objects.select_for_update().filter(pk=client.pk).first()
        current = GroupMembership.objects.filter(client=client).first()
        lock_ids = [group_id] + ([current.group_id] if current else [])
        groups = _lock_groups(lock_ids)
        group = groups[group_id]
        current = GroupMembership.objects.filter(client=client).first()
        if current is not None and current.group_id not in groups:
            raise Conflict(
                "Le groupe de ce client vient de changer : réessayez.", code="concurrent_change"
            )
        if current is not None and current.group_id != group.id:
            _detach(current, actor)
            current._history_user = actor
            current.delete()
            current = None
        if parent_client_id is not None and parent_client_id == client.id:
            raise Conflict("Un membre ne peut pas être son propre parent.", code="tree_cycle")
        parent = _parent_in(actor, group, parent_client_id)
        if current is None:
            membership = GroupMembership(group=group, client=client, parent=parent, is_seat=is_seat)
            try:
                with transaction.atomic():
                    _save(membership, actor)
            except IntegrityError as exc:
                raise Conflict(
                    "Le groupe de ce client vient de changer : réessayez.",
                    code="concurrent_change",
                ) from exc
        else:
            _check_no_cycle(current, parent)
            current.parent = parent
            current.is_seat = is_seat
            _save(current, actor, ["parent", "is_seat"])
    return group


def membership_remove(*, actor: User, client: Client) -> None:
    """G6: leave the group; the children take the member's place under its parent."""
    with transaction.atomic():
        membership = GroupMembership.objects.filter(client=client).first()
        if membership is None:
            raise NotFound("Ce client n'appartient à aucun groupe.", code="not_a_member")
        _lock_groups([membership.group_id])
        membership = GroupMembership.objects.get(pk=membership.pk)
        _detach(membership, actor)
        membership._history_user = actor
        membership.delete()


def member_add(*, actor: User, group: Group, client_id: int | None) -> Client:
    """G2/G5 from the group's page: the client named joins `group` as a root, leaving its
    former group (G6); U4: one the actor may open, a hidden one answered as absent."""
    unknown = InvalidInput("Client introuvable.", code="unknown_client", field="client_id")
    if client_id is None:
        raise unknown
    client = client_get_for_user(user=actor, client_id=client_id, unknown=unknown)
    if GroupMembership.objects.filter(client=client, group=group).exists():
        raise Conflict(
            f"« {client.display_name} » est déjà membre du groupe.", code="already_member"
        )
    membership_set(actor=actor, client=client, group_id=group.pk)
    return client


def member_remove(*, actor: User, group: Group, client_id: int | None) -> Client:
    """G6 from the group's tree: the member named leaves `group` (U4: one the actor may
    open); its children take its place under its former parent."""
    membership = _member(actor, group, client_id)
    membership_remove(actor=actor, client=membership.client)
    return membership.client


def member_move(
    *, actor: User, group: Group, client_id: int, parent_client_id: int | None
) -> Group:
    """G3/G5: drag a member under another member of the same group, or to the root."""
    with transaction.atomic():
        group = _lock_groups([group.id])[group.id]
        membership = _member(actor, group, client_id)
        if parent_client_id == client_id:
            raise Conflict(
                "Impossible de placer un membre sous lui-même ou sous l'un de ses descendants.",
                code="tree_cycle",
            )
        parent = _parent_in(actor, group, parent_client_id)
        _check_no_cycle(membership, parent)
        if membership.parent_id != (parent.id if parent else None):
            membership.parent = parent
            _save(membership, actor, ["parent"])
    return group


def member_set_seat(*, actor: User, group: Group, client_id: int, is_seat: bool) -> Group:
    """G4: flag or unflag a member as a seat («Siège»)."""
    with transaction.atomic():
        group = _lock_groups([group.id])[group.id]
        membership = _member(actor, group, client_id)
        if membership.is_seat != is_seat:
            membership.is_seat = is_seat
            _save(membership, actor, ["is_seat"])
    return group


def groups_merge(*, actor: User, target: Group, source_ids: list[int]) -> Group:
    """G8: each source's tree joins the target as it was (its roots become roots of the
    target), seats stay seats, group contacts follow their clients, the sources disappear.
    All or nothing."""
    require_right(actor, Right.MANAGE_SETTINGS)
    sources = sorted(set(source_ids))
    if not sources:
        raise InvalidInput(
            "Choisissez au moins un groupe à fusionner.", code="no_source", field="source_group_ids"
        )
    if target.id in sources:
        raise Conflict(
            "Un groupe ne peut pas être fusionné dans lui-même.", code="merge_into_itself"
        )
    with transaction.atomic():
        groups = _lock_groups([target.id, *sources])
        target = groups[target.id]
        for dependant in registry.dependants():
            dependant.merge(actor=actor, source_ids=sources, target=target)
        for source_id in sources:
            source = groups[source_id]
            moved = list(GroupMembership.objects.filter(group=source))
            for membership in moved:
                membership.group = target
                membership.updated_at = timezone.now()
            bulk_update_with_history(
                moved, GroupMembership, ["group", "updated_at"], default_user=actor, batch_size=500
            )
            source._history_user = actor
            source.delete()
    return target
