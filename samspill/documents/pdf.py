"""PDF documents with Typst: one compile path for every report.

Data goes in as JSON through Typst's `sys.inputs`, never pasted into markup, so user text
is always set as text. Typst brings its own fonts; system fonts are ignored, so a document
looks the same on every server and nothing is looked up outside the package.
"""

import json
from pathlib import Path
from typing import Any

import typst

TEMPLATES = Path(__file__).resolve().parent / "templates"


def render_pdf(template: str, data: dict[str, Any]) -> bytes:
    return typst.compile(
        str(TEMPLATES / template),
        root=str(TEMPLATES),
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        ignore_system_fonts=True,
    )


def svg_to_png(svg: str, *, width_cm: float = 16, ppi: int = 160) -> bytes:
    """Rasterise one of our SVG charts (for Word, which cannot place SVG reliably)."""
    return typst.compile(
        str(TEMPLATES / "image.typ"),
        root=str(TEMPLATES),
        sys_inputs={"svg": svg, "width": f"{width_cm}cm"},
        ignore_system_fonts=True,
        format="png",
        ppi=ppi,
    )
