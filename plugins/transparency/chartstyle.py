"""How the charts look: the style a council may set, the Vega-Lite config drawn from it, and how wide a
text is drawn in it (to wrap titles and decide whether labels fit)."""

from dataclasses import dataclass

# Average advance of a character of the chart font, in ems, as vl-convert measures DejaVu Sans: enough to
# tell whether labels fit side by side (digits are the widest).
CHARACTER_EMS = 0.56
DIGIT_EMS = 0.64


@dataclass(frozen=True)
class ChartStyle:
    colour: str = "#1d4f7a"
    text_colour: str = "#1b1b1b"
    # Wide fonts first: vl-convert sizes the chart with them, so narrower fallbacks never overflow.
    font: str = "Verdana, 'DejaVu Sans', sans-serif"
    # Drawn as narrow as a phone's column, so the image is never shrunk much: at 320 px the page gives a
    # chart about 270 px, which keeps 15 px text at 12.7 px; main.css lets it grow to 384 px (18 px text).
    width: int = 320
    font_size: int = 15
    # Each bar or row of dots has its label above it, in the full width: step = label line + bar + gap.
    row_step: int = 48
    bar_size: int = 16
    label_offset: int = -6  # the label's baseline, from the middle of its row
    mark_offset: int = 9  # the middle of the bar or dots, from the middle of its row
    # Series are told apart by shape and dash as well as colour. Colours run from the oldest series to the
    # newest, which is the darkest; each reaches 3:1 on white (3.1, 3.8, 5.3 and 8.6).
    series_colours: tuple[str, ...] = ("#8094a6", "#5f87ad", "#3f6f9c", "#1d4f7a")
    series_shapes: tuple[str, ...] = ("square", "triangle-up", "diamond", "circle")
    series_dashes: tuple[tuple[int, ...], ...] = ((6, 3), (2, 2), (8, 2, 2, 2), (1, 0))


def config(style: ChartStyle) -> dict:
    return {
        "font": style.font,
        "axis": {
            "labelFontSize": style.font_size,
            "titleFontSize": style.font_size,
            "titleFontWeight": "normal",
            "labelColor": style.text_colour,
            "titleColor": style.text_colour,
            "domainColor": "#6f777b",
            "tickColor": "#6f777b",
            "grid": False,
        },
        "legend": {"labelFontSize": style.font_size, "labelColor": style.text_colour, "labelLimit": 0},
        "text": {"fontSize": style.font_size},
        "view": {"stroke": None},
        "background": "transparent",
    }


def text_width(text: str, style: ChartStyle) -> float:
    """Roughly how wide a text is drawn, to decide whether labels fit side by side."""
    digits = sum(character.isdigit() for character in text)
    return (digits * DIGIT_EMS + (len(text) - digits) * CHARACTER_EMS) * style.font_size


def wrapped(text: str, width: float, style: ChartStyle) -> str | list[str]:
    """The text as lines no wider than `width`, broken between words (one line stays a string)."""
    lines = [""]
    for word in text.split():
        joined = f"{lines[-1]} {word}".strip()
        if lines[-1] and text_width(joined, style) > width:
            lines.append(word)
        else:
            lines[-1] = joined
    return lines[0] if len(lines) == 1 else lines
