"""Forms of the group pages (G1, G8). Rules stay in the services: these parse input."""

import datetime

from django import forms

from cabinet.core.forms import DateInput, PageForm


class GroupForm(PageForm):
    """A group's details (G1). The name rule is the service's: its sentence shows here."""

    name = forms.CharField(
        label="Nom",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"required": True}),
    )
    address = forms.CharField(label="Adresse", max_length=300, required=False)
    postal_code = forms.CharField(label="Code postal", max_length=20, required=False)
    city = forms.CharField(label="Ville", max_length=100, required=False)
    phone = forms.CharField(
        label="Téléphone", max_length=40, required=False, widget=forms.TextInput({"type": "tel"})
    )
    email = forms.EmailField(label="Email", max_length=254, required=False)


class GroupMergeForm(PageForm):
    """G8: which groups go into which. The checkboxes are drawn in the groups' table."""

    source_group_ids = forms.TypedMultipleChoiceField(
        label="Groupes à fusionner",
        coerce=int,
        error_messages={
            "required": "Choisissez au moins un groupe à fusionner.",
            "invalid_choice": "Un des groupes choisis n'existe plus.",
        },
    )
    target_id = forms.TypedChoiceField(
        label="Fusionner dans",
        coerce=int,
        error_messages={
            "required": "Choisissez le groupe qui accueillera les autres.",
            "invalid_choice": "Le groupe choisi n'existe plus.",
        },
    )

    def __init__(self, *args, groups, **kwargs):
        kwargs.setdefault("autofocus", False)
        super().__init__(*args, **kwargs)
        choices = [(group.pk, group.name) for group in groups]
        self.fields["source_group_ids"].choices = choices
        self.fields["target_id"].choices = [("", "— Choisir le groupe cible —"), *choices]

    def clean(self):
        data = super().clean()
        target, sources = data.get("target_id"), data.get("source_group_ids") or []
        if target is not None and target in sources:
            # Said again by the service on confirmation; here so the preview never shows it.
            self.add_error("target_id", "Un groupe ne peut pas être fusionné dans lui-même.")
        return data


class GroupContactsFilter(forms.Form):
    """G10 «Contacts»: «Valide au» a date; absent from the query, today; cleared (or
    `all`), every contact."""

    valid_at = forms.CharField(
        label="Valide au",
        required=False,
        max_length=10,
        widget=DateInput(),
    )

    def __init__(self, query, *, today: datetime.date):
        data = query.copy()
        if "valid_at" not in data:
            data["valid_at"] = today.isoformat()
        super().__init__(data)
        self.today = today

    def clean_valid_at(self) -> datetime.date | None:
        raw = self.cleaned_data["valid_at"].strip()
        if raw in ("", "all"):
            return None
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError as exc:
            raise forms.ValidationError("Saisissez une date valide.") from exc

    def date(self) -> datetime.date | None:
        """The date to filter on; an unreadable one counts as today."""
        if self.is_valid():
            return self.cleaned_data["valid_at"]
        return self.today
