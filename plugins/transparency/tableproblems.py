"""Word one frictionless error for the web team: by the file's own line number, with what was expected
and, where it helps, a guess at the fix."""

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import frictionless

from .errors import Problem, did_you_mean
from .symbols import MISSING_VALUES, SYMBOLS, bare, declared_symbols, like, official_meaning

EXPECTED_TYPE = {
    "number": "a number such as 12.5, written without commas, units or %",
    "integer": "a whole number such as 2022",
    "date": "a date written as YYYY-MM-DD",
    "string": "text",
}


def primary_key(schema: Mapping) -> list[str]:
    """The schema's key columns: Table Schema allows one name as a plain string."""
    key = schema.get("primaryKey") or []
    return [key] if isinstance(key, str) else list(key)


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
    symbols = declared_symbols(schema)
    if kind == "type-error":
        return Problem(
            where,
            f'"{cell}" is not {a_type(field)}',
            expected_value(field, symbols) + undeclared(cell, field, symbols),
            number_hint(cell, field) or symbol_hint(cell, field, symbols),
        )
    if kind == "constraint-error":
        rule = note.split('"')[1] if '"' in note else note
        if rule == "required":
            return Problem(where, "is empty", expected_value(field, symbols))
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


def undeclared(cell: Any, field: Mapping, symbols: list[str]) -> str:
    """For an official statistics symbol the schema does not declare: how to declare it."""
    if field.get("type") not in ("number", "integer") or official_meaning(cell) is None or cell in symbols:
        return ""
    return (
        f'; to publish "{cell}" as an official statistics symbol, add it to the schema\'s "{MISSING_VALUES}" '
        f'in datapackage.yaml and give its meaning under "{SYMBOLS}"'
    )


def symbol_hint(cell: Any, field: Mapping, symbols: list[str]) -> str:
    """A symbol written unlike its declaration ("X" or "[x]" for "x"), or what an undeclared one means."""
    if field.get("type") not in ("number", "integer"):
        return ""
    if any(bare(symbol) == bare(cell) for symbol in symbols):
        return like(cell, symbols)
    meaning = official_meaning(cell)
    return f'in official statistics "{cell}" usually means "{meaning}"' if meaning else ""


def expected_value(field: Mapping, symbols: Sequence[str] = ()) -> str:
    """What a cell of the field holds, in words; with the declared symbols a figure may be instead."""
    expected = EXPECTED_TYPE.get(field.get("type", "string"), "a value")
    constraints = field.get("constraints", {})
    bounds = []
    if "minimum" in constraints:
        bounds.append(f">= {constraints['minimum']}")
    if "maximum" in constraints:
        bounds.append(f"<= {constraints['maximum']}")
    if bounds:
        expected += ", " + " and ".join(bounds)
    if symbols and field.get("type") in ("number", "integer"):
        expected += ", or one of the symbols " + ", ".join(f'"{s}"' for s in symbols) + " the schema declares"
    return expected
