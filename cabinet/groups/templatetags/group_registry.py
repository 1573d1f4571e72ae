"""{% load group_registry %} … {% group_registered "views" %}: what the apps above groups
registered for the group page (cabinet/groups/registry.py)."""

from django import template
from django.utils.safestring import SafeString

from cabinet.core.pieces import render_pieces
from cabinet.groups import registry

register = template.Library()


@register.simple_tag(takes_context=True)
def group_registered(context, place: str) -> SafeString:
    user, group = context["request"].user, context["group"]
    return render_pieces(context, registry.pieces(place), user=user, group=group)
