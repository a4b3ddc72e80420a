"""A small PDF writer for head office's reports: text tables and bar charts, nothing else.

The server has no Qt and no PDF library; a report is titled tables, notes and perhaps a bar
chart, which PDF 1.4's standard Helvetica (no font file to embed) and a few path operators
cover. Text is Windows-1252 (Indonesian needs nothing beyond it); tables break across pages
and repeat their heading row. Widths come from the Helvetica metrics below, so numbers align
right exactly.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

# Advance widths (1/1000 em) of Helvetica and Helvetica-Bold for ' '..'~' (Adobe AFM).
_REGULAR = (
    278,
    278,
    355,
    556,
    556,
    889,
    667,
    191,
    333,
    333,
    389,
    584,
    278,
    333,
    278,
    278,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    278,
    278,
    584,
    584,
    584,
    556,
    1015,
    667,
    667,
    722,
    722,
    667,
    611,
    778,
    722,
    278,
    500,
    667,
    556,
    833,
    722,
    778,
    667,
    778,
    722,
    667,
    611,
    722,
    667,
    944,
    667,
    667,
    611,
    278,
    278,
    278,
    469,
    556,
    333,
    556,
    556,
    500,
    556,
    556,
    278,
    556,
    556,
    222,
    222,
    500,
    222,
    833,
    556,
    556,
    556,
    556,
    333,
    500,
    278,
    556,
    500,
    722,
    500,
    500,
    500,
    334,
    260,
    334,
    584,
)
_BOLD = (
    278,
    333,
    474,
    556,
    556,
    889,
    722,
    238,
    333,
    333,
    389,
    584,
    278,
    333,
    278,
    278,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    333,
    333,
    584,
    584,
    584,
    611,
    975,
    722,
    722,
    722,
    722,
    667,
    611,
    778,
    722,
    278,
    556,
    722,
    611,
    833,
    722,
    778,
    667,
    778,
    722,
    667,
    611,
    722,
    667,
    944,
    667,
    667,
    611,
    333,
    278,
    333,
    584,
    556,
    333,
    556,
    611,
    556,
    611,
    556,
    333,
    611,
    611,
    278,
    278,
    556,
    278,
    889,
    611,
    611,
    611,
    611,
    389,
    556,
    333,
    611,
    556,
    778,
    556,
    556,
    500,
    389,
    280,
    389,
    584,
)

A4 = (595.28, 841.89)
MARGIN = 36.0


def text_width(text: str, size: float, bold: bool = False) -> float:
    table = _BOLD if bold else _REGULAR
    units = sum(table[ord(c) - 32] if 32 <= ord(c) <= 126 else 556 for c in text)
    return units * size / 1000


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _fit(text: str, width: float, size: float, bold: bool) -> str:
    """``text`` cut (with an ellipsis) to fit ``width``."""
    if text_width(text, size, bold) <= width:
        return text
    while text and text_width(text + "...", size, bold) > width:
        text = text[:-1]
    return text + "..."


@dataclass
class Page:
    ops: list[bytes] = field(default_factory=list)


class PdfDocument:
    """Pages drawn top-down with a cursor; :meth:`bytes` gives the file."""

    def __init__(self, *, landscape: bool = False, title: str = "") -> None:
        w, h = A4
        self.width, self.height = (h, w) if landscape else (w, h)
        self.title = title
        self.pages: list[Page] = []
        self.y = 0.0
        self.new_page()

    # Drawing ----------------------------------------------------------------------------------

    def new_page(self) -> None:
        self.pages.append(Page())
        self.y = self.height - MARGIN

    @property
    def content_width(self) -> float:
        return self.width - 2 * MARGIN

    def _op(self, data: str | bytes) -> None:
        self.pages[-1].ops.append(data.encode("ascii") if isinstance(data, str) else data)

    def text(
        self, x: float, y: float, text: str, size: float = 8, bold: bool = False, grey: float = 0.0
    ) -> None:
        font = "/F2" if bold else "/F1"
        self._op(
            f"{grey:.2f} g BT {font} {size:.1f} Tf {x:.2f} {y:.2f} Td (".encode()
            + _escape(text)
            + b") Tj ET"
        )

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: tuple[float, float, float] | None = None,
        stroke: float | None = None,
    ) -> None:
        parts = []
        if fill is not None:
            parts.append(f"{fill[0]:.3f} {fill[1]:.3f} {fill[2]:.3f} rg")
        if stroke is not None:
            parts.append(f"{stroke:.2f} G 0.5 w")
        parts.append(f"{x:.2f} {y:.2f} {w:.2f} {h:.2f} re")
        parts.append("B" if fill is not None and stroke is not None else "f" if fill else "S")
        self._op(" ".join(parts))

    def need(self, height: float) -> None:
        if self.y - height < MARGIN:
            self.new_page()

    def line_of_text(
        self,
        text: str,
        size: float = 8,
        *,
        bold: bool = False,
        centre: bool = False,
        grey: float = 0.0,
        gap: float = 2.0,
    ) -> None:
        self.need(size + gap)
        x = MARGIN
        if centre:
            x = (self.width - text_width(text, size, bold)) / 2
        self.y -= size
        self.text(x, self.y, text, size, bold, grey)
        self.y -= gap

    def table(
        self,
        headings: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        right: Sequence[bool],
        *,
        total: Sequence[str] | None = None,
        size: float = 7.5,
    ) -> None:
        """A ruled table across the content width; rows continue on new pages, each page
        repeating the heading row."""
        scale = self.content_width / sum(widths)
        cols = [w * scale for w in widths]
        row_h = size + 5

        def draw(
            cells: Sequence[str], *, bold: bool, fill: tuple[float, float, float] | None
        ) -> None:
            x = MARGIN
            self.y -= row_h
            for text, w, align_right in zip(cells, cols, right, strict=False):
                self.rect(x, self.y, w, row_h, fill=fill, stroke=0.7)
                shown = _fit(str(text), w - 4, size, bold)
                tx = x + w - 2 - text_width(shown, size, bold) if align_right else x + 2
                self.text(tx, self.y + 3.2, shown, size, bold)
                x += w

        heading_fill = (0.937, 0.902, 0.839)
        self.need(2 * row_h)
        draw(headings, bold=True, fill=heading_fill)
        for cells in rows:
            if self.y - row_h < MARGIN:
                self.new_page()
                draw(headings, bold=True, fill=heading_fill)
            draw(cells, bold=False, fill=None)
        if total is not None:
            self.need(row_h)
            draw(total, bold=True, fill=(0.969, 0.949, 0.91))
        self.y -= 6

    def bar_chart(
        self, bars: Sequence[tuple[str, int]], labels: Sequence[str], height: float = 170
    ) -> None:
        """Vertical bars with a value label above and a name below each."""
        colours = (
            (0.30, 0.55, 0.29),
            (0.85, 0.65, 0.13),
            (0.85, 0.40, 0.12),
            (0.70, 0.15, 0.12),
            (0.36, 0.42, 0.55),
        )
        self.need(height + 30)
        top = self.y - 14
        base = self.y - height
        plot_h = top - base - 12
        highest = max((v for _, v in bars), default=0) or 1
        slot = self.content_width * 0.8 / max(1, len(bars))
        x0 = MARGIN + self.content_width * 0.1
        self.rect(x0, base, slot * len(bars), 0.6, fill=(0.5, 0.5, 0.5))
        for i, ((name, value), label) in enumerate(zip(bars, labels, strict=True)):
            h = plot_h * value / highest
            x = x0 + i * slot + slot * 0.2
            self.rect(x, base, slot * 0.6, h, fill=colours[i % len(colours)])
            self.text(x0 + i * slot + (slot - text_width(label, 7)) / 2, base + h + 3, label, 7)
            self.text(x0 + i * slot + (slot - text_width(name, 8)) / 2, base - 11, name, 8)
        self.y = base - 20

    # The file ---------------------------------------------------------------------------------

    def bytes(self) -> bytes:
        objects: list[bytes] = []

        def add(body: bytes) -> int:
            objects.append(body)
            return len(objects)

        catalog = add(b"")  # filled in once the page tree's number is known
        pages_id = add(b"")
        regular = add(
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
        )
        bold = add(
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold "
            b"/Encoding /WinAnsiEncoding >>"
        )
        kids = []
        for number, page in enumerate(self.pages, start=1):
            ops = list(page.ops)
            footer = f"{number}/{len(self.pages)}"
            ops.append(
                f"0.40 g BT /F1 7 Tf {self.width - MARGIN - text_width(footer, 7):.2f} "
                f"{MARGIN / 2:.2f} Td ({footer}) Tj ET".encode()
            )
            stream = zlib.compress(b"\n".join(ops))
            content = add(
                b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
                + stream
                + b"\nendstream"
            )
            kids.append(
                add(
                    f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {self.width:.2f} "
                    f"{self.height:.2f}] /Resources << /Font << /F1 {regular} 0 R /F2 {bold} 0 R"
                    f" >> >> /Contents {content} 0 R >>".encode()
                )
            )
        objects[pages_id - 1] = (
            f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] "
            f"/Count {len(kids)} >>".encode()
        )
        objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode()
        info = add(b"<< /Producer (Lumbung) /Title (" + _escape(self.title) + b") >>")
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
        out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
            len(objects) + 1,
            catalog,
            info,
            xref,
        )
        return bytes(out)
