"""Read the charts declared in charts.yaml into the model."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import Problem
from .model import Chart
from .publications import named_caveats
from .text import check_id
from .yamlfields import check_keys, check_texts, entries, text_list

CHART_KEYS = {
    "required": ("id", "dataset", "kind", "label", "value", "title", "subtitle"),
    "optional": ("filter", "notes", "caveats", "series", "short_label", "sort"),
}
CHART_TEXTS = ("dataset", "kind", "label", "value", "title", "subtitle", "series", "short_label", "sort")
SORT_ORDERS = ("descending", "ascending")  # `sort`: bars by value, largest or smallest first


def read_charts(
    path: Path, document: Any, caveats: Mapping[str, str], problems: list[Problem]
) -> dict[str, Chart]:
    charts: dict[str, Chart] = {}
    for where, item in entries(path, document, "charts", problems):
        if not check_keys(where, item, CHART_KEYS, problems):
            continue
        if not (
            check_id(where, "id", item["id"], problems) & check_texts(where, item, CHART_TEXTS, problems)
        ):
            continue
        if item["id"] in charts:
            problems.append(Problem(where, f'repeats the chart id "{item["id"]}"', "each chart id once"))
            continue
        chart_filter = item.get("filter") or {}
        if not isinstance(chart_filter, Mapping):
            problems.append(Problem(f'{where}, "filter"', "is not a mapping", "column: value pairs"))
            continue
        if item.get("sort") is not None and (item["sort"] not in SORT_ORDERS or item["kind"] == "line"):
            what = "a line keeps its order" if item["kind"] == "line" else f'"{item["sort"]}" is no order'
            problems.append(
                Problem(f'{where}, "sort"', what, '"descending" or "ascending", for bars or dots')
            )
            continue
        charts[item["id"]] = Chart(
            id=str(item["id"]),
            dataset=str(item["dataset"]),
            kind=str(item["kind"]),
            label=str(item["label"]),
            value=str(item["value"]),
            title=str(item["title"]),
            subtitle=str(item["subtitle"]),
            filter=tuple((str(k), str(v)) for k, v in chart_filter.items()),
            notes=text_list(where, item, "notes", problems),
            caveats=named_caveats(where, item, caveats, problems),
            series=str(item["series"]) if item.get("series") else None,
            short_label=str(item["short_label"]) if item.get("short_label") else None,
            sort=str(item["sort"]) if item.get("sort") else None,
        )
    return charts
