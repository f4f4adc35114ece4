"""QR codes for links meant for a poster or a meeting-room screen, as inline SVG.

segno is pure Python and draws the code on this server: no image service, no outside request.
"""

import segno
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str, label: str, *, scale: int = 4) -> SafeString:
    """An accessible inline SVG of `url`, black on white so phones read it on any page."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=scale, border=4, light="#fff", dark="#000", svgclass="qr")
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))
