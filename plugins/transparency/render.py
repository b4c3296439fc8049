"""Turn Vega-Lite specs into SVG or PNG with vl-convert, remembering each result by content."""

import hashlib
import json
from collections.abc import Callable

import vl_convert

# One entry per download format: adding a format is one line.
FORMATS: dict[str, Callable[[dict], str | bytes]] = {
    "svg": lambda spec: vl_convert.vegalite_to_svg(spec, allowed_base_urls=[]),
    "png": lambda spec: vl_convert.vegalite_to_png(spec, scale=2, allowed_base_urls=[]),
}


def spec_key(spec: dict, fmt: str) -> str:
    """A key that changes whenever the spec, the format or the converter changes."""
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{vl_convert.__version__}|{fmt}|{text}".encode()).hexdigest()


class Renderer:
    """Renders specs, converting each distinct spec and format once per build."""

    def __init__(self) -> None:
        self._done: dict[str, str | bytes] = {}
        self.rendered = 0

    def render(self, spec: dict, fmt: str = "svg") -> str | bytes:
        key = spec_key(spec, fmt)
        if key not in self._done:
            self._done[key] = FORMATS[fmt](spec)
            self.rendered += 1
        return self._done[key]
