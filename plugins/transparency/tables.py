"""Remember which tables frictionless found valid, so a table unchanged since the last build skips it."""

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from importlib.metadata import version

from .cache import Cache, code_digests

ENTRY = "validated-tables.json"
# Besides a table's schema, cells and line numbers, what decides whether it is valid and what its rows are:
# frictionless, the code calling it (load.py, tablecheck.py, with the symbols it lets through) and the
# conversion below.
VALIDATION = "|".join(
    [f"frictionless {version('frictionless')}"]
    + code_digests("load.py", "tablecheck.py", "symbols.py", "tables.py")
)
HEX_KEY = re.compile(r"[0-9a-f]{64}")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_date(cell: str) -> date:
    if not ISO_DATE.fullmatch(cell):  # Python reads 20240131 too; frictionless does not
        raise ValueError(cell)
    return date.fromisoformat(cell)


# A cell's value by its field's type, as frictionless 5 gives it for a field with no other options (it casts
# with int() and Decimal() itself). A type not here is never remembered.
CONVERSIONS: dict[str, Callable[[str], object]] = {
    "string": str,
    "integer": int,
    "number": Decimal,
    "date": read_date,
}


class ValidatedTables:
    """The content keys of the tables frictionless found valid, kept in the cache as one JSON list.

    Only keys are kept, never rows: on a hit the rows are built again from the table's own cells, by a
    conversion remembered only for tables where it gave exactly frictionless's rows, so nothing in the cache
    can change a figure. A changed table has another key and is validated (and reported) by frictionless.
    """

    def __init__(self, cache: Cache | None) -> None:
        self.cache = cache
        self.known = self._read()
        self.used: set[str] = set()

    def _read(self) -> frozenset[str]:
        if self.cache is None:
            return frozenset()
        keys = self.cache.parse(ENTRY, json.loads)
        if not isinstance(keys, list) or not all(isinstance(k, str) and HEX_KEY.fullmatch(k) for k in keys):
            return frozenset()  # garbage, a pickle from before, or absent: validate every table again
        return frozenset(keys)

    @staticmethod
    def key(schema: Mapping, cells: list[list[str]], lines: list[int]) -> str:
        text = json.dumps([schema, cells, lines], sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(f"{VALIDATION}|{text}".encode()).hexdigest()

    def rows(
        self, schema: Mapping, cells: list[list[str]], lines: list[int]
    ) -> tuple[tuple[dict, ...], tuple[int, ...]] | None:
        """The table's rows by field name and their line numbers, if frictionless found this very table valid
        before; else None (validate it)."""
        key = self.key(schema, cells, lines)
        if key not in self.known:
            return None
        rows = convert(schema, cells)
        if rows is None:  # a key the cache should not hold: only frictionless decides
            return None
        self.used.add(key)
        return rows, tuple(lines[1:])

    def remember(
        self,
        schema: Mapping,
        cells: list[list[str]],
        lines: list[int],
        valid: tuple[tuple[dict, ...], tuple[int, ...]],
    ) -> None:
        """Remember that frictionless found this table valid, with these rows, when converting its cells gives
        exactly the same rows, values and types (40.0 stays Decimal("40.0"))."""
        rows = convert(schema, cells)
        if rows is not None and (rows, tuple(lines[1:])) == valid and repr(rows) == repr(valid[0]):
            self.used.add(self.key(schema, cells, lines))

    def save(self) -> None:
        """Keep the keys of this build's tables only, so the entry never grows; written only when changed."""
        if self.cache is not None and self.used != self.known:
            self.cache.write(ENTRY, json.dumps(sorted(self.used)).encode())


def convert(schema: Mapping, cells: list[list[str]]) -> tuple[dict, ...] | None:
    """The rows (cells[1:]) by field name, each cell converted by its field's type, empty cells and the
    schema's other missingValues (symbols.py marks those afterwards, as for frictionless's rows) as None;
    None if a field's type is not handled, the header is not the fields' names, or a cell does not convert."""
    fields = schema.get("fields") or []
    missing = schema.get("missingValues", [""])
    if not isinstance(missing, list) or not all(isinstance(value, str) for value in missing):
        return None
    names = [field.get("name") for field in fields]
    try:
        readers = [CONVERSIONS[field.get("type", "string")] for field in fields]
    except (KeyError, TypeError):
        return None
    if not cells or cells[0] != names:
        return None
    rows = []
    for row in cells[1:]:
        if len(row) != len(names):
            return None
        try:
            rows.append(
                {
                    name: None if cell in missing else read(cell)
                    for name, read, cell in zip(names, readers, row, strict=True)
                }
            )
        except (ValueError, ArithmeticError):  # decimal.InvalidOperation is an ArithmeticError
            return None
    return tuple(rows)
