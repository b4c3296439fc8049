"""Pelican signal receivers: load data/ before reading, give content its publication, stop on problems."""

from pathlib import Path

from pelican.readers import Readers

from .errors import DataError
from .figures import SITE_ROOT, Figures, make_templates
from .generator import DataFilesGenerator
from .load import load_site_data
from .reader import FiguresMarkdownReader
from .settings import chart_style, data_path


def load_data(pelican) -> None:
    """Read and check data/ before any content is read; a problem stops the build before output is touched."""
    settings = pelican.settings
    templates = make_templates(Path(settings["THEME"]) / "templates", settings["DEFAULT_DATE_FORMAT"])
    settings["TRANSPARENCY_FIGURES"] = Figures(
        load_site_data(data_path(settings)), templates, chart_style(settings)
    )


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
        raise DataError(figures.problems)


def add_generator(pelican):
    return DataFilesGenerator
