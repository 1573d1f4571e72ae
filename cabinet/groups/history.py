"""What the history API shows of groups and memberships (U3)."""

from cabinet.core.errors import NotFound
from cabinet.groups.models import Group, GroupMembership
from cabinet.history.registry import Child, Entry, register


def _check_group(user, group_id: int) -> None:
    if not (
        Group.objects.filter(pk=group_id).exists() or Group.history.filter(id=group_id).exists()
    ):
        raise NotFound("Aucun historique pour ce groupe.", code="history_not_found")


def register_history() -> None:
    register(
        Entry(
            name="group",
            model=Group,
            check=_check_group,
            children=(Child(GroupMembership, "group_id", "members", "client_id"),),
        )
    )
