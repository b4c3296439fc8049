"""The pieces of data/ placed in pages, as HTML through the theme's templates: a chart's or table's figure,
a table of changes between publications, and one figure as text."""

import re
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from . import urls
from .build import Build
from .cache import checked_text, led_by_hash
from .chartfiles import chart_inputs
from .charts import ordered
from .comparisons import changes
from .describe import describe
from .errors import Problem, did_you_mean
from .model import Missing, format_figure
from .periods import period_label
from .symbols import symbols_in

SVG_ROOT = re.compile(r"<svg\b")


def accessible_svg(svg: str, title_id: str, description_id: str | None = None) -> Markup:
    """vl-convert gives the SVG no accessible name: name it by the figure's title (and description), and
    keep it out of the keyboard's way, as one image."""
    attributes = f'role="img" focusable="false" aria-labelledby="{escape(title_id)}"'
    if description_id:
        attributes += f' aria-describedby="{escape(description_id)}"'
    # The SVG is the build's own, drawn by vl-convert from escaped data: markup to keep.
    return Markup(SVG_ROOT.sub(f"<svg {attributes}", svg, count=1))


def figure_html(build: Build, chart_id: str, number: int | None) -> str:
    """A chart's whole figure: numbered title, image, description, table, notes, source and downloads. A
    table (kind "table") is the same figure without the image, its description and the interactive chart.

    The table holds what a chart draws, for charts and tables alike: each row's label, its series if the
    declaration has one, and its figure (a symbol with its meaning, for screen readers in the cell and for
    everyone in the key under the table); the CSV download holds every column of the same rows."""
    chart = build.data.charts[chart_id]
    dataset = build.data.datasets[chart.dataset]
    rows = build.data.rows_of(chart)
    label_field, value_field = dataset.field(chart.label), dataset.field(chart.value)
    dom_id = f"figure-{chart.id}"
    drawn = not chart.is_table
    return build.templates.get_template("includes/figure.html").render(
        id=dom_id,
        number=number,
        chart=chart,
        dataset=dataset,
        svg=accessible_svg(build.charts.svg(chart_id), f"{dom_id}-title", f"{dom_id}-description")
        if drawn
        else None,
        description=describe(chart, dataset, rows) if drawn else None,
        label_field=label_field,
        value_field=value_field,
        series_field=dataset.field(chart.series) if chart.series else None,
        table=[
            (
                row[chart.label],
                row[chart.series] if chart.series else None,
                format_figure(row[chart.value], value_field),
                row[chart.value].meaning if isinstance(row[chart.value], Missing) else None,
            )
            # In the chart's order: by value where the declaration sorts the bars.
            for row in ordered(chart, rows)
        ],
        symbols=symbols_in(dataset.symbols, rows, [chart.value]),
        notes=chart.notes,
        caveats=chart.caveats,
        publications=build.data.publications_of(rows),
        period=period_label(build.data, dataset, rows),
        csv_url=urls.in_content(urls.dataset_csv(dataset.name)),
        downloads=build.charts.links(chart_id),
        chart_url=urls.in_content(urls.chart_page(chart.id)),
        # The page redraws its own chart when made interactive: the spec without the download's captions.
        spec_url=urls.in_content(urls.chart_file(chart.id, "page.vl.json")) if drawn else None,
    )


def placed_figure_html(build: Build, chart_id: str, number: int) -> str:
    """figure_html for a chart placed in an article. When the build carries files over (`make html`), it is
    kept in the cache by everything it is made from (the chart's inputs, as for its files; the settings,
    theme and plugin; its number): an article whose charts are unchanged then reads without drawing them
    or making their downloads (for their sizes) again."""
    outputs = build.outputs
    if outputs is None:
        return figure_html(build, chart_id, number)
    made_from = [outputs.made_from, build.style, build.kind_names, build.contact, chart_id, number]
    name = f"{outputs.digests.of(made_from + chart_inputs(build.data, chart_id))}.figure.html"
    kept = build.renderer.cache.parse(name, checked_text)
    if kept is None:
        kept = figure_html(build, chart_id, number)
        build.renderer.cache.write(name, led_by_hash(kept))
    return kept


def changes_html(build: Build, comparison_id: str, publication_id: str, where: str) -> str:
    """A table of each compared figure in a publication against the publication before."""
    comparison = build.data.comparisons.get(comparison_id)
    if comparison is None or publication_id not in build.data.publications:
        wrong, known = (
            ("comparison", build.data.comparisons)
            if comparison is None
            else ("publication", build.data.publications)
        )
        name = comparison_id if comparison is None else publication_id
        what = f'names the {wrong} "{name}", which does not exist'
        build.problems.append(Problem(where, what, hint=did_you_mean(name, known)))
        return ""
    compared = build.data.datasets[comparison.id]
    publication = build.data.publications[publication_id]
    return build.templates.get_template("includes/changes.html").render(
        comparison=comparison,
        compared=compared,
        value_field=compared.field(comparison.value),
        group_field=compared.field(comparison.group),
        publication=publication,
        changes=changes(compared, comparison, build.data.publications, publication_id),
        page_url=urls.in_content(urls.site_page(comparison.page[0])) if comparison.page else None,
        # Each compared thing's own page, where a page set makes one per value of the comparison's group.
        group_pages={
            page.key: urls.in_content(page.url)
            for page_set in build.data.page_sets.values()
            if page_set.dataset == comparison.id and page_set.key == comparison.group
            for page in page_set.pages
        },
        kind_name=build.kind_names.get(publication.kind, "publication"),
    )


def value_text(build: Build, dataset_name: str, keys: list[str], where: str) -> str:
    """The one figure of a dataset picked by its key, e.g. the survey result for 2024/25."""
    dataset = build.data.datasets.get(dataset_name)
    if dataset is None:
        build.problems.append(
            Problem(
                where,
                f'names the dataset "{dataset_name}", which does not exist',
                hint=did_you_mean(dataset_name, build.data.datasets),
            )
        )
        return ""
    measures = [f for f in dataset.fields if f.is_number and f.name not in dataset.primary_key]
    if not measures:
        build.problems.append(
            Problem(
                where,
                f'names the dataset "{dataset_name}", which has no number column to print',
                f"a dataset with a number column besides its key: {', '.join(dataset.primary_key)}",
            )
        )
        return ""
    key_text = ", ".join(f'{k} = "{v}"' for k, v in zip(dataset.primary_key, keys, strict=False))
    if len(keys) != len(dataset.primary_key):
        build.problems.append(
            Problem(
                where,
                f'gives {len(keys)} key value(s) for dataset "{dataset_name}"',
                f"one value for each of {', '.join(dataset.primary_key)}",
            )
        )
        return ""
    for row in dataset.rows:
        if [str(row[k]) for k in dataset.primary_key] == keys:
            value = row[measures[0].name]
            if isinstance(value, Missing):
                return f"{value.symbol} ({value.meaning})"  # a symbol never stands alone in a sentence
            return format_figure(value, measures[0])
    build.problems.append(Problem(where, f'no row of dataset "{dataset_name}" has {key_text}'))
    return ""


def make_templates(theme_templates: Path, date_format: str = "%-d %B %Y") -> jinja2.Environment:
    """The theme's templates, for the figures placed inside content (the theme owns all HTML)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(theme_templates)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.globals["DEFAULT_DATE_FORMAT"] = date_format
    environment.globals["urls"] = urls
    return environment
