"""{% load matter_registry %} … {% matter_registered "header_actions" %}: what the apps above
matters registered for the matter page (cabinet/matters/registry.py), each piece's template
rendered as `{% include %}` would, with the page's context and the piece's own variables."""

from django import template
from django.utils.safestring import SafeString

from cabinet.core.pieces import render_pieces
from cabinet.matters import registry

register = template.Library()


@register.simple_tag(takes_context=True)
def matter_registered(context, place: str) -> SafeString:
    user, matter = context["request"].user, context["matter"]
    return render_pieces(context, registry.pieces(place), user=user, matter=matter)
