"""Embeds pasted into a page on another origin: no scroll inside the frame and none sideways, from 280 to
1200 px wide, with the snippet's static height and with the optional resizer script."""

import re
import runpy
import threading
from functools import partial
from html import escape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import ROOT
from plugins.transparency import urls
from plugins.transparency.embeds import embed_height
from plugins.transparency.load import load_site_data

from .conftest import page_file

HOST_WIDTHS = (280, 320, 375, 768, 1200)
SVG = re.compile(r"<svg\b[^>]*>")

# The host's own policy: its page may frame the site and run the site's resizer, and nothing else.
HOST_POLICY = "default-src 'self'; frame-src {site}; script-src {site}; style-src 'unsafe-inline'"
HOST_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>A host page</title></head>
<body style="margin:0">
<p>A newspaper's article, with the chart pasted in:</p>
{snippet}
{script}
</body></html>
"""

# Inside the frame: how far its page would scroll down or sideways (0 when it fits).
FRAME_SCROLL = """() => {
  const root = document.documentElement;
  return {down: root.scrollHeight - root.clientHeight, sideways: root.scrollWidth - root.clientWidth,
          content: Math.ceil(root.getBoundingClientRect().height)};
}"""


TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def site_name() -> str:
    return runpy.run_path(str(ROOT / "pelicanconf.py"))["SITENAME"]


def embedded_charts() -> list[str]:
    data = load_site_data(ROOT / "data")
    return [chart_id for chart_id, chart in data.charts.items() if not chart.is_table]


def static_height(site: Path, chart_id: str) -> int:
    """The height the snippet asks for, from plugins.transparency.embeds and the embed as built."""
    data = load_site_data(ROOT / "data")
    chart = data.charts[chart_id]
    svg = SVG.search(page_file(site, urls.chart_embed(chart_id)).read_text(encoding="utf-8"))[0]
    return embed_height(svg, chart, data.publications_of(data.rows_of(chart)), site_name())


@pytest.fixture(scope="module")
def host(base_url, tmp_path_factory) -> str:
    """A second server, on another port (so another origin), serving host pages that embed the site."""
    folder = tmp_path_factory.mktemp("embed-host")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHost, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    QuietHost.folder = folder
    (folder / "favicon.ico").write_bytes(b"")  # asked for by every page: a 404 would be logged as an error
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class QuietHost(SimpleHTTPRequestHandler):
    folder: Path

    def log_message(self, format, *args):  # noqa: A002 - the standard library's signature
        pass


def host_page(base_url: str, chart_id: str, height: int, resizer: bool) -> str:
    """Write a host page with the embed snippet as chart.html offers it, and return its file name."""
    site = base_url.rstrip("/")
    src = base_url + urls.chart_embed(chart_id)
    snippet = (
        f'<iframe src="{escape(src)}" title="Chart" width="100%" height="{height}" '
        'style="border:0" loading="lazy"></iframe>'
    )
    script = f'<script src="{site}/theme/js/embed-resize.js" async></script>' if resizer else ""
    name = f"{chart_id}-{'resized' if resizer else 'static'}.html"
    text = HOST_PAGE.format(policy=HOST_POLICY.format(site=site), snippet=snippet, script=script)
    (QuietHost.folder / name).write_text(text, encoding="utf-8")
    return name


def heights_at_each_width(browser, host: str, name: str, resizer: bool) -> dict[int, tuple[int, dict]]:
    """For each host width: the iframe's height and how far the framed page would scroll."""
    context = browser.new_context(viewport={"width": HOST_WIDTHS[0], "height": 900})
    try:
        page = context.new_page()
        errors = []
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.goto(host + name, wait_until="load")
        # The snippet's iframe is lazy: the host's load event does not wait for it.
        frame = page.locator("iframe").element_handle().content_frame()
        frame.wait_for_url(re.compile(r"/embed/$"))
        frame.wait_for_load_state("load")
        found = {}
        for width in HOST_WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            # Two frames drawn at the new width (FRAME_SCROLL lays the embed out afresh when it reads it; with
            # the resizer, the loop below waits for the host to take the embed's new height).
            page.evaluate(TWO_FRAMES)
            if resizer:
                # The embed posts its new height and the host sets the frame to it: wait for the two to agree.
                for _ in range(40):
                    height = int(page.locator("iframe").get_attribute("height"))
                    if abs(height - frame.evaluate(FRAME_SCROLL)["content"]) <= 1:
                        break
                    page.wait_for_timeout(100)
            sideways = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert sideways <= 0, f"the host page scrolls sideways at {width} px"
            height = int(page.locator("iframe").get_attribute("height"))
            found[width] = (height, frame.evaluate(FRAME_SCROLL))
        assert errors == []
        return found
    finally:
        context.close()


@pytest.mark.parametrize("chart_id", embedded_charts())
def test_an_embed_fits_its_frame_with_the_static_height(browser, base_url, host, site, chart_id):
    height = static_height(site, chart_id)
    found = heights_at_each_width(browser, host, host_page(base_url, chart_id, height, False), False)
    for width, (frame_height, scroll) in found.items():
        assert scroll["down"] <= 0 and scroll["sideways"] <= 0, (width, frame_height, scroll)
    # Not much room to spare either: at the narrowest the content fills most of the frame.
    assert found[HOST_WIDTHS[0]][1]["content"] >= 0.85 * height
    print(f"\n{chart_id}: static {height}; content", {w: s["content"] for w, (_, s) in found.items()})


@pytest.mark.parametrize("chart_id", embedded_charts())
def test_an_embed_fits_its_frame_with_the_resizer(browser, base_url, host, chart_id):
    found = heights_at_each_width(browser, host, host_page(base_url, chart_id, 150, True), True)
    for width, (frame_height, scroll) in found.items():
        assert scroll["down"] <= 0 and scroll["sideways"] <= 0, (width, frame_height, scroll)
        # The frame is as tall as its content, give or take a pixel of rounding.
        assert abs(frame_height - scroll["content"]) <= 1, (width, frame_height, scroll)
    print(f"\n{chart_id}: resized", {w: h for w, (h, _) in found.items()})


def test_a_resizer_that_loads_after_the_embed_still_sizes_it(browser, base_url, host):
    """The host's script is async: when it runs after the embed has posted its height, it asks again."""
    chart_id = embedded_charts()[0]
    context = browser.new_context(viewport={"width": HOST_WIDTHS[0], "height": 900})
    try:
        page = context.new_page()
        page.goto(host + host_page(base_url, chart_id, 150, False), wait_until="load")
        frame = page.locator("iframe").element_handle().content_frame()
        frame.wait_for_url(re.compile(r"/embed/$"))
        frame.wait_for_load_state("load")
        frame.evaluate(TWO_FRAMES)  # the embed has posted to a host that was not listening
        assert page.locator("iframe").get_attribute("height") == "150"
        page.add_script_tag(url=base_url + "theme/js/embed-resize.js")
        content = frame.evaluate(FRAME_SCROLL)["content"]
        page.wait_for_function(
            f"() => Math.abs(document.querySelector('iframe').height - {content}) <= 1", timeout=5000
        )
    finally:
        context.close()


def test_the_embed_shows_its_caveats_and_a_link_to_the_data(site):
    embed = page_file(site, urls.chart_embed("caseload-by-team-2024-25")).read_text(encoding="utf-8")
    data = load_site_data(ROOT / "data")
    for caveat in data.charts["caseload-by-team-2024-25"].caveats:
        assert escape(caveat, quote=False) in embed or caveat in embed
    assert re.search(r'<a href="[^"]*caseload-by-team-2024-25\.csv" target="_top">Get the data', embed)
    # The resizer is a file of the site, never inline: the embed's policy stays default-src 'self'.
    assert re.search(r'<script src="[^"]*/theme/js/embed-resize\.js" defer></script>', embed)
    assert "<script>" not in embed


def test_the_snippet_asks_for_the_static_height(site):
    chart_page = page_file(site, urls.chart_page("caseload-by-team-2024-25")).read_text(encoding="utf-8")
    asked = int(re.search(r'height="(\d+)" style="border:0"', chart_page)[1])
    assert asked == static_height(site, "caseload-by-team-2024-25")
