"""What an image and a spec are remembered by: keys that change whenever anything deciding them changes."""

import hashlib
import json
from collections.abc import Callable
from importlib.metadata import version

import vl_convert

from .cache import code_digests, is_png, is_svg

# How each format's cached file is checked before it is believed: a truncated or altered file is drawn again.
CHECKS: dict[str, Callable[[bytes], bool]] = {"svg": is_svg, "png": is_png}

# Everything besides the spec that decides an image: the libraries' versions and the code of render.py,
# convert.py (the format options) and this module, so upgrading or editing them can never serve an old image.
RENDERING = "|".join(
    [f"altair {version('altair')}", f"vl-convert {vl_convert.__version__}"]
    + code_digests("render.py", "convert.py", "imagekeys.py")
)
# What decides a spec besides the `source` its caller gives (the text of the chart's declaration, fields, rows
# and style): Altair and vl-convert (in RENDERING), charts.py, which builds it, chartstyle.py, which gives its
# config and wraps its titles, model.py, which writes its figures and rows, and chartcache.py, which keeps
# it. Only these: hashing every module of the plugin made an edit to, say, the link checker throw away every
# remembered spec.
SPEC_BUILDING = "|".join(
    [RENDERING] + code_digests("charts.py", "chartstyle.py", "model.py", "chartcache.py")
)


def spec_text(spec: dict) -> str:
    return json.dumps(spec, sort_keys=True, ensure_ascii=False)


def spec_key(spec: dict, fmt: str, text: str | None = None) -> str:
    """A key that changes whenever the spec, the format or the rendering changes."""
    text = spec_text(spec) if text is None else text
    return hashlib.sha256(f"{RENDERING}|{fmt}|{text}".encode()).hexdigest()
