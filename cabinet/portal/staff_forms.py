"""Forms of the staff pages of web users (I4): a new web user of a client or of a group."""

from django import forms

from cabinet.core.forms import PageForm


class WebUserForm(PageForm):
    """E-mail, name and, optionally, a password; without one, the web user chooses his own
    from an invitation link (e-mailed to him and shown to staff)."""

    email = forms.EmailField(
        label="Adresse e-mail",
        max_length=254,
        error_messages={
            "required": "Saisissez une adresse e-mail.",
            "invalid": "Saisissez une adresse e-mail valide.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    name = forms.CharField(
        label="Nom",
        max_length=200,
        error_messages={"required": "Le nom est obligatoire."},
    )
    password = forms.CharField(
        label="Mot de passe",
        required=False,
        strip=False,
        max_length=128,
        help_text="Facultatif : sans mot de passe, un lien d'invitation est créé et envoyé.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
