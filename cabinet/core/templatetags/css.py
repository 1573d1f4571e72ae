"""Text put into a stylesheet, as in a PDF's running footer.

{% load css %} … content: {{ firm.name|css_string }} counter(page); → «"Lefèvre & Vasseur"»

Inside `<style>` the HTML parser decodes no character reference: HTML escaping would print
«&amp;». The text is escaped for CSS instead."""

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _escaped(char: str) -> str:
    if char in '\\"':
        return "\\" + char
    # What could end the string or the <style> element, and control characters: as a CSS
    # hex escape (its trailing space is part of the escape).
    if char in "<>" or ord(char) < 0x20 or ord(char) == 0x7F:
        return f"\\{ord(char):x} "
    return char


@register.filter
def css_string(value) -> SafeString:
    """A CSS string literal, its double quotes included: backslashes and quotes escaped,
    `<`, `>`, line breaks and control characters as hex escapes; NUL, which CSS cannot
    hold, dropped."""
    text = "".join(_escaped(c) for c in str(value) if c != "\0")
    return mark_safe(f'"{text}"')  # safe: nothing in it can leave the CSS string
