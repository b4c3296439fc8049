"""Cross-checks between datasets, publications and charts that no single file can make."""

from pathlib import Path

from .errors import Problem, did_you_mean, shown
from .model import Chart, SiteData

CHART_KINDS = ("bar", "line")


def check_site_data(site: SiteData, data_dir: Path) -> list[Problem]:
    """Every problem linking the files together: unknown ids, misspelt fields, empty charts."""
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
    return problems


def check_chart(site: SiteData, chart: Chart, data_dir: Path) -> list[Problem]:
    where = f'{shown(data_dir / "charts.yaml")}, chart "{chart.id}"'
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
        problems.append(Problem(where, f'has the kind "{chart.kind}"', " or ".join(CHART_KINDS)))
    used = [("label", chart.label), ("value", chart.value)] + [
        ("filter", column) for column, _ in chart.filter
    ]
    for role, name in used:
        if name not in dataset.field_names:
            problems.append(
                Problem(
                    where,
                    f'{role} names the column "{name}", which dataset "{dataset.name}" does not have',
                    "one of " + ", ".join(f'"{n}"' for n in dataset.field_names),
                    did_you_mean(name, dataset.field_names),
                )
            )
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
    if not site.rows_of(chart):
        wanted = ", ".join(f'{column} = "{value}"' for column, value in chart.filter)
        problems.append(
            Problem(
                where,
                f"its filter ({wanted}) matches no rows of {shown(data_dir / dataset.path)}",
            )
        )
    return problems
