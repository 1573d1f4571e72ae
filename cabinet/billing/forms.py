"""Forms of the billing pages. They parse input; the rules (a share per active client,
summing to 100 %) stay in the services, whose sentences show here."""

from decimal import Decimal

from django import forms

from cabinet.clients.models import Client
from cabinet.core.forms import DateInput, PageForm

SEARCH_MAX = 200


class SplitForm(PageForm):
    """A3 «Répartition clients»: one share per ACTIVE client party, in percent."""

    def __init__(
        self,
        *args,
        split: list[tuple[Client, Decimal]],
        disabled: bool = False,
        **kwargs,
    ):
        super().__init__(*args, autofocus=False, **kwargs)
        self.clients = [client for client, _ in split]
        for client, share in split:
            self.fields[self.field_name(client)] = forms.DecimalField(
                label=client.display_name,
                min_value=Decimal("0"),
                max_value=Decimal("100"),
                max_digits=5,
                decimal_places=2,
                initial=share,
                disabled=disabled,
                error_messages={"required": "Indiquez la part de ce client (0 à 100)."},
                widget=forms.NumberInput(
                    attrs={
                        "step": "0.01",
                        "min": "0",
                        "max": "100",
                        "inputmode": "decimal",
                        "class": "share-input",
                        "data-split-share": "",
                    }
                ),
            )

    @staticmethod
    def field_name(client: Client) -> str:
        return f"share_{client.pk}"

    def rows(self) -> list[tuple[Client, forms.BoundField]]:
        return [(client, self[self.field_name(client)]) for client in self.clients]

    def shares(self) -> list[tuple[int, Decimal]]:
        return [(c.pk, self.cleaned_data[self.field_name(c)]) for c in self.clients]

    def total(self) -> Decimal | None:
        """The total of the shares as typed (or as stored, before any input); None when one
        of them cannot be read."""
        total = Decimal("0")
        for client in self.clients:
            name = self.field_name(client)
            raw = self[name].value()
            try:
                total += Decimal(str(raw).replace(",", ".").strip())
            except ArithmeticError:
                return None
        return total


class InvoiceFilterForm(PageForm):
    """«Factures»: by state, period of issue and client (name, number or alias)."""

    # API.md's names for an invoice's state; until payments exist (A13) an invoice no credit
    # note cancels is to pay, and «partly paid» and «paid» match none. The former names
    # (`issued`, `credited`) stay understood. Each maps to the selector's `state`.
    STATES = (
        ("", "Toutes"),
        ("to_pay", "À payer"),
        ("partly_paid", "Partiellement payées"),
        ("paid", "Payées"),
        ("cancelled", "Annulées par avoir"),
    )
    ALIASES = {"issued": "to_pay", "credited": "cancelled"}
    SELECTOR_STATES = {"to_pay": "issued", "cancelled": "credited"}
    MATCH_NONE = ("partly_paid", "paid")

    q = forms.CharField(
        label="Client",
        max_length=SEARCH_MAX,
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Nom, numéro, liaison…", "autocomplete": "off"}
        ),
    )
    state = forms.ChoiceField(
        label="État",
        choices=STATES,
        required=False,
        error_messages={
            "invalid_choice": "État inconnu « %(value)s » : choisissez à payer, partiellement "
            "payées, payées ou annulées par avoir."
        },
    )
    date_from = forms.DateField(label="Du", required=False, widget=DateInput())
    date_to = forms.DateField(label="Au", required=False, widget=DateInput())

    def __init__(self, *args, with_client: bool = True, **kwargs):
        super().__init__(*args, autofocus=False, **kwargs)
        if not with_client:
            del self.fields["q"]
        if self.data.get("state") in self.ALIASES:
            self.data = self.data.copy()
            self.data["state"] = self.ALIASES[self.data["state"]]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "La fin de la période précède son début.")
        return data

    def filters(self) -> dict:
        """The understood filters; a field that cannot be read is left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        state = data.get("state") or ""
        return {
            "q": (data.get("q") or "").strip(),
            "state": self.SELECTOR_STATES.get(state, ""),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }

    def matches_none(self) -> bool:
        """A state no invoice can be in yet («payées» before payments exist)."""
        return getattr(self, "cleaned_data", {}).get("state") in self.MATCH_NONE
