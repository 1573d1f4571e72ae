from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from cabinet.clients.models import Client, Contact
from cabinet.core.models import TimeStamped


class MatterStatus(models.TextChoices):
    OPEN = "open", "Ouvert"
    CLOSED = "closed", "Clos"


class Matter(TimeStamped):
    """A «dossier» (M1): its parties and intervenants hang from it."""

    number = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=200)
    type = models.CharField(max_length=100, blank=True)
    opened_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=MatterStatus.choices, default=MatterStatus.OPEN
    )
    closed_on = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "closed"]), name="matter_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="matter_closes_after_opening",
            ),
        ]
        indexes = [models.Index(fields=["status", "-opened_on"], name="matter_status_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class MatterNumberSequence(models.Model):
    """The last matter number of a year; its row is locked while a number is chosen."""

    year = models.PositiveIntegerField(unique=True)
    last_value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}-{self.last_value:04d}"


class PartyRole(models.TextChoices):
    CLIENT = "client", "Client"
    ADVERSE = "adverse", "Partie adverse"
    OTHER = "other", "Autre partie"
    LINKED_CONTACT = "linked_contact", "Contact lié"


class MatterParty(TimeStamped):
    """A party to a matter (M2): a client party, an adverse or other party (a client record),
    or a linked contact attached to one of the matter's parties (M10). Active or inactive on
    this matter only."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(max_length=20, choices=PartyRole.choices)
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.PROTECT, related_name="matter_parties"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="matter_parties"
    )
    linked_party = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="linked_contacts"
    )
    is_active = models.BooleanField(default=True)
    portal_shared = models.BooleanField(default=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["matter_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        role__in=["client", "adverse", "other"],
                        client__isnull=False,
                        contact__isnull=True,
                        linked_party__isnull=True,
                    )
                    | Q(
                        role="linked_contact",
                        client__isnull=True,
                        contact__isnull=False,
                        linked_party__isnull=False,
                    )
                ),
                name="party_shape_matches_role",
            ),
            models.UniqueConstraint(
                fields=["matter", "client"],
                condition=Q(client__isnull=False),
                name="party_client_once_per_matter",
            ),
            models.UniqueConstraint(
                fields=["matter", "contact"],
                condition=Q(contact__isnull=False),
                name="party_contact_once_per_matter",
            ),
        ]
        indexes = [
            models.Index(fields=["client", "role", "is_active"], name="party_client_idx"),
            # M5 «accepts activities», probed matter by matter (the «+» menu, A9).
            models.Index(
                fields=["matter"],
                condition=Q(role="client", is_active=True),
                name="party_active_client_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.matter_id}:{self.role}:{self.client_id or self.contact_id}"

    @property
    def is_client_party(self) -> bool:
        return self.role == PartyRole.CLIENT

    @property
    def display_name(self) -> str:
        if self.client_id:
            return self.client.display_name
        return self.contact.display_name


class Intervenant(models.Model):
    """A user allowed to enter activities, events and tasks on the matter (M6)."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="intervenants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interventions"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["matter", "user"], name="intervenant_once")]
        # A user's matters (M6), read from the user's side (the «+» menu, A9).
        indexes = [models.Index(fields=["user", "matter"], name="intervenant_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.matter_id}"
