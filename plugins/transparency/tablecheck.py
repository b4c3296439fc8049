"""Check a CSV table's cells against its Table Schema with frictionless, each problem worded for the web team
by tableproblems.py."""

import copy
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path

import frictionless

from .errors import Problem, shown
from .symbols import declared_symbols, for_frictionless
from .tableproblems import describe_table_error, expected_value, primary_key

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
        descriptor_copy = copy.deepcopy(for_frictionless(dict(schema, primaryKey=primary_key(schema))))
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
    errors = [error for error in errors if not symbol_given(error, schema, rows)]
    problems.extend(describe_table_error(where, schema, e, lines) for e in relevant(errors, schema))
    if errors or figures:
        return None
    return tuple(row for row, _, _ in read), tuple(lines[number - 1] for _, _, number in read)


def symbol_given(error, schema: Mapping, rows: list[list[str]]) -> bool:
    """Whether the error is the "required" rule broken by a declared symbol (symbols.py): frictionless reads
    the symbol as missing, but the figure is given, as that symbol, not left out."""
    if error.type != "constraint-error" or '"required"' not in error.note:
        return False
    names = [field["name"] for field in schema["fields"]]
    cells = rows[error.row_number - 1]
    position = names.index(error.field_name) if error.field_name in names else len(cells)
    return position < len(cells) and cells[position] in declared_symbols(schema)


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
