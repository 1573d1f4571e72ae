"""Forms of the portfolio's pages (I1–I3, I5). They parse input; the rules (dates in order,
a terminated contract's date, a receipt within its contract) stay in the services, whose
sentences show on the field they name. Amounts are typed the French way («1 200,50»)."""

from decimal import Decimal

from django import forms

from cabinet.core.forms import DateInput, PageForm
from cabinet.insurance.models import ClaimStatus, ContractStatus, ReceiptStatus


class MoneyField(forms.DecimalField):
    """Euros typed the French way: «1 250,40» (any space between thousands) or «1250.40»."""

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split()).replace("\u202f", "")
        return super().to_python(value)


def _money(label: str, *, required: bool = False, **kwargs) -> MoneyField:
    return MoneyField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kwargs,
    )


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput())


def _text(label: str, max_length: int, *, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required)


# Filters of the client's tabs (GET) ---------------------------------------------------


class _Filter(forms.Form):
    """A list's filters, always bound to the query string; with `period`, a period
    `from` – `to` (Python cannot declare a field named «from»)."""

    period = False

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        if self.period:
            self.fields["from"] = forms.DateField(label="Du", required=False, widget=DateInput())
            self.fields["to"] = forms.DateField(label="au", required=False, widget=DateInput())

    def value(self, name: str):
        """A filter's valid value (an invalid one filters nothing and shows its error)."""
        self.is_valid()
        return self.cleaned_data.get(name)


class ContractFilterForm(_Filter):
    STATUSES = (
        ("all", "Tous"),
        (ContractStatus.QUOTE, "Devis – propositions"),
        (ContractStatus.ACTIVE, "Actifs"),
        (ContractStatus.TERMINATED, "Résiliés"),
    )
    status = forms.ChoiceField(label="Statut", choices=STATUSES, required=False)

    def filters(self) -> dict:
        return {"status": self.value("status") or "all"}


class ReceiptFilterForm(_Filter):
    period = True
    DATE_FIELDS = (("due", "Date d'échéance"), ("accounting", "Date comptable"))
    STATUSES = (
        ("", "Toutes"),
        (ReceiptStatus.ISSUED, "Émises"),
        (ReceiptStatus.PAID, "Payées"),
        (ReceiptStatus.CANCELLED, "Annulées"),
    )
    date_field = forms.ChoiceField(label="Période sur", choices=DATE_FIELDS, required=False)
    status = forms.ChoiceField(label="Statut", choices=STATUSES, required=False)

    def filters(self) -> dict:
        return {
            "date_field": self.value("date_field") or "due",
            "date_from": self.value("from"),
            "date_to": self.value("to"),
            "status": self.value("status") or "",
        }


class ClaimFilterForm(_Filter):
    """«Seulement les sinistres en cours», ticked on a first visit. An unticked checkbox
    sends nothing: the hidden `sent` marker tells «unticked» from «not sent yet»."""

    period = True
    open_only = forms.BooleanField(
        label="Seulement les sinistres en cours", required=False, initial=True
    )
    sent = forms.CharField(widget=forms.HiddenInput, required=False, initial="1")

    def __init__(self, data, **kwargs):
        if not data.get("sent"):
            data = data.copy()
            data["open_only"] = "on"
            data["sent"] = "1"
        super().__init__(data, **kwargs)

    def filters(self) -> dict:
        return {
            "date_from": self.value("from"),
            "date_to": self.value("to"),
            "open_only": bool(self.value("open_only")),
        }


# Records ------------------------------------------------------------------------------


class ContractForm(PageForm):
    """I1: the insurer is typed (a datalist proposes the firm's list); an unknown name is
    added to the list by the service."""

    code_fields = {"contract_number_taken": "number", "concurrent_change": "number"}

    insurer = _text("Assureur", 200)
    number = _text("N° de contrat", 50)
    product = _text("Produit / branche", 200, required=False)
    status = forms.ChoiceField(label="Statut", choices=ContractStatus.choices)
    start_date = _date("Date d'effet")
    end_date = _date("Date de fin", required=False)
    terminated_on = _date("Date de résiliation", required=False)
    termination_reason = _text("Motif de résiliation", 300, required=False)
    annual_premium = _money("Prime annuelle TTC (€)", min_value=Decimal("0"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["insurer"].widget.attrs.update(list="insurer-list", autocomplete="off")


class ReceiptForm(PageForm):
    """I2: a premium receipt of a contract."""

    code_fields = {"receipt_number_taken": "number", "concurrent_change": "number"}

    number = _text("N° de quittance", 50)
    period_start = _date("Début de période")
    period_end = _date("Fin de période")
    due_date = _date("Date d'échéance")
    accounting_date = _date("Date comptable")
    amount = _money("Montant TTC (€)", required=True)
    tax = _money("Dont taxes (€)")
    commission = _money("Commission (€)")
    status = forms.ChoiceField(label="Statut", choices=ReceiptStatus.choices)


class ClaimForm(PageForm):
    """I3: a claim on a contract."""

    code_fields = {"claim_number_taken": "number", "concurrent_change": "number"}

    number = _text("N° de sinistre", 50)
    loss_date = _date("Date du sinistre")
    reported_date = _date("Date de déclaration")
    status = forms.ChoiceField(label="Statut", choices=ClaimStatus.choices)
    closed_date = _date("Date de clôture", required=False)
    description = forms.CharField(
        label="Description", required=False, max_length=5000, widget=forms.Textarea({"rows": 4})
    )
    reserve_amount = _money("Réserve (€)", min_value=Decimal("0"))
    paid_amount = _money("Payé (€)", min_value=Decimal("0"))

    def clean_reserve_amount(self):
        return self.cleaned_data["reserve_amount"] or Decimal("0")

    def clean_paid_amount(self):
        return self.cleaned_data["paid_amount"] or Decimal("0")


class InsurerForm(PageForm):
    code_fields = {"insurer_exists": "name"}

    name = _text("Nom", 200)
    code = _text("Code", 30, required=False)
