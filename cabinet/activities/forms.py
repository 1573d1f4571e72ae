"""Forms of the activity pages (A1, A8, A9). Amounts are Decimal, typed the French way
(«1,5», «150,00») or with a dot; the rules (M5–M7, hours × rate) stay in the services."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from cabinet.activities.models import ActivityKind
from cabinet.core.forms import DateInput, PageForm
from cabinet.core.schemas import MAX_ID
from cabinet.matters.selectors import active_client_parties_of

COMMON = ""
COMMON_LABEL = "Commune"


def _decimal_field(label: str, *, max_digits: int, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=max_digits,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kwargs,
    )


def matter_label(matter) -> str:
    """«2026-0003 · Succession Moreau (Dupont, Martin)»: number, title, active clients."""
    clients = [p.client.display_name for p in active_client_parties_of(matter)]
    suffix = f" ({', '.join(clients)})" if clients else ""
    return f"{matter.number} · {matter.title}{suffix}"


class ActivityForm(PageForm):
    """A time entry, an expense or a flat fee (A1). With `matters`, the «Dossier» select of
    the quick entry (A9); `clients` are the client parties an activity may be linked to
    (the matter's active ones, M7), after «Commune»."""

    code_fields = {
        "matter_refuses_activities": "matter",
        "matter_closed": "matter",
        "not_an_intervenant": "matter",
        "client_inactive_on_matter": "client",
        "not_a_client_party": "client",
    }
    field_aliases = {"client_id": "client"}

    matter = forms.IntegerField(
        label="Dossier",
        min_value=1,
        max_value=MAX_ID,
        widget=forms.Select,
        error_messages={"required": "Choisissez le dossier."},
    )
    kind = forms.ChoiceField(
        label="Type",
        choices=ActivityKind.choices,
        initial=ActivityKind.TIME,
        widget=forms.RadioSelect,
    )
    date = forms.DateField(
        label="Date",
        widget=DateInput(),
        error_messages={"required": "La date est obligatoire."},
    )
    description = forms.CharField(
        label="Description",
        max_length=500,
        error_messages={"required": "La description est obligatoire."},
    )
    hours = _decimal_field(
        "Durée (heures)",
        max_digits=7,
        required=False,
        min_value=Decimal("0.01"),
        help_text="En heures décimales : 1,5 pour 1 h 30.",
    )
    hourly_rate = _decimal_field(
        "Taux horaire HT (€)", max_digits=10, required=False, min_value=Decimal("0")
    )
    amount = _decimal_field("Montant HT (€)", max_digits=12, required=False, min_value=Decimal("0"))
    vat_rate = _decimal_field(
        "TVA (%)",
        max_digits=5,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        initial=Decimal("20"),
        error_messages={"required": "Le taux de TVA est obligatoire."},
    )
    client = forms.IntegerField(
        label="Client",
        required=False,
        min_value=1,
        max_value=MAX_ID,
        widget=forms.Select,
        help_text="Un client actif du dossier, ou « Commune » : partagée entre ses clients actifs.",
    )

    def __init__(self, *args, matters=None, clients=(), fixed_kind: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        if matters is None:
            del self.fields["matter"]
            if kwargs.get("autofocus", True):
                self.fields["description"].widget.attrs["autofocus"] = True
        else:
            self.fields["matter"].widget.choices = [(m.pk, matter_label(m)) for m in matters]
        self.fields["client"].widget.choices = [(COMMON, COMMON_LABEL)] + [
            (str(client.pk), f"{client.number} {client.display_name}") for client in clients
        ]
        if fixed_kind is not None:
            self.fields["kind"].disabled = True
            self.fields["kind"].initial = fixed_kind

    def activity_data(self) -> dict:
        """The service's keyword arguments: hours and rate for time, an amount otherwise."""
        data = self.cleaned_data
        values = {
            "date": data["date"],
            "description": data["description"],
            "vat_rate": data["vat_rate"],
            "client_id": data["client"],
        }
        if data["kind"] == ActivityKind.TIME:
            values.update(hours=data["hours"], hourly_rate=data["hourly_rate"])
        else:
            values.update(amount=data["amount"])
        return values


class TransferForm(PageForm):
    """A8: the target matter of «Transférer vers un autre dossier»."""

    target_matter_id = forms.IntegerField(
        label="Dossier de destination",
        min_value=1,
        max_value=MAX_ID,
        widget=forms.Select,
        error_messages={"required": "Choisissez le dossier de destination."},
    )

    def __init__(self, *args, targets=(), **kwargs):
        """The select offers the matters of the quick entry (A9); whether the chosen one
        accepts the activities is the service's answer (A8, M5)."""
        super().__init__(*args, **kwargs)
        self.fields["target_matter_id"].widget.choices = [("", "Choisir le dossier…")] + [
            (m.pk, matter_label(m)) for m in targets
        ]
