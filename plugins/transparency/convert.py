"""What vl-convert is asked to draw, in which formats, and what its failures mean, in one line."""

import json
import re
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from functools import partial

import vl_convert

# vl-convert lays a chart out once, as SVG, and every format is made from that SVG: converting the spec to
# PNG directly would lay it out again, for byte-identical pixels at twice the cost.
TO_SVG = partial(vl_convert.vegalite_to_svg, allowed_base_urls=[])
# One entry per download format, made from the chart's SVG: adding a format is one line. Plain functions of
# vl_convert, so that worker processes can be sent them without importing this plugin.
FORMATS: dict[str, Callable[[str], str | bytes]] = {
    "svg": str,
    # Twice the SVG's size, as scale=2 draws it, pixel for pixel, and saying so: 144 ppi in its pHYs chunk.
    "png": partial(vl_convert.svg_to_png, ppi=144),
}
TEXT_FORMATS = ("svg",)  # formats converted to text; the others are bytes
# Characters XML cannot hold. vl-convert lays text out through an SVG, and one of these there makes it panic
# in Rust code that cannot unwind: the whole process aborts, no exception is raised. So a spec holding one is
# refused before conversion. Found in the spec's JSON text, which writes control characters as \u00XX (or
# \b, \f), after an even number of backslashes (an escaped backslash is not an escape).
NOT_XML = re.compile(
    r"(?<!\\)(?:\\\\)*\\(?P<escape>u00(?:0[0-8bcef]|1[0-9a-f])|[bf])|(?P<raw>[\ud800-\udfff\ufffe\uffff])"
)
JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


class RenderError(Exception):
    """A chart vl-convert could not draw, said in one line: which chart and format, and why."""


def render_error(spec: dict, fmt: str, why: BaseException | str) -> RenderError:
    title = spec.get("title")
    title = title.get("text") if isinstance(title, dict) else title
    chart = f"the chart {json.dumps(title, ensure_ascii=False)}" if isinstance(title, str) else "this chart"
    if isinstance(why, BaseException):
        why = explain(why)
    return RenderError(f"vl-convert could not draw {chart} as {fmt.upper()}: {why}")


def explain(error: BaseException) -> str:
    """The first line of an error, in words when it came from a worker that died."""
    if isinstance(error, BrokenProcessPool):
        return "its worker process stopped abruptly (crashed or killed; any message it printed is above)"
    if "PanicException" in str(error):  # a Rust panic, which cannot be sent back from a worker
        return "vl-convert panicked in a worker process (its message is printed above)"
    lines = [line.strip() for line in str(error).splitlines() if line.strip()] or [type(error).__name__]
    # vl-convert's errors start "Vega-Lite to SVG conversion failed:", the reason on the next line.
    return " ".join(lines[:2]) if lines[0].endswith(":") and len(lines) > 1 else lines[0]


def unwritable(text: str) -> str | None:
    """Why vl-convert cannot draw a spec of this JSON text without crashing, if it cannot."""
    found = NOT_XML.search(text)
    if found is None:
        return None
    character = json.loads(f'"\\{found["escape"]}"') if found["escape"] else found["raw"]
    # Quote the whole JSON string holding it, as JSON writes it (so with the character escaped).
    string = next((s[0] for s in JSON_STRING.finditer(text) if s.start() < found.end() <= s.end()), "")
    return f"its text holds the character U+{ord(character):04X}, which SVG cannot hold: {string}".rstrip(
        ": "
    )
