"""Billing actions other apps' pages show, without importing billing (templates only):

{% load billing_actions %} … {% proformas_button matter %} renders «Proforma dossier»
(mono-client) or «Répartition client» (multi-client), posting to the billing page's
action, or a real disabled control whose title says why (selectors.proformas_refusal)."""

from django import template

from cabinet.billing import selectors
from cabinet.matters import selectors as matters

register = template.Library()


@register.inclusion_tag("billing/partials/_proformas_button.html", takes_context=True)
def proformas_button(context, matter, button_class: str = "btn") -> dict:
    multi = matters.is_multi_client(matter)
    return {
        "matter": matter,
        "multi_client": multi,
        "label": "Répartition client" if multi else "Proforma dossier",
        "button_id": "btn-repartition" if multi else "btn-proforma",
        "button_class": button_class,
        "refusal": selectors.proformas_refusal(user=context["request"].user, matter=matter),
    }
