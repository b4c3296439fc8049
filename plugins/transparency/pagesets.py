"""Page sets, declared in data/page-sets.yaml: one page per value of a table's key column (a service, an
area), each with the set's charts filtered to its value, read into the model and checked like other files."""

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from .agreements import unknown_columns
from .errors import Problem, did_you_mean, shown
from .model import Chart, Dataset, PageSet, Row, SetPage, SiteData
from .patterns import check_pattern, fill, slug
from .setcharts import set_charts
from .text import check_id
from .yamlfields import check_keys, check_texts, entries

PAGE_SETS = "page-sets.yaml"
SET_KEYS = {
    "required": ("id", "dataset", "key", "value", "url", "title", "summary", "page_title", "page_summary"),
    "optional": ("columns", "charts", "address", "area_code"),
}
SET_TEXTS = ("id", "dataset", "key", "value", "url", "title", "summary", "page_title", "page_summary")
SET_URL = re.compile(r"(?:[a-z0-9]+(?:-[a-z0-9]+)*/)+")
# Folders the plugin and Pelican write into: a set placed there would overwrite their pages.
TAKEN = ("charts/", "datasets/", "data/", "theme/", "pagefind/", "publications/", "feeds/")


def read_page_sets(
    path: Path, document: Any, site: SiteData, caveats: Mapping[str, str], problems: list[Problem]
) -> tuple[dict[str, PageSet], dict[str, Chart]]:
    """The page sets and the charts made for their pages, by id; an absent file declares none."""
    if document is None:
        return {}, {}
    sets: dict[str, PageSet] = {}
    charts: dict[str, Chart] = {}
    for where, item in entries(path, document, "page_sets", problems):
        found = len(problems)
        if not check_keys(where, item, SET_KEYS, problems) or not check_texts(
            where, item, SET_TEXTS, problems
        ):
            continue
        if not check_id(where, "id", item["id"], problems):
            continue
        if item["id"] in sets:
            problems.append(Problem(where, f'repeats the page set id "{item["id"]}"', "each id once"))
            continue
        page_set = read_page_set(path, where, item, site, sets, problems)
        if page_set is None or len(problems) > found:
            continue
        made = set_charts(path, where, item, page_set, site, caveats, problems)
        for chart_id in made:
            if chart_id in site.charts or chart_id in charts:
                problems.append(
                    Problem(
                        where, f'makes the chart "{chart_id}", which is already declared', "ids of its own"
                    )
                )
        if len(problems) > found:
            continue
        charts.update(made)
        pages = tuple(
            replace(page, charts=tuple(c for c in made if made[c].filter[-1] == (page_set.key, page.key)))
            for page in page_set.pages
        )
        sets[page_set.id] = replace(page_set, pages=pages)
    return sets, charts


def read_page_set(
    path: Path,
    where: str,
    item: Mapping,
    site: SiteData,
    sets: Mapping[str, PageSet],
    problems: list[Problem],
) -> PageSet | None:
    name = str(item["dataset"])
    if name not in site.datasets:
        problems.append(
            Problem(
                f'{where}, "dataset"',
                f'names the dataset "{name}", which does not exist',
                "a resource name from data/datapackage.yaml, or a comparison's id",
                did_you_mean(name, site.datasets),
            )
        )
        return None
    dataset = site.datasets[name]
    columns = item.get("columns") or []
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        problems.append(Problem(f'{where}, "columns"', "is not a list of column names", "[column, ...]"))
        return None
    used = [("key", item["key"]), ("value", item["value"])] + [("columns", c) for c in columns]
    used += [(key, item[key]) for key in ("address", "area_code") if item.get(key)]
    unknown = unknown_columns(where, dataset, [(role, str(column)) for role, column in used])
    if unknown:
        problems.extend(unknown)
        return None
    if not dataset.field(str(item["value"])).is_number:
        problems.append(Problem(f'{where}, "value"', f'"{item["value"]}" is not a number column', "one"))
        return None
    # The column of ONS GSS codes: the one the set names, or the one the table's schema declares.
    area_code = item.get("area_code") or getattr(dataset.area_code_field, "name", None)
    if item.get("area_code") and not dataset.field(str(area_code)).is_area_code:
        problems.append(
            Problem(
                f'{where}, "area_code"',
                f'names the column "{area_code}", which the schema does not declare as holding ONS GSS codes',
                'a field with "area_code: true" in data/datapackage.yaml, whose codes the build checks',
            )
        )
        return None
    if "publication" not in dataset.field_names and not dataset.period_field:
        problems.append(
            Problem(
                where,
                f'uses dataset "{name}", whose rows do not say when each figure is from',
                'a table with a "publication" column, or a "period_field" in data/datapackage.yaml',
            )
        )
        return None
    url = str(item["url"])
    nested = any(url.startswith(other.url) or other.url.startswith(url) for other in sets.values())
    if not SET_URL.fullmatch(url) or url.startswith(TAKEN) or nested:
        problems.append(
            Problem(
                f'{where}, "url"',
                f'"{url}" cannot hold the set\'s pages',
                "a folder of the site of its own, in lower-case letters, digits and hyphens, ending in /, "
                "such as services/; not one of " + ", ".join(TAKEN),
            )
        )
        return None
    pages = set_pages(path, where, item, dataset, site, problems, area_code)
    if pages is None:
        return None
    return PageSet(
        id=str(item["id"]),
        dataset=name,
        key=str(item["key"]),
        value=str(item["value"]),
        url=url,
        title=" ".join(str(item["title"]).split()),
        summary=" ".join(str(item["summary"]).split()),
        pages=pages,
        columns=tuple(columns),
        area_code=str(area_code) if area_code else None,
    )


def in_time_order(site: SiteData, dataset: Dataset, rows: list[Row]) -> list[Row]:
    """Oldest first: by the table's period column, or by the start of each row's publication."""
    if dataset.period_field:
        return sorted(rows, key=lambda row: row[dataset.period_field])
    return sorted(rows, key=lambda row: site.publications[row["publication"]].period.start)


def set_pages(
    path: Path,
    where: str,
    item: Mapping,
    dataset: Dataset,
    site: SiteData,
    problems: list[Problem],
    area_code: str | None = None,
) -> tuple[SetPage, ...] | None:
    """One page per value of the key, in the table's order, its rows oldest first."""
    key, address = str(item["key"]), str(item.get("address") or item["key"])
    groups: dict[str, list[Row]] = {}
    for row in dataset.rows:
        groups.setdefault(str(row[key]), []).append(row)
    # The columns with one value on each page: the key, and such as a code or a region, for the patterns.
    fixed = [
        name for name in dataset.field_names if all(len({r[name] for r in g}) == 1 for g in groups.values())
    ]
    for pattern in ("page_title", "page_summary"):
        if not check_pattern(f'{where}, "{pattern}"', str(item[pattern]), fixed, problems):
            return None
    for role, column in (("address", address), ("area_code", area_code)):
        if column and column not in fixed:
            problems.append(
                Problem(
                    f'{where}, "{role}"',
                    f'the column "{column}" has more than one value for some {key}',
                    "a column with one value per page, such as its code",
                )
            )
            return None
    pages, by_url = [], {}
    for value, rows in groups.items():
        url = f"{item['url']}{slug(str(rows[0][address]))}/"
        if url == item["url"] or url in by_url:
            what = (
                "gives no address" if url == item["url"] else f'has the same address {url} as "{by_url[url]}"'
            )
            problems.append(
                Problem(
                    f'{shown(path)}, page set "{item["id"]}", page "{value}"',
                    what,
                    f'a value of "{address}" with letters or digits, different for every page',
                )
            )
            continue
        by_url[url] = value
        pages.append(
            SetPage(
                key=value,
                url=url,
                title=fill(str(item["page_title"]), rows[0]),
                summary=fill(str(item["page_summary"]), rows[0]),
                rows=tuple(in_time_order(site, dataset, rows)),
            )
        )
    return tuple(pages)
