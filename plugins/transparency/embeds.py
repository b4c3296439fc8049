"""The height an embed's iframe asks for: its page's content at the tallest it gets in frames 280 to 1200 px
wide, estimated from the sizes main.css gives the embed (body.embed) and the texts embed.html shows."""

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Chart, Publication

SVG_SIZE = re.compile(r'<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"')
# Average advance of a character in ems: DejaVu Sans, the widest of the usual system fonts (Linux's), with a
# margin; Segoe UI, San Francisco and Roboto run narrower, so a line estimated to fit does fit.
EMS = {"normal": 0.58, "bold": 0.66}
FRAME_WIDTHS = range(280, 1201, 10)
PADDING = 8  # .embed .embed-figure, each side
SVG_MAX_WIDTH = 320  # .embed .chart svg
SLACK = 6  # rounding of line boxes and of the image's height


@dataclass(frozen=True)
class Block:
    """A paragraph of the embed page: its text, font, line height, margin above and indent, in CSS px."""

    text: str
    size: float
    line_height: float
    margin: float = 0
    indent: float = 0
    weight: str = "normal"

    def height(self, width: float) -> float:
        return self.margin + lines(self.text, width - self.indent, self.size, self.weight) * self.line_height


def lines(text: str, width: float, size: float, weight: str = "normal") -> int:
    """How many lines a text wraps to, greedily between words, at this width and font size."""
    per_line = max(1, int(width / (size * EMS[weight])))
    count, used = 1, 0
    for word in text.split():
        # A word longer than a line breaks (body.embed: overflow-wrap), taking whole lines.
        length = len(word)
        if used and used + 1 + length > per_line:
            count, used = count + 1, 0
        used += length + (1 if used else 0)
        while used > per_line:
            count, used = count + 1, used - per_line
    return count


def blocks(
    chart: Chart, publications: Iterable[Publication], site_name: str, left_out: str = ""
) -> tuple[list[Block], list[Block]]:
    """The texts above and below the image, as embed.html shows them."""
    source = "Source: " + "; ".join(f"{p.title}, {p.publisher}" for p in publications) + "."
    links = f"Data, description and citation on {site_name} · Get the data (CSV)"
    above = [
        Block(chart.title, 18, 18 * 1.3, weight="bold"),
        Block(chart.subtitle, 16, 16 * 1.4, margin=4),
    ]
    notes = [*chart.notes, *chart.caveats, *filter(None, [left_out])]
    below = [Block(note, 14, 14 * 1.4, margin=8 if i == 0 else 0, indent=20) for i, note in enumerate(notes)]
    below += [Block(source, 14, 14 * 1.4, margin=8), Block(links, 14, 14 * 1.4, margin=8)]
    return above, below


def embed_height(
    svg_text: str, chart: Chart, publications: Iterable[Publication], site_name: str, left_out: str = ""
) -> int:
    """The iframe height that holds the embed without scrolling at every frame width from 280 to 1200 px."""
    svg_width, svg_height = (float(n) for n in SVG_SIZE.search(svg_text).groups())
    above, below = blocks(chart, tuple(publications), site_name, left_out)
    tallest = 0.0
    for frame in FRAME_WIDTHS:
        width = frame - 2 * PADDING
        image = svg_height * min(width, SVG_MAX_WIDTH, svg_width) / svg_width
        text = sum(block.height(width) for block in above + below)
        # figcaption's margin below (0.5rem) and the padding above and below the figure.
        tallest = max(tallest, 2 * PADDING + text + 8 + image)
    return math.ceil(tallest) + SLACK
