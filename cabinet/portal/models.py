"""Web users of the client portal (I4): a login (`accounts.User` with `is_portal`) that
sees what is shared with one client, or the portfolio of one whole group (U2)."""

from django.db import models
from simple_history.models import HistoricalRecords

from cabinet.accounts.models import User
from cabinet.clients.models import Client
from cabinet.core.models import TimeStamped
from cabinet.groups.models import Group


class PortalUser(TimeStamped):
    """A web user: his e-mail is his login (`user.username`, lower-cased, and
    `user.email`); `user.is_active` false is a suspension (U5). Exactly one of `client`
    and `group` says whose matters and contracts he sees."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="portal_user")
    name = models.CharField(max_length=200)
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField(
        null=True, blank=True, help_text="when the last invitation link was made"
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(client__isnull=False, group__isnull=True)
                    | models.Q(client__isnull=True, group__isnull=False)
                ),
                name="portal_user_one_client_or_one_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def email(self) -> str:
        return self.user.email

    @property
    def is_active(self) -> bool:
        return self.user.is_active

    @property
    def has_password(self) -> bool:
        return self.user.has_usable_password()
