"""Page sets, declared in data/page-sets.yaml: one page per value of a table's key column (a service, an
area), each with the set's charts filtered to its value, read into the model and checked like other files."""

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from .agreements import unknown_columns
from .chart_declarations import read_charts
from .errors import Problem, did_you_mean, shown
from .model import Chart, Dataset, PageSet, Row, SetPage, SiteData
from .patterns import check_pattern, fill, slug
from .text import check_id
from .validate import check_chart
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
    if not SET_URL.fullmatch(url) or url.startswith(TAKEN) or any(s.url == url for s in sets.values()):
        problems.append(
            Problem(
                f'{where}, "url"',
                f'"{url}" cannot hold the set\'s pages',
                "a folder of the site of its own, in lower-case letters, digits and hyphens, ending in /, "
                "such as services/; not one of " + ", ".join(TAKEN),
            )
        )
        return None
    pages = set_pages(path, where, item, dataset, site, problems)
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
        area_code=str(item["area_code"]) if item.get("area_code") else None,
    )


def in_time_order(site: SiteData, dataset: Dataset, rows: list[Row]) -> list[Row]:
    """Oldest first: by the start of each row's publication, or by the table's period column."""
    if "publication" in dataset.field_names:
        return sorted(rows, key=lambda row: site.publications[row["publication"]].period.start)
    return sorted(rows, key=lambda row: row[dataset.period_field])


def set_pages(
    path: Path, where: str, item: Mapping, dataset: Dataset, site: SiteData, problems: list[Problem]
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
    if address not in fixed:
        problems.append(
            Problem(
                f'{where}, "address"',
                f'the column "{address}" has more than one value for some {key}',
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


def set_charts(
    path: Path,
    where: str,
    item: Mapping,
    page_set: PageSet,
    site: SiteData,
    caveats: Mapping[str, str],
    problems: list[Problem],
) -> dict[str, Chart]:
    """Each declared chart once per page, filtered to the page's value: "services-transitions-caseload"."""
    declared = item.get("charts") or []
    if not isinstance(declared, list) or any(isinstance(c, Mapping) and "dataset" in c for c in declared):
        problems.append(
            Problem(
                f'{where}, "charts"',
                "is not a list of charts drawn from the set's table",
                'charts as in charts.yaml, without "dataset": each draws the set\'s table',
            )
        )
        return {}
    items = [{**c, "dataset": page_set.dataset} if isinstance(c, Mapping) else c for c in declared]
    templates = read_charts(path, {"charts": items}, caveats, problems)
    dataset = site.datasets[page_set.dataset]
    fixed = [n for n in dataset.field_names if all(len({r[n] for r in p.rows}) == 1 for p in page_set.pages)]
    made = {}
    for template in templates.values():
        here = f'{where}, chart "{template.id}"'
        found = len(problems)
        problems.extend(check_chart(site, template, path.parent, where=here))
        for pattern in ("title", "subtitle"):
            check_pattern(f'{here}, "{pattern}"', getattr(template, pattern), fixed, problems)
        if len(problems) > found:
            continue
        for page in page_set.pages:
            chart_id = f"{page_set.id}-{page.url.removeprefix(page_set.url).strip('/')}-{template.id}"
            made[chart_id] = replace(
                template,
                id=chart_id,
                title=fill(template.title, page.rows[0]),
                subtitle=fill(template.subtitle, page.rows[0]),
                filter=(*template.filter, (page_set.key, page.key)),
            )
    return made
