import io
import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import vl_convert
from rich.console import Console

from plugins.transparency import render
from plugins.transparency.cache import Cache
from plugins.transparency.chartcache import kept_spec, vega_bundle
from plugins.transparency.convert import FORMATS, RenderError
from plugins.transparency.progress import Progress
from plugins.transparency.render import POOL_MIN_IMAGES, Renderer, spec_key

ROOT = Path(__file__).resolve().parent.parent

SPEC = {
    "data": {"values": [{"team": "A", "cases": 1.5}, {"team": "B", "cases": 3}]},
    "mark": "bar",
    "encoding": {"y": {"field": "team", "type": "nominal"}, "x": {"field": "cases", "type": "quantitative"}},
}


def test_svg_and_png():
    renderer = Renderer()
    svg = renderer.render(SPEC, "svg")
    assert svg.startswith("<svg") and ">A<" in svg and ">B<" in svg
    assert renderer.render(SPEC, "png").startswith(b"\x89PNG")


def test_same_spec_is_converted_once_and_identically():
    renderer = Renderer()
    first = renderer.render(SPEC, "svg")
    assert renderer.render(dict(SPEC), "svg") == first
    assert renderer.rendered == 1


def test_key_changes_with_the_data():
    changed = {**SPEC, "data": {"values": [{"team": "A", "cases": 1.6}, {"team": "B", "cases": 3}]}}
    assert spec_key(SPEC, "svg") != spec_key(changed, "svg")
    assert spec_key(SPEC, "svg") != spec_key(SPEC, "png")


def test_cache_folder_keeps_images_across_builds(tmp_path):
    first = Renderer(tmp_path)
    svg, png = first.render(SPEC, "svg"), first.render(SPEC, "png")
    assert (first.rendered, first.cached) == (2, 0)
    assert sorted(path.suffix for path in tmp_path.iterdir()) == [".png", ".svg"]
    second = Renderer(tmp_path)
    assert second.render(SPEC, "svg") == svg and second.render(SPEC, "png") == png
    assert (second.rendered, second.cached) == (0, 2)


def test_cache_never_serves_an_image_of_other_data(tmp_path):
    Renderer(tmp_path).render(SPEC, "svg")
    changed = {**SPEC, "data": {"values": [{"team": "A", "cases": 1.5}, {"team": "C", "cases": 3}]}}
    renderer = Renderer(tmp_path)
    svg = renderer.render(changed, "svg")
    assert (renderer.rendered, renderer.cached) == (1, 0)
    assert ">C<" in svg and ">B<" not in svg


def test_png_is_drawn_from_the_svg_byte_identical_to_vl_converts_own_png():
    png = Renderer().render(SPEC, "png")
    # Twice the size at 144 ppi: the same pixels as scale=2, with the density stated in its pHYs chunk.
    assert png == vl_convert.vegalite_to_png(SPEC, ppi=144, allowed_base_urls=[])


@pytest.mark.parametrize("min_pool_images, workers", [(1, 2), (POOL_MIN_IMAGES, 1)])
def test_worker_processes_make_the_same_images_as_this_process(min_pool_images, workers):
    specs = [
        {**SPEC, "data": {"values": [{"team": "A", "cases": cases}, {"team": "B", "cases": 3}]}}
        for cases in (1, 2, 3)
    ]
    pooled, here = Renderer(workers=2), Renderer(workers=1)
    pooled.min_pool_images = min_pool_images  # a pool of two for a few images, to test it quickly
    pooled.prepare(specs)
    assert len(pooled._pending) == 6 and pooled._pool._max_workers == workers
    for spec in specs:
        for fmt in FORMATS:
            assert pooled.render(spec, fmt) == here.render(spec, fmt)
    assert pooled.rendered == here.rendered == 6
    assert pooled._pool is None  # stopped once every image was taken


def test_with_one_cpu_prepare_takes_cached_images_and_leaves_the_rest_to_render(tmp_path):
    Renderer(tmp_path).render(SPEC, "svg")
    renderer = Renderer(tmp_path, workers=1)
    renderer.prepare([SPEC])
    assert (renderer.cached, renderer._pool, renderer._pending) == (1, None, {})
    assert renderer.render(SPEC, "png").startswith(b"\x89PNG")
    assert (renderer.rendered, renderer.cached) == (1, 1)


def test_a_spec_is_built_once_ever_with_a_cache(tmp_path):
    built = []

    def build():
        built.append(1)
        return SPEC

    assert kept_spec(Cache(tmp_path), "chart A, rows 1 and 2", build) == SPEC
    assert kept_spec(Cache(tmp_path), "chart A, rows 1 and 2", build) == SPEC
    assert kept_spec(Cache(tmp_path), "chart A, rows 1 and 3", build) == SPEC
    assert len(built) == 2


def test_vega_bundle_is_vl_converts_own_and_bundled_once_per_release(tmp_path, monkeypatch):
    bundle = vega_bundle(Cache(tmp_path))
    assert bundle == vl_convert.javascript_bundle().encode("utf-8")
    assert b"vegaEmbed" in bundle and b"Prevented interpretation" in bundle  # Vega's eval-free interpreter
    assert (tmp_path / f"vega-embed-{vl_convert.__version__}.js").read_bytes() == bundle

    def bundle_again():
        raise AssertionError("bundled again although the cache holds this release's bundle")

    monkeypatch.setattr(vl_convert, "javascript_bundle", bundle_again)
    assert vega_bundle(Cache(tmp_path)) == bundle


def test_progress_is_shown_at_a_terminal_only_and_clears_itself():
    terminal = Console(file=io.StringIO(), force_terminal=True, width=100)
    quiet, shown = Progress(Console(file=io.StringIO())), Progress(terminal, shown=True)
    assert not quiet.shown  # as under pytest: its output is not a terminal
    for progress in (quiet, shown):
        progress.add(POOL_MIN_IMAGES)
        for _ in range(POOL_MIN_IMAGES // 2):
            progress.advance()
        assert (progress._bar is not None) == progress.shown
        for _ in range(POOL_MIN_IMAGES // 2):
            progress.advance()
        assert progress._bar is None
    assert quiet.console.file.getvalue() == ""
    assert "Rendering charts" in terminal.file.getvalue()


def labelled(label: str) -> dict:
    return {**SPEC, "data": {"values": [{"team": label, "cases": 1.5}, {"team": "B", "cases": 3}]}}


def run_alone(code: str, timeout: float = 60) -> str:
    """Run code in a Python process of its own, as a build would, and return its output: a crash or a hang
    there fails the test (by the timeout) instead of taking pytest down with it."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert time.monotonic() - started < timeout
    return result.stdout


@pytest.mark.parametrize("label", ["A\x0b", "A\x00"])
@pytest.mark.parametrize("workers", [1, 2])
def test_a_character_svg_cannot_hold_raises_render_error_instead_of_crashing(label, workers):
    # vl-convert aborts the whole process on such a label (a Rust panic that cannot unwind).
    bad = labelled(label)
    output = run_alone(f"""
        from plugins.transparency.convert import RenderError
        from plugins.transparency.render import Renderer
        renderer = Renderer(workers={workers})
        renderer.min_pool_images = 1
        renderer.prepare([{SPEC!r}, {bad!r}])
        try:
            renderer.render({bad!r}, "svg")
        except RenderError as error:
            print(error)
        print(renderer.render({SPEC!r}, "png")[:4])
    """)
    escaped = json.dumps(label)[1:-1]
    assert output.splitlines() == [
        f"vl-convert could not draw this chart as SVG: its text holds the character U+{ord(label[1]):04X}, "
        f'which SVG cannot hold: "{escaped}"',
        "b'\\x89PNG'",
    ]


def test_a_worker_that_crashes_fails_every_image_it_owed_instead_of_hanging():
    # The check before conversion turned off, so that the worker really aborts on the label.
    bad = labelled("A\x0b")
    output = run_alone(f"""
        from plugins.transparency import convert, render
        render.unwritable = lambda text: None
        renderer = render.Renderer(workers=2)
        renderer.min_pool_images = 1
        renderer.prepare([{bad!r}])
        for fmt in ("svg", "png"):
            try:
                renderer.render({bad!r}, fmt)
            except convert.RenderError as error:
                print(error)
    """)
    assert output.splitlines() == [
        f"vl-convert could not draw this chart as {fmt}: its worker process stopped abruptly (crashed or "
        "killed; any message it printed is above)"
        for fmt in ("SVG", "PNG")
    ]


def test_a_worker_killed_while_converting_fails_the_build_instead_of_hanging():
    output = run_alone("""
        import os, signal
        from plugins.transparency.convert import RenderError
        from plugins.transparency.render import Renderer
        specs = [
            {"data": {"values": [{"x": f"{i} {j}", "y": j} for j in range(30)]}, "mark": "bar",
             "encoding": {"y": {"field": "x", "type": "nominal"}, "x": {"field": "y", "type": "quantitative"}}}
            for i in range(40)
        ]
        renderer = Renderer(workers=2)
        renderer.min_pool_images = 1
        renderer.prepare(specs)
        renderer.render(specs[0], "svg")  # the workers are up and converting
        for pid in list(renderer._pool._processes):
            os.kill(pid, signal.SIGKILL)
        failed = 0
        for spec in specs[1:]:
            try:
                renderer.render(spec, "png")
            except RenderError as error:
                failed += 1
                message = str(error)
        print(failed > 0, message)
    """)
    assert output.startswith("True vl-convert could not draw this chart as PNG: its worker process stopped")


def test_vl_converts_own_errors_name_the_chart_and_the_reason_from_a_worker_as_from_here():
    broken = {**SPEC, "mark": "nonsense", "title": "Caseloads by team"}
    messages = []
    for workers in (1, 2):
        renderer = Renderer(workers=workers)
        renderer.min_pool_images = 1
        renderer.prepare([broken])
        with pytest.raises(RenderError) as raised:
            renderer.render(broken, "svg")
        messages.append(str(raised.value))
    assert messages[0] == messages[1]
    assert messages[0].startswith(
        'vl-convert could not draw the chart "Caseloads by team" as SVG: Vega-Lite to SVG conversion failed: '
        "TypeError: "
    )
    assert "\n" not in messages[0]


def test_a_panic_here_becomes_a_render_error_but_an_interrupt_does_not(monkeypatch):
    class PanicException(BaseException):  # as pyo3 raises for a Rust panic that unwinds
        pass

    def panic(spec):
        raise PanicException("called `Option::unwrap()` on a `None` value\nmore")

    monkeypatch.setattr(render, "TO_SVG", panic)
    with pytest.raises(
        RenderError, match=r"this chart as SVG: called `Option::unwrap\(\)` on a `None` value$"
    ):
        Renderer(workers=1).render(SPEC)

    def interrupt(spec):
        raise KeyboardInterrupt

    monkeypatch.setattr(render, "TO_SVG", interrupt)
    with pytest.raises(KeyboardInterrupt):
        Renderer(workers=1).render(SPEC)
