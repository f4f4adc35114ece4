"""Word documents with python-docx, styled to match the PDFs."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from samspill.documents.markup import xml_safe  # python-docx refuses what XML cannot hold

ACCENT = RGBColor(0x1F, 0x6F, 0x6B)
MUTED = RGBColor(0x5B, 0x67, 0x6C)


class DocxDocument:
    """A small vocabulary (heading, paragraph, bullet, table, image) over python-docx."""

    def __init__(self, *, title: str, kind: str, subtitle: str):
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21)
        section.left_margin = section.right_margin = Cm(2.3)
        normal = self.doc.styles["Normal"]
        normal.font.name = "Georgia"
        normal.font.size = Pt(10.5)
        self._run(self.doc.add_paragraph(), kind.upper(), size=9, colour=MUTED)
        self._run(self.doc.add_paragraph(), title, size=20, bold=True)
        self._run(self.doc.add_paragraph(), subtitle, size=11, colour=MUTED)

    @staticmethod
    def _run(paragraph, text: str, *, size=None, bold=False, colour=None):
        run = paragraph.add_run(xml_safe(text))
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if colour is not None:
            run.font.color.rgb = colour
        return run

    def heading(self, text: str, level: int = 1) -> None:
        heading = self.doc.add_heading(level=level)
        self._run(heading, text, colour=ACCENT if level == 1 else None)

    def paragraph(self, text: str) -> None:
        self.doc.add_paragraph(xml_safe(text))

    def bullet(self, text: str) -> None:
        self.doc.add_paragraph(xml_safe(text), style="List Bullet")

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Light List Accent 1"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = xml_safe(text)
        for row in rows:
            cells = table.add_row().cells
            for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
                cell.text = xml_safe(text)
                if index:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.doc.add_paragraph()

    def image(self, png: bytes, *, caption: str) -> None:
        self.doc.add_picture(io.BytesIO(png), width=Cm(16))
        self._run(self.doc.add_paragraph(), caption, size=9, colour=MUTED)

    def save(self, target) -> None:
        self.doc.save(target)
