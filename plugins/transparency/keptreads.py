"""An article as the Markdown reader made it, kept in the cache by everything its reading depends on, so a
build that carries files over (`make html`, the preview) reads again only the articles whose file, or the
data they cite, changed.

An entry is named by a digest of: the build's environment (settings, theme, plugin, Python and packages:
outputs.environment), the file's name and bytes, data/'s declarations (publications, charts, comparisons,
the package, agreements, page sets), and every table the article reaches: through its shortcodes ({{ chart }}
its table, {{ value }} its table, {{ changes }} the compared table) and from those through comparisons and
agreements, until nothing more is reached. A read that found a problem or logged a warning is never kept,
so the next build says it again; an entry is led by its own hash, so a damaged one is read again.
"""

import json
import logging
import shlex
from datetime import datetime

from pelican.urlwrappers import Author, Category, Tag, URLWrapper
from pelican.utils import SafeDatetime

from .build import Build
from .cache import checked_text, led_by_hash
from .fingerprint import sha
from .markdown_ext import CHANGES, CHART, VALUE
from .model import SiteData

DECLARATIONS = ("publications", "charts", "comparisons", "package", "agreeing", "page_sets")
WRAPPERS = {wrapper.__name__: wrapper for wrapper in (Author, Category, Tag)}


def reached_by(text: str, data: SiteData) -> frozenset[str] | None:
    """The tables an article's shortcodes reach, directly or through comparisons and agreements; None if
    that cannot be told (the article is then read again every build)."""
    names = set()
    try:
        for line in text.splitlines():
            chart, changes = CHART.match(line), CHANGES.match(line)
            if chart:
                names.add(data.charts[chart["id"]].dataset)
            elif changes:
                names.add(changes["comparison"])
            names.update(shlex.split(found["args"])[0] for found in VALUE.finditer(line))
    except (KeyError, ValueError, IndexError):
        return None
    while True:
        more = {n for c in data.comparisons.values() if c.id in names for n in (c.dataset, c.mapping)}
        more |= {n for d, other, _ in data.agreeing if names & {d, other} for n in (d, other)}
        if more <= names:
            return frozenset(names)
        names |= more


def entry_name(build: Build, source: str, raw: bytes) -> str | None:
    """The cache entry for this read, or None when it is not to be kept (a clean build keeps none)."""
    outputs = build.outputs
    if outputs is None:
        return None
    try:
        reached = reached_by(raw.decode("utf-8"), build.data)
    except UnicodeDecodeError:
        return None
    if reached is None:
        return None
    data = build.data
    made_from = [outputs.made_from, source, sha(raw.hex())]
    made_from += [getattr(data, name) for name in DECLARATIONS]
    made_from += [{name: data.datasets.get(name) for name in sorted(reached)}]
    return f"{outputs.digests.of(made_from)}.read.json"


def encoded(value: object) -> object:
    """Metadata as JSON, each value tagged with its type; ValueError for a type it cannot tell again."""
    if isinstance(value, str):
        return {"str": value}
    if isinstance(value, datetime):
        return {"date": value.isoformat()}
    if isinstance(value, URLWrapper) and type(value).__name__ in WRAPPERS:
        return {type(value).__name__: value.name}
    if isinstance(value, list):
        return {"list": [encoded(item) for item in value]}
    raise ValueError(f"metadata of type {type(value).__name__}")


def decoded(value: dict, settings: dict) -> object:
    ((kind, inner),) = value.items()
    if kind == "str":
        return inner
    if kind == "date":
        return SafeDatetime.fromisoformat(inner)
    if kind == "list":
        return [decoded(item, settings) for item in inner]
    if kind in WRAPPERS:
        return WRAPPERS[kind](inner, settings)
    raise ValueError(f"unknown kind of metadata {kind!r}")


def entry(content: str, metadata: dict, placed: list[str]) -> bytes | None:
    """What is kept for a read, led by its hash; None when its metadata cannot be kept."""
    try:
        kept = {k: encoded(v) for k, v in metadata.items()}
    except ValueError:
        return None
    return led_by_hash(json.dumps({"content": content, "metadata": kept, "placed": placed}))


def parser(settings: dict):
    """Cache.parse's reader of an entry: (content, metadata, placed chart ids), or None if damaged."""

    def parse(data: bytes) -> tuple[str, dict, list[str]] | None:
        text = checked_text(data)
        if text is None:
            return None
        kept = json.loads(text)
        metadata = {k: decoded(v, settings) for k, v in kept["metadata"].items()}
        return kept["content"], metadata, list(kept["placed"])

    return parse


class Warnings(logging.Handler):
    """Counts the warnings Pelican (or Markdown) logs while one file is read: such a read is not kept."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    def __enter__(self) -> "Warnings":
        logging.getLogger().addHandler(self)
        return self

    def __exit__(self, *raised) -> None:
        logging.getLogger().removeHandler(self)
