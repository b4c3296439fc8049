"""Figures given as official statistics symbols, in a real browser: the made-up national table of
tests/fixtures/symbols built into a copy of the site, its chart pages, embed and dataset page checked by axe
(light, dark, 320 px wide) and for horizontal scrolling on a phone, as every page of the real site is."""

import threading
from collections.abc import Iterator
from functools import partial
from http.server import ThreadingHTTPServer

import pytest
from site_build import built_once
from test_symbols import CHARTS, NAME, build_symbols_site

from plugins.transparency import urls

from . import accessibility, layout
from .conftest import QuietHandler

PAGES = [
    *(urls.chart_page(chart_id) for chart_id in CHARTS),
    *(urls.chart_embed(chart_id) for chart_id, chart in CHARTS.items() if chart["kind"] != "table"),
    urls.dataset_page(NAME),
]


@pytest.fixture(scope="module")
def symbols_url() -> Iterator[str]:
    site = built_once("symbols-site", build_symbols_site)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("symbols_path", PAGES)
def test_a_page_with_symbols_passes_axe_and_fits_a_phone(browser, symbols_url, symbols_path):
    desktop, phone = browser.new_context(), browser.new_context(**layout.PHONE)
    try:
        page = desktop.new_page()
        page.goto(symbols_url + symbols_path, wait_until="load")
        accessibility.axe_finds_no_wcag_violations_in_light_and_dark_mode_and_on_a_phone(
            page, desktop.new_cdp_session(page)
        )
        on_phone = phone.new_page()
        on_phone.goto(symbols_url + symbols_path, wait_until="load")
        layout.no_horizontal_scrolling_at_320_css_pixels(on_phone)
    finally:
        desktop.close()
        phone.close()
