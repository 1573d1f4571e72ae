"""The filters of the group views (G10) as their pages send them (GET). They parse only:
an unreadable field is reported and left out of the filter; the rules are the selectors'.
A field absent from the query takes its default, so the first visit, an export link and
the form's own submission filter alike."""

from django import forms

from cabinet.core.forms import DateInput

DATE_FIELDS = (("due", "Date d'échéance"), ("accounting", "Date comptable"))
CONTRACT_STATUSES = (
    ("all", "Tous"),
    ("quote", "Devis / propositions"),
    ("active", "Actifs"),
)


class GroupViewFilter(forms.Form):
    defaults: dict[str, str] = {}

    def __init__(self, query):
        data = query.copy()
        for name, value in self.defaults.items():
            if not data.get(name):
                data[name] = value
        super().__init__(data)

    def filters(self) -> dict:
        """The selector's keyword arguments: the readable fields only."""
        self.is_valid()
        return {
            self.selector_names.get(name, name): value
            for name, value in self.cleaned_data.items()
            if name in self.selector_names or name in self.selector_args
        }

    selector_names: dict[str, str] = {}
    selector_args: tuple[str, ...] = ()


class PeriodFilter(GroupViewFilter):
    """`from` and `to` (Python keywords, hence added here)."""

    selector_names = {"from": "date_from", "to": "date_to"}

    def __init__(self, query):
        super().__init__(query)
        self.fields["from"] = forms.DateField(label="Du", required=False, widget=DateInput())
        self.fields["to"] = forms.DateField(label="au", required=False, widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and end < start:
            self.add_error("to", "La fin de la période précède son début.")
        return cleaned


class ReceiptFilter(PeriodFilter):
    """«Quittances»: a period on «Date d'échéance» or «Date comptable»."""

    date_field = forms.ChoiceField(
        label="Période sur", choices=DATE_FIELDS, required=False, widget=forms.RadioSelect
    )
    defaults = {"date_field": "due"}
    selector_args = ("date_field",)


class ClaimFilter(PeriodFilter):
    """«Sinistres»: a period on the date of loss; «Seulement les sinistres en cours» ticked
    by default. An unticked box sends nothing: the hidden `filtered` field tells a
    submitted form (unticked) from a first visit (ticked)."""

    open_only = forms.BooleanField(label="Seulement les sinistres en cours", required=False)
    filtered = forms.CharField(required=False, widget=forms.HiddenInput)
    selector_args = ("open_only",)

    def __init__(self, query):
        if "filtered" not in query:
            query = query.copy()
            query["open_only"] = "on"
        super().__init__(query)
        self.data["filtered"] = "1"


class ContractFilter(GroupViewFilter):
    """«Contrats»: «Tous», «Devis / propositions» or «Actifs»."""

    status = forms.ChoiceField(
        label="Contrats", choices=CONTRACT_STATUSES, required=False, widget=forms.RadioSelect
    )
    defaults = {"status": "all"}
    selector_args = ("status",)
