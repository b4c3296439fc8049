"""Turn Vega-Lite specs into SVG or PNG with vl-convert, remembering each result by content, on disk."""

import hashlib
import json
import multiprocessing
import multiprocessing.pool
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from functools import partial
from importlib.metadata import version
from pathlib import Path

import rich.progress
import vl_convert
from pelican.log import console as pelican_console
from rich.console import Console

# vl-convert lays a chart out once, as SVG, and every format is made from that SVG: converting the spec to
# PNG directly would lay it out again, for byte-identical pixels at twice the cost.
TO_SVG = partial(vl_convert.vegalite_to_svg, allowed_base_urls=[])
# One entry per download format, made from the chart's SVG: adding a format is one line. Plain functions of
# vl_convert, so that worker processes can be sent them without importing this plugin.
FORMATS: dict[str, Callable[[str], str | bytes]] = {
    "svg": str,
    "png": partial(vl_convert.svg_to_png, scale=2),
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
# What decides a spec besides its chart's declaration and rows: Altair and the plugin's code (charts.py builds
# it, model.py writes its figures; every module counts, to be safe), so a remembered spec is exactly what
# building it again would give.
SPEC_BUILDING = "|".join(
    [RENDERING]
    + [hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(Path(__file__).parent.glob("*.py"))]
)

# vl-convert holds the GIL, so only processes convert in parallel. Each worker costs about a second of CPU
# (a process, then vl-convert's JavaScript engine): more than one pays only for more images than that second
# converts. Fewer images go to a single worker, which starts while the build reads the pages.
POOL_MIN_IMAGES = 40
# `fork` deadlocks once the parent has converted anything: workers start from a clean forkserver (or spawn).
START_METHOD = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def render_workers() -> int:
    """Processes converting at once: the CPUs this process may use, or TRANSPARENCY_RENDER_WORKERS
    (1 converts everything in the build's own process)."""
    chosen = os.environ.get("TRANSPARENCY_RENDER_WORKERS", "")
    if chosen.isdigit() and int(chosen) > 0:
        return int(chosen)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def spec_text(spec: dict) -> str:
    return json.dumps(spec, sort_keys=True, ensure_ascii=False)


def spec_key(spec: dict, fmt: str, text: str | None = None) -> str:
    """A key that changes whenever the spec, the format or the rendering changes."""
    text = spec_text(spec) if text is None else text
    return hashlib.sha256(f"{RENDERING}|{fmt}|{text}".encode()).hexdigest()


class Progress:
    """A bar counting the images converted, for long renders, while a person watches: drawn by rich under
    Pelican's own "Generating..." line when both its console and stderr are terminals; silent otherwise
    (logs, CI, tests)."""

    def __init__(self, console: Console | None = None, shown: bool | None = None) -> None:
        self.console = console or pelican_console
        self.shown = self.console.is_terminal and sys.stderr.isatty() if shown is None else shown
        self.total = self.done = 0
        self._bar: rich.progress.Progress | None = None
        self._task: rich.progress.TaskID | None = None
        self._lock = threading.Lock()  # the pool's result thread advances it

    def add(self, count: int = 1) -> None:
        with self._lock:
            self.total += count
            if self._bar is None and self.shown and self.total >= POOL_MIN_IMAGES:
                self._bar = rich.progress.Progress(
                    rich.progress.TextColumn("Rendering charts"),
                    rich.progress.BarColumn(),
                    rich.progress.MofNCompleteColumn(),
                    rich.progress.TextColumn("images"),
                    rich.progress.TimeRemainingColumn(),
                    console=self.console,
                    transient=True,
                )
                self._task = self._bar.add_task("images", total=self.total, completed=self.done)
                self._bar.start()
            elif self._bar is not None:
                self._bar.update(self._task, total=self.total)

    def advance(self, *_: object) -> None:
        with self._lock:
            self.done += 1
            if self._bar is not None:
                self._bar.update(self._task, completed=self.done)
                if self.done >= self.total:
                    self._bar.stop()
                    self._bar = None


class Renderer:
    """Renders specs, converting each distinct spec and format once per build, and once ever with a cache.

    With a cache folder, each image is kept there as <key>.<format>; the key covers every input, so an
    image found there is exactly what converting again would give. Specs are remembered there too, as
    <key>.spec.json, by what they are built from. prepare() starts converting many images at once in worker
    processes; render() then takes each result as a page asks for it.
    """

    def __init__(self, cache: Path | None = None, workers: int | None = None) -> None:
        self.cache = Path(cache) if cache else None
        self.workers = workers or render_workers()
        self.min_pool_images = POOL_MIN_IMAGES
        self.progress = Progress()
        self.rendered = 0  # images converted in this build
        self.cached = 0  # images taken from the cache folder
        self._done: dict[str, str | bytes] = {}
        self._pending: dict[str, Future] = {}  # images the workers are making, by key
        self._pool: multiprocessing.pool.Pool | None = None

    def render(self, spec: dict, fmt: str = "svg") -> str | bytes:
        key = spec_key(spec, fmt)
        if key not in self._done:
            self._done[key] = self._image(key, spec, fmt)
        return self._done[key]

    def _image(self, key: str, spec: dict, fmt: str) -> str | bytes:
        """The image from the workers, else from the cache folder, else converted here and now."""
        pending = self._pending.pop(key, None)
        if pending is not None:
            image = pending.result()
            if not self._pending:
                self._stop_pool()
        else:
            image = self._from_cache(key, fmt)
            if image is not None:
                self.cached += 1
                return image
            image = FORMATS[fmt](TO_SVG(spec) if fmt == "svg" else self.render(spec, "svg"))
            self.progress.advance()
        self.rendered += 1
        self._to_cache(key, fmt, image)
        return image

    def prepare(self, specs: Iterable[dict]) -> None:
        """Start converting, in worker processes, every format of these specs not already converted or cached:
        in as many workers as CPUs when there are enough images to pay for starting them, else in one. Specs
        may come from a generator: the workers start on the first images while the next specs are built."""
        waiting: list[tuple[dict, str, dict[str, str]]] = []  # (spec, its SVG's key, {format: key} to make)
        count = 0
        for spec in specs:
            text = spec_text(spec)
            keys = {fmt: spec_key(spec, fmt, text) for fmt in FORMATS}
            missing = {}
            for fmt, key in keys.items():
                if key in self._done or key in self._pending:
                    continue
                image = self._from_cache(key, fmt)
                if image is None:
                    missing[fmt] = key
                else:
                    self.cached += 1
                    self._done[key] = image
            if missing:
                waiting.append((spec, keys["svg"], missing))
                count += len(missing)
            if waiting and (self._pool or (self.workers > 1 and count >= self.min_pool_images)):
                self._submit(waiting, self.workers)
                waiting = []
        if waiting and self.workers > 1:
            self._submit(waiting, 1)
        elif waiting:  # one CPU: render() converts them here, when asked
            self.progress.add(sum(len(missing) for _, _, missing in waiting))

    def _submit(self, images: list[tuple[dict, str, dict[str, str]]], workers: int) -> None:
        if self._pool is None:
            context = multiprocessing.get_context(START_METHOD)
            if START_METHOD == "forkserver":
                context.set_forkserver_preload(["vl_convert"])
            self._pool = context.Pool(workers)
        for spec, svg_key, missing in images:
            futures = {fmt: Future() for fmt in missing}
            self._pending.update({key: futures[fmt] for fmt, key in missing.items()})
            self.progress.add(len(futures))
            if "svg" in futures:
                self._pool.apply_async(
                    TO_SVG,
                    (spec,),
                    callback=partial(self._made_svg, futures),
                    error_callback=partial(self._failed, futures),
                )
            else:
                self._made_svg(futures, self._done[svg_key])

    def _made_svg(self, futures: dict[str, Future], svg: str) -> None:
        """In the pool's result thread: hands over the SVG and sends it back to make the other formats."""
        for fmt, future in futures.items():
            if fmt == "svg":
                self._made(future, svg)
            else:
                self._pool.apply_async(
                    FORMATS[fmt],
                    (svg,),
                    callback=partial(self._made, future),
                    error_callback=partial(self._failed, {fmt: future}),
                )

    def _made(self, future: Future, image: str | bytes) -> None:
        future.set_result(image)
        self.progress.advance()

    def _failed(self, futures: dict[str, Future], error: BaseException) -> None:
        # A page asking for any of these images raises the conversion's own error, as converting here would.
        for future in futures.values():
            future.set_exception(error)
            self.progress.advance()

    def _stop_pool(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def spec(self, source: str, build: Callable[[], dict]) -> dict:
        """The spec that build() makes from `source` (the text of everything it is built from), remembered
        in the cache folder, so that a later build skips building (Altair is slow) when nothing changed."""
        key = hashlib.sha256(f"{SPEC_BUILDING}|{source}".encode()).hexdigest()
        if self.cache is not None:
            try:
                return json.loads((self.cache / f"{key}.spec.json").read_bytes())
            except (OSError, ValueError):
                pass
        spec = build()
        # In Altair's key order, so the spec read back is the very one built (equal, and equally ordered).
        self._write(f"{key}.spec.json", json.dumps(spec, ensure_ascii=False).encode("utf-8"))
        return spec

    def vega_bundle(self) -> bytes:
        """Vega, Vega-Lite and Vega-Embed as one script, for interactive charts: the very versions that draw
        the static images. Bundling takes a second, so it is done once per vl-convert release and kept."""
        name = f"vega-embed-{vl_convert.__version__}.js"
        if self.cache is not None:
            try:
                return (self.cache / name).read_bytes()
            except OSError:
                pass
        bundle = vl_convert.javascript_bundle().encode("utf-8")
        self._write(name, bundle)
        return bundle

    def _from_cache(self, key: str, fmt: str) -> str | bytes | None:
        if self.cache is None:
            return None
        try:
            image = (self.cache / f"{key}.{fmt}").read_bytes()
        except OSError:
            return None
        return image.decode("utf-8") if fmt in TEXT_FORMATS else image

    def _to_cache(self, key: str, fmt: str, image: str | bytes) -> None:
        self._write(f"{key}.{fmt}", image.encode("utf-8") if isinstance(image, str) else image)

    def _write(self, name: str, data: bytes) -> None:
        if self.cache is None:
            return
        self.cache.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a build stopped half-way, or one running beside it, never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=self.cache, suffix=".part")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, self.cache / name)
