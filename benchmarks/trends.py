"""The per-council trend pages of the synthetic site (national_site.py), made one of two ways, to compare.

Every site holds each council's yearly children's caseloads twice, whichever the variant: in a table of its
own (as the council's FOI response gives it) and in ONE national table of all councils and years, with a
made-up ONS GSS code per council (E06000001, E06000002, ...; `area_code: true`), `period_field: year` and a
publication column naming each council's FOI response. So both variants publish the same datasets and
publications; only the per-council trend pages are made differently:

- "markdown": per council, an FOI response article (Markdown) placing its line chart, declared in charts.yaml
  over the council's own table, and quoting its 2022 figure;
- "page-set": one declaration in data/page-sets.yaml, making a page per council at councils/<its code>/ with
  the set's line chart drawn from the council's rows of the national table, and an index page; the FOI
  responses are publications without an article of their own (`article: false`).

Either way there is one trend page and one trend chart per council. Pure: national_site.py writes the files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from benchmarks.national_site import Council

VARIANTS = ("markdown", "page-set")
NATIONAL = "children-caseload-per-fte-by-council"
SET_ID, SET_URL = "councils", "councils/"
TREND_TITLE = "Children's social worker caseload per FTE in {name}, 2017 to 2022"
TREND_SUBTITLE = "Average caseload per full-time-equivalent social worker, {name}"


def area_code(council: Council) -> str:
    """A made-up code of the form of an ONS GSS code (E06: a unitary authority)."""
    return f"E06{council.number:06d}"


def national_rows(council: Council, trend: dict[int, str]) -> list[str]:
    """The council's lines of the national table's CSV."""
    code = area_code(council)
    return [f"{year},{council.name},{code},{number},{council.foi}" for year, number in trend.items()]


def national_csv(rows: list[str]) -> str:
    return "year,area,area_code,average_caseload_per_fte,publication\n" + "".join(f"{r}\n" for r in rows)


def national_resource() -> dict:
    """The national table's description in datapackage.yaml."""

    def field(name: str, kind: str, title: str, **more) -> dict:
        return {"name": name, "title": title, "type": kind, "constraints": {"required": True}, **more}

    fields = [
        field("year", "integer", "Year"),
        field("area", "string", "Council"),
        field("area_code", "string", "Council's area code", area_code=True),
        field(
            "average_caseload_per_fte",
            "number",
            "Average caseload per FTE",
            unit="cases per worker",
            description="Average caseload per full-time-equivalent children's social worker.",
        ),
        field("publication", "string", "FOI response"),
    ]
    return {
        "name": NATIONAL,
        "path": f"{NATIONAL}.csv",
        "title": "Children's social worker caseload per FTE, every council",
        "period_field": "year",
        "schema": {"fields": fields, "primaryKey": ["area", "year"]},
    }


def foi_publication(council: Council, variant: str) -> dict:
    publication = {
        "id": council.foi,
        "kind": "foi-response",
        "title": f"{council.name} Freedom of Information response on children's caseloads",
        "publisher": council.name,
        "reference": f"FOI{council.number:09d}",
        "url": None,
        "first_published": "2026-11-23",
        "published": "2023-03-06",
        "period": {"start": "2017-01-01", "end": "2022-12-31", "label": "2017 to 2022"},
        "methodology": "Children's social worker caseload per full-time-equivalent worker, by year.",
        "source_document": f"{council.name}, Freedom of Information response",
        "reuse_terms": "You may re-use this information for private study and news reporting.",
    }
    return publication if variant == "markdown" else {**publication, "article": False}


def foi_chart(council: Council) -> dict:
    """The Markdown variant's chart of the council's trend, declared in charts.yaml."""
    return {
        "id": f"{council.foi}-trend",
        "dataset": f"{council.slug}-children-caseload-per-fte",
        "kind": "line",
        "label": "year",
        "value": "average_caseload_per_fte",
        "title": TREND_TITLE.format(name=council.name),
        "subtitle": TREND_SUBTITLE.format(name=council.name),
    }


def foi_body(council: Council, shortcode: str) -> str:
    """The Markdown variant's FOI response article: its chart and its 2022 figure (shortcode)."""
    return "\n\n".join(
        [
            "You asked for the average social worker caseload in children's social care for each year "
            "from 2017 to 2022.",
            "## Children's social care",
            f"{{{{ chart {council.foi}-trend }}}}",
            f"In 2022 the average caseload per full-time-equivalent worker was {shortcode}.",
        ]
    )


def page_sets() -> dict:
    """The page-set variant's data/page-sets.yaml: a page per council, with the same line chart."""
    page_set = {
        "id": SET_ID,
        "dataset": NATIONAL,
        "key": "area",
        "value": "average_caseload_per_fte",
        "address": "area_code",
        "url": SET_URL,
        "title": "Children's social worker caseload per FTE, by council",
        "summary": "Each council's average caseload per FTE children's social worker, 2017 to 2022.",
        "page_title": "{area}: children's social worker caseload per FTE",
        "page_summary": "The average caseload per FTE children's social worker in {area} ({area_code}).",
        "charts": [
            {
                "id": "trend",
                "kind": "line",
                "label": "year",
                "value": "average_caseload_per_fte",
                "title": TREND_TITLE.format(name="{area}"),
                "subtitle": TREND_SUBTITLE.format(name="{area}"),
            }
        ],
    }
    return {"page_sets": [page_set]}
