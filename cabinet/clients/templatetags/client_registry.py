"""{% load client_registry %} … {% client_registered "tabs" %}: what the apps above clients
registered for the client record (cabinet/clients/registry.py)."""

from django import template
from django.utils.safestring import SafeString

from cabinet.clients import registry
from cabinet.core.pieces import render_pieces

register = template.Library()


@register.simple_tag(takes_context=True)
def client_registered(context, place: str) -> SafeString:
    user, client = context["request"].user, context["client"]
    return render_pieces(context, registry.pieces(place), user=user, client=client)
