"""A table's schema as datapackage.yaml declares it, checked before frictionless reads it: field names, types,
keys and columns of area codes (the symbols are symbols.py's)."""

import re
from collections.abc import Mapping
from typing import Any

from .areacodes import check_area_code_fields
from .errors import Problem, did_you_mean
from .tablecheck import FIELD_TYPES, primary_key
from .tableproblems import EXPECTED_TYPE
from .yamlfields import check_texts

# A column name is also a CSV header in every download: starting with a letter or digit, it can never be
# taken by a spreadsheet for a formula.
FIELD_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_ ]*")


def check_schema(where: str, schema: Any, problems: list[Problem]) -> bool:
    """Check what frictionless would only report as one opaque message: field names, types, keys."""
    fields = schema.get("fields") if isinstance(schema, Mapping) else None
    if not isinstance(fields, list) or not all(isinstance(f, Mapping) and f.get("name") for f in fields):
        problems.append(Problem(f'{where}, "schema"', 'has no "fields" list', "one name and type per column"))
        return False
    found = len(problems)
    names = [str(f["name"]) for f in fields]
    for field in fields:
        field_where = f'{where}, field "{field["name"]}"'
        if not isinstance(field["name"], str) or not FIELD_NAME.fullmatch(field["name"]):
            problems.append(
                Problem(
                    f'{field_where}, "name"',
                    f'"{field["name"]}" cannot be used as a column name',
                    "letters, digits, spaces and _, starting with a letter or digit",
                )
            )
        check_texts(field_where, field, ("title", "description", "unit"), problems)
        kind = field.get("type", "string")
        if kind not in FIELD_TYPES:
            problems.append(
                Problem(
                    field_where,
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
    check_area_code_fields(where, fields, problems)
    return len(problems) == found
