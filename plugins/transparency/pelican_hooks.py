"""Pelican signal receivers: load data/ before reading, start the chart images, resolve content's links to
the plugin's files, stop on problems and end with a summary."""

import os
import time
from pathlib import Path
from typing import NoReturn

from pelican.log import console
from pelican.readers import Readers

from . import urls
from .articles import article_problems
from .build import Build, begin, build_of, end
from .cache import Cache
from .errors import DataError
from .figures import make_templates
from .generator import SiteFilesGenerator
from .load import load_site_data
from .outputs import Outputs, environment
from .pagewriter import CarryingWriter
from .reader import FiguresMarkdownReader
from .render import Renderer
from .settings import (
    article_folders,
    cache_path,
    chart_style,
    check_settings,
    data_path,
    previous_output,
    publication_kinds,
    render_workers,
    setting,
)
from .siteinfo import address_problems


def load_data(pelican) -> None:
    """Read and check data/ before any content is read; a problem stops the build before output is touched."""
    settings = pelican.settings
    started = time.perf_counter()
    templates = make_templates(Path(settings["THEME"]) / "templates", settings["DEFAULT_DATE_FORMAT"])
    # Settings are checked before anything is read or drawn, so a wrong one stops the build at once.
    problems = check_settings(settings) or address_problems(settings)
    if problems:
        stop_build(DataError(problems))
    # Articles are read from the folders of the kinds of publication, declared once in TRANSPARENCY_KINDS.
    settings["ARTICLE_PATHS"] = article_folders(settings)
    try:
        # One cache folder keeps the chart images, the specs and which tables were found valid.
        kinds = set(publication_kinds(settings))
        data = load_site_data(data_path(settings), Cache(cache_path(settings)), kinds=kinds)
    except DataError as error:
        stop_build(error)
    renderer = Renderer(cache_path(settings), workers=render_workers(settings))
    names = {kind: declared["name"] for kind, declared in publication_kinds(settings).items()}
    contact = setting(settings, "TRANSPARENCY_CONTACT")
    previous = previous_output(settings)
    # Only a build told where the last good site is (sitebuild.py) carries files over and keeps a manifest.
    # A standby folder (standby.py) is reused unless Pelican is to empty it first.
    standing = setting(settings, "TRANSPARENCY_STANDBY") and not settings.get("DELETE_OUTPUT_DIRECTORY")
    made_from = previous and environment(settings)
    outputs = previous and Outputs(Path(settings["OUTPUT_PATH"]), previous, made_from, standing)
    CarryingWriter.outputs = outputs
    begin(
        settings,
        Build(
            data,
            templates,
            chart_style(settings),
            renderer,
            names,
            started=started,
            contact=contact,
            outputs=outputs,
        ),
    )


def start_chart_images(articles_generator) -> None:
    """Before any content is read (which places the charts), start drawing every chart's images in worker
    processes, so that they are ready by the time the pages ask for them."""
    build_of(articles_generator.settings).charts.prepare_all(articles_generator.settings)


def stop_build(error: DataError) -> NoReturn:
    """Print the problems alone and exit non-zero: Pelican would print them inside a long traceback."""
    raise SystemExit(str(error))


def use_figures_reader(readers: Readers) -> None:
    for extension in FiguresMarkdownReader.file_extensions:
        readers.reader_classes[extension] = FiguresMarkdownReader


def resolve_site_links(content) -> None:
    """Point links to the site's own files from wherever this page ends up."""
    if not getattr(content, "_content", None) or urls.SITE_ROOT not in content._content:
        return
    content._content = urls.resolve(
        content._content,
        content.url or "",
        relative=bool(content.settings.get("RELATIVE_URLS")),
        siteurl=content.settings["SITEURL"],
    )


def stop_on_content_problems(generators) -> None:
    settings = generators[0].settings
    build = build_of(settings)
    # An article naming a wrong publication also leaves the right one without: report the cause alone.
    problems = list(build.problems) or article_problems(
        settings, build.data, generators[0].context.get("articles", ())
    )
    if problems:
        end(settings)
        stop_build(DataError(problems))


def add_generator(pelican):
    return SiteFilesGenerator


def use_carrying_writer(pelican):
    return CarryingWriter


def report_build(pelican) -> None:
    """End every build with one line: what was built, how many chart images came from the cache, how fast."""
    build = end(pelican.settings)
    renderer = build.renderer
    if build.outputs is not None:
        build.outputs.save()  # first: it deletes what a standby folder held that this site has not
    # os.walk, not Path.rglob: half the time over a national site's 14,000 files.
    pages = sum(name.endswith(".html") for _, _, names in os.walk(pelican.output_path) for name in names)
    seconds = time.perf_counter() - build.started
    carried = ""
    if build.outputs is not None:
        CarryingWriter.outputs = None
        carried = (
            f", {build.outputs.carried} of {len(build.outputs.files)} files carried over unchanged"
            f", {build.reads_kept} of {build.reads} content files as read before"
        )
    console.print(
        f"Built {len(build.data.datasets)} datasets, {len(build.data.charts)} charts "
        f"({renderer.rendered} images rendered, {renderer.cached} from cache), "
        f"{pages} pages in {seconds:.1f} s{carried}",
        markup=False,
        highlight=False,
    )
