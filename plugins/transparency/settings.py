"""The plugin's settings and their defaults; each is documented in the README."""

from dataclasses import fields
from pathlib import Path

from .charts import ChartStyle
from .errors import Problem, did_you_mean

DEFAULTS = {
    # Folder holding datapackage.yaml, publications.yaml, charts.yaml and the CSV tables.
    "TRANSPARENCY_DATA_PATH": "data",
    # Category given to each kind of publication; a publication of a kind not listed is an error.
    "TRANSPARENCY_CATEGORIES": {
        "audit": "Caseload audits",
        "foi-response": "FOI responses",
        "official-statistics": "Official statistics",
    },
    # Colours and sizes of the charts; see charts.ChartStyle.
    "TRANSPARENCY_CHART_STYLE": {},
    # Folder keeping each chart image rendered, by content, across builds; None renders every build.
    "TRANSPARENCY_CACHE_PATH": ".cache/charts",
}


def setting(settings: dict, name: str):
    return settings.get(name, DEFAULTS[name])


def data_path(settings: dict) -> Path:
    return Path(setting(settings, "TRANSPARENCY_DATA_PATH"))


def cache_path(settings: dict) -> Path | None:
    folder = setting(settings, "TRANSPARENCY_CACHE_PATH")
    return Path(folder) if folder else None


def chart_style(settings: dict, problems: list[Problem]) -> ChartStyle:
    """The chart style the settings give, or the default one with a problem for each unknown key."""
    given = setting(settings, "TRANSPARENCY_CHART_STYLE")
    known = [f.name for f in fields(ChartStyle)]
    if not isinstance(given, dict):
        problems.append(
            Problem("TRANSPARENCY_CHART_STYLE", "is not a dict", "keys such as " + ", ".join(known))
        )
        return ChartStyle()
    unknown = [key for key in given if key not in known]
    for key in unknown:
        problems.append(
            Problem(
                "TRANSPARENCY_CHART_STYLE", f'has an unknown key "{key}"', hint=did_you_mean(str(key), known)
            )
        )
    return ChartStyle() if unknown else ChartStyle(**given)
