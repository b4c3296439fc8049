"""Official statistics symbols: figures a table gives as a symbol ("x" not available, "c" confidential)
instead of a number, declared once per table and carried through as model.Missing, never as zero or a gap.

A table's schema declares them as Table Schema does, in `missingValues` (with "" for an empty cell), and
gives each its meaning under `symbols`, a key of this site's that frictionless never sees (symbolcheck.py
checks the declaration):

    schema:
      missingValues: ["", "x", "c"]
      symbols: {x: not available, c: "confidential: suppressed to protect people"}
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .errors import Problem, did_you_mean
from .model import Missing, Row

MISSING_VALUES, SYMBOLS = "missingValues", "symbols"
# The symbols of the Government Statistical Service's guidance and the older ones still met, with what they
# usually mean: only to recognise an undeclared symbol and suggest a meaning, never to give one.
OFFICIAL = {
    "x": "not available",
    "c": "confidential",
    "z": "not applicable",
    "u": "low reliability",
    "low": "a figure that rounds to zero but is not zero",
    ":": "not available",
    "..": "not available",
}


def bare(text: Any) -> str:
    """A symbol as it is told apart: "[X]" and "x" are the same."""
    text = str(text).strip().lower()
    return text[1:-1] if len(text) > 2 and text[0] == "[" and text[-1] == "]" else text


def official_meaning(cell: Any) -> str | None:
    """What an official statistics symbol usually means ("[x]" and "X" are "x"); None for any other text."""
    return OFFICIAL.get(bare(cell))


def like(text: Any, symbols: Iterable[str]) -> str:
    """A hint naming the declared symbol a text was meant as ("[z]" or "Z" for "z"), or else the closest."""
    symbols = list(symbols)
    same = [symbol for symbol in symbols if bare(symbol) == bare(text)]
    return f'did you mean "{same[0]}"?' if same else did_you_mean(str(text), symbols)


def declared_symbols(schema: Mapping) -> list[str]:
    """The schema's symbols as `missingValues` lists them, the empty cell left out."""
    listed = schema.get(MISSING_VALUES) if isinstance(schema, Mapping) else None
    return [s for s in listed if isinstance(s, str) and s] if isinstance(listed, list) else []


def for_frictionless(schema: Mapping) -> dict:
    """The schema without this site's own key, so frictionless reads only Table Schema."""
    return {key: value for key, value in schema.items() if key != SYMBOLS}


def with_symbols(
    path: str,
    fields: Sequence[Mapping],
    symbols: Iterable[tuple[str, str]],
    cells: list[list[str]],
    lines: list[int],
    rows: tuple[dict, ...],
    not_figures: Iterable[str],
    problems: list[Problem],
) -> tuple[dict, ...] | None:
    """The rows with each declared symbol as a Missing(symbol, meaning), where frictionless (or the cache)
    read None. Only figures may be symbols: a symbol in a text column, or in `not_figures` (the key and the
    period column), is a problem, since Table Schema would read it as missing."""
    meanings = dict(symbols)
    if not meanings:
        return rows
    found = len(problems)
    excluded = set(not_figures)
    marked = []
    for row, row_cells, line in zip(rows, cells[1:], lines[1:], strict=True):
        row = dict(row)
        for field, cell in zip(fields, row_cells, strict=False):
            if cell not in meanings:
                continue
            name = field["name"]
            if field.get("type") in ("number", "integer") and name not in excluded:
                row[name] = Missing(cell, meanings[cell])
                continue
            role = "a key column, naming its row" if name in excluded else "a text column"
            problems.append(
                Problem(
                    f'{path}, row {line}, column "{name}"',
                    f'"{cell}" is a symbol declared in "{MISSING_VALUES}", but this is {role}',
                    "symbols only in figures (number columns that are not part of the key or the period); "
                    "write the text in full",
                )
            )
        marked.append(row)
    return tuple(marked) if len(problems) == found else None


def is_figure(value: Any) -> bool:
    """Whether a value is a number to draw or compare: not a symbol, not empty."""
    return value is not None and not isinstance(value, Missing)


def figures(rows: Iterable[Row], column: str) -> tuple[Row, ...]:
    """The rows whose `column` holds a number: what a chart draws."""
    return tuple(row for row in rows if is_figure(row[column]))


def symbols_in(
    declared: Iterable[tuple[str, str]], rows: Iterable[Row], columns: Iterable[str]
) -> list[tuple[str, str]]:
    """The declared symbols (with their meanings) that these rows' columns hold, in the order the schema
    declares them: the key under a table."""
    columns = tuple(columns)
    held = {row[c].symbol for row in rows for c in columns if isinstance(row[c], Missing)}
    return [(symbol, meaning) for symbol, meaning in declared if symbol in held]
