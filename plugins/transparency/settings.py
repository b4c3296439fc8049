"""The plugin's settings, declared with their type, default and meaning, and checked like data."""

import os
import pprint
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .chartstyle import ChartStyle
from .errors import Problem, did_you_mean
from .settingvalues import (
    area_or_none,
    contact_route,
    folder_or_none,
    kind_declarations,
    licence,
    public_url,
    style_keys,
    text,
    workers,
    yes_or_no,
)

PREFIX = "TRANSPARENCY_"


@dataclass(frozen=True)
class Setting:
    """One setting: README's "Settings" section is tested against these declarations."""

    name: str
    default: Any
    about: str
    check: Callable[[Any], str] = lambda value: ""  # what is wrong with a value, or ""


SETTINGS = (
    Setting(
        "TRANSPARENCY_DATA_PATH",
        "data",
        "Folder holding `datapackage.yaml`, `publications.yaml`, `charts.yaml` and the CSV tables.",
        text,
    ),
    Setting(
        "TRANSPARENCY_KINDS",
        {
            "audit": {"category": "Audits", "name": "audit", "folder": "audits"},
            "foi-response": {"category": "FOI responses", "name": "FOI response", "folder": "foi"},
            "survey": {"category": "Surveys", "name": "survey", "folder": "surveys"},
            "official-statistics": {"category": "Official statistics", "name": "release", "folder": None},
        },
        "The kinds of publication the site publishes. Each publication's `kind` in `publications.yaml` must "
        "be one of them; its article lives in `content/<folder>/` (Pelican reads articles from these folders "
        'only) and is listed under `category`; `name` is one publication of the kind in a sentence ("the '
        'previous audit"). `folder: None` for a kind whose publications have no page of their own.',
        kind_declarations,
    ),
    Setting(
        "TRANSPARENCY_CHART_STYLE",
        {},
        "Overrides of the chart style (`colour`, `text_colour`, `font`, `width`, `bar_step`, `font_size`, "
        "`series_colours`, `series_shapes`, `series_dashes`; see `plugins/transparency/charts.py`). "
        "`pelicanconf.py` sets `colour` to the council's brand colour.",
        style_keys,
    ),
    Setting(
        "TRANSPARENCY_CACHE_PATH",
        ".cache/transparency",
        "The one folder (relative to where the build runs) keeping what is slow to make again: chart images "
        "and specs, the Vega bundle, and which tables were found valid, each named by a hash of everything "
        "it is made from and checked when read, so an entry is exactly what making it again would give. "
        "Delete it at any time; a folder that cannot be written only costs speed. `None` keeps nothing.",
        folder_or_none,
    ),
    Setting(
        "TRANSPARENCY_PREVIOUS_OUTPUT",
        None,
        "The folder holding the last good build (`make html` sets `output`): each file it holds that was "
        "made from exactly the same inputs is hard-linked into the new build instead of made again, as its "
        "manifest `.output.outputs.json` beside it records. `None` makes every file.",
        folder_or_none,
    ),
    Setting(
        "TRANSPARENCY_STANDBY",
        False,
        "Whether the folder the build writes into may hold the site before last (`make html` and the "
        "preview leave it in `output.new/` after the swap, and set this): the files there that are the last "
        "good build's own, by inode, are kept where they are instead of linked again, and everything else "
        "there is deleted first. Only with `TRANSPARENCY_PREVIOUS_OUTPUT`.",
        yes_or_no,
    ),
    Setting(
        "TRANSPARENCY_RENDER_WORKERS",
        None,
        "Processes converting charts at once: `None` for as many as the CPUs the build may use, `1` to "
        "convert in the build's own process. The environment variable of the same name, if set, wins (the "
        "benchmark uses it).",
        workers,
    ),
    Setting(
        "TRANSPARENCY_PUBLIC_URL",
        None,
        "The site's public address, without a trailing slash (`https://data.example.gov.uk/caseloads`): "
        "every address that leaves the site (embed snippets, citations and their downloads, JSON-LD, Open "
        "Graph, the sitemap, the data package) starts from it; links between pages stay relative. `None` in "
        "a preview: those addresses use `http://127.0.0.1:8000` and say on the page that they are "
        "placeholders. "
        "`publishconf.py` reads it from the environment variable of the same name and refuses to build "
        "without it; it sets `SITEURL` and `FEED_DOMAIN` (for the feeds) to the same address.",
        public_url,
    ),
    Setting(
        "TRANSPARENCY_SITE_LICENCE",
        {
            "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
            "url": "https://creativecommons.org/licenses/by/4.0/",
        },
        "The licence of the site's own work (its charts, chart titles, descriptions, the team mapping and "
        "the data descriptions; never the sources' figures or words, which keep their publishers' terms): "
        "shown on `/reuse/`, in citations and in `datapackage.json`.",
        licence,
    ),
    Setting(
        "TRANSPARENCY_CONTACT",
        None,
        "How to reach the site's editors (an e-mail address or a web address), printed where a page says "
        "`{{ contact }}` (the contact page and the accessibility statement). `None` in a preview: the pages "
        "say it is not set. `publishconf.py` reads it from the environment variable of the same name and "
        "refuses to build without it.",
        contact_route,
    ),
    Setting(
        "TRANSPARENCY_AREA",
        None,
        "The place the figures cover, for a dataset's JSON-LD `spatialCoverage` where its rows do not say "
        '(a table with an `area` column gives its own places). `pelicanconf.py` sets `"Coventry"`; `None` '
        "states none.",
        area_or_none,
    ),
)
DECLARED = {setting.name: setting for setting in SETTINGS}


def check_settings(settings: Mapping) -> list[Problem]:
    """A problem for each plugin setting that is misspelt or has a value of the wrong shape."""
    problems = []
    for name in settings:
        if name.startswith(PREFIX) and name not in DECLARED:
            problems.append(
                Problem(name, "is not a setting of the plugin", hint=did_you_mean(name, DECLARED))
            )
    for name, declared in DECLARED.items():
        wrong = declared.check(settings.get(name, declared.default))
        if wrong:
            problems.append(Problem(name, wrong))
    return problems


def setting(settings: Mapping, name: str) -> Any:
    return settings.get(name, DECLARED[name].default)


def data_path(settings: Mapping) -> Path:
    return Path(setting(settings, "TRANSPARENCY_DATA_PATH"))


def cache_path(settings: Mapping) -> Path | None:
    folder = setting(settings, "TRANSPARENCY_CACHE_PATH")
    return Path(folder) if folder else None


def previous_output(settings: Mapping) -> Path | None:
    folder = setting(settings, "TRANSPARENCY_PREVIOUS_OUTPUT")
    return Path(folder) if folder else None


def render_workers(settings: Mapping) -> int | None:
    chosen = os.environ.get("TRANSPARENCY_RENDER_WORKERS", "")
    return (
        int(chosen)
        if chosen.isdigit() and int(chosen) > 0
        else setting(settings, "TRANSPARENCY_RENDER_WORKERS")
    )


def chart_style(settings: Mapping) -> ChartStyle:
    """The chart style; check_settings has found any unknown key first."""
    return ChartStyle(**setting(settings, "TRANSPARENCY_CHART_STYLE"))


def publication_kinds(settings: Mapping) -> dict[str, dict]:
    return setting(settings, "TRANSPARENCY_KINDS")


def article_folders(settings: Mapping) -> list[str]:
    """The content folders Pelican reads articles from: one per kind that has pages."""
    return [kind["folder"] for kind in publication_kinds(settings).values() if kind["folder"]]


def readme_section() -> str:
    """The plugin's settings as README documents them (tests/test_settings.py keeps README equal to it):
    `python -m plugins.transparency.settings` prints it."""
    parts = []
    for declared in SETTINGS:
        default, about = repr(declared.default), textwrap.fill(declared.about, 110)
        if len(default) + len(declared.name) > 90:  # a long default goes in a block of its own
            block = pprint.pformat(declared.default, width=100, sort_dicts=False)
            parts.append(f"### `{declared.name}`\n\n{about}\n\nDefault:\n\n```text\n{block}\n```\n")
        else:
            parts.append(f"### `{declared.name} = {default}`\n\n{about}\n")
    return "\n".join(parts)


if __name__ == "__main__":
    print(readme_section(), end="")
