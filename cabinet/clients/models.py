from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from cabinet.core.models import TimeStamped


class ClientKind(models.TextChoices):
    PERSON = "person", "Personne"
    COMPANY = "company", "Société"


class Client(TimeStamped):
    """A person or a company the firm works for (C1)."""

    number = models.CharField(max_length=6, unique=True)
    kind = models.CharField(max_length=10, choices=ClientKind.choices)
    name = models.CharField(max_length=200, help_text="company name, or a person's last name")
    first_name = models.CharField(max_length=100, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True, default="France")
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    notes = models.TextField(blank=True)
    attached_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="attached_clients"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Normalised number, names and aliases (cabinet.core.text.normalize), framed by spaces
    # so that « LIKE '% tok%' » finds a word by its prefix (C2). Kept by the services.
    search_text = models.TextField(blank=True, default="", editable=False)
    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])

    class Meta:
        ordering = ["name", "first_name", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["person", "company"]), name="client_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(attached_to=F("id")), name="client_not_attached_to_itself"
            ),
            models.CheckConstraint(
                condition=Q(number__regex=r"^[0-9]{6}$"), name="client_number_six_digits"
            ),
        ]
        indexes = [models.Index(fields=["name", "first_name"], name="client_name_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.display_name}"

    @property
    def display_name(self) -> str:
        if self.kind == ClientKind.PERSON and self.first_name:
            return f"{self.first_name} {self.name}"
        return self.name

    @property
    def is_person(self) -> bool:
        return self.kind == ClientKind.PERSON


class ClientAlias(models.Model):
    """One «Liaison» value: a synonym, acronym, sign or former name (C2)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="aliases")
    value = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["value"]
        constraints = [
            models.UniqueConstraint(fields=["client", "normalized"], name="alias_unique_per_client")
        ]

    def __str__(self) -> str:
        return self.value


class ClientNumberSequence(models.Model):
    """The last number handed out; its row is locked while a number is chosen (C1)."""

    last_value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.last_value:06d}"


class Contact(TimeStamped):
    """A person reached at a client, valid over a period (C4)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contacts")
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    role = models.CharField(max_length=100, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    is_group_contact = models.BooleanField(default=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="contact_ends_after_start",
            )
        ]
        indexes = [
            models.Index(fields=["client", "valid_from", "valid_to"]),
            # G9: the group contacts of a group's members, from the index alone (small: few
            # contacts are group contacts), so a record's contacts never scan the table.
            models.Index(
                fields=["client", "id"],
                condition=Q(is_group_contact=True),
                name="contact_group_contact_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def is_valid_at(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


class Connexity(TimeStamped):
    """A two-way qualified relation between two different clients, stored once (R1).

    `label` is `client`'s relation to `other` («fils de»), `inverse_label` the other way
    («père de»). Seen from `other`, the two labels swap (R2).
    """

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="connexities_out")
    other = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="connexities_in")
    label = models.CharField(max_length=100)
    inverse_label = models.CharField(max_length=100)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(client=F("other")), name="connexity_between_two_clients"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="connexity_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["client", "end_date"], name="connexity_client_idx"),
            models.Index(fields=["other", "end_date"], name="connexity_other_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.label} {self.other_id}"

    def is_current_on(self, day) -> bool:
        """R5: current while it has no end date or ends today or later."""
        return self.end_date is None or self.end_date >= day


class ConnexityLabel(models.Model):
    """One entry of the configurable list of relation labels (R3)."""

    label = models.CharField(max_length=100)
    normalized = models.CharField(max_length=100, unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class ClientWord(models.Model):
    """C2 at any size: one word of a client's search column, with the list's sort key.

    Derived from `Client.search_text` and kept by the services (`clients.search`). A
    query word is the prefix of stored words; the rows of one stored word come out of
    `client_word_order_idx` already in the list's order, so the first page of «martin»
    among a million clients reads the first rows of «martin», «martine»…, never every
    match. On PostgreSQL `word` is collated "C" (migration 0004), so that a prefix is a
    range of bytes on both databases; altering the field would have to keep that."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+", db_index=False)
    word = models.CharField(max_length=200)
    name = models.CharField(max_length=200)
    first_name = models.CharField(max_length=100, blank=True)
    number = models.CharField(max_length=6)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "word"], name="client_word_unique")
        ]
        indexes = [
            models.Index(
                fields=["word", "name", "first_name", "number", "client"],
                name="client_word_order_idx",
            )
        ]

    def __str__(self) -> str:
        return self.word
