"""Forms of the login and settings pages (U1)."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from cabinet.accounts import services
from cabinet.accounts.models import Right
from cabinet.core.forms import PageForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Identifiant ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Identifiant"
        self.fields["password"].label = "Mot de passe"
        self.fields["username"].error_messages["required"] = "Saisissez votre identifiant."
        self.fields["password"].error_messages["required"] = "Saisissez votre mot de passe."

    def confirm_login_allowed(self, user):
        """A web user of the portal logs in at /portal/, never here (U2)."""
        if user.is_portal:
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        super().confirm_login_allowed(user)

    def clean(self):
        """Too many refused logins for an identifier refuse the next ones for a while,
        whatever the password (services.login_check)."""
        username = self.cleaned_data.get("username")
        if not username or not self.cleaned_data.get("password"):
            return super().clean()
        try:
            services.login_check(username=username)
        except services.TooManyLogins as exc:
            raise ValidationError(exc.detail, code=exc.code) from exc
        try:
            cleaned = super().clean()
        except ValidationError:
            services.login_failed(username=username)
            raise
        services.login_succeeded(username=username)
        return cleaned


class UserCreateForm(PageForm):
    code_fields = {"username_taken": "username"}

    username = forms.RegexField(
        label="Identifiant",
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": "Lettres, chiffres et . @ + - _ seulement."},
    )
    first_name = forms.CharField(label="Prénom", max_length=150, required=False)
    last_name = forms.CharField(label="Nom", max_length=150, required=False)
    email = forms.EmailField(label="Email", required=False)
    profile = forms.ChoiceField(label="Profil")
    password = forms.CharField(
        label="Mot de passe",
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Au moins 8 caractères, pas seulement des chiffres.",
    )

    def __init__(self, *args, profiles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].choices = [("", "—")] + [(p.code, p.name) for p in profiles]


class ProfileCreateForm(PageForm):
    code_fields = {"profile_exists": "code"}

    code = forms.SlugField(
        label="Code",
        max_length=40,
        help_text="Court, sans espace ni accent (ex. « stagiaire »).",
        error_messages={"invalid": "Lettres minuscules, chiffres, - et _ seulement."},
    )
    name = forms.CharField(label="Nom", max_length=100)
    rights = forms.MultipleChoiceField(
        label="Droits",
        choices=Right.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].lower()
