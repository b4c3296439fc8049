"""What the warm preview keeps between its rebuilds, and exactly when each piece may be used again.

The preview's build process (warmbuild.py) runs one build after another, and keeps two things:

- data/ as loaded (the SiteData), used again only while every file of the data folder is byte for byte
  what it was, and the kinds of publication are the same;
- each article as the Markdown reader read it (its HTML and metadata), used again only while its file is
  byte for byte the same, the settings and the theme are the same (`begin`), data/'s declarations
  (publications, charts, comparisons, page sets, agreements, the package) are equal, and no table the
  article reaches has changed. A table is reached through the article's shortcodes ({{ chart }} its
  dataset, {{ value }} its dataset, {{ changes }} the compared table) and, from those, through
  comparisons (their table and mapping) and agreements (both tables), until nothing more is reached.

A read that found a problem is never kept, so the next build reports it again. Everything else (the chart
images, which the cache folder keeps by content; every page and file) is made again by every build.
`install` puts the two in place of the plugin's own functions, in this process only.
"""

import hashlib
import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from pelican.urlwrappers import URLWrapper

from . import pelican_hooks
from .build import build_of
from .errors import shown
from .load import load_site_data
from .markdown_ext import CHANGES, CHART, VALUE
from .model import SiteData
from .outputs import NOT_MADE_FROM
from .reader import FiguresMarkdownReader

DECLARATIONS = ("publications", "charts", "comparisons", "package", "agreeing", "page_sets")
ADDRESS = re.compile(r" at 0x[0-9a-f]+")  # in the repr of a function or object made by the settings file


@dataclass
class Read:
    text: bytes  # the article's file as it was read
    reached: frozenset[str]  # the datasets it reaches
    content: str
    metadata: dict
    placed: list[str]  # the chart ids it places, for Build.placed


class Kept:
    """The state kept between builds, and counts of what was used again (printed after each build)."""

    def __init__(self) -> None:
        self.data_key: tuple | None = None
        self.data: SiteData | None = None
        self.reads: dict[str, Read] = {}
        self.environment = ""
        self.counts = {"data kept": 0, "articles kept": 0, "articles read": 0}

    def forget(self) -> None:
        self.__init__()


KEPT = Kept()
ORIGINAL_READ = FiguresMarkdownReader.read


def install() -> None:
    pelican_hooks.load_site_data = warm_load
    FiguresMarkdownReader.read = warm_read


def folder_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for directory, subfolders, names in os.walk(folder, followlinks=True):
        subfolders.sort()
        for name in sorted(names):
            path = Path(directory, name)
            try:
                content = path.read_bytes()
            except OSError:
                content = b"\0unreadable"
            digest.update(f"{path.relative_to(folder)}\0".encode("utf-8", "surrogateescape"))
            digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()


def stable(value: object) -> str:
    """A repr of the settings that is the same for equal settings read twice (no objects' addresses)."""
    return ADDRESS.sub("", repr(value))


def begin(settings: dict) -> None:
    """Before a build: if the settings or the theme differ from the last build's, keep no read article."""
    # Where output goes, and where images are converted (the preview converts in-process after its first
    # build), change no page.
    named = sorted((k, v) for k, v in settings.items() if k not in NOT_MADE_FROM)
    text = stable(named) + folder_digest(Path(settings["THEME"]))
    environment = hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()
    if environment != KEPT.environment:
        KEPT.reads.clear()
        KEPT.environment = environment


def warm_load(data_dir: Path, cache=None, kinds=None) -> SiteData:
    """load.load_site_data, but data/ as it was loaded last when no file in it has changed since."""
    # Taken before reading: a file saved while data/ is read makes the next build read it again.
    key = (str(Path(data_dir).resolve()), None if kinds is None else tuple(sorted(kinds)))
    key += (folder_digest(Path(data_dir)),)
    if KEPT.data is not None and key == KEPT.data_key:
        KEPT.counts["data kept"] += 1
        return KEPT.data
    data = load_site_data(data_dir, cache, kinds=kinds)  # a DataError leaves the last good data kept
    if KEPT.data is not None:
        keep_reads_still_true(KEPT.data, data)
    KEPT.data, KEPT.data_key = data, key
    return data


def keep_reads_still_true(old: SiteData, new: SiteData) -> None:
    """Forget every read article that the change from old to new data may change."""
    if any(getattr(old, name) != getattr(new, name) for name in DECLARATIONS):
        KEPT.reads.clear()
        return
    names = old.datasets.keys() | new.datasets.keys()
    changed = {name for name in names if old.datasets.get(name) != new.datasets.get(name)}
    for path in [path for path, read in KEPT.reads.items() if read.reached & changed]:
        del KEPT.reads[path]


def reached_by(text: bytes, data: SiteData) -> frozenset[str] | None:
    """The datasets an article's shortcodes reach, directly or through comparisons and agreements; None
    if that cannot be told (the article is then read again every build)."""
    try:
        lines = text.decode("utf-8").splitlines()
        names = set()
        for line in lines:
            chart, changes = CHART.match(line), CHANGES.match(line)
            if chart:
                names.add(data.charts[chart["id"]].dataset)
            elif changes:
                names.add(changes["comparison"])
            names.update(shlex.split(found["args"])[0] for found in VALUE.finditer(line))
    except (UnicodeDecodeError, KeyError, ValueError, IndexError):
        return None
    while True:
        more = {n for c in data.comparisons.values() if c.id in names for n in (c.dataset, c.mapping)}
        more |= {n for d, other, _ in data.agreeing if names & {d, other} for n in (d, other)}
        if more <= names:
            return frozenset(names)
        names |= more


def for_settings(metadata: dict, settings: dict) -> dict:
    """A copy of kept metadata whose categories, tags and authors belong to this build's settings."""

    def renew(value):
        return type(value)(value.name, settings) if isinstance(value, URLWrapper) else value

    return {
        key: [renew(v) for v in value] if isinstance(value, list) else renew(value)
        for key, value in metadata.items()
    }


def warm_read(reader: FiguresMarkdownReader, source_path: str):
    """FiguresMarkdownReader.read, but an article read by an earlier build, and still true, as it was."""
    build = build_of(reader.settings)
    path = str(Path(source_path).resolve())
    try:
        text = Path(source_path).read_bytes()
    except OSError:
        return ORIGINAL_READ(reader, source_path)
    kept = KEPT.reads.get(path)
    if kept is not None and kept.text == text and build.data is KEPT.data:
        KEPT.counts["articles kept"] += 1
        if kept.placed:
            build.placed[shown(source_path)] = list(kept.placed)
        return kept.content, for_settings(kept.metadata, reader.settings)
    KEPT.reads.pop(path, None)
    KEPT.counts["articles read"] += 1
    problems = len(build.problems)
    content, metadata = ORIGINAL_READ(reader, source_path)
    reached = reached_by(text, build.data)
    if len(build.problems) == problems and reached is not None and build.data is KEPT.data:
        placed = list(build.placed.get(shown(source_path), ()))
        KEPT.reads[path] = Read(text, reached, content, for_settings(metadata, reader.settings), placed)
    return content, metadata
