"""The charts of a page set's pages: each chart the set declares, made once per page from the page's rows."""

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from .chart_declarations import read_charts
from .errors import Problem
from .model import Chart, PageSet, SiteData
from .patterns import check_pattern, fill
from .validate import check_chart


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
