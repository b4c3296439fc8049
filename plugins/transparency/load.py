"""Read data/ (the data package, publications and charts) into the model, collecting every problem."""

import copy
import csv
import hashlib
import io
import json
import os
import pickle
import re
import tempfile
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib.metadata import version
from pathlib import Path
from typing import Any

import frictionless
import yaml

from .comparisons import compare, read_comparisons
from .errors import DataError, Problem, did_you_mean, shown
from .model import Chart, Dataset, Field, Period, Publication, SiteData, Update
from .validate import Agreement, check_site_data

DATA_PACKAGE = "datapackage.yaml"
PUBLICATIONS = "publications.yaml"
CHARTS = "charts.yaml"
# Tables found valid, kept between builds (relative to where the build runs, beside the chart images).
TABLE_CACHE = Path(".cache/tables.pickle")

EXPECTED_TYPE = {
    "number": "a number such as 12.5, written without commas, units or %",
    "integer": "a whole number such as 2022",
    "date": "a date written as YYYY-MM-DD",
    "string": "text",
}
# The Table Schema field types frictionless can check.
FIELD_TYPES = (
    "any",
    "array",
    "boolean",
    "date",
    "datetime",
    "duration",
    "geojson",
    "geopoint",
    "integer",
    "list",
    "number",
    "object",
    "string",
    "time",
    "year",
    "yearmonth",
)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SAVE_AS_UTF8 = 'in Excel, save it again choosing "CSV UTF-8 (Comma delimited)" as the type'


class DataYamlLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text: PyYAML crashes on an impossible date such as 2025-02-30,
    so dates are read by read_date, which reports it like any other mistake."""


DataYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class FastDataYamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same, parsed by libyaml where PyYAML has it: about 7 times faster on a national site's files.
    A file it rejects is read again by DataYamlLoader, whose messages say where the mistake is."""

    yaml_implicit_resolvers = DataYamlLoader.yaml_implicit_resolvers


class ValidatedTables:
    """The rows of each table frictionless found valid, by a hash of its schema and cells, kept in one file.

    frictionless takes a few milliseconds a table, which at hundreds of tables is most of the loading time.
    A table is kept only once valid, so every problem is still found, and worded, by frictionless; the file
    keeps the tables of the last build only, and a missing or unreadable file just means validating again.
    """

    # Besides a table's schema and cells, what decides its rows: frictionless and this module's code.
    VALIDATION = "|".join(
        [f"frictionless {version('frictionless')}", hashlib.sha256(Path(__file__).read_bytes()).hexdigest()]
    )

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.known: dict[str, tuple] = {}
        self.used: dict[str, tuple] = {}
        if path is not None:
            try:
                self.known = pickle.loads(path.read_bytes())
            except Exception:  # absent, from another version, or damaged: validate again
                self.known = {}

    def key(self, schema: Mapping, rows: list[list[str]], lines: list[int]) -> str:
        text = json.dumps([schema, rows, lines], sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(f"{self.VALIDATION}|{text}".encode()).hexdigest()

    def get(self, key: str) -> tuple | None:
        found = self.known.get(key)
        if found is not None:
            self.used[key] = found
        return found

    def add(self, key: str, read: tuple) -> None:
        self.used[key] = read

    def save(self) -> None:
        if self.path is None or self.used == self.known:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Write then rename: a build running beside this one never reads half a file.
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".part")
            with os.fdopen(handle, "wb") as file:
                pickle.dump(self.used, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError:
            pass  # a read-only folder only costs the next build its speed


def load_site_data(data_dir: Path, cache: Path | None = TABLE_CACHE) -> SiteData:
    """Read and check every file in data_dir; raise DataError listing all problems found.
    Tables found valid are remembered in `cache` (None: validate every table every time)."""
    problems: list[Problem] = []
    package = read_yaml(data_dir / DATA_PACKAGE, problems)
    publications_file = read_yaml(data_dir / PUBLICATIONS, problems)
    charts_file = read_yaml(data_dir / CHARTS, problems)
    if problems:
        raise DataError(problems)

    tables = ValidatedTables(cache)
    datasets = read_datasets(data_dir, package, problems, tables)
    tables.save()
    agreements = read_agreements(data_dir, package, datasets, problems)
    caveats = read_caveats(data_dir / PUBLICATIONS, publications_file, problems)
    publications = read_publications(data_dir / PUBLICATIONS, publications_file, caveats, problems)
    comparisons = read_comparisons(data_dir / CHARTS, charts_file, problems)
    if not problems:
        # Compared figures become datasets of their own, so charts draw them like any other.
        datasets.update(compare(data_dir, comparisons.values(), datasets, publications, problems))
    charts = read_charts(data_dir / CHARTS, charts_file, caveats, problems)
    site = SiteData(
        datasets=datasets, publications=publications, charts=charts, comparisons=comparisons, package=package
    )
    if not problems:
        problems.extend(check_site_data(site, data_dir, agreements))
    if problems:
        raise DataError(problems)
    return site


def read_yaml(path: Path, problems: list[Problem]) -> Any:
    try:
        text = path.read_bytes().decode("utf-8-sig")
        try:
            document = yaml.load(text, Loader=FastDataYamlLoader)
        except yaml.YAMLError:
            document = yaml.load(text, Loader=DataYamlLoader)
    except FileNotFoundError:
        problems.append(Problem(shown(path), "file not found"))
    except UnicodeDecodeError as error:
        problems.append(not_utf8(path, error))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{shown(path)}, line {mark.line + 1}, column {mark.column + 1}" if mark else shown(path)
        what = getattr(error, "problem", None) or str(error)
        # PyYAML finds an unclosed quote or bracket only at the end of the file: say where it began.
        context, began = getattr(error, "context", None), getattr(error, "context_mark", None)
        if context and began and mark and began.line != mark.line:
            what += f" ({context} from line {began.line + 1}, column {began.column + 1})"
        problems.append(Problem(where, f"is not valid YAML: {what}"))
    else:
        if document is None:
            problems.append(Problem(shown(path), "is empty"))
        return document
    return None


def not_utf8(path: Path, error: UnicodeDecodeError) -> Problem:
    """Name the line and the byte that is not UTF-8, and what it would be in Excel's usual encoding."""
    line = error.object[: error.start].count(b"\n") + 1
    byte = error.object[error.start : error.start + 1]
    as_windows = byte.decode("cp1252", errors="replace")
    return Problem(
        f"{shown(path)}, line {line}",
        f'is not UTF-8 text: its byte 0x{byte.hex()} is "{as_windows}" in Windows-1252, '
        'the encoding Excel uses for plain "CSV"',
        "a file saved as UTF-8",
        SAVE_AS_UTF8,
    )


# --- datasets -------------------------------------------------------------------------------


def read_datasets(
    data_dir: Path, package: Any, problems: list[Problem], tables: ValidatedTables | None = None
) -> dict[str, Dataset]:
    tables = tables or ValidatedTables(None)
    where = shown(data_dir / DATA_PACKAGE)
    resources = package.get("resources") if isinstance(package, Mapping) else None
    if not isinstance(resources, list) or not resources:
        problems.append(Problem(where, 'has no "resources" list', "one entry per CSV table"))
        return {}
    datasets: dict[str, Dataset] = {}
    for position, descriptor in enumerate(resources, start=1):
        if not isinstance(descriptor, Mapping):
            problems.append(Problem(f"{where}, resource {position}", "is not a mapping of keys to values"))
            continue
        name = descriptor.get("name")
        here = f'{where}, resource "{name}"' if name else f"{where}, resource {position}"
        missing = [key for key in ("name", "path", "schema") if not descriptor.get(key)]
        if missing:
            problems.append(
                Problem(
                    here,
                    "is missing " + ", ".join(f'"{key}"' for key in missing),
                    'a "name", a "path" and a "schema"',
                )
            )
            continue
        if name in datasets:
            problems.append(Problem(here, f'repeats the name "{name}"', "each name once"))
            continue
        if not check_schema(here, descriptor["schema"], problems):
            continue
        # Read again by the data catalogue: a date that is not one must stop the build here, not crash it.
        read_date(here, "last_updated", descriptor.get("last_updated"), problems)
        dataset = read_dataset(data_dir, descriptor, problems, tables)
        if dataset:
            datasets[name] = dataset
    return datasets


def check_schema(where: str, schema: Any, problems: list[Problem]) -> bool:
    """Check what frictionless would only report as one opaque message: field names, types, keys."""
    fields = schema.get("fields") if isinstance(schema, Mapping) else None
    if not isinstance(fields, list) or not all(isinstance(f, Mapping) and f.get("name") for f in fields):
        problems.append(Problem(f'{where}, "schema"', 'has no "fields" list', "one name and type per column"))
        return False
    found = len(problems)
    names = [str(f["name"]) for f in fields]
    for field in fields:
        kind = field.get("type", "string")
        if kind not in FIELD_TYPES:
            problems.append(
                Problem(
                    f'{where}, field "{field["name"]}"',
                    f'has the type "{kind}"',
                    "a Table Schema type such as " + ", ".join(f'"{k}"' for k in EXPECTED_TYPE),
                    did_you_mean(str(kind), FIELD_TYPES),
                )
            )
    for key in primary_key(schema):
        if key not in names:
            problems.append(
                Problem(
                    f'{where}, "primaryKey"',
                    f'names the field "{key}", which the schema does not have',
                    "one of " + ", ".join(f'"{n}"' for n in names),
                    did_you_mean(str(key), names),
                )
            )
    return len(problems) == found


def primary_key(schema: Mapping) -> list[str]:
    """The schema's key columns: Table Schema allows one name as a plain string."""
    key = schema.get("primaryKey") or []
    return [key] if isinstance(key, str) else list(key)


def read_table(path: Path, problems: list[Problem]) -> tuple[list[list[str]], list[int]] | None:
    """The CSV's rows (header first) with each row's line number, tidied as the web team would expect:
    a byte-order mark, spaces around cells and blank lines are ignored, not reported."""
    content = path.read_bytes()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(not_utf8(path, error))
        return None
    rows, lines = [], []
    reader = csv.reader(io.StringIO(text, newline=""))
    last_line = 0
    for row in reader:
        cells = [cell.strip() for cell in row]
        if any(cells):
            rows.append(cells)
            lines.append(last_line + 1)
        last_line = reader.line_num
    return rows, lines


def read_dataset(
    data_dir: Path, descriptor: Mapping, problems: list[Problem], tables: ValidatedTables
) -> Dataset | None:
    csv_path = data_dir / descriptor["path"]
    schema = descriptor["schema"]
    columns = ", ".join(f'"{f["name"]}"' for f in schema["fields"])
    if not csv_path.is_file():
        problems.append(
            Problem(
                shown(csv_path),
                "file not found",
                f'the table of dataset "{descriptor["name"]}"',
            )
        )
        return None
    table = read_table(csv_path, problems)
    if table is None:
        return None
    rows, lines = table
    if not rows:
        problems.append(
            Problem(
                shown(csv_path), "is empty", f"a header row naming the columns {columns}, then the figures"
            )
        )
        return None
    key = tables.key(schema, rows, lines)
    valid = tables.get(key) or validate_table(csv_path, schema, rows, lines, problems)
    if valid is None:
        return None
    tables.add(key, valid)
    fields = tuple(
        Field(
            name=f["name"],
            title=f.get("title", f["name"]),
            type=f.get("type", "string"),
            description=f.get("description", ""),
            unit=f.get("unit", ""),
        )
        for f in schema["fields"]
    )
    return Dataset(
        name=descriptor["name"],
        title=descriptor.get("title", descriptor["name"]),
        description=descriptor.get("description", ""),
        path=descriptor["path"],
        fields=fields,
        primary_key=tuple(primary_key(schema)),
        rows=valid[0],
        row_numbers=valid[1],
        last_updated=read_date(
            f'{shown(data_dir / DATA_PACKAGE)}, resource "{descriptor["name"]}"',
            "last_updated",
            descriptor.get("last_updated"),
            problems,
        ),
    )


def validate_table(
    csv_path: Path, schema: Mapping, rows: list[list[str]], lines: list[int], problems: list[Problem]
) -> tuple[tuple[dict, ...], tuple[int, ...]] | None:
    """The table's rows read by frictionless against its schema, with their line numbers; None if any
    problem (each reported by row and column)."""
    try:
        descriptor_copy = copy.deepcopy(dict(schema, primaryKey=primary_key(schema)))
        resource = frictionless.Resource(
            data=rows, schema=frictionless.Schema.from_descriptor(descriptor_copy)
        )
        with resource:
            header_errors = list(resource.header.errors)
            read = [(row.to_dict(), list(row.errors), row.row_number) for row in resource.row_stream]
    except frictionless.FrictionlessException as error:
        problems.append(
            Problem(
                shown(csv_path),
                f"cannot be read: {error.error.note or error.error.message}",
            )
        )
        return None
    where = Path(shown(csv_path))
    if header_errors:
        # Every row is then out of step with the schema: report the header alone.
        problems.extend(describe_table_error(where, schema, e, lines) for e in header_errors)
        return None
    errors = [error for _, row_errors, _ in read for error in row_errors]
    problems.extend(describe_table_error(where, schema, e, lines) for e in relevant(errors, schema))
    if errors:
        return None
    return tuple(row for row, _, _ in read), tuple(lines[number - 1] for _, _, number in read)


def relevant(errors: list, schema: Mapping) -> list:
    """Drop the errors that only follow from another in the same row, so each mistake is reported once."""
    # A short row also breaks each "required" rule it leaves empty.
    short = {(e.row_number, e.field_name) for e in errors if e.type == "missing-cell"}
    # A key cell that could not be read is empty, so it "repeats" any other unreadable key.
    keys = set(primary_key(schema))
    bad_key = {
        e.row_number for e in errors if e.type in ("type-error", "constraint-error") and e.field_name in keys
    }
    return [
        e
        for e in errors
        if not (e.type == "constraint-error" and (e.row_number, e.field_name) in short)
        and not (e.type == "primary-key" and e.row_number in bad_key)
    ]


def describe_table_error(
    path: Path, schema: Mapping, error: frictionless.errors.Error, lines: list[int]
) -> Problem:
    """Turn one frictionless error into a Problem the web team can act on, by the file's own line numbers."""
    kind, note, message = error.type, error.note, error.message
    # frictionless numbers the tidied rows from 1 (the header); lines[] maps them back to the file.
    row = lines[error.row_number - 1] if isinstance(error, frictionless.errors.RowError) else None
    column = getattr(error, "field_name", None)
    cell = error.label if isinstance(error, frictionless.errors.LabelError) else getattr(error, "cell", None)
    fields = {f["name"]: f for f in schema.get("fields", [])}
    field = fields.get(column, {})
    constraints = field.get("constraints", {})
    where = str(path) + (f", row {row}" if row else "") + (f', column "{column}"' if column else "")
    header = ", ".join(f'"{name}"' for name in fields)
    if kind == "type-error":
        return Problem(
            where, f'"{cell}" is not {a_type(field)}', expected_value(field), number_hint(cell, field)
        )
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
        first = lines[int(note.rsplit(" ", 1)[-1]) - 1]
        key = " and ".join(f'"{name}"' for name in primary_key(schema))
        return Problem(
            f"{path}, row {row}",
            f"repeats the {key} of row {first}",
            f"one row per {key}",
        )
    if kind == "incorrect-label":
        return Problem(
            f'{path}, header row, column "{cell}"',
            f'is not a column of the schema, which has "{column}" in this position',
            f"the columns {header}",
            did_you_mean(str(cell), fields),
        )
    if kind == "missing-label":
        return Problem(f"{path}, header row", f'has no column "{column}"', f"the columns {header}")
    if kind == "extra-label":
        return Problem(
            f'{path}, header row, column "{cell}"',
            "is not a column of the schema",
            f"the columns {header}; add the column to the schema in datapackage.yaml or remove it",
        )
    if kind == "blank-label":
        return Problem(
            f"{path}, header row, column {error.field_number}", "has no name", f"the columns {header}"
        )
    if kind == "duplicate-label":
        return Problem(f'{path}, header row, column "{cell}"', "appears twice", f"the columns {header}")
    return Problem(where, note or message)


def number_hint(cell: Any, field: Mapping) -> str:
    """For a figure written the way people write it ("12,5", "65%", "1,234"), the way to write it."""
    if field.get("type") not in ("number", "integer"):
        return ""
    text = str(cell).strip().rstrip("%").lstrip("£$€").strip()
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    elif re.fullmatch(r"-?\d+,\d+", text):
        text = text.replace(",", ".")
    try:
        Decimal(text)
    except InvalidOperation:
        return ""
    return f"did you mean {text}?" if text != str(cell) else ""


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


def read_agreements(
    data_dir: Path, package: Any, datasets: Mapping[str, Dataset], problems: list[Problem]
) -> list[Agreement]:
    """Each dataset's `agrees_with` list: other datasets publishing some of the same figures."""
    resources = package.get("resources") if isinstance(package, Mapping) else None
    agreements = []
    for descriptor in resources if isinstance(resources, list) else ():
        if not isinstance(descriptor, Mapping) or descriptor.get("name") not in datasets:
            continue
        declared = descriptor.get("agrees_with") or []
        where = f'{shown(data_dir / DATA_PACKAGE)}, resource "{descriptor["name"]}", "agrees_with"'
        if not isinstance(declared, list):
            declared = [declared]
        for position, item in enumerate(declared, start=1):
            here = f"{where} {position}"
            if not (
                isinstance(item, Mapping)
                and isinstance(item.get("dataset"), str)
                and isinstance(item.get("key"), list)
                and isinstance(item.get("values"), list)
                and isinstance(item.get("filter") or {}, Mapping)
            ):
                problems.append(
                    Problem(
                        here,
                        "is incomplete",
                        '"dataset", lists of columns "key" and "values", and optionally a "filter"',
                    )
                )
                continue
            agreements.append(
                Agreement(
                    where=here,
                    dataset=descriptor["name"],
                    other=item["dataset"],
                    key=tuple(map(str, item["key"])),
                    values=tuple(map(str, item["values"])),
                    filter=tuple((str(k), str(v)) for k, v in (item.get("filter") or {}).items()),
                )
            )
    return agreements


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
    "optional": ("reference", "published", "reuse_terms", "caveats", "updates", "short_title"),
}
CHART_KEYS = {
    "required": ("id", "dataset", "kind", "label", "value", "title", "subtitle"),
    "optional": ("filter", "notes", "caveats", "series"),
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
    if value is None:
        return None
    text = str(value)
    if ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            problems.append(
                Problem(
                    f'{where}, "{key}"', f'"{text}" is not a day of the calendar', "a real date, YYYY-MM-DD"
                )
            )
            return None
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


def read_updates(where: str, item: Mapping, problems: list[Problem]) -> tuple[Update, ...]:
    """The dated notes of changes to a publication's page (a corrected figure), newest first."""
    listed = item.get("updates") or []
    expected = 'a list of "- date: YYYY-MM-DD" with "note: what changed"'
    if not isinstance(listed, list):
        problems.append(Problem(f'{where}, "updates"', "is not a list", expected))
        return ()
    updates = []
    for position, update in enumerate(listed, start=1):
        here = f"{where}, update {position}"
        if not isinstance(update, Mapping) or not str(update.get("note") or "").strip():
            problems.append(Problem(here, 'needs a "date" and a "note"', expected))
            continue
        if update.get("date") is None:
            problems.append(Problem(here, 'needs a "date" and a "note"', expected))
            continue
        dated = read_date(here, "date", update["date"], problems)
        if dated:
            updates.append(Update(date=dated, note=" ".join(str(update["note"]).split())))
    return tuple(sorted(updates, key=lambda update: update.date, reverse=True))


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
            updates=read_updates(where, item, problems),
            short_title=item.get("short_title"),
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
            series=str(item["series"]) if item.get("series") else None,
        )
    return charts
