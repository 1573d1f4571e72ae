"""Forms of the matter pages (M1–M10). They parse input; the rules stay in the services."""

from django import forms
from django.utils import timezone

from cabinet.core.forms import DateInput, PageForm
from cabinet.matters.models import PartyRole

PARTY_ROLES = [
    (PartyRole.CLIENT.value, "Client"),
    (PartyRole.ADVERSE.value, "Partie adverse"),
    (PartyRole.OTHER.value, "Autre partie"),
]


class MatterInfoForm(PageForm):
    """«1 - Informations» of the creation, and «Modifier» later (M1)."""

    title = forms.CharField(
        label="Titre",
        max_length=200,
        error_messages={"required": "Le titre est obligatoire."},
        widget=forms.TextInput(attrs={"placeholder": "Succession Moreau, Dupont c/ SNCF…"}),
    )
    type = forms.CharField(
        label="Type",
        max_length=100,
        required=False,
        help_text="Libellé libre : contentieux, conseil, succession…",
    )
    opened_on = forms.DateField(
        label="Date d'ouverture",
        widget=DateInput(),
        error_messages={
            "required": "La date d'ouverture est obligatoire.",
            "invalid": "Date illisible : JJ/MM/AAAA.",
        },
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opened_on"].initial = timezone.localdate()

    def draft_data(self) -> dict:
        """What the creation's draft keeps in the session (dates as YYYY-MM-DD)."""
        data = dict(self.cleaned_data)
        data["opened_on"] = data["opened_on"].isoformat()
        return data


class NewPartyForm(PageForm):
    """The role and status a client takes when it is picked («2 - Parties», «Modifier
    les parties»)."""

    role = forms.ChoiceField(label="Ajouter comme", choices=PARTY_ROLES, initial="client")
    is_active = forms.BooleanField(label="Actif", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("autofocus", False)
        kwargs.setdefault("prefix", "new")
        super().__init__(*args, **kwargs)


class LinkedContactForm(PageForm):
    """M10: a contact (of any client) attached to one party of the matter."""

    linked_party_id = forms.TypedChoiceField(label="Rattaché à", coerce=int)
    contact_id = forms.TypedChoiceField(label="Contact", coerce=int)

    def __init__(self, *args, parties=(), contacts=(), **kwargs):
        kwargs.setdefault("autofocus", False)
        kwargs.setdefault("prefix", "linked")
        super().__init__(*args, **kwargs)
        self.fields["linked_party_id"].choices = [
            (p.id, f"{p.display_name} ({p.get_role_display().lower()})") for p in parties
        ]
        self.fields["contact_id"].choices = [
            (c.id, f"{c.display_name}{f' — {c.role}' if c.role else ''}") for c in contacts
        ]


class UserChoices(forms.CheckboxSelectMultiple):
    """Checkboxes whose `locked` values are shown checked and disabled."""

    def __init__(self, *args, locked=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.locked = {str(value) for value in locked}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if str(value) in self.locked:
            option["selected"] = True
            option["attrs"] = {**option["attrs"], "checked": True, "disabled": True}
        return option


class IntervenantsForm(PageForm):
    """«3 - Intervenants»: staff users; the creator always is one (M6)."""

    intervenant_ids = forms.TypedMultipleChoiceField(
        label="Utilisateurs du cabinet",
        coerce=int,
        required=False,
        help_text="Ils saisissent les activités, événements et tâches du dossier. "
        "Vous en êtes, en tant que créateur.",
    )

    def __init__(self, *args, users=(), creator=None, **kwargs):
        kwargs.setdefault("autofocus", False)
        super().__init__(*args, **kwargs)
        field = self.fields["intervenant_ids"]
        field.choices = [
            (u.id, f"{u.display_name}{' (vous)' if u == creator else ''}") for u in users
        ]
        field.widget = UserChoices(locked=[creator.id] if creator else [])
        field.widget.choices = field.choices


class IntervenantAddForm(PageForm):
    user_id = forms.TypedChoiceField(label="Ajouter un intervenant", coerce=int)

    def __init__(self, *args, users=(), **kwargs):
        kwargs.setdefault("autofocus", False)
        super().__init__(*args, **kwargs)
        self.fields["user_id"].choices = [("", "Choisir…")] + [
            (u.id, u.display_name) for u in users
        ]
