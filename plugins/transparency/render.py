"""Turn Vega-Lite specs into SVG or PNG with vl-convert, remembering each result by content, on disk."""

import hashlib
import json
import multiprocessing
import os
import re
import sys
import threading
import weakref
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from importlib.metadata import version
from pathlib import Path

import rich.progress
import vl_convert
from pelican.log import console as pelican_console
from rich.console import Console

from .cache import Cache, is_png, is_sha256, is_svg, json_object, sha256

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
# How each format's cached file is checked before it is believed: a truncated or altered file is drawn again.
CHECKS: dict[str, Callable[[bytes], bool]] = {"svg": is_svg, "png": is_png}

# Everything besides the spec that decides an image: the libraries' versions and this module's own code
# (the format options above), so upgrading either, or editing this file, can never serve an old image.
RENDERING = "|".join(
    [
        f"altair {version('altair')}",
        f"vl-convert {vl_convert.__version__}",
        hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
    ]
)
# What decides a spec besides the `source` its caller gives (the text of the chart's declaration, fields, rows
# and style): Altair and vl-convert (in RENDERING), charts.py, which builds it, and model.py, which writes its
# figures and rows. Only these: hashing every module of the plugin made an edit to, say, the link checker
# throw away every remembered spec.
SPEC_BUILDING = "|".join(
    [RENDERING]
    + [
        hashlib.sha256((Path(__file__).parent / name).read_bytes()).hexdigest()
        for name in ("charts.py", "model.py")
    ]
)
# Characters XML cannot hold. vl-convert lays text out through an SVG, and one of these there makes it panic
# in Rust code that cannot unwind: the whole process aborts, no exception is raised. So a spec holding one is
# refused before conversion. Found in the spec's JSON text, which writes control characters as \u00XX (or
# \b, \f), after an even number of backslashes (an escaped backslash is not an escape).
NOT_XML = re.compile(
    r"(?<!\\)(?:\\\\)*\\(?P<escape>u00(?:0[0-8bcef]|1[0-9a-f])|[bf])|(?P<raw>[\ud800-\udfff\ufffe\uffff])"
)
JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')

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


POOLS: "weakref.WeakSet[ProcessPoolExecutor]" = weakref.WeakSet()


def cancel_pools() -> None:
    """At exit (say, a build stopped by a problem), drop the images no page asked for: an executor would
    otherwise convert every one before the process could end, where multiprocessing.Pool just stopped."""
    for pool in list(POOLS):
        pool.shutdown(wait=False, cancel_futures=True)


# Registered as concurrent.futures registers its own exit hook, so it runs before that one (in reverse order).
threading._register_atexit(cancel_pools)


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
    image found there (and whole: each is checked when read) is exactly what converting again would give.
    Specs are remembered there too, as <key>.spec.json, by what they are built from. prepare() starts
    converting many images at once in worker processes; render() then takes each result as a page asks
    for it. A chart that cannot be drawn raises RenderError, from a worker as from this process.
    """

    def __init__(self, cache: Path | Cache | None = None, workers: int | None = None) -> None:
        self.cache = cache if isinstance(cache, Cache) else Cache(cache)
        self.workers = workers or render_workers()
        self.min_pool_images = POOL_MIN_IMAGES
        self.progress = Progress()
        self.rendered = 0  # images converted in this build
        self.cached = 0  # images taken from the cache folder
        self._done: dict[str, str | bytes] = {}
        self._pending: dict[str, Future] = {}  # images the workers are making, by key
        self._pool: ProcessPoolExecutor | None = None

    def render(self, spec: dict, fmt: str = "svg") -> str | bytes:
        text = spec_text(spec)
        key = spec_key(spec, fmt, text)
        if key not in self._done:
            self._done[key] = self._image(key, spec, fmt, text)
        return self._done[key]

    def _image(self, key: str, spec: dict, fmt: str, text: str) -> str | bytes:
        """The image from the workers, else from the cache folder, else converted here and now."""
        pending = self._pending.pop(key, None)
        if pending is not None:
            try:
                image = pending.result()
            except KeyboardInterrupt:
                raise
            except BaseException as error:  # the worker's own error, or its death
                raise render_error(spec, fmt, error) from error
            finally:
                if not self._pending:
                    self._stop_pool()
        else:
            image = self._from_cache(key, fmt)
            if image is not None:
                self.cached += 1
                return image
            image = self._convert(spec, fmt, text)
            self.progress.advance()
        self.rendered += 1
        self._to_cache(key, fmt, image)
        return image

    def _convert(self, spec: dict, fmt: str, text: str) -> str | bytes:
        """Convert here: a spec that would crash this process is refused, and any error, even a Rust
        panic (a BaseException), becomes a RenderError; only an interrupt or an exit passes through."""
        if fmt == "svg" and (why := unwritable(text)):
            raise render_error(spec, fmt, why)
        convert, source = (TO_SVG, spec) if fmt == "svg" else (FORMATS[fmt], self.render(spec, "svg"))
        try:
            return convert(source)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:
            raise render_error(spec, fmt, error) from error

    def prepare(self, specs: Iterable[dict]) -> None:
        """Start converting, in worker processes, every format of these specs not already converted or cached:
        in as many workers as CPUs when there are enough images to pay for starting them, else in one. Specs
        may come from a generator: the workers start on the first images while the next specs are built.
        A spec that would crash a worker is left to render(), which says why."""
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
            if missing and not unwritable(text):
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
            # Unlike multiprocessing.Pool, which waits for ever for the result of a worker that died, the
            # executor fails every waiting future with BrokenProcessPool.
            self._pool = ProcessPoolExecutor(workers, mp_context=context)
            POOLS.add(self._pool)
        for spec, svg_key, missing in images:
            futures = {fmt: Future() for fmt in missing}
            self._pending.update({key: futures[fmt] for fmt, key in missing.items()})
            self.progress.add(len(futures))
            if "svg" in futures:
                self._send(TO_SVG, spec, futures, partial(self._made_svg, futures))
            else:
                self._made_svg(futures, self._done[svg_key])

    def _send(self, function: Callable, argument: object, futures: dict[str, Future], then: Callable) -> None:
        """Have a worker run function(argument), then then(result); if it fails, so do all these futures."""
        try:
            job = self._pool.submit(function, argument)
        except (BrokenProcessPool, RuntimeError) as error:  # broken, or shut down at exit
            self._failed(futures, error)
            return

        def finished(job: Future) -> None:
            try:
                result = job.result()
            except BaseException as error:  # even one a callback must not raise: it would be lost
                self._failed(futures, error)
            else:
                then(result)

        job.add_done_callback(finished)

    def _made_svg(self, futures: dict[str, Future], svg: str) -> None:
        """In the executor's thread: hands over the SVG and sends it back to make the other formats."""
        for fmt, future in futures.items():
            if fmt == "svg":
                self._made(future, svg)
            else:
                self._send(FORMATS[fmt], svg, {fmt: future}, partial(self._made, future))

    def _made(self, future: Future, image: str | bytes) -> None:
        future.set_result(image)
        self.progress.advance()

    def _failed(self, futures: dict[str, Future], error: BaseException) -> None:
        # A page asking for any of these images raises a RenderError saying why.
        for future in futures.values():
            if not future.done():
                future.set_exception(error)
                self.progress.advance()

    def _stop_pool(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def spec(self, source: str, build: Callable[[], dict]) -> dict:
        """The spec that build() makes from `source` (the text of everything it is built from), remembered
        in the cache folder, so that a later build skips building (Altair is slow) when nothing changed."""
        name = hashlib.sha256(f"{SPEC_BUILDING}|{source}".encode()).hexdigest() + ".spec.json"
        spec = self.cache.parse(name, json_object)
        if spec is None:
            spec = build()
            # In Altair's key order, so the spec read back is the very one built (equal, and equally ordered).
            self.cache.write(name, json.dumps(spec, ensure_ascii=False).encode("utf-8"))
        return spec

    def vega_bundle(self) -> bytes:
        """Vega, Vega-Lite and Vega-Embed as one script, for interactive charts: the very versions that draw
        the static images. Bundling takes a second, so it is done once per vl-convert release and kept, with
        its sha256 beside it: a truncated or edited bundle is made again."""
        name = f"vega-embed-{vl_convert.__version__}"
        expected = self.cache.read(f"{name}.sha256", is_sha256)
        if expected is not None:
            bundle = self.cache.read(f"{name}.js", lambda data: sha256(data).encode() == expected)
            if bundle is not None:
                return bundle
        bundle = vl_convert.javascript_bundle().encode("utf-8")
        self.cache.write(f"{name}.js", bundle)
        # The hash last: a bundle without its hash beside it is never believed.
        self.cache.write(f"{name}.sha256", sha256(bundle).encode())
        return bundle

    def _from_cache(self, key: str, fmt: str) -> str | bytes | None:
        def whole(data: bytes) -> str | bytes | None:
            if not CHECKS[fmt](data):
                return None
            return data.decode("utf-8") if fmt in TEXT_FORMATS else data

        return self.cache.parse(f"{key}.{fmt}", whole)

    def _to_cache(self, key: str, fmt: str, image: str | bytes) -> None:
        self.cache.write(f"{key}.{fmt}", image.encode("utf-8") if isinstance(image, str) else image)
