"""Read data/ (the data package, publications and charts) into the model, collecting every problem."""

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import frictionless
import yaml

from .errors import DataError, Problem, did_you_mean, shown
from .model import Chart, Dataset, Field, Period, Publication, SiteData
from .validate import check_site_data

DATA_PACKAGE = "datapackage.yaml"
PUBLICATIONS = "publications.yaml"
CHARTS = "charts.yaml"

EXPECTED_TYPE = {
    "number": "a number such as 12.5, written without commas, units or %",
    "integer": "a whole number such as 2022",
    "date": "a date written as YYYY-MM-DD",
    "string": "text",
}


def load_site_data(data_dir: Path) -> SiteData:
    """Read and check every file in data_dir; raise DataError listing all problems found."""
    problems: list[Problem] = []
    package = read_yaml(data_dir / DATA_PACKAGE, problems)
    publications_file = read_yaml(data_dir / PUBLICATIONS, problems)
    charts_file = read_yaml(data_dir / CHARTS, problems)
    if problems:
        raise DataError(problems)

    datasets = read_datasets(data_dir, package, problems)
    caveats = read_caveats(data_dir / PUBLICATIONS, publications_file, problems)
    publications = read_publications(data_dir / PUBLICATIONS, publications_file, caveats, problems)
    charts = read_charts(data_dir / CHARTS, charts_file, caveats, problems)
    site = SiteData(datasets=datasets, publications=publications, charts=charts)
    if not problems:
        problems.extend(check_site_data(site, data_dir))
    if problems:
        raise DataError(problems)
    return site


def read_yaml(path: Path, problems: list[Problem]) -> Any:
    try:
        with path.open(encoding="utf-8") as file:
            return yaml.safe_load(file)
    except FileNotFoundError:
        problems.append(Problem(shown(path), "file not found"))
    except UnicodeDecodeError as error:
        problems.append(
            Problem(
                shown(path),
                f"is not UTF-8 text ({error.reason})",
                "a file saved as UTF-8",
            )
        )
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{shown(path)}, line {mark.line + 1}, column {mark.column + 1}" if mark else shown(path)
        what = getattr(error, "problem", None) or str(error)
        problems.append(Problem(where, f"is not valid YAML: {what}"))
    return None


# --- datasets -------------------------------------------------------------------------------


def read_datasets(data_dir: Path, package: Any, problems: list[Problem]) -> dict[str, Dataset]:
    where = shown(data_dir / DATA_PACKAGE)
    resources = package.get("resources") if isinstance(package, Mapping) else None
    if not isinstance(resources, list) or not resources:
        problems.append(Problem(where, 'has no "resources" list', "one entry per CSV table"))
        return {}
    datasets: dict[str, Dataset] = {}
    for position, descriptor in enumerate(resources, start=1):
        name = descriptor.get("name") if isinstance(descriptor, Mapping) else None
        if not name or not descriptor.get("path") or not isinstance(descriptor.get("schema"), Mapping):
            problems.append(
                Problem(
                    f"{where}, resource {position}",
                    'needs a "name", a "path" and a "schema"',
                )
            )
            continue
        if name in datasets:
            problems.append(Problem(f"{where}, resource {position}", f'repeats the name "{name}"'))
            continue
        dataset = read_dataset(data_dir, descriptor, problems)
        if dataset:
            datasets[name] = dataset
    return datasets


def read_dataset(data_dir: Path, descriptor: Mapping, problems: list[Problem]) -> Dataset | None:
    csv_path = data_dir / descriptor["path"]
    if not csv_path.is_file():
        problems.append(
            Problem(
                shown(csv_path),
                "file not found",
                f'the table of dataset "{descriptor["name"]}"',
            )
        )
        return None
    try:
        resource = frictionless.Resource(
            dict(descriptor, encoding="utf-8"),
            basepath=str(data_dir),
            detector=frictionless.Detector(),
        )
        report = resource.validate()
    except frictionless.FrictionlessException as error:
        problems.append(
            Problem(
                shown(csv_path),
                f"cannot be read: {error.error.note or error.error.message}",
            )
        )
        return None
    errors = [error for task in report.tasks for error in task.errors]
    # A short row also breaks each "required" rule it leaves empty: report the short row once.
    short = {(e.row_number, e.field_name) for e in errors if e.type == "missing-cell"}
    errors = [
        e for e in errors if not (e.type == "constraint-error" and (e.row_number, e.field_name) in short)
    ]
    if errors:
        problems.extend(describe_table_error(Path(shown(csv_path)), descriptor["schema"], e) for e in errors)
        return None

    fields = tuple(
        Field(
            name=f["name"],
            title=f.get("title", f["name"]),
            type=f.get("type", "string"),
            description=f.get("description", ""),
            unit=f.get("unit", ""),
        )
        for f in descriptor["schema"]["fields"]
    )
    rows, row_numbers = [], []
    with frictionless.Resource(dict(descriptor, encoding="utf-8"), basepath=str(data_dir)) as table:
        for row in table.row_stream:
            rows.append(row.to_dict())
            row_numbers.append(row.row_number)
    return Dataset(
        name=descriptor["name"],
        title=descriptor.get("title", descriptor["name"]),
        description=descriptor.get("description", ""),
        path=descriptor["path"],
        fields=fields,
        primary_key=tuple(descriptor["schema"].get("primaryKey", ())),
        rows=tuple(rows),
        row_numbers=tuple(row_numbers),
    )


def describe_table_error(path: Path, schema: Mapping, error: frictionless.errors.Error) -> Problem:
    """Turn one frictionless error into a Problem the web team can act on."""
    kind, note, message = error.type, error.note, error.message
    row = error.row_number if isinstance(error, frictionless.errors.RowError) else None
    column = getattr(error, "field_name", None)
    cell = error.label if isinstance(error, frictionless.errors.LabelError) else getattr(error, "cell", None)
    fields = {f["name"]: f for f in schema.get("fields", [])}
    field = fields.get(column, {})
    constraints = field.get("constraints", {})
    where = str(path) + (f", row {row}" if row else "") + (f', column "{column}"' if column else "")
    if kind == "type-error":
        return Problem(where, f'"{cell}" is not {a_type(field)}', expected_value(field))
    if kind == "constraint-error":
        rule = note.split('"')[1] if '"' in note else note
        if rule == "required":
            return Problem(where, "is empty", expected_value(field))
        if rule == "minimum":
            return Problem(
                where,
                f"{cell} is below the minimum of {constraints[rule]}",
                expected_value(field),
            )
        if rule == "maximum":
            return Problem(
                where,
                f"{cell} is above the maximum of {constraints[rule]}",
                expected_value(field),
            )
        return Problem(where, f'"{cell}" breaks the rule {note}', expected_value(field))
    if kind == "missing-cell":
        return Problem(
            where,
            "is missing: the row has fewer cells than the header",
            "one cell per column",
        )
    if kind == "extra-cell":
        return Problem(
            f"{path}, row {row}",
            "has more cells than the header",
            "one cell per column",
        )
    if kind == "primary-key":
        first = note.rsplit(" ", 1)[-1]
        key = " and ".join(f'"{name}"' for name in schema.get("primaryKey", []))
        return Problem(
            f"{path}, row {row}",
            f"repeats the {key} of row {first}",
            f"one row per {key}",
        )
    if kind.endswith("-label"):
        header = ", ".join(f'"{name}"' for name in fields)
        if kind == "incorrect-label":
            hint = did_you_mean(str(cell), fields)
            return Problem(
                f'{path}, header row, column "{cell}"',
                f'is not a column of the schema, which has "{column}" in this position',
                f"the columns {header}",
                hint,
            )
        return Problem(f"{path}, header row", note or message, f"the columns {header}")
    return Problem(where, message)


def a_type(field: Mapping) -> str:
    return {"number": "a number", "integer": "a whole number", "date": "a date"}.get(
        field.get("type"), "valid"
    )


def expected_value(field: Mapping) -> str:
    expected = EXPECTED_TYPE.get(field.get("type", "string"), "a value")
    constraints = field.get("constraints", {})
    bounds = []
    if "minimum" in constraints:
        bounds.append(f">= {constraints['minimum']}")
    if "maximum" in constraints:
        bounds.append(f"<= {constraints['maximum']}")
    if bounds:
        expected += ", " + " and ".join(bounds)
    return expected


# --- publications and charts -------------------------------------------------------------------

PUBLICATION_KEYS = {
    "required": (
        "id",
        "kind",
        "title",
        "publisher",
        "period",
        "methodology",
        "source_document",
    ),
    "optional": ("reference", "published", "reuse_terms", "caveats"),
}
CHART_KEYS = {
    "required": ("id", "dataset", "kind", "label", "value", "title", "subtitle"),
    "optional": ("filter", "notes", "caveats"),
}


def entries(path: Path, document: Any, key: str, problems: list[Problem]) -> list[tuple[str, Mapping]]:
    """The entries of a YAML file's top-level list, each with where it is, keeping only mappings."""
    items = document.get(key) if isinstance(document, Mapping) else None
    if not isinstance(items, list):
        problems.append(
            Problem(
                shown(path),
                f'has no "{key}" list',
                f'a top-level "{key}:" with one entry per item',
            )
        )
        return []
    found = []
    for position, item in enumerate(items, start=1):
        label = item.get("id") if isinstance(item, Mapping) else None
        where = f'{shown(path)}, {key[:-1]} "{label}"' if label else f"{shown(path)}, {key[:-1]} {position}"
        if not isinstance(item, Mapping):
            problems.append(Problem(where, "is not a mapping of keys to values"))
            continue
        found.append((where, item))
    return found


def check_keys(where: str, item: Mapping, keys: Mapping, problems: list[Problem]) -> bool:
    known = keys["required"] + keys["optional"]
    ok = True
    for key in item:
        if key not in known:
            problems.append(
                Problem(
                    where,
                    f'has an unknown key "{key}"',
                    hint=did_you_mean(str(key), known),
                )
            )
            ok = False
    for key in keys["required"]:
        if item.get(key) in (None, ""):
            problems.append(Problem(where, f'is missing "{key}"'))
            ok = False
    return ok


def read_date(where: str, key: str, value: Any, problems: list[Problem]) -> date | None:
    if value is None or isinstance(value, date):
        return value
    problems.append(
        Problem(
            f'{where}, "{key}"',
            f'"{value}" is not a date',
            "a date written as YYYY-MM-DD",
        )
    )
    return None


def read_caveats(path: Path, document: Any, problems: list[Problem]) -> dict[str, str]:
    """Caveats are written once, by name, and named by publications and charts."""
    caveats = document.get("caveats", {}) if isinstance(document, Mapping) else {}
    if not isinstance(caveats, Mapping) or not all(isinstance(text, str) for text in caveats.values()):
        problems.append(Problem(f'{shown(path)}, "caveats"', "is not a list of named texts", "name: text"))
        return {}
    return {str(name): " ".join(text.split()) for name, text in caveats.items()}


def named_caveats(
    where: str, item: Mapping, caveats: Mapping[str, str], problems: list[Problem]
) -> tuple[str, ...]:
    names = item.get("caveats") or []
    if not isinstance(names, list):
        problems.append(
            Problem(f'{where}, "caveats"', "is not a list", "a list of caveat names such as [case-weighting]")
        )
        return ()
    for name in names:
        if name not in caveats:
            problems.append(
                Problem(
                    f'{where}, "caveats"',
                    f'names the caveat "{name}", which is not defined',
                    "a name from the caveats list in publications.yaml",
                    did_you_mean(str(name), caveats),
                )
            )
    return tuple(caveats[name] for name in names if name in caveats)


def read_publications(
    path: Path, document: Any, caveats: Mapping[str, str], problems: list[Problem]
) -> dict[str, Publication]:
    publications: dict[str, Publication] = {}
    for where, item in entries(path, document, "publications", problems):
        if not check_keys(where, item, PUBLICATION_KEYS, problems):
            continue
        period = item["period"]
        if not isinstance(period, Mapping) or not all(period.get(k) for k in ("start", "end", "label")):
            problems.append(Problem(f'{where}, "period"', "is incomplete", '"start", "end" and "label"'))
            continue
        start = read_date(where, "period.start", period["start"], problems)
        end = read_date(where, "period.end", period["end"], problems)
        published = read_date(where, "published", item.get("published"), problems)
        if start and end and start > end:
            problems.append(Problem(f'{where}, "period"', f"starts ({start}) after it ends ({end})"))
        if item["id"] in publications:
            problems.append(Problem(where, f'repeats the id "{item["id"]}"', "each id once"))
        if not (start and end) or item["id"] in publications:
            continue
        publications[item["id"]] = Publication(
            id=item["id"],
            kind=item["kind"],
            title=item["title"],
            publisher=item["publisher"],
            period=Period(start=start, end=end, label=period["label"]),
            methodology=item["methodology"].strip(),
            source_document=item["source_document"].strip(),
            reference=item.get("reference"),
            published=published,
            reuse_terms=(item.get("reuse_terms") or "").strip() or None,
            caveats=named_caveats(where, item, caveats, problems),
        )
    return publications


def read_charts(
    path: Path, document: Any, caveats: Mapping[str, str], problems: list[Problem]
) -> dict[str, Chart]:
    charts: dict[str, Chart] = {}
    for where, item in entries(path, document, "charts", problems):
        if not check_keys(where, item, CHART_KEYS, problems):
            continue
        if item["id"] in charts:
            problems.append(Problem(where, f'repeats the chart id "{item["id"]}"', "each chart id once"))
            continue
        chart_filter = item.get("filter") or {}
        if not isinstance(chart_filter, Mapping):
            problems.append(Problem(f'{where}, "filter"', "is not a mapping", "column: value pairs"))
            continue
        charts[item["id"]] = Chart(
            id=str(item["id"]),
            dataset=str(item["dataset"]),
            kind=str(item["kind"]),
            label=str(item["label"]),
            value=str(item["value"]),
            title=str(item["title"]),
            subtitle=str(item["subtitle"]),
            filter=tuple((str(k), str(v)) for k, v in chart_filter.items()),
            notes=tuple(str(note) for note in item.get("notes") or ()),
            caveats=named_caveats(where, item, caveats, problems),
        )
    return charts
