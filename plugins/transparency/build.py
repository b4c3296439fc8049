"""What one site build knows: its data, templates, chart files and the problems found in content."""

import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import jinja2

from .chartfiles import ChartFiles
from .chartstyle import ChartStyle
from .errors import Problem
from .model import SiteData
from .outputs import Outputs
from .render import Renderer


@dataclass
class Build:
    """One build's state, made once data/ is read, used by every page."""

    data: SiteData
    templates: jinja2.Environment  # the theme's templates, for the figures placed inside content
    style: ChartStyle = ChartStyle()
    renderer: Renderer = field(default_factory=Renderer)
    kind_names: dict[str, str] = field(default_factory=dict)  # "foi-response": "FOI response"
    problems: list[Problem] = field(default_factory=list)  # found while reading content, reported together
    placed: dict[str, list[str]] = field(default_factory=dict)  # chart ids placed, by content file
    reads: int = 0  # content files read
    reads_kept: int = 0  # of which taken as a previous build read them (keptreads.py)
    started: float = field(default_factory=time.perf_counter)
    contact: str | None = None  # the site editors' e-mail or web address (TRANSPARENCY_CONTACT)
    outputs: Outputs | None = None  # what is carried over from the previous build, and this one's manifest
    charts: ChartFiles = field(init=False)

    def __post_init__(self) -> None:
        digests = self.outputs and self.outputs.digests
        self.charts = ChartFiles(self.data, self.renderer, self.style, digests=digests)


# Pelican gives each hook a different handle on the build (the Pelican object, a generator, a reader, a
# content object), but every one of them holds the very same settings dict, for the whole of one build. So
# the build's state is kept here, keyed by that dict's identity, rather than as a runtime object inside the
# settings (which are the site's configuration, checked against declared names and printed by tools), or in
# Pelican's template context (which readers cannot see). `begin` is called first by every build
# (pelican_hooks.load_data), so an entry left by a build that stopped early is simply replaced.
BUILDS: dict[int, Build] = {}


def begin(settings: Mapping, build: Build) -> Build:
    BUILDS[id(settings)] = build
    return build


def build_of(settings: Mapping) -> Build:
    """The state of the build these settings belong to."""
    return BUILDS[id(settings)]


def end(settings: Mapping) -> Build:
    """Forget a finished build, so a process running many builds (the tests, a preview server) keeps none."""
    return BUILDS.pop(id(settings))
