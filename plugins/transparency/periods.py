"""The period and the maker of figures, derived from the rows themselves: never a publication's period
for figures its rows say are from another time, and never the council for what the site made."""

import re
from collections.abc import Sequence

from .model import Dataset, Publication, Row, SiteData

YEAR = re.compile(r"\b(\d{4})(?:/(\d{2}))?\b")


def republished_from(data: SiteData, dataset: Dataset) -> Publication | None:
    """The publication whose figures a table republishes, where its `agrees_with` names one (the FOI's adult
    figures are the 2019/20 audit's)."""
    for table, _, wanted in data.agreeing:
        if table == dataset.name and wanted.get("publication") in data.publications:
            return data.publications[wanted["publication"]]
    return None


def period_label(data: SiteData, dataset: Dataset, rows: Sequence[Row]) -> str:
    """What the figures of these rows cover, in words."""
    column = dataset.period_field
    if column:
        values = sorted({str(row[column]) for row in rows})
        return values[0] if len(values) == 1 else f"{values[0]} to {values[-1]}"
    source = republished_from(data, dataset)
    if source:
        return f"{source.period.label}: figures from the {source.short_title or source.title}"
    labels = dict.fromkeys(p.period.label for p in data.publications_of(tuple(rows)))
    return "; ".join(labels)


def temporal_coverage(data: SiteData, dataset: Dataset, rows: Sequence[Row]) -> str:
    """The rows' period as an ISO 8601 interval: years where a column gives them (2019/20 runs to 2020),
    else the dates of the publications the figures are from."""
    column = dataset.period_field
    if column:
        years = []
        for row in rows:
            for start, end in YEAR.findall(str(row[column])):
                years.append(int(start))
                if end:
                    years.append(int(start[:2] + end))
        return f"{min(years)}/{max(years)}" if len(set(years)) > 1 else str(years[0])
    source = republished_from(data, dataset)
    publications = (source,) if source else data.publications_of(tuple(rows))
    start = min(p.period.start for p in publications)
    end = max(p.period.end for p in publications)
    return f"{start.isoformat()}/{end.isoformat()}"


def made_by_site(data: SiteData, dataset: Dataset) -> bool:
    """Whether the site's editors made the table: a comparison's mapping of which names are the same thing,
    or a comparison itself, is the site's judgement, not the source's."""
    mappings = {comparison.mapping for comparison in data.comparisons.values()}
    return dataset.name in mappings or bool(dataset.derived_from)
