"""User text into XML: the one escaping rule for every SVG and XML string built by hand.

Charts are SVG strings that pages embed and Typst parses as XML for PDFs, so a name with a
quote must not end an attribute, and a control character (which XML 1.0 cannot hold at
all, not even as a reference) must not make the whole document unreadable.
"""

import html
import re

# Characters XML 1.0 cannot hold: C0 controls but tab, newline and return; lone
# surrogates; U+FFFE and U+FFFF. python-docx refuses them too.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: object) -> str:
    """The text without the characters XML cannot hold."""
    return NOT_XML.sub("", str(text))


def escape(text: object) -> str:
    """Text for SVG/XML element content or a quoted attribute (either quote character)."""
    return html.escape(xml_safe(text), quote=True)
