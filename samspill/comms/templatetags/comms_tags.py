import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines

register = template.Library()

# What method.comms_catalog.Placeholder.gap() writes: "[label: missing]".
GAP = re.compile(r"\[[^\[\]\n]{1,80}: [^\[\]\n]{1,80}\]")


@register.filter
def mark_gaps(text: str) -> str:
    """Escape `text`, keep its line breaks, and highlight the facts still missing."""
    escaped = conditional_escape(normalize_newlines(text or ""))
    marked = GAP.sub(lambda found: f'<mark class="gap">{found.group(0)}</mark>', escaped)
    return mark_safe(marked.replace("\n", "<br>"))
