"""Turn Vega-Lite specs into SVG or PNG with vl-convert, remembering each result by content, on disk."""

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import vl_convert

# One entry per download format: adding a format is one line.
FORMATS: dict[str, Callable[[dict], str | bytes]] = {
    "svg": lambda spec: vl_convert.vegalite_to_svg(spec, allowed_base_urls=[]),
    "png": lambda spec: vl_convert.vegalite_to_png(spec, scale=2, allowed_base_urls=[]),
}
TEXT_FORMATS = ("svg",)  # formats converted to text; the others are bytes

# Everything besides the spec that decides an image: the libraries' versions and this module's own code
# (the format options above), so upgrading either, or editing this file, can never serve an old image.
RENDERING = "|".join(
    [
        f"altair {version('altair')}",
        f"vl-convert {vl_convert.__version__}",
        hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
    ]
)


def spec_key(spec: dict, fmt: str) -> str:
    """A key that changes whenever the spec, the format or the rendering changes."""
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{RENDERING}|{fmt}|{text}".encode()).hexdigest()


class Renderer:
    """Renders specs, converting each distinct spec and format once per build, and once ever with a cache.

    With a cache folder, each image is kept there as <key>.<format>; the key covers every input, so an
    image found there is exactly what converting again would give.
    """

    def __init__(self, cache: Path | None = None) -> None:
        self.cache = Path(cache) if cache else None
        self._done: dict[str, str | bytes] = {}
        self.rendered = 0  # images converted in this build
        self.cached = 0  # images taken from the cache folder

    def render(self, spec: dict, fmt: str = "svg") -> str | bytes:
        key = spec_key(spec, fmt)
        if key not in self._done:
            image = self._from_cache(key, fmt)
            if image is None:
                image = FORMATS[fmt](spec)
                self.rendered += 1
                self._to_cache(key, fmt, image)
            else:
                self.cached += 1
            self._done[key] = image
        return self._done[key]

    def _from_cache(self, key: str, fmt: str) -> str | bytes | None:
        if self.cache is None:
            return None
        try:
            image = (self.cache / f"{key}.{fmt}").read_bytes()
        except OSError:
            return None
        return image.decode("utf-8") if fmt in TEXT_FORMATS else image

    def _to_cache(self, key: str, fmt: str, image: str | bytes) -> None:
        if self.cache is None:
            return
        data = image.encode("utf-8") if isinstance(image, str) else image
        self.cache.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a build stopped half-way, or one running beside it, never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=self.cache, suffix=".part")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, self.cache / f"{key}.{fmt}")
