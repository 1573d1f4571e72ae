from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from cabinet.clients.models import Client
from cabinet.core.models import TimeStamped


class Group(TimeStamped):
    """Companies of one organisation (G1), arranged as a tree of memberships (G3)."""

    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    representative_client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.SET_NULL, related_name="represented_groups"
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name"], name="group_name_idx")]

    def __str__(self) -> str:
        return self.name


class GroupMembership(TimeStamped):
    """A client's place in its group: under `parent` (a member of the same group) or a root.

    G2: `client` is unique, so a client belongs to at most one group, whatever the code does.
    """

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="memberships")
    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="group_membership")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_seat = models.BooleanField(default=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["group_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("id")), name="membership_not_its_own_parent"
            ),
        ]
        indexes = [models.Index(fields=["group", "parent"], name="membership_tree_idx")]

    def __str__(self) -> str:
        return f"{self.client} ∈ {self.group}"
