"""ONS GSS area codes: a column declared `area_code: true` holds codes such as E08000026 (Coventry), each
checked for its form; the places they name are given by the table's `area` column, where it has one."""

import difflib
import re
from collections.abc import Iterable, Mapping

from .errors import Problem
from .model import Field, Missing, Row
from .yamlfields import a_value

AREA_CODE = "area_code"  # the field key declaring a column of codes
# The column naming each row's place (England, Coventry): the name of a code's place, in JSON-LD.
AREA_NAME_FIELD = "area"
# A GSS code: the country's letter (England, Wales, Scotland, Northern Ireland, or K for codes spanning
# them), two digits for the kind of area (E08 a metropolitan district, E92 a country) and six for the area.
GSS_CODE = re.compile(r"[EWSNK][0-9]{8}")
EXPECTED = "an ONS GSS code: a capital letter E, W, S, N or K and 8 digits, such as E08000026 (Coventry)"
# Where each code is described by the ONS's own linked data, for JSON-LD's sameAs.
STATISTICAL_GEOGRAPHY = "http://statistics.data.gov.uk/id/statistical-geography/"


def check_area_code_fields(where: str, fields: list[Mapping], problems: list[Problem]) -> bool:
    """Each field's `area_code` is true or false, only on a text field, and on one field at most."""
    found = len(problems)
    declared = []
    for field in fields:
        here = f'{where}, field "{field["name"]}"'
        for key in field:
            close = difflib.get_close_matches(str(key), (AREA_CODE, "area_codes"), cutoff=0.8)
            if key != AREA_CODE and close:
                problems.append(Problem(here, f'has the key "{key}"', hint=f'did you mean "{AREA_CODE}"?'))
        value = field.get(AREA_CODE)
        if value is None or value is False:
            continue
        if value is not True:
            problems.append(
                Problem(
                    f'{here}, "{AREA_CODE}"',
                    f"is {a_value(value)}",
                    "true, for a column of ONS GSS area codes such as E08000026",
                )
            )
        elif field.get("type", "string") != "string":
            problems.append(
                Problem(
                    f'{here}, "{AREA_CODE}"',
                    f'is true, but the field has the type "{field.get("type")}"',
                    'the type "string": a GSS code is text such as E08000026, with its letter',
                )
            )
        else:
            declared.append(str(field["name"]))
    if len(declared) > 1:
        problems.append(
            Problem(
                f'{where}, "schema"',
                f"declares {len(declared)} columns of area codes ({', '.join(declared)})",
                f'at most one field with "{AREA_CODE}: true"',
            )
        )
    return len(problems) == found


def check_area_codes(
    path: str, fields: Iterable[Field], rows: Iterable[Row], lines: Iterable[int], problems: list[Problem]
) -> None:
    """Each code has the form of a GSS code, and where the table names its places, each code one place."""
    fields = tuple(fields)
    column = next((f.name for f in fields if f.is_area_code), None)
    if column is None:
        return
    names = AREA_NAME_FIELD if any(f.name == AREA_NAME_FIELD for f in fields) else None
    named: dict[str, tuple[str, int]] = {}
    for row, line in zip(rows, lines, strict=True):
        code = row[column]
        if code is None or isinstance(code, Missing):
            continue  # an empty cell is the "required" constraint's to refuse
        where = f'{path}, row {line}, column "{column}"'
        if not GSS_CODE.fullmatch(code):
            problems.append(Problem(where, f'"{code}" is not an area code', EXPECTED, code_hint(code)))
            continue
        if names is None or row[names] is None:
            continue
        place = str(row[names])
        first = named.setdefault(code, (place, line))
        if first[0] != place:
            problems.append(
                Problem(
                    where,
                    f'gives {code} to "{place}", but row {first[1]} gives it to "{first[0]}"',
                    f'one place for each code, named the same in every row of the column "{names}"',
                )
            )


def code_hint(code: str) -> str:
    """The code as it was probably meant: capitals, no spaces, and a letter O in the digits read as 0."""
    tidy = "".join(code.split()).upper()
    tidy = tidy[:1] + tidy[1:].replace("O", "0")
    return f'did you mean "{tidy}"?' if tidy != code and GSS_CODE.fullmatch(tidy) else ""


def place(code: str, name: str | None) -> dict:
    """A place as schema.org describes it: its name where the table gives one, its code, the ONS's page."""
    return {
        "@type": "Place",
        **({"name": name} if name else {}),
        "identifier": code,
        "sameAs": STATISTICAL_GEOGRAPHY + code,
    }
