"""The plugin's settings and their defaults; each is documented in the README."""

from pathlib import Path

from .charts import ChartStyle

DEFAULTS = {
    # Folder holding datapackage.yaml, publications.yaml, charts.yaml and the CSV tables.
    "TRANSPARENCY_DATA_PATH": "data",
    # Category given to each kind of publication.
    "TRANSPARENCY_CATEGORIES": {"audit": "Caseload audits", "foi-response": "FOI responses"},
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


def chart_style(settings: dict) -> ChartStyle:
    return ChartStyle(**setting(settings, "TRANSPARENCY_CHART_STYLE"))
