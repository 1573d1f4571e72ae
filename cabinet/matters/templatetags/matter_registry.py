"""{% load matter_registry %} … {% matter_registered "header_actions" %}: what the apps above
matters registered for the matter page (cabinet/matters/registry.py), each piece's template
rendered as `{% include %}` would, with the page's context and the piece's own variables."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from cabinet.matters import registry

register = template.Library()


@register.simple_tag(takes_context=True)
def matter_registered(context, place: str) -> SafeString:
    user, matter = context["request"].user, context["matter"]
    rendered = []
    for piece in registry.pieces(place):
        included = context.template.engine.get_template(piece.template)
        with context.push(piece.context(user=user, matter=matter)):
            rendered.append(included.render(context))
    return mark_safe("".join(rendered))  # each piece rendered by its own autoescaping template
