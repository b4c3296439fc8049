"""A chart as a journalist takes it away: with its title, subtitle, notes, caveats, source and credit, on
white, as a Vega-Lite spec that renders as is, and as an SVG named by its <title> and <desc>."""

import re
import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

from .chartstyle import ChartStyle
from .model import Publication

# How wide a character of the chart font runs on average, in ems: a little above the widest that vl-convert
# measures for this site's titles, notes and sources in DejaVu Sans (0.53, bold 0.60), so that a wrapped line
# never runs past the chart. Vega cannot wrap text itself; a word too long for a line stays whole, and the
# image grows to hold it rather than cut it.
EMS = {"normal": 0.56, "bold": 0.63}
SECONDARY_COLOUR = "#505a5f"  # the site's secondary text, 7:1 on white
# Properties Vega-Lite allows only at the top of a spec: they stay there when the chart becomes one view of
# the artwork. So does the chart's data, which the chart inherits (the footer has its own), so that the rows
# are where readers of a spec look first. `autosize` goes: a view inside a concatenation has its own width.
TOP_LEVEL = ("$schema", "config", "background", "padding", "datasets", "usermeta", "data")
DROPPED = ("autosize",)
SVG_ROOT = re.compile(r"<svg\b([^>]*)>")


@dataclass(frozen=True)
class Caption:
    """Everything a download says besides the chart, as the chart's figure on a page says it."""

    chart_id: str
    title: str
    subtitle: str
    notes: tuple[str, ...]
    caveats: tuple[str, ...]
    publications: tuple[Publication, ...]
    period: str
    description: str  # the figures in words, for the SVG's <desc>
    site: str
    address: str  # the chart's own page
    address_note: str = ""  # said after the address when it is a preview's placeholder

    @property
    def source(self) -> str:
        sources = "; ".join(f"{p.title}, {p.publisher}" for p in self.publications)
        return f"Source: {sources}. Period: {self.period}."

    @property
    def credit(self) -> str:
        note = f" ({self.address_note})" if self.address_note else ""
        return f"Chart: {self.site} · {self.address}{note}" if self.site else f"Chart: {self.address}{note}"

    def usermeta(self) -> dict:
        """The caption as data, for the spec's `usermeta`."""
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "notes": list(self.notes),
            "caveats": list(self.caveats),
            "source": [{"title": p.title, "publisher": p.publisher} for p in self.publications],
            "period": self.period,
            "site": self.site,
            "address": self.address,
        }


def wrap(text: str, width: float, size: float, weight: str = "normal") -> list[str]:
    """The text in lines that fit `width` pixels at this font size, broken between words."""
    per_line = max(8, int(width / (size * EMS[weight])))
    return textwrap.wrap(text, per_line, break_long_words=False, break_on_hyphens=False) or [""]


def text_block(lines: list[str], y: float, size: int, weight: str, colour: str, x: float = 0) -> dict:
    """A layer drawing lines of text from (x, y) down, in pixels from the footer's top left."""
    mark = {"type": "text", "text": lines, "x": x, "y": y, "align": "left", "baseline": "top"}
    mark.update(fontSize=size, fontWeight=weight, lineHeight=round(size * 1.4), color=colour)
    return {"mark": mark}


def footer(caption: Caption, width: float, style: ChartStyle) -> dict:
    """The view under the chart: notes and caveats as a list, then the source line, then the credit."""
    size, line, layers, y = 13, round(13 * 1.4), [], 0
    items = [*caption.notes, *caption.caveats]
    if items:
        layers.append(text_block(["Notes and caveats"], y, size, "bold", style.text_colour))
        y += line + 4
    for item in items:
        # A hanging bullet: the bullet in its own mark, so that every line of the item starts level.
        lines = wrap(item, width - 14, size)
        layers.append(text_block(["•"], y, size, "normal", style.text_colour))
        layers.append(text_block(lines, y, size, "normal", style.text_colour, x=14))
        y += line * len(lines) + 4
    y += 8 if items else 0
    lines = wrap(caption.source, width, size)
    layers.append(text_block(lines, y, size, "normal", style.text_colour))
    y += line * len(lines) + 6
    lines = wrap(caption.credit, width, 12)
    layers.append(text_block(lines, y, 12, "normal", SECONDARY_COLOUR))
    y += round(12 * 1.4) * len(lines)
    return {"width": width, "height": y, "data": {"values": [{}]}, "layer": layers}


def download_spec(spec: dict, caption: Caption, style: ChartStyle) -> dict:
    """The chart's spec as artwork: title and subtitle above, footer below, on white, and the caption as
    `usermeta` for whoever reads the spec rather than its picture."""
    width = style.width
    chart = {key: value for key, value in spec.items() if key not in TOP_LEVEL + DROPPED}
    title = {
        "text": wrap(caption.title, width, 18, "bold"),
        "subtitle": wrap(caption.subtitle, width, 14),
        "anchor": "start",
        "fontSize": 18,
        "fontWeight": "bold",
        "lineHeight": 24,
        "color": style.text_colour,
        "subtitleFontSize": 14,
        "subtitleLineHeight": 20,
        "subtitleColor": style.text_colour,
        "subtitlePadding": 6,
        "offset": 14,
    }
    return {
        **{key: spec[key] for key in TOP_LEVEL if key in spec},
        "config": {**spec.get("config", {}), "background": "white"},
        "background": "white",
        "padding": 16,
        "title": title,
        "description": f"{caption.title}. {caption.subtitle}. {caption.source} {caption.credit}",
        "vconcat": [chart, footer(caption, width, style)],
        "spacing": 20,
        "usermeta": caption.usermeta(),
    }


def labelled_svg(svg: str, caption: Caption) -> str:
    """vl-convert's SVG of the artwork with a <title> and <desc> first in its root, which names it by them:
    what a screen reader, a search engine or a picture library reads of an image file."""
    ids = f"{caption.chart_id}-title", f"{caption.chart_id}-desc"
    described = f"{caption.subtitle}. {caption.description} {caption.source}"
    children = (
        f'<title id="{ids[0]}">{escape(caption.title)}</title><desc id="{ids[1]}">{escape(described)}</desc>'
    )
    named = f'<svg role="img" aria-labelledby="{ids[0]}" aria-describedby="{ids[1]}"'
    # A function, not a template: the caption's text may hold backslashes.
    return SVG_ROOT.sub(lambda found: f"{named}{found[1]}>{children}", svg, count=1)
