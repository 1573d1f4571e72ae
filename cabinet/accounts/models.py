import hashlib
import secrets
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.crypto import salted_hmac
from simple_history.models import HistoricalRecords

from cabinet.core.models import TimeStamped


class Right(models.TextChoices):
    DELETE_MATTERS = "delete_matters", "Supprimer des dossiers"
    MANAGE_SETTINGS = "manage_settings", "Gérer les paramètres"
    BILL = "bill", "Facturer"
    ALL_MATTERS = "all_matters", "Agir sur tous les dossiers"
    ALL_CLIENTS = "all_clients", "Voir tous les clients"
    SELF_INTERVENE = "self_intervene", "S'ajouter comme intervenant"
    MANAGE_PORTAL = "manage_portal", "Gérer le portail"


class Profile(TimeStamped):
    """A role (U1): a named set of rights given to staff users."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    rights = models.JSONField(default=list, blank=True)
    is_builtin = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def grants(self, right: str) -> bool:
        return right in self.rights


class User(AbstractUser):
    """A login: a staff user of the firm (the profile says what he may do), or a web user
    of the client portal (`is_portal`; I4, U5), whose e-mail is his username and whose
    reach is kept by `cabinet.portal`. A web user holds no right of the staff's and opens
    no staff page or endpoint."""

    profile = models.ForeignKey(
        Profile, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    hourly_rate = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=Decimal("150.00"),
        help_text="default hourly rate (excl. tax) of the user's time entries",
    )
    is_portal = models.BooleanField(
        default=False, help_text="a web user of the client portal, not a member of staff"
    )
    session_epoch = models.PositiveIntegerField(
        default=0, help_text="raised to end every session and link of the login (U5)"
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login", "session_epoch"])

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.UniqueConstraint(Lower("username"), name="user_username_unique_ci"),
            # I4: an e-mail is one login's only, whatever its case, staff or web user.
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="user_email_unique_ci"
            ),
        ]

    def _get_session_auth_hash(self, secret=None):
        """Django's session check (an HMAC of the password), which also fails once the
        login's `session_epoch` is raised: a suspension ends every session for good."""
        if not self.session_epoch:
            return super()._get_session_auth_hash(secret=secret)
        key_salt = "cabinet.accounts.User.session"
        value = f"{self.password}:{self.session_epoch}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    def has_right(self, right: str) -> bool:
        if not self.is_active or self.is_portal:
            return False
        if self.is_superuser:
            return True
        return self.profile is not None and self.profile.grants(right)

    @property
    def rights(self) -> list[str]:
        return [r.value for r in Right if self.has_right(r.value)]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 is kept, so a leaked table leaks nothing."""

    PREFIX = "cab_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12, help_text="first characters, to recognise a token")
    name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.hint}… ({self.user})"

    @classmethod
    def new_raw_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)


class LoginFailure(models.Model):
    """A refused login (page or API token), kept for a while so that password guessing
    against one identifier is slowed down (services.login_check). Not business data."""

    username = models.CharField(max_length=254)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["username", "at"], name="login_failure_user_at")]

    def __str__(self) -> str:
        return f"{self.username} @ {self.at:%Y-%m-%d %H:%M}"
