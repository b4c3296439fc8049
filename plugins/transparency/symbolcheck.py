"""A table's declaration of its official statistics symbols (symbols.py), checked: each symbol in
`missingValues` has its meaning under `symbols` and each meaning its symbol, a symbol is a short mark that no
figure, spreadsheet formula or spaced text could be taken for, and the keys are where they belong."""

import difflib
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import Problem
from .symbols import MISSING_VALUES, SYMBOLS, like, official_meaning
from .yamlfields import a_value

# The keys a Table Schema may hold (v1 and v2), besides this site's own `symbols`.
SCHEMA_KEYS = ("fields", "primaryKey", "foreignKeys", "missingValues", "uniqueKeys", "fieldsMatch", "$schema")
MAX_SYMBOL_LENGTH = 10
# A cell starting so is taken by a spreadsheet for a formula or a negative number (downloads.FORMULA_STARTS).
FORMULA_STARTS = ("=", "+", "-", "@")


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
