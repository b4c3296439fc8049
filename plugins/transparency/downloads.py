"""The files a journalist takes away: CSV, JSON, SVG, PNG, the Vega-Lite spec and the zip of all the data,
safe to open anywhere."""

import csv
import io
import json
import math
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal

from .model import Dataset, Missing, Row

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text, never runs: text starting like a formula gets a leading quote."""
    text = "" if value is None else str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text  # numbers (Decimal, int), negative ones included, stay numbers


def table_csv(field_names: Sequence[str], rows: Iterable[Row]) -> bytes:
    """CSV with a byte-order mark, so Excel reads curly apostrophes as UTF-8; pandas reads it as is."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(field_names)
    writer.writerows([safe_cell(row[name]) for name in field_names] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def json_value(value):
    if isinstance(value, Missing):
        return None  # no number: the row's "_symbols" give the symbol and its meaning
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)
    return value


def dataset_json(dataset: Dataset, about: Mapping = {}) -> bytes:  # noqa: B006 (never changed)
    """A table as JSON: what it is (with `about`: period, sources, licences, terms), its fields, its rows.

    A figure given as an official statistics symbol is null, never 0, and its row says which symbol it is
    and what it means, under "_symbols" (no column can be called so); the document's "symbols" list every
    symbol the table declares. A table without symbols has neither key."""
    document = {
        "name": dataset.name,
        "title": dataset.title,
        "description": dataset.description,
        **about,
        **({"symbols": dict(dataset.symbols)} if dataset.symbols else {}),
        "fields": [
            {
                "name": f.name,
                "title": f.title,
                "type": f.type,
                "unit": f.unit,
                "description": f.description,
                **({"area_code": True} if f.is_area_code else {}),  # ONS GSS codes such as E08000026
            }
            for f in dataset.fields
        ],
        "rows": [json_row(dataset, row) for row in dataset.rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def json_row(dataset: Dataset, row: Row) -> dict:
    values = {name: json_value(row[name]) for name in dataset.field_names}
    symbols = {
        name: {"symbol": row[name].symbol, "meaning": row[name].meaning}
        for name in dataset.field_names
        if isinstance(row[name], Missing)
    }
    return {**values, "_symbols": symbols} if symbols else values


def spec_json(spec: dict) -> bytes:
    """The Vega-Lite spec with its data inline: renders as is in the Vega editor or with vl-convert."""
    return json.dumps(spec, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def human_size(size: int) -> str:
    return f"{max(1, math.ceil(size / 1024))} KB"


def zip_of(members: Mapping[str, bytes], dated: date | None) -> bytes:
    """A zip whose bytes depend on its members alone: sorted names, one fixed date, fixed permissions."""
    stamp = (dated.year, dated.month, dated.day, 0, 0, 0) if dated else (1980, 1, 1, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, wherever it is built, for the permissions below
            info.external_attr = 0o644 << 16
            archive.writestr(info, members[name], compresslevel=9)
    return buffer.getvalue()
