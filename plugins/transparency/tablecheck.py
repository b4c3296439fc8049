"""Check a CSV table's cells against its Table Schema with frictionless, and word each problem for the
web team by the file's own line numbers."""

import copy
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import frictionless

from .errors import Problem, did_you_mean, shown

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
# Figures are published as written and also drawn, so they must be plain decimals a chart can hold:
# "1.7e308" or a 400-digit number would be drawn as Infinity.
MAX_DIGITS = 15


def primary_key(schema: Mapping) -> list[str]:
    """The schema's key columns: Table Schema allows one name as a plain string."""
    key = schema.get("primaryKey") or []
    return [key] if isinstance(key, str) else list(key)


def unpublishable_figures(path: Path, schema: Mapping, rows: list[list[str]], lines: list[int]) -> dict:
    """Problems with number cells that frictionless accepts, or misreads, but the site cannot publish,
    by (frictionless row number, column)."""
    found = {}
    header = rows[0]
    for field in schema["fields"]:
        if field.get("type") not in ("number", "integer") or field["name"] not in header:
            continue
        position = header.index(field["name"])
        for number, (cells, line) in enumerate(zip(rows[1:], lines[1:], strict=True), start=2):
            cell = cells[position] if position < len(cells) else ""
            what = figure_problem(cell)
            if what:
                where = f'{path}, row {line}, column "{field["name"]}"'
                found[number, field["name"]] = Problem(where, f'"{cell}" {what}', expected_value(field))
    return found


def figure_problem(cell: str) -> str:
    try:
        value = Decimal(cell)
    except InvalidOperation:
        return ""  # not a number at all: frictionless says so
    if not value.is_finite():
        return "is not a number"
    if "e" in cell.lower():
        return "is written in scientific notation"
    if len(value.as_tuple().digits) > MAX_DIGITS:
        return f"has more than {MAX_DIGITS} digits, more than a chart can show exactly"
    return ""


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
    figures = unpublishable_figures(where, schema, rows, lines)
    problems.extend(figures.values())
    errors = [
        error
        for _, row_errors, _ in read
        for error in row_errors
        if (error.row_number, getattr(error, "field_name", None)) not in figures
    ]
    problems.extend(describe_table_error(where, schema, e, lines) for e in relevant(errors, schema))
    if errors or figures:
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
