"""Forms of the portal's pages: log in (throttled like staff logins, U5), forgotten
password, and the password a web user chooses (Django's own forms, in French)."""

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError

from cabinet.accounts import services as accounts

BAD_LOGIN = "Adresse e-mail ou mot de passe incorrect."


class PortalLoginForm(forms.Form):
    """A web user's e-mail and password; a staff login is refused here as a wrong one is,
    and too many refused attempts for an e-mail refuse the next ones for a while."""

    username = forms.CharField(
        label="Adresse e-mail",
        max_length=254,
        error_messages={"required": "Saisissez votre adresse e-mail."},
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        error_messages={"required": "Saisissez votre mot de passe."},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        email = (self.cleaned_data.get("username") or "").strip()
        password = self.cleaned_data.get("password")
        if not email or not password or "\x00" in email + password:
            return self.cleaned_data
        try:
            accounts.login_check(username=email)
        except accounts.TooManyLogins as exc:
            raise ValidationError(exc.detail, code=exc.code) from exc
        user = authenticate(self.request, username=email.lower(), password=password)
        if user is None or not user.is_portal or not user.is_active:
            accounts.login_failed(username=email)
            raise ValidationError(BAD_LOGIN, code="invalid_login")
        accounts.login_succeeded(username=email)
        self.user = user
        return self.cleaned_data

    def get_user(self):
        return self.user


class ForgottenPasswordForm(forms.Form):
    email = forms.EmailField(
        label="Adresse e-mail",
        max_length=254,
        error_messages={
            "required": "Saisissez votre adresse e-mail.",
            "invalid": "Saisissez une adresse e-mail valide.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class _French:
    """Labels of Django's password forms, in the portal's words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "old_password": "Mot de passe actuel",
            "new_password1": "Nouveau mot de passe",
            "new_password2": "Confirmez le nouveau mot de passe",
        }
        for name, label in labels.items():
            if name in self.fields:
                self.fields[name].label = label
                self.fields[name].help_text = ""
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": "Les deux mots de passe ne sont pas identiques.",
            "password_incorrect": "Votre mot de passe actuel est incorrect.",
        }


class ChoosePasswordForm(_French, SetPasswordForm):
    pass


class ChangePasswordForm(_French, PasswordChangeForm):
    pass
