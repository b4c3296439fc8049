"""Assemble a chart's figure (chart, description, table, notes, source) and inline values, as HTML."""

import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from .charts import ChartStyle, build_spec
from .comparisons import changes
from .describe import describe
from .downloads import human_size, spec_json, table_csv
from .errors import Problem, did_you_mean
from .model import SiteData, format_figure
from .render import Renderer

# Each chart's downloads, as (file extension, link text), in the order they are offered.
CHART_FILES = (("csv", "CSV"), ("svg", "SVG"), ("png", "PNG"), ("vl.json", "Vega-Lite JSON"))

SITE_ROOT = "__SITEROOT__"  # replaced by the page's path to the site root once its URL is known
SVG_ROOT = re.compile(r"<svg\b")


@dataclass
class Figures:
    """Everything the content needs from data/: built once per site build, used by every page."""

    data: SiteData
    templates: jinja2.Environment
    style: ChartStyle = ChartStyle()
    renderer: Renderer = field(default_factory=Renderer)
    problems: list[Problem] = field(default_factory=list)
    kind_names: dict[str, str] = field(
        default_factory=dict
    )  # "audit": "audit", "foi-response": "FOI response"
    placed: dict[str, list[str]] = field(default_factory=dict)  # chart ids placed, by content file
    # Each chart's spec and downloads, made once per build: a chart appears on several pages.
    _specs: dict[str, dict] = field(default_factory=dict, init=False, repr=False)
    _files: dict[str, dict[str, bytes]] = field(default_factory=dict, init=False, repr=False)

    def spec(self, chart_id: str) -> dict:
        """The chart's Vega-Lite spec. The first call builds every chart's spec and has the renderer start on
        their images in other processes, so that the images are ready when pages ask for them."""
        if not self._specs:
            self.renderer.prepare(self._built_spec(name) for name in self.data.charts)
        return self._built_spec(chart_id)

    def _built_spec(self, chart_id: str) -> dict:
        if chart_id not in self._specs:
            chart = self.data.charts[chart_id]
            dataset = self.data.datasets[chart.dataset]
            rows = self.data.rows_of(chart)
            # Remembered by everything the spec is built from, so Altair runs only for a changed chart.
            source = repr((chart, dataset.fields, rows, self.style))
            self._specs[chart_id] = self.renderer.spec(
                source, lambda: build_spec(chart, dataset, rows, self.style)
            )
        return self._specs[chart_id]

    def chart_files(self, chart_id: str) -> dict[str, bytes]:
        """The chart's downloads by extension: the rows behind it, the images and the spec."""
        if chart_id not in self._files:
            chart = self.data.charts[chart_id]
            dataset = self.data.datasets[chart.dataset]
            spec = self.spec(chart_id)
            self._files[chart_id] = {
                "csv": table_csv(dataset.field_names, self.data.rows_of(chart)),
                "svg": self.renderer.render(spec, "svg").encode("utf-8"),
                "png": self.renderer.render(spec, "png"),
                "vl.json": spec_json(spec),
            }
        return self._files[chart_id]

    def chart_links(self, chart_id: str) -> list[dict]:
        files = self.chart_files(chart_id)
        folder = f"{SITE_ROOT}/charts/{chart_id}"
        return [
            {"text": text, "href": f"{folder}/{chart_id}.{ext}", "size": human_size(len(files[ext]))}
            for ext, text in CHART_FILES
        ]

    def figure_html(self, chart_id: str, number: int | None) -> str:
        chart = self.data.charts[chart_id]
        dataset = self.data.datasets[chart.dataset]
        rows = self.data.rows_of(chart)
        label_field, value_field = dataset.field(chart.label), dataset.field(chart.value)
        publications = self.data.publications_of(rows)
        dom_id = f"figure-{chart.id}"
        svg = self.renderer.render(self.spec(chart_id), "svg")
        # vl-convert gives the SVG no accessible name: name it by the figure's title and description.
        svg = SVG_ROOT.sub(
            f'<svg role="img" focusable="false" aria-labelledby="{dom_id}-title" '
            f'aria-describedby="{dom_id}-description"',
            svg,
            count=1,
        )
        return self.templates.get_template("includes/figure.html").render(
            id=dom_id,
            number=number,
            chart=chart,
            dataset=dataset,
            svg=Markup(svg),
            description=describe(chart, dataset, rows),
            label_field=label_field,
            value_field=value_field,
            series_field=dataset.field(chart.series) if chart.series else None,
            table=[
                (
                    row[chart.label],
                    row[chart.series] if chart.series else None,
                    format_figure(row[chart.value], value_field),
                )
                for row in rows
            ],
            notes=chart.notes,
            caveats=chart.caveats,
            publications=publications,
            csv_url=f"{SITE_ROOT}/data/{dataset.name}.csv",
            downloads=self.chart_links(chart_id),
            chart_url=f"{SITE_ROOT}/charts/{chart.id}/",
            spec_url=f"{SITE_ROOT}/charts/{chart.id}/{chart.id}.vl.json",
        )

    def changes_html(self, comparison_id: str, publication_id: str, where: str) -> str:
        """A table of each compared figure in a publication against the publication before."""
        comparison = self.data.comparisons.get(comparison_id)
        if comparison is None or publication_id not in self.data.publications:
            wrong, known = (
                ("comparison", self.data.comparisons)
                if comparison is None
                else ("publication", self.data.publications)
            )
            name = comparison_id if comparison is None else publication_id
            self.problems.append(
                Problem(
                    where, f'names the {wrong} "{name}", which does not exist', hint=did_you_mean(name, known)
                )
            )
            return ""
        compared = self.data.datasets[comparison.id]
        return self.templates.get_template("includes/changes.html").render(
            comparison=comparison,
            compared=compared,
            value_field=compared.field(comparison.value),
            group_field=compared.field(comparison.group),
            publication=self.data.publications[publication_id],
            changes=changes(compared, comparison, self.data.publications, publication_id),
            chart_url=f"{SITE_ROOT}/charts/{comparison.id}/",
            page_url=f"{SITE_ROOT}/{comparison.page[0]}/" if comparison.page else None,
            kind_name=self.kind_names.get(self.data.publications[publication_id].kind, "publication"),
        )

    def value_text(self, dataset_name: str, keys: list[str], where: str) -> str:
        """The one figure of a dataset picked by its key, e.g. the survey result for 2024/25."""
        dataset = self.data.datasets.get(dataset_name)
        if dataset is None:
            self.problems.append(
                Problem(
                    where,
                    f'names the dataset "{dataset_name}", which does not exist',
                    hint=did_you_mean(dataset_name, self.data.datasets),
                )
            )
            return ""
        measures = [f for f in dataset.fields if f.is_number and f.name not in dataset.primary_key]
        if not measures:
            self.problems.append(
                Problem(
                    where,
                    f'names the dataset "{dataset_name}", which has no number column to print',
                    f"a dataset with a number column besides its key: {', '.join(dataset.primary_key)}",
                )
            )
            return ""
        key_text = ", ".join(f'{k} = "{v}"' for k, v in zip(dataset.primary_key, keys, strict=False))
        if len(keys) != len(dataset.primary_key):
            self.problems.append(
                Problem(
                    where,
                    f'gives {len(keys)} key value(s) for dataset "{dataset_name}"',
                    f"one value for each of {', '.join(dataset.primary_key)}",
                )
            )
            return ""
        for row in dataset.rows:
            if [str(row[k]) for k in dataset.primary_key] == keys:
                return format_figure(row[measures[0].name], measures[0])
        self.problems.append(Problem(where, f'no row of dataset "{dataset_name}" has {key_text}'))
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
    return environment
