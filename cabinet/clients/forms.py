"""Forms of the client pages (C1–C4). Rules stay in the services: these parse input."""

import datetime

from django import forms

from cabinet.clients.models import ClientKind
from cabinet.core.forms import DateInput, PageForm
from cabinet.core.schemas import MAX_ID


class ClientForm(PageForm):
    """Identity of a client (C1). The name rule is the service's: its sentence shows here."""

    code_fields = {"number_taken": "number", "invalid_number": "number"}

    kind = forms.ChoiceField(
        label="Type",
        choices=ClientKind.choices,
        initial=ClientKind.COMPANY,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez Personne ou Société."},
    )
    name = forms.CharField(
        label="Nom",
        max_length=200,
        required=False,
        help_text="Nom de famille, ou raison sociale pour une société.",
        widget=forms.TextInput(attrs={"required": True}),
    )
    first_name = forms.CharField(label="Prénom", max_length=100, required=False)
    number = forms.CharField(
        label="Numéro",
        max_length=6,
        required=False,
        help_text="Six chiffres ; attribué automatiquement si vide.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "000363"}),
    )
    address = forms.CharField(label="Adresse", max_length=300, required=False)
    postal_code = forms.CharField(label="Code postal", max_length=20, required=False)
    city = forms.CharField(label="Ville", max_length=100, required=False)
    country = forms.CharField(label="Pays", max_length=100, required=False, initial="France")
    email = forms.EmailField(label="Email", max_length=254, required=False)
    phone = forms.CharField(
        label="Téléphone",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["number"].help_text = "Six chiffres, unique dans le cabinet."


class AliasForm(PageForm):
    value = forms.CharField(
        label="Nouvelle liaison",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Sigle, enseigne, ancien nom…"}),
    )


class ContactForm(PageForm):
    """A contact of a client and its period of validity (C4)."""

    last_name = forms.CharField(
        label="Nom", max_length=100, required=False, widget=forms.TextInput({"required": True})
    )
    first_name = forms.CharField(label="Prénom", max_length=100, required=False)
    role = forms.CharField(label="Fonction", max_length=100, required=False)
    email = forms.EmailField(label="Email", max_length=254, required=False)
    phone = forms.CharField(
        label="Téléphone", max_length=40, required=False, widget=forms.TextInput({"type": "tel"})
    )
    valid_from = forms.DateField(
        label="Du",
        widget=DateInput(),
        help_text="Premier jour de validité.",
        error_messages={"required": "La date de début est obligatoire."},
    )
    valid_to = forms.DateField(
        label="Au",
        widget=DateInput(),
        required=False,
        help_text="Dernier jour de validité ; vide s'il est toujours valide.",
    )
    is_group_contact = forms.BooleanField(label="Contact pour le groupe", required=False)


class ContactEndForm(PageForm):
    on = forms.DateField(label="Fin au", widget=DateInput())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("autofocus", False)
        super().__init__(*args, **kwargs)


def parse_valid_at(raw: str | None, today: datetime.date) -> tuple[datetime.date | None, bool]:
    """The «Valide au» filter of a contact list (C4): absent → today; `all` or empty →
    every contact (None). Returns the date and whether the input was understood."""
    if raw is None:
        return today, True
    raw = raw.strip()
    if raw in ("", "all"):
        return None, True
    try:
        return datetime.date.fromisoformat(raw), True
    except ValueError:
        return today, False


# Connexities (R1–R8) ------------------------------------------------------------------


class ConnexityForm(PageForm):
    """A connexity seen from the record it is typed on (R1): `label` is this client's
    relation to the other one, `inverse_label` the other way. Labels are free text; the
    configurable list only suggests them (R3, a <datalist>)."""

    code_fields = {"self_connexity": "other_client_id", "other_client_fixed": "other_client_id"}

    other_client_id = forms.IntegerField(
        label="Autre client",
        required=False,
        min_value=1,
        max_value=MAX_ID,
        widget=forms.HiddenInput({"data-picker-value": True}),
    )
    label = forms.CharField(
        label="Sa relation",
        max_length=100,
        required=False,
        widget=forms.TextInput(
            {"list": "connexity-labels", "autocomplete": "off", "placeholder": "fils de"}
        ),
    )
    inverse_label = forms.CharField(
        label="Relation inverse",
        max_length=100,
        required=False,
        widget=forms.TextInput(
            {"list": "connexity-labels", "autocomplete": "off", "placeholder": "père de"}
        ),
    )
    start_date = forms.DateField(
        label="Date de début",
        widget=DateInput(),
        error_messages={"required": "La date de début est obligatoire."},
    )
    end_date = forms.DateField(
        label="Date de fin",
        widget=DateInput(),
        required=False,
        help_text="Vide tant que la relation dure.",
    )

    def __init__(self, *args, client=None, editing: bool = False, **kwargs):
        kwargs.setdefault("autofocus", False)
        super().__init__(*args, **kwargs)
        self.editing = editing
        name = f"« {client.display_name} »" if client is not None else "ce client"
        self.fields["label"].help_text = f"Ce que {name} est pour l'autre client."
        self.fields["inverse_label"].help_text = f"Ce que l'autre client est pour {name}."
        for field in ("label", "inverse_label"):
            self.fields[field].widget.attrs["required"] = True

    def clean_other_client_id(self):
        value = self.cleaned_data.get("other_client_id")
        if value is None and not self.editing:
            raise forms.ValidationError("Choisissez l'autre client.")
        return value


class ConnexityLabelForm(PageForm):
    """One entry of the list of relation labels (R3)."""

    label = forms.CharField(
        label="Libellé",
        max_length=100,
        required=False,
        widget=forms.TextInput({"placeholder": "fils de, gérant de…", "required": True}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("autofocus", False)
        super().__init__(*args, **kwargs)
