"""Pelican signal receivers: load data/ before reading, give content its publication, stop on problems."""

import time
from pathlib import Path
from typing import NoReturn

from pelican.log import console
from pelican.readers import Readers

from .errors import DataError
from .figures import SITE_ROOT, Figures, make_templates
from .generator import SiteFilesGenerator
from .load import load_site_data
from .reader import FiguresMarkdownReader
from .render import Renderer
from .settings import cache_path, chart_style, data_path


def load_data(pelican) -> None:
    """Read and check data/ before any content is read; a problem stops the build before output is touched."""
    settings = pelican.settings
    settings["TRANSPARENCY_STARTED"] = time.perf_counter()
    templates = make_templates(Path(settings["THEME"]) / "templates", settings["DEFAULT_DATE_FORMAT"])
    try:
        charts_cache = cache_path(settings)
        # Validated tables are remembered beside the chart cache, so one setting places (or disables) both.
        data = load_site_data(
            data_path(settings), charts_cache.parent / "tables.pickle" if charts_cache else None
        )
    except DataError as error:
        stop_build(error)
    settings["TRANSPARENCY_FIGURES"] = Figures(
        data, templates, chart_style(settings), renderer=Renderer(cache_path(settings))
    )


def stop_build(error: DataError) -> NoReturn:
    """Print the problems alone and exit non-zero: Pelican would print them inside a long traceback."""
    raise SystemExit(str(error))


def use_figures_reader(readers: Readers) -> None:
    for extension in FiguresMarkdownReader.file_extensions:
        readers.reader_classes[extension] = FiguresMarkdownReader


def resolve_site_links(content) -> None:
    """Point links to the site's own files from wherever this page ends up."""
    if not getattr(content, "_content", None) or SITE_ROOT not in content._content:
        return
    if content.settings.get("RELATIVE_URLS"):
        depth = content.url.count("/") if content.url else 0
        root = "/".join([".."] * depth) or "."
    else:
        root = content.settings["SITEURL"]
    content._content = content._content.replace(SITE_ROOT, root)


def stop_on_content_problems(generators) -> None:
    figures = generators[0].settings["TRANSPARENCY_FIGURES"]
    if figures.problems:
        stop_build(DataError(figures.problems))


def add_generator(pelican):
    return SiteFilesGenerator


def report_build(pelican) -> None:
    """End every build with one line: what was built, how many chart images came from the cache, how fast."""
    figures = pelican.settings["TRANSPARENCY_FIGURES"]
    renderer = figures.renderer
    pages = sum(1 for _ in Path(pelican.output_path).rglob("*.html"))
    seconds = time.perf_counter() - pelican.settings["TRANSPARENCY_STARTED"]
    console.print(
        f"Built {len(figures.data.datasets)} datasets, {len(figures.data.charts)} charts "
        f"({renderer.rendered} images rendered, {renderer.cached} from cache), "
        f"{pages} pages in {seconds:.1f} s",
        markup=False,
        highlight=False,
    )
