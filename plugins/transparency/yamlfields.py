"""The values of entries in the YAML files of data/: keys, texts, lists of texts and dates, each checked."""

import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from .errors import Problem, did_you_mean, shown

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# An address of a document elsewhere: printed in href="..." and in citations, so nothing that needs escaping.
WEB_ADDRESS = re.compile(r"https?://[^\s\"'<>`]+")


def check_texts(where: str, item: Mapping, keys: tuple[str, ...], problems: list[Problem]) -> bool:
    """Whether each of these keys, where given, is a text (a whole number such as 2026 is read as one)."""
    wrong = [key for key in keys if item.get(key) is not None and not is_text(item[key])]
    for key in wrong:
        problems.append(Problem(f'{where}, "{key}"', f"is {a_value(item[key])}", "a text"))
    return not wrong


def is_text(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def a_value(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a mapping of keys to values"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f'the number {value} (put it in quotes, "{value}", to make it a text)'
    return f'the text "{value}"'


def text_list(where: str, item: Mapping, key: str, problems: list[Problem]) -> tuple[str, ...]:
    """A list of texts, such as a chart's notes: one text given alone is a slip, not one note per letter."""
    listed = item.get(key) or []
    if not isinstance(listed, list) or not all(isinstance(text, str) for text in listed):
        problems.append(
            Problem(f'{where}, "{key}"', f"is {a_value(listed)}", 'a list of texts, each on a line "- text"')
        )
        return ()
    return tuple(" ".join(text.split()) for text in listed)


def entries(path: Path, document: Any, key: str, problems: list[Problem]) -> list[tuple[str, Mapping]]:
    """The entries of a YAML file's top-level list, each with where it is, keeping only mappings."""
    items = document.get(key) if isinstance(document, Mapping) else None
    if not isinstance(items, list):
        problems.append(
            Problem(
                shown(path),
                f'has no "{key}" list',
                f'a top-level "{key}:" with one entry per item',
            )
        )
        return []
    found = []
    for position, item in enumerate(items, start=1):
        label = item.get("id") if isinstance(item, Mapping) else None
        where = f'{shown(path)}, {key[:-1]} "{label}"' if label else f"{shown(path)}, {key[:-1]} {position}"
        if not isinstance(item, Mapping):
            problems.append(Problem(where, "is not a mapping of keys to values"))
            continue
        found.append((where, item))
    return found


def check_keys(where: str, item: Mapping, keys: Mapping, problems: list[Problem]) -> bool:
    known = keys["required"] + keys["optional"]
    ok = True
    for key in item:
        if key not in known:
            problems.append(
                Problem(
                    where,
                    f'has an unknown key "{key}"',
                    hint=did_you_mean(str(key), known),
                )
            )
            ok = False
    for key in keys["required"]:
        if item.get(key) in (None, ""):
            problems.append(Problem(where, f'is missing "{key}"'))
            ok = False
    return ok


def read_date(where: str, key: str, value: Any, problems: list[Problem]) -> date | None:
    if value is None:
        return None
    text = str(value)
    if ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            problems.append(
                Problem(
                    f'{where}, "{key}"', f'"{text}" is not a day of the calendar', "a real date, YYYY-MM-DD"
                )
            )
            return None
    problems.append(
        Problem(
            f'{where}, "{key}"',
            f'"{value}" is not a date',
            "a date written as YYYY-MM-DD",
        )
    )
    return None


def read_web_address(where: str, key: str, value: Any, problems: list[Problem]) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and WEB_ADDRESS.fullmatch(value):
        return value
    problems.append(
        Problem(
            f'{where}, "{key}"',
            f'"{value}" is not a web address',
            "an address such as https://www.example.gov.uk/page",
        )
    )
    return None
