from django import template
from django.utils.html import format_html

from method.alignment import Quadrant
from samspill.core.figures import number, round_half_up
from samspill.stakeholders.models import Stance, stance_css

register = template.Library()


def _nearest(value) -> int | None:
    if value is None or value == "":
        return None
    return int(round_half_up(value))


@register.filter
def stance_class(value) -> str:
    """CSS class for a stance or a group's mean stance: stance-m2 … stance-p2."""
    return stance_css(_nearest(value))


@register.filter
def stance_label(value) -> str:
    nearest = _nearest(value)
    return str(Stance(nearest).label) if nearest is not None else "—"


@register.filter
def signed(value) -> str:
    """+1.5 / −0.25 / 0: a stance with its sign, as people write it (decimal comma in nb)."""
    if value is None:
        return "—"
    return number(value, 2, sign=True, trim=True)


@register.simple_tag
def quadrant_label(name: str) -> str:
    from django.utils.translation import gettext as _

    labels = {
        Quadrant.MANAGE_CLOSELY: _("Manage closely"),
        Quadrant.KEEP_SATISFIED: _("Keep satisfied"),
        Quadrant.KEEP_INFORMED: _("Keep informed"),
        Quadrant.MONITOR: _("Monitor"),
    }
    return labels[Quadrant(name)]


@register.simple_tag
def sparkline(points: str, width: int, height: int, label: str) -> str:
    """An inline SVG line on a dashed zero line; a dash when there is nothing to draw."""
    if not points:
        return format_html('<span class="muted small">{}</span>', "—")
    return format_html(
        '<svg class="sparkline" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-label="{label}"><line x1="0" y1="{mid}" x2="{w}" y2="{mid}" class="sparkline-zero"/>'
        '<polyline points="{points}" class="sparkline-line"/></svg>',
        w=width,
        h=height,
        mid=height / 2,
        label=label,
        points=points,
    )
