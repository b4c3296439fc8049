"""Turn Vega-Lite specs into SVG or PNG with vl-convert, remembering each result by content, on disk."""

import multiprocessing
import os
import threading
import weakref
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from pathlib import Path

from .cache import Cache
from .convert import FORMATS, TEXT_FORMATS, TO_SVG, render_error, unwritable
from .imagekeys import CHECKS, spec_key, spec_text
from .progress import Progress

# vl-convert holds the GIL, so only processes convert in parallel. Each worker costs about a second of CPU
# (a process, then vl-convert's JavaScript engine): more than one pays only for more images than that second
# converts. Fewer images go to a single worker, which starts while the build reads the pages.
POOL_MIN_IMAGES = 40
# `fork` deadlocks once the parent has converted anything: workers start from a clean forkserver (or spawn).
START_METHOD = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def cpus() -> int:
    """The CPUs this process may use: as many workers convert at once unless the settings say otherwise
    (TRANSPARENCY_RENDER_WORKERS)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


POOLS: "weakref.WeakSet[ProcessPoolExecutor]" = weakref.WeakSet()


def cancel_pools() -> None:
    """At exit (say, a build stopped by a problem), drop the images no page asked for: an executor would
    otherwise convert every one before the process could end, where multiprocessing.Pool just stopped."""
    for pool in list(POOLS):
        pool.shutdown(wait=False, cancel_futures=True)


# Registered as concurrent.futures registers its own exit hook, so it runs before that one (in reverse order).
threading._register_atexit(cancel_pools)


class Renderer:
    """Renders specs, converting each distinct spec and format once per build, and once ever with a cache.

    With a cache folder, each image is kept there as <key>.<format>; the key covers every input, so an
    image found there (and whole: each is checked when read) is exactly what converting again would give
    (specs and the Vega bundle are kept there by chartcache.py). prepare() starts
    converting many images at once in worker processes; render() then takes each result as a page asks
    for it. A chart that cannot be drawn raises RenderError, from a worker as from this process.
    """

    def __init__(self, cache: Path | Cache | None = None, workers: int | None = None) -> None:
        self.cache = cache if isinstance(cache, Cache) else Cache(cache)
        self.workers = workers or cpus()
        self.min_pool_images = POOL_MIN_IMAGES
        self.progress = Progress()
        self.rendered = 0  # images converted in this build
        self.cached = 0  # images taken from the cache folder
        self._done: dict[str, str | bytes] = {}
        self._pending: dict[str, Future] = {}  # images the workers are making, by key
        self._found: set[str] = set()  # images prepare() found in the cache folder, not read yet
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
            image = self._cached_image(key, fmt)
            if image is not None:
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

    def prepare(self, specs: Iterable[dict | tuple[dict, tuple[str, ...]]]) -> None:
        """Start converting, in worker processes, every format of these specs not already converted or cached
        (or the formats given with a spec, as `(spec, ("svg",))`; the SVG is always made, as the others are
        made from it): in as many workers as CPUs when there are enough images to pay for starting them, else
        in one. Specs may come from a generator: the workers start on the first images while the next specs
        are built. A spec that would crash a worker is left to render(), which says why."""
        waiting: list[tuple[dict, str, dict[str, str]]] = []  # (spec, its SVG's key, {format: key} to make)
        count = 0
        for item in specs:
            spec, wanted = item if isinstance(item, tuple) else (item, tuple(FORMATS))
            text = spec_text(spec)
            keys = {fmt: spec_key(spec, fmt, text) for fmt in FORMATS if fmt == "svg" or fmt in wanted}
            missing = {}
            for fmt, key in keys.items():
                if key in self._done or key in self._pending or key in self._found:
                    continue
                # Only looked for: most images found are never asked for (their pages are carried over),
                # and render() checks each one it reads, making it here if it is damaged.
                if self.cache.has(f"{key}.{fmt}"):
                    self.cached += 1
                    self._found.add(key)
                else:
                    missing[fmt] = key
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
            svg = None if "svg" in futures else self._done.get(svg_key)
            if svg is None and svg_key in self._found:  # None if it proves damaged: then made again
                svg = self._cached_image(svg_key, "svg")
                if svg is not None:
                    self._done[svg_key] = svg
            if svg is None:
                self._send(TO_SVG, spec, futures, partial(self._made_svg, futures))
            else:
                self._made_svg(futures, svg)

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

    def _cached_image(self, key: str, fmt: str) -> str | bytes | None:
        """The image from the cache folder, counted once (when prepare() found it, or now); None if it is
        not there or fails its check, and then not counted."""
        found = key in self._found
        self._found.discard(key)
        image = self._from_cache(key, fmt)
        if image is not None and not found:
            self.cached += 1
        elif image is None and found:
            self.cached -= 1
        return image

    def _from_cache(self, key: str, fmt: str) -> str | bytes | None:
        def whole(data: bytes) -> str | bytes | None:
            if not CHECKS[fmt](data):
                return None
            return data.decode("utf-8") if fmt in TEXT_FORMATS else data

        return self.cache.parse(f"{key}.{fmt}", whole)

    def _to_cache(self, key: str, fmt: str, image: str | bytes) -> None:
        self.cache.write(f"{key}.{fmt}", image.encode("utf-8") if isinstance(image, str) else image)
