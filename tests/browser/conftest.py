"""Build the real site once, serve it on 127.0.0.1 and drive Debian's Chromium over it with Playwright."""

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# The checks that tests/browser/test_pages.py runs on every page live in plain modules: pytest rewrites their
# asserts too, so a failed check says what it found.
pytest.register_assert_rewrite(
    "browser.accessibility", "browser.charts", "browser.interactive", "browser.layout"
)

from bs4 import BeautifulSoup  # noqa: E402
from playwright.sync_api import Browser, Page, Request, sync_playwright  # noqa: E402
from site_build import built_once, pelican_site  # noqa: E402

from conftest import ROOT  # noqa: E402
from plugins.transparency import urls  # noqa: E402
from plugins.transparency.load import load_site_data  # noqa: E402

# Debian's Chromium, installed by .ci/run: Playwright never downloads a browser of its own.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# The machine's network is closed: without these Chromium keeps trying to reach Google's hosts.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The strictest policy a host can send: no inline script or style, no eval, nothing from another host.
# Every file is served under it but the search page and Pagefind's own files (its worker compiles
# WebAssembly), which need 'wasm-unsafe-eval' and no more.
CONTENT_SECURITY_POLICY = "default-src 'self'"
SEARCH_CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"
# Pagefind's options, as the Makefile's html target runs it.
PAGEFIND_OPTIONS = [
    "--quiet",
    "--root-selector",
    "main",
    "--glob",
    "{index.html,*/index.html,*/*/index.html}",
]


def build_site(output: Path) -> None:
    """Build the site as `make html` does: Pelican (the run's one build, copied), then the Pagefind search index."""
    shutil.copytree(pelican_site(), output)
    command = [sys.executable, "-m", "pagefind", *PAGEFIND_OPTIONS, "--site", str(output)]
    index = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert index.returncode == 0, index.stdout + index.stderr


@cache
def built_site() -> Path:
    """The site, built once per run for every worker: tests are parametrised by its pages, so it is built at
    collection."""
    return built_once("browser-site", build_site)


@cache
def repeated_pages() -> frozenset[str]:
    """The pages of each page set after its first, with their charts' pages and embeds: one template and one
    shape of data make them all, so a browser checks the set's index and first page (and its chart); every
    page's figures are checked without a browser (tests/test_pagesets.py)."""
    data = load_site_data(ROOT / "data")
    return frozenset(
        url
        for page_set in data.page_sets.values()
        for page in page_set.pages[1:]
        for url in (page.url, *(u(c) for c in page.charts for u in (urls.chart_page, urls.chart_embed)))
    )


@cache
def every_page() -> tuple[str, ...]:
    """Every HTML page of the site, as the path a browser asks for ("publications/x/" for .../index.html)."""
    site = built_site()
    paths = (path.relative_to(site).as_posix() for path in sorted(site.rglob("*.html")))
    return tuple(path.removesuffix("index.html") for path in paths if not path.startswith("pagefind/"))


@cache
def site_pages() -> tuple[str, ...]:
    """The pages checked in every view: every page but the repeated pages of page sets."""
    return tuple(page for page in every_page() if page not in repeated_pages())


@cache
def chart_pages() -> tuple[str, ...]:
    """The pages that hold at least one chart (a figure with an inline SVG)."""
    site = built_site()
    return tuple(
        page
        for page in site_pages()
        if BeautifulSoup(page_file(site, page).read_text(encoding="utf-8"), "html.parser").select(
            "figure svg"
        )
    )


def page_file(site: Path, page: str) -> Path:
    return site / (page + "index.html" if page == "" or page.endswith("/") else page)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    for name, pages in (("path", site_pages), ("chart_path", chart_pages)):
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, pages(), ids=lambda path: path or "home")


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the site as a strict host would: nothing but the site's own files may run or style a page."""

    def end_headers(self):
        search = urlsplit(self.path).path.startswith(("/search/", "/pagefind/"))
        policy = SEARCH_CONTENT_SECURITY_POLICY if search else CONTENT_SECURITY_POLICY
        self.send_header("Content-Security-Policy", policy)
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the standard library's signature
        pass


@pytest.fixture(scope="session")
def site() -> Path:
    return built_site()


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    """The site served over HTTP on 127.0.0.1, on a free port, from a thread."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium. In CI (CI=true) a browser that cannot start fails the tests instead of skipping them."""
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    except Exception as error:
        playwright.stop()
        message = (
            f"Chromium could not be started from {CHROMIUM} (.ci/run installs Debian's chromium): {error}"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    yield chromium
    chromium.close()
    playwright.stop()


@dataclass
class Visit:
    """A page opened in its own browser context, with what it logged and asked for."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)  # every request the page made, in order


@pytest.fixture
def visit(browser: Browser, base_url: str) -> Iterator[Callable[..., Visit]]:
    """Open a page of the site: visit("publications/", viewport=..., color_scheme=..., java_script_enabled=...)."""
    contexts = []
    own_host = urlsplit(base_url).netloc

    def open_page(path: str, **context_options) -> Visit:
        context = browser.new_context(**context_options)
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page)

        def route(route):
            address = urlsplit(route.request.url)
            if address.scheme in ("http", "https") and address.netloc != own_host:
                seen.foreign_requests.append(route.request.url)
                route.abort()
            else:
                route.continue_()

        context.route("**/*", route)
        page.on(
            "console", lambda message: message.type == "error" and seen.console_errors.append(message.text)
        )
        page.on("pageerror", lambda error: seen.console_errors.append(str(error)))
        page.on(
            "response",
            lambda response: (
                response.status >= 400 and seen.failed_requests.append(f"{response.status} {response.url}")
            ),
        )
        page.on("request", lambda request: seen.requests.append(request))
        page.on("requestfailed", lambda request: seen.failed_requests.append(f"failed {request.url}"))
        page.goto(base_url + path, wait_until="load")
        return seen

    yield open_page
    for context in contexts:
        context.close()
