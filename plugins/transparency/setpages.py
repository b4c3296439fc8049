"""What a page set's pages say: each figure with when it is from, its period and caveats, the change since the
figure before in words, and the index's headline figures. Pure: the generator writes the pages."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from . import urls
from .errors import Problem, shown
from .jsonld import script_json
from .model import Dataset, PageSet, Publication, Row, SetPage, SiteData, format_figure
from .pagesets import PAGE_SETS
from .siteinfo import Site
from .wording import join_names, lower_first, upper_first

GSS_ADDRESS = "http://statistics.data.gov.uk/id/statistical-geography/"


@dataclass(frozen=True)
class Figure:
    """One row of a page's table: the figure, when it is from, and how it moved since the one before."""

    when: str  # "the 2024/25 audit", "2021"
    publication: Publication | None
    period: str  # what the figure covers, e.g. "August 2024 to July 2025"
    columns: tuple[str, ...]  # the set's other columns, e.g. the team name the council used
    figure: str  # as published, e.g. "22.4"
    change: str = ""  # in words: "1.0 lower than in the 2023/24 audit (23.4)"; "" for the first
    difference: Decimal | None = None  # the number itself, to sort the index by; None: none or not comparable

    @property
    def heading(self) -> str:
        """When, at the start of a table cell: "The 2024/25 audit"."""
        return upper_first(self.when)


def is_number(value) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def when_of(data: SiteData, dataset: Dataset, row: Row) -> tuple[str, Publication | None, str]:
    """When a figure is from, in words (its period column's value, else its publication), the publication
    that is then its "when", and the period it covers."""
    if dataset.period_field:
        return str(row[dataset.period_field]), None, str(row[dataset.period_field])
    publication = data.publications[row["publication"]]
    return when_of_publication(publication), publication, publication.period.label


def when_of_publication(publication: Publication) -> str:
    return f"the {publication.short_title}" if publication.short_title else publication.title


def change_words(now, before, value_field, before_when: str) -> tuple[str, Decimal | None]:
    """How a figure moved since the one before, in words: "1.0 lower than in 2020 (17.4)". A figure given as a
    symbol (suppressed, not available) is never subtracted."""
    if not (is_number(now) and is_number(before)):
        shown = before if not is_number(before) else now
        meaning = getattr(shown, "meaning", "")
        return f"not comparable with {before_when}: one of the figures is “{shown}”" + (
            f" ({meaning})" if meaning else ""
        ), None
    difference = Decimal(now) - Decimal(before)
    if difference == 0:
        return f"the same as in {before_when}", difference
    size = format_figure(abs(difference), value_field).removesuffix("%")
    unit = " percentage points" if value_field.unit == "percent" else ""
    direction = "higher" if difference > 0 else "lower"
    before_text = format_figure(before, value_field)
    return f"{size}{unit} {direction} than in {before_when} ({before_text})", difference


def figure_text(value, value_field) -> str:
    """A figure as published; a symbol with its meaning, "x (not available)", never a silent gap."""
    meaning = getattr(value, "meaning", "")
    return f"{value} ({meaning})" if meaning else format_figure(value, value_field)


def figures_of(data: SiteData, page_set: PageSet, page: SetPage) -> list[Figure]:
    dataset = data.datasets[page_set.dataset]
    value_field = dataset.field(page_set.value)
    found: list[Figure] = []
    for row in page.rows:
        when, publication, period = when_of(data, dataset, row)
        figure = Figure(
            when=when,
            publication=publication,
            period=period,
            columns=tuple(str(row[name]) for name in page_set.columns),
            figure=figure_text(row[page_set.value], value_field),
        )
        if found:
            previous = page.rows[len(found) - 1]
            change, difference = change_words(
                row[page_set.value], previous[page_set.value], value_field, found[-1].when
            )
            figure = Figure(**{**figure.__dict__, "change": change, "difference": difference})
        found.append(figure)
    return found


def lead(page_set: PageSet, page: SetPage, figures: list[Figure], value_field) -> str:
    """The page's first sentence: the latest figure and its change, or that there is only one."""
    latest = figures[-1]
    unit = f" {value_field.unit}" if value_field.unit and value_field.unit != "percent" else ""
    measure = lower_first(value_field.title)
    if not is_number(page.rows[-1][page_set.value]):
        unit = ""  # a symbol has no unit: "x (not available)"
    covering = f", covering {latest.period}," if latest.period != latest.when else ","
    said = f"In {latest.when}{covering} the {measure} was {latest.figure}{unit}"
    if len(figures) == 1:
        return f"{said}. This is the only figure the data has for {page.key}, so there is no change to show."
    return f"{said}: {latest.change}."


def page_context(data: SiteData, page_set: PageSet, page: SetPage, site: Site) -> dict:
    """What the page template shows for one page of a set."""
    dataset = data.datasets[page_set.dataset]
    value_field = dataset.field(page_set.value)
    figures = figures_of(data, page_set, page)
    publications = data.publications_of(page.rows)
    # Each caveat once, with the publications that give it: most apply to every figure on the page.
    caveats: dict[str, list[str]] = {}
    for publication in publications:
        for caveat in publication.caveats:
            caveats.setdefault(caveat, []).append(when_of_publication(publication))
    return dict(
        page_set=page_set,
        set_page=page,
        dataset=dataset,
        value_field=value_field,
        key_field=dataset.field(page_set.key),
        column_fields=[dataset.field(name) for name in page_set.columns],
        figures=figures,
        when_title=dataset.field(dataset.period_field).title if dataset.period_field else "From",
        # A period column only where it says more than "when": the audits' months, not a year twice.
        show_period=any(f.period != f.when for f in figures),
        lead=lead(page_set, page, figures, value_field),
        publications=publications,
        caveats=[(caveat, join_names(given)) for caveat, given in caveats.items()],
        json_ld=page_json_ld(data, page_set, page, site),
    )


def index_rows(data: SiteData, page_set: PageSet) -> list[dict]:
    """One row per page for the index's table: its latest figure and the change since the one before."""
    rows = []
    for page in page_set.pages:
        figures = figures_of(data, page_set, page)
        latest, value = figures[-1], page.rows[-1][page_set.value]
        rows.append(
            dict(
                page=page,
                figure=latest.figure,
                sort_value=str(value) if is_number(value) else "",
                when=latest.heading,
                count=len(figures),
                change=latest.change or "none: the only figure",
                sort_change="" if latest.difference is None else str(latest.difference),
            )
        )
    return rows


def page_json_ld(data: SiteData, page_set: PageSet, page: SetPage, site: Site) -> str:
    """schema.org WebPage metadata: what the page is about, and the place with its ONS code, if given."""
    document = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": page.title,
        "description": page.summary,
        "url": site.url(page.url),
        "isPartOf": {"@type": "CollectionPage", "name": page_set.title, "url": site.url(page_set.url)},
        "about": {
            "@type": "Dataset",
            "name": data.datasets[page_set.dataset].title,
            "url": site.url(urls.dataset_page(page_set.dataset)),
        },
    }
    if page_set.area_code:
        code = str(page.rows[0][page_set.area_code])
        document["spatialCoverage"] = {
            "@type": "Place",
            "name": page.key,
            "identifier": code,
            "sameAs": GSS_ADDRESS + code,
        }
    return script_json(document)


def set_address_problems(page_sets: Mapping[str, PageSet], content: Iterable) -> list[Problem]:
    """A page set's folder holds its pages alone: no page or article of content/ may be published in it."""
    return [
        Problem(
            f'{PAGE_SETS}, page set "{page_set.id}", "url"',
            f'"{page_set.url}" is also where {shown(item.source_path)} is published ({item.url})',
            "a folder of its own for the set",
        )
        for page_set in page_sets.values()
        for item in content
        if item.url and (item.url.startswith(page_set.url) or page_set.url.startswith(item.url))
    ]
