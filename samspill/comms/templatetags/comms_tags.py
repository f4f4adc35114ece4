import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines
from django.utils.translation import gettext as _

from samspill.comms.gaps import gap_links

register = template.Library()

# What method.comms_catalog.Placeholder.gap() writes: "[label: missing]".
GAP = re.compile(r"\[[^\[\]\n]{1,80}: [^\[\]\n]{1,80}\]")


@register.filter
def mark_gaps(text: str, project=None) -> str:
    """Escape `text`, keep its line breaks, and highlight the facts still missing.

    Given the project, a gap for a known fact links to the form that fills it."""
    escaped = conditional_escape(normalize_newlines(text or ""))
    links = (
        {conditional_escape(gap): where for gap, where in gap_links(project).items()}
        if project is not None
        else {}
    )

    def highlight(found) -> str:
        marked = f'<mark class="gap">{found.group(0)}</mark>'
        label, url = links.get(found.group(0), (None, None))
        if url is None:
            return marked
        title = conditional_escape(_("Fill in: %(fact)s") % {"fact": label})
        return f'<a class="gap-link" href="{conditional_escape(url)}" title="{title}">{marked}</a>'

    marked = GAP.sub(highlight, escaped)
    return mark_safe(marked.replace("\n", "<br>"))


@register.filter
def gaps_in(text: str, project) -> list[dict]:
    """The named gaps in a text, once each, with where each is filled in.

    Templates join the texts with `add`, which adds them as integers when both read as
    numbers ("-1 " and "2" give 1): such texts hold no gap, so the number's text is right."""
    links = gap_links(project)
    found = []
    for gap in dict.fromkeys(GAP.findall("" if text is None else str(text))):
        label, url = links.get(gap, (gap.strip("[]").split(":")[0], None))
        found.append({"gap": gap, "label": label, "url": url})
    return found
