"""Official statistics symbols: figures a table gives as a symbol ("x" not available, "c" confidential)
instead of a number, declared once per table and carried through as model.Missing, never as zero or a gap.

A table's schema declares them as Table Schema does, in `missingValues` (with "" for an empty cell), and
gives each its meaning under `symbols`, a key of this site's that frictionless never sees:

    schema:
      missingValues: ["", "x", "c"]
      symbols: {x: not available, c: "confidential: suppressed to protect people"}
"""

import difflib
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import Problem, did_you_mean
from .model import Missing, Row
from .yamlfields import a_value

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
# The keys a Table Schema may hold (v1 and v2), besides this site's own `symbols`.
SCHEMA_KEYS = ("fields", "primaryKey", "foreignKeys", "missingValues", "uniqueKeys", "fieldsMatch", "$schema")
MAX_SYMBOL_LENGTH = 10
# A cell starting so is taken by a spreadsheet for a formula or a negative number (downloads.FORMULA_STARTS).
FORMULA_STARTS = ("=", "+", "-", "@")


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


def read_symbols(
    where: str, descriptor: Mapping, problems: list[Problem]
) -> tuple[tuple[str, str], ...] | None:
    """A resource's declared symbols with their meanings, in the order of `missingValues`; None (with each
    problem reported) if the declaration is wrong anywhere."""
    found = len(problems)
    schema = descriptor["schema"]
    here = f'{where}, "schema"'
    if SYMBOLS in descriptor:
        problems.append(
            Problem(
                f'{where}, "{SYMBOLS}"',
                'is beside the "schema", not in it',
                f'the meanings under "schema", next to "{MISSING_VALUES}"',
            )
        )
    for key in schema:
        close = difflib.get_close_matches(str(key), (MISSING_VALUES, SYMBOLS), n=1, cutoff=0.7)
        if key not in (*SCHEMA_KEYS, SYMBOLS) and close:
            problems.append(Problem(here, f'has the key "{key}"', hint=f'did you mean "{close[0]}"?'))
    for field in schema["fields"]:
        if MISSING_VALUES in field:
            problems.append(
                Problem(
                    f'{where}, field "{field["name"]}", "{MISSING_VALUES}"',
                    "is given for one field",
                    f'the symbols once for the whole table, in the schema\'s own "{MISSING_VALUES}"',
                )
            )
    listed = schema.get(MISSING_VALUES, [""])
    meanings = schema.get(SYMBOLS, {})
    symbols = check_listed(f'{here}, "{MISSING_VALUES}"', listed, problems)
    if not isinstance(meanings, Mapping):
        problems.append(
            Problem(
                f'{here}, "{SYMBOLS}"',
                f"is {a_value(meanings)}",
                'a mapping of each symbol to its meaning, such as x: "not available"',
            )
        )
        meanings = {}
    for symbol in symbols:
        if symbol not in meanings:
            problems.append(
                Problem(
                    f'{here}, "{SYMBOLS}"',
                    f'gives no meaning for "{symbol}", which "{MISSING_VALUES}" declares',
                    f'each symbol\'s meaning in words, such as "{symbol}": '
                    f'"{official_meaning(symbol) or "not available"}"',
                )
            )
    for key, meaning in meanings.items():
        symbol = str(key)
        if symbol == "":
            problems.append(
                Problem(
                    f'{here}, "{SYMBOLS}"',
                    "gives a meaning to the empty cell",
                    "meanings of symbols only: a reader sees nothing in an empty cell, so write a symbol "
                    "such as x in it, declared with its meaning",
                )
            )
        elif symbol not in symbols:
            hint = like(symbol, symbols) if symbols else f'add "{symbol}" to "{MISSING_VALUES}"'
            problems.append(
                Problem(
                    f'{here}, "{SYMBOLS}"',
                    f'gives a meaning for "{symbol}", which "{MISSING_VALUES}" does not declare',
                    f'each symbol in both: listed in "{MISSING_VALUES}", its meaning under "{SYMBOLS}"',
                    hint,
                )
            )
        elif not isinstance(meaning, str) or not meaning.strip():
            what = "is empty" if meaning is None or meaning == "" else f"is {a_value(meaning)}"
            problems.append(
                Problem(
                    f'{here}, "{SYMBOLS}", "{symbol}"', what, 'its meaning in words, e.g. "not available"'
                )
            )
    if len(problems) > found:
        return None
    return tuple((symbol, " ".join(str(meanings[symbol]).split())) for symbol in symbols)


def check_listed(where: str, listed: Any, problems: list[Problem]) -> list[str]:
    """The symbols of `missingValues` that can be published, each wrong one reported."""
    expected = 'a list of texts such as ["", "x", "c"]: "" for an empty cell, then each symbol the table uses'
    if not isinstance(listed, list):
        problems.append(Problem(where, f"is {a_value(listed)}", expected))
        return []
    symbols: list[str] = []
    for position, symbol in enumerate(listed, start=1):
        if not isinstance(symbol, str):
            problems.append(Problem(where, f"has {a_value(symbol)} in position {position}", expected))
        elif symbol in symbols or (symbol == "" and listed.index("") < position - 1):
            problems.append(Problem(where, f'lists "{symbol}" twice', "each symbol once"))
        elif symbol:
            what = symbol_problem(symbol)
            if what:
                problems.append(Problem(where, f'"{symbol}" cannot be a symbol: {what}', SYMBOL_FORM))
            else:
                symbols.append(symbol)
    if "" not in listed:
        problems.append(
            Problem(
                where,
                'leaves out "", so an empty cell would no longer be read as empty',
                '"" first in the list, then the symbols, such as ["", "x", "c"]',
            )
        )
    return symbols


SYMBOL_FORM = f'a short mark of at most {MAX_SYMBOL_LENGTH} characters, such as "x", "c", "z", "low" or ".."'


def symbol_problem(symbol: str) -> str:
    """Why a text cannot be a symbol, or "" if it can."""
    if symbol != symbol.strip() or any(character.isspace() for character in symbol):
        return "it holds a space, and cells are read without the spaces around them"
    if len(symbol) > MAX_SYMBOL_LENGTH:
        return f"it is longer than {MAX_SYMBOL_LENGTH} characters"
    try:
        Decimal(symbol)
        return "it is also a number, so the figure would be read as the symbol"
    except InvalidOperation:
        pass
    if symbol.startswith(FORMULA_STARTS):
        return "a spreadsheet would take it for a formula or a negative number"
    return ""


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
