"""The site's data as plain frozen dataclasses: datasets, publications and charts."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Field:
    name: str
    title: str
    type: str
    description: str = ""
    unit: str = ""
    area_code: bool = False  # declared `area_code: true`: ONS GSS codes such as E08000026 (areacodes.py)

    @property
    def is_number(self) -> bool:
        return self.type in ("number", "integer")

    @property
    def is_area_code(self) -> bool:
        return self.area_code


@dataclass(frozen=True)
class Missing:
    """A figure the source does not give, written as an official statistics symbol the table's schema
    declares (`missingValues`, with its meaning under `symbols`): "x" not available, "c" confidential.
    Never a number and never zero: charts leave it out and say so, tables and downloads show the symbol
    with its meaning (symbols.py)."""

    symbol: str
    meaning: str

    def __str__(self) -> str:
        return self.symbol


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    path: str  # as written in the data package, relative to data/
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    rows: tuple[Row, ...]
    row_numbers: tuple[int, ...]  # the spreadsheet row of each row, header = 1
    derived_from: tuple[str, ...] = ()  # for a comparison: the datasets it joins; no file of its own
    last_updated: date | None = None
    period_field: str | None = None  # the column saying when each figure is from, e.g. year
    symbols: tuple[tuple[str, str], ...] = ()  # the symbols its schema declares, with their meanings

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def area_code_field(self) -> Field | None:
        """The column of ONS GSS area codes, if the schema declares one (at most one may be)."""
        return next((f for f in self.fields if f.is_area_code), None)


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str


@dataclass(frozen=True)
class Update:
    """A dated note of a change to a publication's page, e.g. a corrected figure."""

    date: date
    note: str


@dataclass(frozen=True)
class Publication:
    id: str
    kind: str
    title: str
    publisher: str
    period: Period
    methodology: str
    source_document: str
    reference: str | None = None
    published: date | None = None
    reuse_terms: str | None = None
    caveats: tuple[str, ...] = ()
    updates: tuple[Update, ...] = ()  # newest first
    short_title: str | None = None  # e.g. "2019/20 audit", where charts compare publications
    has_article: bool = True  # false: the site has no page of its own for it (its figures are compared)
    url: str | None = None  # where the original document is published, if anywhere
    first_published: date | None = None  # when this site first published its page (the site's date)
    licence: tuple[str, str] | None = None  # the licence the source states: name, address of its text


@dataclass(frozen=True)
class Chart:
    """A chart declared as data: which rows of which dataset, drawn how, and what it says."""

    id: str
    dataset: str
    kind: str
    label: str  # the field naming each bar or point
    value: str  # the numeric field drawn
    title: str
    subtitle: str
    filter: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()
    caveats: tuple[str, ...] = ()
    series: str | None = None  # the field telling apart several lines or dots, e.g. area or audit
    short_label: str | None = None  # a column of shorter names drawn in the chart instead of the labels
    sort: str | None = None  # "descending" or "ascending": bars (and their table) by value, not as published

    @property
    def is_table(self) -> bool:
        """Kind "table": a figure of the rows as a table alone, with no image, embed or interactive chart."""
        return self.kind == "table"

    @property
    def axis_label(self) -> str:
        """The column whose text the chart draws for each bar or point; tables show the full label."""
        return self.short_label or self.label

    def drawn_label(self, row: Row) -> str:
        """The text drawn for a row: its short label, or its label where the short one is left empty."""
        return str((row[self.short_label] if self.short_label else None) or row[self.label])


@dataclass(frozen=True)
class SiteData:
    datasets: Mapping[str, Dataset]
    publications: Mapping[str, Publication]
    charts: Mapping[str, Chart]
    problems: list = field(default_factory=list)  # content problems found while reading pages
    comparisons: Mapping[str, "Comparison"] = field(default_factory=dict)
    package: Mapping = field(default_factory=dict)  # datapackage.yaml as read, for the published copy
    # (dataset, other dataset, the other's rows it matches) publishing the same figures (`agrees_with`).
    agreeing: tuple[tuple[str, str, Mapping[str, str]], ...] = ()
    page_sets: Mapping[str, "PageSet"] = field(default_factory=dict)  # pages made from a table, by set id
    # (dataset, filter columns) -> {their values: rows}: a page set's charts each filter one national table,
    # and scanning the whole table for each of them would grow with the square of the site.
    _rows_by: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def rows_of(self, chart: Chart) -> tuple[Row, ...]:
        """The chart's rows, in the table's order."""
        columns = tuple(column for column, _ in chart.filter)
        index = self._rows_by.get((chart.dataset, columns))
        if index is None:
            index = {}
            for row in self.datasets[chart.dataset].rows:
                index.setdefault(tuple(str(row[column]) for column in columns), []).append(row)
            index = self._rows_by[(chart.dataset, columns)] = {k: tuple(v) for k, v in index.items()}
        return index.get(tuple(wanted for _, wanted in chart.filter), ())

    def publications_shown(self, chart: Chart) -> set[str]:
        """Ids of the publications whose figures a chart shows: those of its rows, and those of tables
        declared to publish the same figures (the FOI's children's figures are the DfE's Coventry ones)."""
        shown = {row["publication"] for row in self.rows_of(chart) if "publication" in row}
        for dataset, other, _ in self.agreeing:
            if other == chart.dataset:
                shown.update(
                    row["publication"] for row in self.datasets[dataset].rows if "publication" in row
                )
        return shown

    def publications_of(self, rows: tuple[Row, ...]) -> tuple[Publication, ...]:
        ids = dict.fromkeys(row["publication"] for row in rows if "publication" in row)
        return tuple(self.publications[i] for i in ids)


@dataclass(frozen=True)
class Comparison:
    """Figures of one dataset compared across publications, joined only through an editable mapping.

    The mapping dataset states which rows refer to the same thing (e.g. which team names, in which audits,
    are the same service); its rows are joined to `dataset` on the columns both share.
    """

    id: str
    dataset: str
    mapping: str
    group: str  # the mapping's column naming the thing compared, e.g. service
    value: str
    note: str = ""  # what a reader must know about the comparison, shown under each table of changes
    # The site page that explains the comparison: its slug, title and the section on the mapping.
    page: tuple[str, str, str] | None = None


@dataclass(frozen=True)
class SetPage:
    """One page of a page set: the rows of one value of the set's key, oldest first."""

    key: str  # the key's value, e.g. "Occupational therapy"
    url: str
    title: str
    summary: str
    rows: tuple[Row, ...]
    charts: tuple[str, ...] = ()  # ids of the charts made for this page from the set's chart declarations


@dataclass(frozen=True)
class PageSet:
    """Pages made from a table, one per value of its key column, declared once in data/page-sets.yaml."""

    id: str
    dataset: str
    key: str  # the column whose values make the pages, e.g. service
    value: str  # the number column each page leads with, and the index table shows for every page
    url: str  # the index page, e.g. "services/"; each page lies below it
    title: str
    summary: str
    pages: tuple[SetPage, ...]
    columns: tuple[str, ...] = ()  # other columns each page's table shows beside the figure
    area_code: str | None = None  # the column of ONS GSS codes, if any: in JSON-LD spatialCoverage


def format_figure(value: Any, field: Field) -> str:
    """A figure written as its source wrote it ("40.0" stays "40.0", "17" stays "17"), with its unit sign."""
    if isinstance(value, Missing):
        return value.symbol  # "x", never "x%": the symbol as the source wrote it
    text = str(value)  # frictionless reads numbers as Decimal, which keeps the digits as written
    return text + "%" if field.unit == "percent" else text
