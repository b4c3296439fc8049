"""What charts keep in the cache besides their images: each chart's Vega-Lite spec, by everything it is
built from (Altair is slow), and the Vega bundle that draws interactive charts."""

import hashlib
import json
from collections.abc import Callable

import vl_convert

from .cache import Cache, is_sha256, json_object, sha256
from .imagekeys import SPEC_BUILDING


def kept_spec(cache: Cache, source: str, build: Callable[[], dict]) -> dict:
    """The spec that build() makes from `source` (the text of everything it is built from), remembered
    in the cache folder, so that a later build skips building when nothing changed."""
    name = hashlib.sha256(f"{SPEC_BUILDING}|{source}".encode()).hexdigest() + ".spec.json"
    spec = cache.parse(name, json_object)
    if spec is None:
        spec = build()
        # In Altair's key order, so the spec read back is the very one built (equal, and equally ordered).
        cache.write(name, json.dumps(spec, ensure_ascii=False).encode("utf-8"))
    return spec


def vega_bundle(cache: Cache) -> bytes:
    """Vega, Vega-Lite and Vega-Embed as one script, for interactive charts: the very versions that draw
    the static images. Bundling takes a second, so it is done once per vl-convert release and kept, with
    its sha256 beside it: a truncated or edited bundle is made again."""
    name = f"vega-embed-{vl_convert.__version__}"
    expected = cache.read(f"{name}.sha256", is_sha256)
    if expected is not None:
        bundle = cache.read(f"{name}.js", lambda data: sha256(data).encode() == expected)
        if bundle is not None:
            return bundle
    bundle = vl_convert.javascript_bundle().encode("utf-8")
    cache.write(f"{name}.js", bundle)
    # The hash last: a bundle without its hash beside it is never believed.
    cache.write(f"{name}.sha256", sha256(bundle).encode())
    return bundle
