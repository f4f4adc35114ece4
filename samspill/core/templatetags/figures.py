"""Numbers in templates, rounded half up in the active language: {% load figures %}.

    {{ fte|number:2 }}          0.27 / 0,27
    {{ change|signed_number:1 }} +1.0 / −0,5
    {{ rate|percent }}          89 %  (from the fraction 0.889)
    {{ points|number }} %       for a value that is already in per cent
    {% blocktranslate count counter=m|plural_count:1 with m=m|number:1 %}…{% endblocktranslate %}
                                the count that picks "minute" or "minutes" for m as shown

These replace `floatformat` and `number_format`, which cut instead of rounding
(samspill/core/figures.py). A value that is missing or not a number reads as "—".
"""

from django import template

from samspill.core import figures

register = template.Library()


def _shown(value, show) -> str:
    if value is None or value == "":
        return figures.style().missing
    try:
        return show(value)
    except (TypeError, ValueError):
        return figures.style().missing


@register.filter
def number(value, places=0) -> str:
    return _shown(value, lambda v: figures.number(v, int(places)))


@register.filter
def signed_number(value, places=0) -> str:
    return _shown(value, lambda v: figures.number(v, int(places), sign=True))


@register.filter
def percent(fraction, places=0) -> str:
    return _shown(fraction, lambda v: figures.percent(v, int(places)))


@register.filter
def plural_count(value, places=0) -> int:
    if value is None or value == "":
        return 2
    return figures.plural_count(value, int(places))
