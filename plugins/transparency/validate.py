"""Cross-checks between datasets, publications and charts that no single file can make."""

from collections.abc import Iterable
from pathlib import Path

from .agreements import Agreement, check_agreement, unknown_columns
from .chartstyle import ChartStyle
from .errors import Problem, did_you_mean, shown
from .model import Chart, SiteData
from .symbols import figures

CHART_KINDS = ("bar", "line", "dots", "table")
# More marks than a reader can take in, or than vl-convert draws in a breath: split such a chart by filter.
MAX_CHART_ROWS = 1_000
# Longer labels are cut short in the chart: such a chart needs a column of short labels ("short_label").
MAX_LABEL_LENGTH = 40
# Series are told apart by colour, shape and dash together; past the style's lists, two would look alike.
MAX_SERIES = min(len(ChartStyle.series_colours), len(ChartStyle.series_shapes), len(ChartStyle.series_dashes))


def check_site_data(site: SiteData, data_dir: Path, agreements: Iterable[Agreement] = ()) -> list[Problem]:
    """Every problem linking the files together: unknown ids, misspelt fields, empty charts, disagreements."""
    problems: list[Problem] = []
    for dataset in site.datasets.values():
        if "publication" not in dataset.field_names:
            continue
        for row, row_number in zip(dataset.rows, dataset.row_numbers, strict=True):
            if row["publication"] not in site.publications:
                problems.append(
                    Problem(
                        f'{shown(data_dir / dataset.path)}, row {row_number}, column "publication"',
                        f'"{row["publication"]}" is not a known publication',
                        f"an id from {shown(data_dir / 'publications.yaml')}",
                        did_you_mean(str(row["publication"]), site.publications),
                    )
                )
    for chart in site.charts.values():
        problems.extend(check_chart(site, chart, data_dir))
    for agreement in agreements:
        problems.extend(check_agreement(site, agreement, data_dir))
    return problems


def check_chart(site: SiteData, chart: Chart, data_dir: Path, where: str = "") -> list[Problem]:
    where = where or f'{shown(data_dir / "charts.yaml")}, chart "{chart.id}"'
    if chart.dataset not in site.datasets:
        return [
            Problem(
                where,
                f'uses the dataset "{chart.dataset}", which does not exist',
                "a resource name from data/datapackage.yaml",
                did_you_mean(chart.dataset, site.datasets),
            )
        ]
    dataset = site.datasets[chart.dataset]
    problems = []
    if chart.kind not in CHART_KINDS:
        problems.append(
            Problem(
                where, f'has the kind "{chart.kind}"', ", ".join(CHART_KINDS[:-1]) + " or " + CHART_KINDS[-1]
            )
        )
    used = [("label", chart.label), ("value", chart.value)] + [
        ("filter", column) for column, _ in chart.filter
    ]
    if chart.short_label:
        used.append(("short_label", chart.short_label))
    if chart.series:
        used.append(("series", chart.series))
    elif chart.kind == "dots":
        problems.append(
            Problem(where, 'is of kind "dots" but has no "series"', "the column telling the dots apart")
        )
    problems.extend(unknown_columns(where, dataset, used))
    if problems:
        return problems
    if not dataset.field(chart.value).is_number:
        problems.append(
            Problem(
                where,
                f'value "{chart.value}" is not a numeric column',
                "a number or integer column",
            )
        )
    if not dataset.rows:
        problems.append(
            Problem(where, f"has no figures to draw: {shown(data_dir / dataset.path)} has no rows")
        )
    elif not site.rows_of(chart):
        wanted = ", ".join(f'{column} = "{value}"' for column, value in chart.filter)
        problems.append(
            Problem(
                where,
                f"its filter ({wanted}) matches no rows of {shown(data_dir / dataset.path)}",
            )
        )
    rows = site.rows_of(chart)
    if rows and not chart.is_table and not figures(rows, chart.value):
        problems.append(
            Problem(
                where,
                "has no figures to draw: each of its rows gives a symbol (such as "
                f'"{rows[0][chart.value]}") instead of a number',
                'a chart with at least one figure, or the kind "table", which shows the symbols',
            )
        )
    if len(rows) > MAX_CHART_ROWS:
        problems.append(
            Problem(
                where,
                f"would draw {len(rows):,} rows",
                f"at most {MAX_CHART_ROWS:,} bars or points in one chart",
                'add a "filter" to draw fewer, or split it into several charts',
            )
        )
    drawn = () if chart.is_table else rows  # a table is not drawn: its labels are never cut
    long_labels = [chart.drawn_label(row) for row in drawn if len(chart.drawn_label(row)) > MAX_LABEL_LENGTH]
    if long_labels:
        column = "short_label" if chart.short_label else "label"
        problems.append(
            Problem(
                where,
                f'would cut the {column} "{long_labels[0]}" ({len(long_labels[0])} characters) short',
                f"labels of at most {MAX_LABEL_LENGTH} characters in the chart",
                'add a column of shorter names to the table and name it as the chart\'s "short_label"; '
                "the full names stay in the table under the chart",
            )
        )
    series = {row[chart.series] for row in rows} if chart.series else set()
    if len(series) > MAX_SERIES:
        problems.append(
            Problem(
                where,
                f'has {len(series)} series (values of "{chart.series}")',
                f"at most {MAX_SERIES}, each drawn in its own colour, shape and dash",
                'add a "filter" to draw fewer',
            )
        )
    return problems
