"""Pelican's Markdown reader, with the data shortcodes and each publication's metadata from data/."""

import html

from pelican.readers import MarkdownReader
from pelican.urlwrappers import Category
from pelican.utils import SafeDatetime

from . import keptreads
from .build import build_of
from .errors import Problem, did_you_mean, shown
from .markdown_ext import FiguresExtension
from .model import Publication
from .settings import publication_kinds
from .text import check_text


class FiguresMarkdownReader(MarkdownReader):
    def read(self, source_path):
        build = build_of(self.settings)
        source = shown(source_path)
        raw = read_bytes(source_path)
        name = keptreads.entry_name(build, source, raw)
        kept = name and build.renderer.cache.parse(name, keptreads.parser(self.settings))
        build.reads += 1
        if kept:
            content, metadata, placed = kept
            build.reads_kept += 1
            if placed:
                build.placed[source] = placed
        else:
            problems = len(build.problems)
            with keptreads.Warnings() as warnings:
                content, metadata = self.read_markdown(build, source, source_path)
            # Kept only if the file was not saved again while it was read: its entry is named by its bytes.
            clean = name and len(build.problems) == problems and not warnings.count
            if clean and read_bytes(source_path) == raw:
                placed = list(build.placed.get(source, ()))
                made = keptreads.entry(content, metadata, placed)
                if made is not None:
                    build.renderer.cache.write(name, made)
        add_publication_metadata(self, source, metadata)
        metadata["charts"] = tuple(build.placed.get(source, ()))
        if isinstance(metadata.get("publication"), Publication):
            content = mark_quotes(content, metadata["publication"])
        return content, metadata

    def read_markdown(self, build, source: str, source_path: str) -> tuple[str, dict]:
        """Pelican's Markdown reading, with the shortcodes; each line checked for characters first."""
        with open(source_path, encoding="utf-8", errors="replace") as text:
            for number, line in enumerate(text, start=1):
                check_text(f"{source}, line {number}", line, build.problems)
        markdown = self.settings["MARKDOWN"]
        extension = FiguresExtension(build, source)
        original = self.settings
        # A fresh extension per file, so messages name the file being read.
        self.settings = {
            **original,
            "MARKDOWN": {**markdown, "extensions": [*markdown.get("extensions", []), extension]},
        }
        try:
            return super().read(source_path)
        finally:
            self.settings = original


def read_bytes(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def mark_quotes(content: str, publication: Publication) -> str:
    """In a publication's page, a Markdown quote (> ...) holds the source's own words: say so in the markup,
    with the document it is from, so that readers and tools can tell them from the site's."""
    cite = f' cite="{html.escape(publication.url)}"' if publication.url else ""
    source = html.escape(publication.id)
    return content.replace("<blockquote>", f'<blockquote class="source-words" data-source="{source}"{cite}>')


def add_publication_metadata(reader: FiguresMarkdownReader, source: str, metadata: dict) -> None:
    """Give a page for a publication its title, date, category and slug from data/publications.yaml."""
    if "publication" not in metadata:
        return
    build = build_of(reader.settings)
    wanted = str(metadata["publication"])
    publication = build.data.publications.get(wanted)
    if publication is None:
        build.problems.append(
            Problem(
                source,
                f'names the publication "{wanted}", which is not in data/publications.yaml',
                hint=did_you_mean(wanted, build.data.publications),
            )
        )
        # Stand-ins keep Pelican from stopping first with its own, less helpful, error.
        metadata.setdefault("title", wanted)
        metadata.setdefault("date", SafeDatetime(1970, 1, 1))
        return
    # The page's date is the site's own: when it first published the page. The source's date, where it
    # states one, is shown as such; a date it does not state is never made up.
    dated = publication.first_published or SafeDatetime(1970, 1, 1)  # None: articles.py reports it
    kinds = publication_kinds(reader.settings)
    metadata["publication"] = publication
    metadata.setdefault("title", publication.title)
    metadata.setdefault("slug", publication.id)
    metadata.setdefault("date", SafeDatetime(dated.year, dated.month, dated.day))
    if publication.updates:  # newest first: feeds and the sitemap then show the page changed
        updated = publication.updates[0].date
        metadata.setdefault("modified", SafeDatetime(updated.year, updated.month, updated.day))
    metadata.setdefault("category", Category(kinds[publication.kind]["category"], reader.settings))
